# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two companies, each with its producer network near the same customer.

Company A is the routing network of ``common_routing`` (Sabadell, Mataró,
Girona) with the PLA vendors of ``common_supply``; company B has one producer
in Girona (about 86 km from the customer in Barcelona, farther than A's
Sabadell at 17.5 km), its own PLA vendor in Figueres and its own central
warehouse. The lamp shade, its design and bill of materials are shared by
both companies.
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_routing import BARCELONA, GIRONA
from .common_supply import DmfgSupplyCase

FIGUERES = (42.2667, 2.9611)
# Network managers only: no Manufacturing or Inventory rights needed to rank.
PLANNER_GROUPS = "distributed_mfg.group_dmfg_manager"


@tagged("post_install", "-at_install", "dmfg")
class TestMultiCompany(DmfgSupplyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        # Shared catalogue: the bill of materials first (a shared design may
        # only name a shared bill of materials).
        cls.bom.company_id = False
        cls.design.company_id = False
        cls.company_b = cls.env["res.company"].create(
            {
                "name": "Xarxa B",
                "country_id": cls.env.ref("base.es").id,
                "currency_id": cls.company_a.currency_id.id,
            }
        )
        cls.env.user.company_ids |= cls.company_b
        cls.env_b = cls.env(
            context=dict(cls.env.context, allowed_company_ids=cls.company_b.ids)
        )
        cls.warehouse_b = cls.env["stock.warehouse"]._dmfg_get_main_warehouse(
            cls.company_b
        )
        cls.producer_b = cls._make_producer(
            "Girona Fab B",
            GIRONA,
            price=None,
            company_id=cls.company_b.id,
            resource_calendar_id=cls.company_b.resource_calendar_id.id,
        )
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.producer_b.partner_id.id,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "price": 25.0,
                "delay": 2,
                "company_id": cls.company_b.id,
            }
        )
        # The vendors of common_supply are company A's (supplier infos take
        # the creating company); Girona Polymers sits next to B's producer.
        cls.vendor_b = cls._make_vendor("Filaments Figueres B", FIGUERES, 12.0)
        cls.vendor_b_info = cls.env["product.supplierinfo"].search(
            [("partner_id", "=", cls.vendor_b.id)]
        )
        cls.vendor_b_info.company_id = cls.company_b
        cls.central_b = cls.warehouse_b.lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(
            cls.screw, cls.central_b, 50.0
        )
        cls.design_b = cls.env_b["dmfg.design"].create(
            {"name": "Company B's own design", "licence": "CC-BY-4.0"}
        )
        cls.planner_a = new_test_user(
            cls.env,
            login="dmfg_mc_planner_a",
            groups=PLANNER_GROUPS,
            company_id=cls.company_a.id,
            company_ids=[Command.set(cls.company_a.ids)],
        )
        cls.planner_b = new_test_user(
            cls.env,
            login="dmfg_mc_planner_b",
            groups=PLANNER_GROUPS,
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )

    def _order_b(self, qty=1.0):
        order = self.env_b["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_b.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": qty}
                    )
                ],
            }
        )
        order.action_confirm()
        return order, order.order_line.dmfg_job_id

    def test_order_of_company_b_is_routed_only_to_its_producers(self):
        """B's order goes to B's producer in Girona, not to A's nearer ones."""
        _order, job = self._order_b()
        self.assertEqual(job.company_id, self.company_b)
        self.assertEqual(job.producer_id, self.producer_b)
        ranked = {entry["producer_key"] for entry in job.routing_result["ranked"]}
        excluded = {entry["producer_key"] for entry in job.routing_result["excluded"]}
        self.assertEqual(ranked | excluded, {self.producer_b.id})
        self.assertFalse(job.runner_up_id)
        self.assertEqual(job.purchase_order_id.company_id, self.company_b)
        self.assertEqual(job.purchase_order_id.partner_id, self.producer_b.partner_id)
        self.assertEqual(job.producer_price_unit, 25.0)

    def test_order_of_company_a_is_still_routed_to_its_nearest_producer(self):
        """The same order in company A goes to Sabadell, never to B's producer."""
        _order, job = self._confirmed_job()
        self.assertEqual(job.company_id, self.company_a)
        self.assertEqual(job.producer_id, self.sabadell)
        keys = {
            entry["producer_key"]
            for entry in job.routing_result["ranked"] + job.routing_result["excluded"]
        }
        self.assertNotIn(self.producer_b.id, keys)

    def test_preview_ranks_the_current_company_network(self):
        """A preview ranks the producers of the user's current company only."""
        preview_b = (
            self.env["dmfg.job"]
            .with_user(self.planner_b)
            .preview_routing(
                self.product.id, 1, latitude=BARCELONA[0], longitude=BARCELONA[1]
            )
        )
        self.assertEqual(preview_b["chosen"]["producer_key"], self.producer_b.id)
        self.assertEqual(
            [entry["producer_key"] for entry in preview_b["ranked"]],
            [self.producer_b.id],
        )
        preview_a = (
            self.env["dmfg.job"]
            .with_user(self.planner_a)
            .preview_routing(
                self.product.id, 1, latitude=BARCELONA[0], longitude=BARCELONA[1]
            )
        )
        self.assertEqual(preview_a["chosen"]["producer_key"], self.sabadell.id)
        self.assertNotIn(
            self.producer_b.id,
            [entry["producer_key"] for entry in preview_a["ranked"]],
        )

    def test_job_of_company_b_cannot_move_to_a_producer_of_company_a(self):
        """Reassigning B's job to A's producer is refused, naming the reason."""
        _order, job = self._order_b()
        with self.assertRaisesRegex(UserError, "another company's network"):
            job.action_reassign(self.sabadell.id, "Nearer")
        with self.assertRaises(UserError):
            job.write({"producer_id": self.sabadell.id})

    def test_user_of_company_a_cannot_read_company_b_records(self):
        """A's planner neither finds nor reads B's producers, jobs and designs."""
        _order, job = self._order_b()
        env_a = self.env(user=self.planner_a)
        self.assertNotIn(self.producer_b, env_a["dmfg.producer"].search([]))
        self.assertNotIn(job, env_a["dmfg.job"].search([]))
        self.assertNotIn(self.design_b, env_a["dmfg.design"].search([]))
        self.assertIn(self.design, env_a["dmfg.design"].search([]))
        near = env_a["dmfg.producer"].search_near(*BARCELONA, 150)
        self.assertIn(self.sabadell.id, [row["id"] for row in near])
        self.assertNotIn(self.producer_b.id, [row["id"] for row in near])
        for record in (self.producer_b, job, self.design_b):
            with self.assertRaises(AccessError):
                record.with_user(self.planner_a).read(["display_name"])
        # B's planner reads them.
        self.assertEqual(self.producer_b.with_user(self.planner_b).name, "Girona Fab B")
        self.assertEqual(job.with_user(self.planner_b).producer_id, self.producer_b)

    def test_records_of_a_network_cannot_mix_companies(self):
        """A's design cannot select B's producer; a blackout takes its company."""
        design_a = self.env["dmfg.design"].create(
            {"name": "Company A's design", "licence": "CC-BY-4.0"}
        )
        self.assertEqual(design_a.company_id, self.company_a)
        with self.assertRaises(UserError):
            design_a.write(
                {
                    "sharing_scope": "selected",
                    "selected_producer_ids": [Command.set(self.producer_b.ids)],
                }
            )
        blackout = self.env["dmfg.producer.blackout"].create(
            {
                "producer_id": self.producer_b.id,
                "date_from": "2030-08-01",
                "date_to": "2030-08-15",
            }
        )
        self.assertEqual(blackout.company_id, self.company_b)
        with self.assertRaises(AccessError):
            blackout.with_user(self.planner_a).read(["date_from"])

    def test_order_of_company_b_refuses_a_design_of_company_a(self):
        """B cannot sell a product made from a design of A's network."""
        self.design.company_id = self.company_a
        order = self.env_b["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "company_id": self.company_b.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        with self.assertRaisesRegex(UserError, "another company's network"):
            order.action_confirm()

    def test_supply_of_company_b_job_uses_its_warehouse_and_vendors(self):
        """B's job buys PLA from B's vendor and takes screws from B's stock.

        A's vendor in Girona is nearer to B's producer and A's warehouse holds
        screws too, yet neither serves company B.
        """
        _order, job = self._order_b(qty=2)
        self.assertEqual(job.producer_id, self.producer_b)
        location = self.producer_b.location_id
        self.assertEqual(location.company_id, self.company_b)
        purchases = self.env["purchase.order"].search(
            [("dmfg_producer_id", "=", self.producer_b.id), ("state", "!=", "cancel")]
        )
        self.assertRecordValues(
            purchases,
            [{"partner_id": self.vendor_b.id, "company_id": self.company_b.id}],
        )
        self.assertEqual(purchases.order_line.product_id, self.component)
        self.assertFalse(self._vendor_orders(self.producer_b))
        resupply = self.env["stock.picking"].search(
            [("location_dest_id", "=", location.id), ("state", "!=", "cancel")]
        )
        self.assertRecordValues(
            resupply,
            [
                {
                    "company_id": self.company_b.id,
                    "location_id": self.central_b.id,
                    "picking_type_id": (
                        self.warehouse_b.subcontracting_resupply_type_id.id
                    ),
                }
            ],
        )
        self.assertEqual(resupply.move_ids.product_id, self.screw)
        self.assertEqual(resupply.move_ids.product_uom_qty, 8.0)
        self.assertFalse(self._resupplies(location))
