# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Components reach the job's producer: resupply, nearest vendor, waiting.

Every test follows the stock exactly: at the central warehouse and at the
producer before, the documents made when the order is routed, their
receipt at the producer and the consumption when the job is shipped.
"""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_supply import DmfgSupplyCase


@tagged("post_install", "-at_install", "dmfg")
class TestSupplyFlow(DmfgSupplyCase):
    def test_central_mode_resupplies_the_shortage_then_consumes_it(self):
        """Screws: 3 held, 8 needed -> a 5-screw transfer from the warehouse."""
        self._put(self.screw, self.sabadell.location_id, 3.0)
        self._put(self.component, self.sabadell.location_id, 1.0)
        _order, job = self._confirmed_job(qty=2)
        self.assertEqual(job.producer_id, self.sabadell)
        self.assertEqual(job.supply_state, "ok")
        resupply = self._resupplies(self.sabadell.location_id)
        self.assertEqual(len(resupply), 1)
        self.assertEqual(
            resupply.picking_type_id, self.warehouse.subcontracting_resupply_type_id
        )
        self.assertRecordValues(
            resupply.move_ids,
            [
                {
                    "product_id": self.screw.id,
                    "product_uom_qty": 5.0,
                    "location_id": self.central.id,
                    "location_dest_id": self.sabadell.location_id.id,
                    "dmfg_job_id": job.id,
                }
            ],
        )
        # PLA was held in full: nothing bought.
        self.assertFalse(self._vendor_orders())
        self._validate(resupply)
        self.assertEqual(self._on_hand(self.screw, self.central), 95.0)
        self.assertEqual(self._on_hand(self.screw, self.sabadell.location_id), 8.0)
        self._produce_and_ship(job, 2)
        self.assertEqual(job.production_ids.state, "done")
        self.assertEqual(self._on_hand(self.screw, self.sabadell.location_id), 0.0)
        self.assertEqual(self._on_hand(self.component, self.sabadell.location_id), 0.0)
        self.assertEqual(self._on_hand(self.screw, self.central), 95.0)

    def test_buy_mode_orders_from_nearest_vendor_delivered_to_producer(self):
        """PLA: 0.2 held, 1 needed -> 0.8 bought in Terrassa, received there."""
        self._count(self.component, self.sabadell.location_id, 0.2)
        self._put(self.screw, self.sabadell.location_id, 8.0)
        _order, job = self._confirmed_job(qty=2)
        purchase = self._vendor_orders()
        self.assertEqual(len(purchase), 1)
        self.assertEqual(purchase.partner_id, self.vendors["Filaments Terrassa"])
        self.assertEqual(purchase.dest_address_id, self.sabadell.partner_id)
        self.assertEqual(purchase.dmfg_producer_id, self.sabadell)
        self.assertEqual(purchase.dmfg_vendor_distance_km, 8.7)
        self.assertRecordValues(
            purchase.order_line,
            [
                {
                    "product_id": self.component.id,
                    "product_qty": 0.8,
                    "price_unit": 11.0,
                    "dmfg_job_id": job.id,
                }
            ],
        )
        self.assertIn("8.7 km", purchase.order_line.dmfg_vendor_choice)
        self.assertIn("Plàstics Granollers", purchase.order_line.dmfg_vendor_choice)
        self.assertFalse(self._resupplies(self.sabadell.location_id))
        purchase.button_confirm()
        receipt = purchase.picking_ids
        self.assertEqual(receipt.location_dest_id, self.sabadell.location_id)
        self._validate(receipt)
        self.assertAlmostEqual(
            self._on_hand(self.component, self.sabadell.location_id), 1.0
        )
        # The producer's stock is ours, valued (standard cost 4.0 a spool).
        quant = self.env["stock.quant"].search(
            [
                ("product_id", "=", self.component.id),
                ("location_id", "=", self.sabadell.location_id.id),
            ]
        )
        self.assertEqual(quant.dmfg_producer_id, self.sabadell)
        self.assertAlmostEqual(quant.value, 4.0)
        self._produce_and_ship(job, 2)
        self.assertAlmostEqual(
            self._on_hand(self.component, self.sabadell.location_id), 0.0
        )
        # Consumed by the MO: the valuation goes back to nothing.
        self.assertAlmostEqual(self.component.quantity_svl, 0.0)
        self.assertAlmostEqual(self.component.value_svl, 0.0)
        self.assertEqual(self._on_hand(self.screw, self.sabadell.location_id), 0.0)
        self.assertEqual(self._on_hand(self.screw, self.central), 100.0)

    def test_nearest_vendor_is_per_producer_and_follows_distance(self):
        """Sabadell buys in Terrassa (else Granollers); Mataró in Granollers."""
        self._put(self.screw, self.sabadell.location_id, 8.0)
        self._confirmed_job(qty=2)
        self.assertEqual(
            self._vendor_orders(self.sabadell).partner_id,
            self.vendors["Filaments Terrassa"],
        )
        self.vendors["Filaments Terrassa"].active = False
        self._confirmed_job(qty=2)
        self.assertEqual(
            self._vendor_orders(self.sabadell).partner_id,
            self.vendors["Filaments Terrassa"] | self.vendors["Plàstics Granollers"],
        )
        self.vendors["Filaments Terrassa"].active = True
        _order, job = self._confirmed_job(qty=1)
        job.action_reassign(self.mataro.id, "Sabadell is closed this week")
        purchase = self._vendor_orders(self.mataro)
        self.assertEqual(purchase.partner_id, self.vendors["Plàstics Granollers"])
        self.assertEqual(purchase.dest_address_id, self.mataro.partner_id)
        self.assertAlmostEqual(purchase.dmfg_vendor_distance_km, 15.0, delta=0.5)

    def test_one_purchase_order_per_vendor_and_producer(self):
        """Two jobs at Sabadell: one RFQ to Terrassa, one line per job."""
        self._put(self.screw, self.sabadell.location_id, 20.0)
        _order, first = self._confirmed_job(qty=2)
        _order, second = self._confirmed_job(qty=1)
        self.assertEqual((first.producer_id, second.producer_id), (self.sabadell,) * 2)
        purchase = self._vendor_orders()
        self.assertEqual(len(purchase), 1)
        self.assertEqual(
            sorted(
                (line.dmfg_job_id.id, line.product_qty) for line in purchase.order_line
            ),
            sorted([(first.id, 1.0), (second.id, 0.5)]),
        )

    def test_component_without_vendor_or_stock_leaves_job_waiting(self):
        """No vendor, empty warehouse: job waits, nothing ordered, planner told."""
        glue = self.env["product.product"].create(
            {"name": "Test glue", "is_storable": True, "dmfg_supply_mode": "buy"}
        )
        self.bom.bom_line_ids = [
            Command.create({"product_id": glue.id, "product_qty": 1.0})
        ]
        _order, job = self._confirmed_job(qty=2)
        self.assertEqual(job.producer_id, self.sabadell)
        self.assertEqual(job.state, "offered")
        self.assertEqual(job.supply_state, "waiting")
        self.assertFalse(job.purchase_order_id)
        self.assertFalse(job.production_ids)
        self.assertFalse(self._vendor_orders())
        self.assertFalse(self._resupplies(self.sabadell.location_id))
        self.assertIn("Test glue: 2 Units missing at the producer", job.supply_html)
        activity = job.activity_ids
        self.assertEqual(activity.summary, "Components missing")
        self.assertIn("no vendor sells it", activity.note)
        # The producer cannot accept a job that cannot be made yet.
        with self.assertRaisesRegex(UserError, "waiting for components"):
            job.action_accept(fields.Date.context_today(self.env.user))
        self.assertEqual(job.state, "offered")
        # The warehouse gets glue: the planner checks again, all is ordered.
        self._put(glue, self.central, 5.0)
        job.action_check_components()
        self.assertEqual(job.supply_state, "ok")
        self.assertEqual(job.purchase_order_id.state, "purchase")
        self.assertFalse(job.activity_ids)
        glue_moves = self._resupplies(self.sabadell.location_id).move_ids.filtered(
            lambda m: m.product_id == glue
        )
        self.assertEqual(glue_moves.product_uom_qty, 2.0)

    def test_reassignment_keeps_delivered_components_then_forwards_them(self):
        """Delivered to Sabadell, the job moves: kept there, then forwarded."""
        self._put(self.screw, self.sabadell.location_id, 2.0)
        _order, job = self._confirmed_job(qty=2)
        self._vendor_orders().button_confirm()
        self._validate(
            self._vendor_orders().picking_ids
            | self._resupplies(self.sabadell.location_id)
        )
        sab = self.sabadell.location_id
        self.assertEqual(self._on_hand(self.screw, sab), 8.0)
        self.assertAlmostEqual(self._on_hand(self.component, sab), 1.0)
        job.action_reassign(self.mataro.id, "Sabadell's printer broke down")
        self.assertEqual(job.producer_id, self.mataro)
        # Kept at Sabadell: free stock there, listed on the job.
        self.assertEqual(self._on_hand(self.screw, sab), 8.0)
        self.assertEqual(
            sorted((x.product_id.name, x.quantity, x.state) for x in job.leftover_ids),
            [("Test M3 screw", 6.0, "kept"), ("Test PLA spool", 1.0, "kept")],
        )
        free = self.screw.with_context(location=sab.id).free_qty
        self.assertEqual(free, 8.0)
        mat = self.mataro.location_id
        self.assertEqual(
            self._resupplies(mat).move_ids.mapped("product_uom_qty"), [8.0]
        )
        self.assertEqual(self._vendor_orders(self.mataro).order_line.product_qty, 1.0)
        # Forward them: Mataró's own supply shrinks by as much.
        wizard = self.env["dmfg.job.leftover.transfer"].create({"job_id": job.id})
        wizard.line_ids.write({"action": "forward"})
        wizard.action_confirm()
        forward = job.leftover_ids.picking_id
        self.assertEqual(len(forward), 1)
        self.assertEqual((forward.location_id, forward.location_dest_id), (sab, mat))
        self.assertEqual(
            self._resupplies(mat).move_ids.mapped("product_uom_qty"), [2.0]
        )
        self.assertFalse(self._vendor_orders(self.mataro))
        self._validate(forward | self._resupplies(mat))
        self.assertEqual(self._on_hand(self.screw, sab), 2.0)
        self.assertEqual(self._on_hand(self.screw, mat), 8.0)
        self.assertAlmostEqual(self._on_hand(self.component, mat), 1.0)
        self._produce_and_ship(job, 2)
        # Nothing lost, nothing counted twice.
        self.assertEqual(self._on_hand(self.screw, mat), 0.0)
        self.assertAlmostEqual(self._on_hand(self.component, mat), 0.0)
        self.assertEqual(self._on_hand(self.screw, sab), 2.0)
        self.assertAlmostEqual(self._on_hand(self.component, sab), 0.0)
        self.assertEqual(self._on_hand(self.screw, self.central), 92.0)

    def test_reassignment_returns_components_to_the_warehouse(self):
        """The planner returns what Sabadell received; undelivered supply is dropped."""
        _order, job = self._confirmed_job(qty=2)
        sab = self.sabadell.location_id
        self._validate(self._resupplies(sab))
        rfq = self._vendor_orders(self.sabadell)
        self.assertEqual(rfq.state, "draft")
        job.action_reassign(self.mataro.id, "Customer prefers Mataró")
        # The draft RFQ for Sabadell was only for this job: cancelled.
        self.assertEqual(rfq.state, "cancel")
        self.assertEqual(
            [(x.product_id, x.quantity) for x in job.leftover_ids], [(self.screw, 8.0)]
        )
        wizard = self.env["dmfg.job.leftover.transfer"].create({"job_id": job.id})
        wizard.line_ids.write({"action": "return", "quantity": 5.0})
        wizard.action_confirm()
        back = job.leftover_ids.filtered(lambda x: x.state == "returned")
        self.assertEqual(back.quantity, 5.0)
        self.assertEqual(back.picking_id.location_dest_id, self.central)
        self._validate(back.picking_id)
        self.assertEqual(self._on_hand(self.screw, sab), 3.0)
        kept = job.leftover_ids.filtered(lambda x: x.state == "kept")
        self.assertEqual(kept.quantity, 3.0)
        # 100 - 8 sent to Sabadell + 5 back; Mataró's 8 still to be sent.
        self.assertEqual(self._on_hand(self.screw, self.central), 97.0)

    def test_leftover_transfer_bad_input(self):
        """More than was left, or nothing chosen: clear errors, no transfer."""
        _order, job = self._confirmed_job(qty=2)
        self._validate(self._resupplies(self.sabadell.location_id))
        job.action_reassign(self.mataro.id, "test")
        wizard = self.env["dmfg.job.leftover.transfer"].create({"job_id": job.id})
        with self.assertRaisesRegex(UserError, "at least one component"):
            wizard.action_confirm()
        wizard.line_ids.write({"action": "return", "quantity": 9.0})
        with self.assertRaisesRegex(UserError, "at most 8.0"):
            wizard.action_confirm()
        wizard.line_ids.write({"quantity": 0.0})
        with self.assertRaisesRegex(UserError, "greater than 0"):
            wizard.action_confirm()
        self.assertFalse(job.leftover_ids.picking_id)

    def test_network_user_cannot_move_components(self):
        """A read-only network user can neither re-plan nor move components."""
        user = new_test_user(
            self.env, "dmfg_supply_user", groups="distributed_mfg.group_dmfg_user"
        )
        _order, job = self._confirmed_job(qty=2)
        self._validate(self._resupplies(self.sabadell.location_id))
        job.action_reassign(self.mataro.id, "test")
        as_user = job.with_user(user)
        self.assertEqual(len(as_user.leftover_ids), 1)
        with self.assertRaises(AccessError):
            as_user.action_check_components()
        with self.assertRaises(AccessError):
            as_user.action_open_leftover_wizard()
        with self.assertRaises(AccessError):
            self.env["dmfg.job.leftover.transfer"].with_user(user).create(
                {"job_id": job.id}
            )
        with self.assertRaises(AccessError):
            as_user.leftover_ids.write({"quantity": 99.0})
        self.assertEqual(job.leftover_ids.quantity, 8.0)
