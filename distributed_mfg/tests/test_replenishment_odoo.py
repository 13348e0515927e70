# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producers are replenished by Odoo's reordering rules.

Odoo's scheduler, Odoo's Replenishment report and the producer's *Replenish
now* order the same quantity for the same rule, by the route of the
component's supply mode and from the vendor nearest to the producer.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from .common_queue import perform_queued_jobs
from .common_supply import DmfgSupplyCase


@tagged("post_install", "-at_install", "dmfg")
class TestReplenishmentThroughOdoo(DmfgSupplyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "dmfg_repl_manager",
            groups="distributed_mfg.group_dmfg_manager,stock.group_stock_manager,"
            "purchase.group_purchase_manager",
            name="Network and Stock Manager",
        )
        cls.resupply_route = cls.warehouse.subcontracting_route_id
        cls.buy_route = cls.env.ref(
            "mrp_subcontracting_dropshipping.route_subcontracting_dropshipping"
        )

    def _network_rules(self):
        """Rules below their minimum at Sabadell and Mataró (trigger auto)."""
        self._put(self.screw, self.sabadell.location_id, 4.0)
        self._put(self.screw, self.mataro.location_id, 3.0)
        self._put(self.component, self.mataro.location_id, 1.0)
        rules = (
            self._rule(self.sabadell, self.screw, 10, 40)
            | self._rule(self.sabadell, self.component, 2, 5)
            | self._rule(self.mataro, self.screw, 10, 40, qty_multiple=6)
            | self._rule(self.mataro, self.component, 2, 7)
        )
        # A resupply to Mataró due in two months: beyond every rule's lead
        # time, so not in the forecast, whoever runs the rules.
        later = self.env["stock.move"].create(
            {
                "name": "Later resupply",
                "product_id": self.component.id,
                "product_uom_qty": 50.0,
                "product_uom": self.component.uom_id.id,
                "location_id": self.central.id,
                "location_dest_id": self.mataro.location_id.id,
                "date": fields.Datetime.now() + timedelta(days=60),
            }
        )
        later._action_confirm()
        return rules

    def _ordered(self, rules, run):
        """``{rule: (qty, vendor or source location)}`` ordered by ``run()``.

        Runs in a savepoint rolled back afterwards: every way starts from the
        same database state.
        """
        savepoint = self.env.cr.savepoint()
        try:
            run()
            self.env.flush_all()
            result = {}
            for line in self.env["purchase.order.line"].search(
                [("orderpoint_id", "in", rules.ids)]
            ):
                result[line.orderpoint_id] = (line.product_qty, line.partner_id.name)
            for move in self.env["stock.move"].search(
                [("orderpoint_id", "in", rules.ids)]
            ):
                result[move.orderpoint_id] = (
                    move.product_uom_qty,
                    move.location_id.display_name,
                )
            return result
        finally:
            savepoint.close(rollback=True)
            self.env.invalidate_all()

    def _order_from_the_report(self, rules):
        """Odoo's Replenishment report: open it, click Order on each line."""
        model = self.env["stock.warehouse.orderpoint"].with_user(self.manager)
        action = model.action_open_orderpoints()
        self.assertEqual(action["res_model"], "stock.warehouse.orderpoint")
        # The report's default filter "To Reorder".
        lines = model.search([("qty_to_order", ">", 0.0), ("id", "in", rules.ids)])
        self.assertEqual(lines, rules.with_user(self.manager))
        for line in lines:
            line.action_replenish()

    def test_scheduler_report_and_button_order_the_same(self):
        """Same state, three ways, same purchase and transfer quantities."""
        rules = self._network_rules()
        central = self.central.display_name
        expected = {
            # 4 screws on hand: up to 40.
            rules[0]: (36.0, central),
            rules[1]: (5.0, "Filaments Terrassa"),
            # 37 to reach 40, down to the multiple of 6.
            rules[2]: (36.0, central),
            # 1 on hand, the transfer due in two months is beyond lead times.
            rules[3]: (6.0, "Plàstics Granollers"),
        }
        self.assertEqual(
            {rule: rule.qty_to_order for rule in rules},
            {rule: qty for rule, (qty, _source) in expected.items()},
        )

        def scheduler():
            self.env["procurement.group"].run_scheduler()

        def button():
            for producer in self.sabadell | self.mataro:
                notification = producer.with_user(self.manager).action_replenish()
                self.assertEqual(notification["params"]["type"], "success")

        def rpc():
            (self.sabadell | self.mataro).with_user(self.manager).replenish()

        def background():
            producers = (self.sabadell | self.mataro).with_user(self.manager)
            run = self.env["dmfg.background.run"].browse(
                producers.replenish_in_background()
            )
            self.assertEqual(run.state, "queued")
            perform_queued_jobs(self.env)
            self.assertEqual(run.state, "done")
            self.assertEqual(len(run.get_result()["ordered"]), 4)

        by_scheduler = self._ordered(rules, scheduler)
        self.assertEqual(by_scheduler, expected)
        self.assertEqual(
            self._ordered(rules, lambda: self._order_from_the_report(rules)),
            by_scheduler,
        )
        self.assertEqual(self._ordered(rules, button), by_scheduler)
        self.assertEqual(self._ordered(rules, rpc), by_scheduler)
        self.assertEqual(self._ordered(rules, background), by_scheduler)

    def test_report_shows_producer_rules_with_route_and_vendor(self):
        """The report lists producers' rules with their route, vendor, trigger."""
        rules = self._network_rules()
        self._put(self.screw, self.girona.location_id, 5.0)
        manual = self._rule(self.girona, self.screw, 1, 5, trigger="manual")
        self.env["stock.warehouse.orderpoint"].action_open_orderpoints()
        # The superuser created the manual rule and it has nothing to order:
        # Odoo would remove it as one of its report's suggestions; a
        # producer's rule stays.
        self.assertTrue(manual.exists())
        self.assertEqual(manual.qty_to_order, 0.0)
        shown = self.env["stock.warehouse.orderpoint"].search_read(
            [("id", "in", (rules | manual).ids)],
            ["trigger", "dmfg_supply_route_id", "dmfg_vendor_id"],
        )
        by_id = {row["id"]: row for row in shown}
        self.assertEqual(
            [
                (
                    by_id[rule.id]["trigger"],
                    by_id[rule.id]["dmfg_supply_route_id"][0],
                    by_id[rule.id]["dmfg_vendor_id"]
                    and by_id[rule.id]["dmfg_vendor_id"][1],
                )
                for rule in rules | manual
            ],
            [
                ("auto", self.resupply_route.id, False),
                ("auto", self.buy_route.id, "Filaments Terrassa"),
                ("auto", self.resupply_route.id, False),
                ("auto", self.buy_route.id, "Plàstics Granollers"),
                ("manual", self.resupply_route.id, False),
            ],
        )
        # Ordering from the report keeps the manual rule too.
        manual.write({"product_min_qty": 8, "product_max_qty": 12})
        self.assertEqual(manual.qty_to_order, 7.0)
        manual.action_replenish()
        self.assertTrue(manual.exists())
        self.assertEqual(
            self._resupplies(self.girona.location_id).move_ids.product_uom_qty, 7.0
        )

    def test_scheduler_skips_a_component_nothing_supplies(self):
        """No vendor, no central stock: the scheduler orders the other rules
        and leaves the reason on the component; Replenish now refuses all."""
        glue = self.env["product.product"].create(
            {"name": "Test glue", "is_storable": True, "dmfg_supply_mode": "buy"}
        )
        screws = self._rule(self.sabadell, self.screw, 10, 40)
        glue_rule = self._rule(self.sabadell, glue, 1, 2)
        self.assertIn("Test glue: 2 Units missing", glue_rule.dmfg_blocked_reason)
        self.assertFalse(screws.dmfg_blocked_reason)
        self.env["procurement.group"].run_scheduler()
        self.assertEqual(
            self._resupplies(self.sabadell.location_id).move_ids.product_uom_qty,
            40.0,
        )
        self.assertFalse(self.env["stock.move"].search([("product_id", "=", glue.id)]))
        activity = glue.product_tmpl_id.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("Taller Sabadell cannot be replenished", str(activity.note))
        self.assertIn("no vendor sells it", str(activity.note))
