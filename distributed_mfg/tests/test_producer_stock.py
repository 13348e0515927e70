# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stock at producers: the report, counts, reordering rules, replenishment."""

from ast import literal_eval

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common_supply import DmfgSupplyCase


@tagged("post_install", "-at_install", "dmfg")
class TestProducerStock(DmfgSupplyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "dmfg_stock_manager",
            groups="distributed_mfg.group_dmfg_manager",
            name="Network Manager",
        )
        cls.user = new_test_user(
            cls.env,
            "dmfg_stock_user",
            groups="distributed_mfg.group_dmfg_user",
            name="Network User",
        )

    # ------------------------------------------------------------ report

    def test_report_shows_quantity_and_value_per_producer(self):
        """The report's quants: per producer and product, with their value."""
        self._count(self.screw, self.sabadell.location_id, 30.0)
        self._count(self.component, self.sabadell.location_id, 2.0)
        self._count(self.screw, self.mataro.location_id, 10.0)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.stock_quant_action_producer"
        )
        groups = self.env["stock.quant"]._read_group(
            literal_eval(action["domain"])
            + [("dmfg_producer_id", "in", (self.sabadell | self.mataro).ids)],
            ["dmfg_producer_id", "product_id"],
            ["quantity:sum", "value:sum"],
        )
        self.assertEqual(
            sorted((p.name, prod.name, qty, value) for p, prod, qty, value in groups),
            [
                ("Fab Mataró", "Test M3 screw", 10.0, 1.0),
                ("Taller Sabadell", "Test M3 screw", 30.0, 3.0),
                ("Taller Sabadell", "Test PLA spool", 2.0, 8.0),
            ],
        )
        # The producer's smart button opens the same report on its location.
        button = self.sabadell.action_view_stock()
        quants = self.env["stock.quant"].search(button["domain"])
        self.assertEqual(sum(quants.mapped("quantity")), 32.0)

    def test_get_stock_for_integrators(self):
        """get_stock: per producer, quantities, reserved and value (managers)."""
        self._count(self.screw, self.sabadell.location_id, 30.0)
        stock = self.sabadell.with_user(self.manager).get_stock()
        self.assertEqual(
            stock,
            {
                str(self.sabadell.id): [
                    {
                        "product_id": self.screw.id,
                        "product": "Test M3 screw",
                        "quantity": 30.0,
                        "reserved": 0.0,
                        "uom": "Units",
                        "value": 3.0,
                    }
                ]
            },
        )
        as_user = self.sabadell.with_user(self.user).get_stock()
        self.assertIs(as_user[str(self.sabadell.id)][0]["value"], False)

    # ------------------------------------------------------------- counts

    def test_count_at_producer_through_inventory_adjustment(self):
        """Counting 7 screws where 10 are booked leaves 7, by an adjustment."""
        self._put(self.screw, self.sabadell.location_id, 10.0)
        action = self.sabadell.action_count_stock()
        self.assertEqual(
            action["domain"], [("location_id", "=", self.sabadell.location_id.id)]
        )
        quant = (
            self.env["stock.quant"]
            .with_context(inventory_mode=True)
            .search(action["domain"])
        )
        quant.inventory_quantity = 7.0
        quant.action_apply_inventory()
        self.assertEqual(self._on_hand(self.screw, self.sabadell.location_id), 7.0)
        move = self.env["stock.move"].search(
            [
                ("product_id", "=", self.screw.id),
                ("location_id", "=", self.sabadell.location_id.id),
                ("is_inventory", "=", True),
            ]
        )
        self.assertEqual(move.product_uom_qty, 3.0)

    def test_negative_count_is_refused(self):
        """A negative count at a producer is refused; the stock is unchanged."""
        self._put(self.screw, self.sabadell.location_id, 10.0)
        quant = self.env["stock.quant"].search(
            [("location_id", "=", self.sabadell.location_id.id)]
        )
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            with self.env.cr.savepoint():
                quant.with_context(inventory_mode=True).inventory_quantity = -2.0
        with self.assertRaisesRegex(ValidationError, "Taller Sabadell"):
            with self.env.cr.savepoint():
                self.env["stock.quant"].with_context(inventory_mode=True).create(
                    {
                        "product_id": self.component.id,
                        "location_id": self.sabadell.location_id.id,
                        "inventory_quantity": -1.0,
                    }
                )
        self.assertEqual(self._on_hand(self.screw, self.sabadell.location_id), 10.0)

    # ------------------------------------------------------ reordering rules

    def test_rule_set_from_the_producer_form_uses_its_location(self):
        """A rule added on the producer's form lands on its managed location."""
        with Form(self.sabadell) as form:
            with form.dmfg_orderpoint_ids.new() as rule:
                rule.product_id = self.screw
                rule.product_min_qty = 10
                rule.product_max_qty = 40
        rule = self.sabadell.dmfg_orderpoint_ids
        self.assertEqual(rule.location_id, self.sabadell.location_id)
        self.assertEqual(rule.warehouse_id, self.warehouse)

    def test_producer_rule_elsewhere_is_refused(self):
        """A producer's rule on another location: clear error, nothing created."""
        with self.assertRaisesRegex(ValidationError, "managed location"):
            with self.env.cr.savepoint():
                self._rule(
                    self.sabadell, self.screw, 5, 10, location_id=self.central.id
                )
        with self.assertRaisesRegex(ValidationError, "Taller Sabadell"):
            with self.env.cr.savepoint():
                self._rule(
                    self.sabadell,
                    self.screw,
                    5,
                    10,
                    location_id=self.mataro.location_id.id,
                )
        self.assertFalse(self.sabadell.dmfg_orderpoint_ids)

    def test_network_manager_keeps_to_producer_rules(self):
        """A network manager edits producer rules, not the warehouse's."""
        rule = self._rule(self.sabadell, self.screw, 5, 10).with_user(self.manager)
        rule.product_max_qty = 20
        self.assertEqual(rule.product_max_qty, 20)
        warehouse_rule = self.env["stock.warehouse.orderpoint"].create(
            {"product_id": self.screw.id, "location_id": self.central.id}
        )
        with self.assertRaises(AccessError):
            warehouse_rule.with_user(self.manager).product_max_qty = 50
        with self.assertRaises(AccessError):
            self.env["stock.warehouse.orderpoint"].with_user(self.manager).create(
                {"product_id": self.component.id, "location_id": self.central.id}
            )

    # ------------------------------------------------------- replenishment

    def test_replenish_runs_only_that_producers_rules(self):
        """Sabadell's rules order (transfer + nearest vendor); Mataró's wait."""
        self._put(self.screw, self.sabadell.location_id, 4.0)
        self._rule(self.sabadell, self.screw, 10, 40)
        self._rule(self.sabadell, self.component, 2, 5)
        self._rule(self.mataro, self.screw, 10, 40)
        summary = self.sabadell.with_user(self.manager).replenish()
        self.assertEqual(
            sorted((line["product"], line["qty"]) for line in summary["ordered"]),
            [("Test M3 screw", 36.0), ("Test PLA spool", 5.0)],
        )
        self.assertEqual(summary["producer_ids"], [self.sabadell.id])
        self.assertEqual(summary["rules"], 2)
        self.assertEqual(summary["failed"], [])
        resupply = self._resupplies(self.sabadell.location_id)
        self.assertEqual(summary["picking_ids"], resupply.ids)
        self.assertEqual(resupply.move_ids.product_uom_qty, 36.0)
        purchase = self._vendor_orders(self.sabadell)
        self.assertEqual(summary["purchase_order_ids"], purchase.ids)
        self.assertEqual(purchase.partner_id, self.vendors["Filaments Terrassa"])
        self.assertEqual(purchase.dest_address_id, self.sabadell.partner_id)
        self.assertEqual(purchase.order_line.product_qty, 5.0)
        self.assertFalse(self._resupplies(self.mataro.location_id))
        # Run again: what is on its way counts, nothing more is ordered.
        again = self.sabadell.replenish()
        self.assertEqual(again["ordered"], [])
        self.assertEqual(purchase.order_line.product_qty, 5.0)

    def test_scheduler_buys_from_the_vendor_nearest_to_the_producer(self):
        """Odoo's scheduler on producers' rules: one PO per vendor and producer."""
        self._rule(self.sabadell, self.component, 2, 6)
        self._rule(self.mataro, self.component, 1, 3)
        rules = self.sabadell.dmfg_orderpoint_ids | self.mataro.dmfg_orderpoint_ids
        rules._procure_orderpoint_confirm(company_id=self.env.company)
        self.assertEqual(
            self._vendor_orders(self.sabadell).partner_id,
            self.vendors["Filaments Terrassa"],
        )
        self.assertEqual(
            self._vendor_orders(self.mataro).partner_id,
            self.vendors["Plàstics Granollers"],
        )
        self.assertEqual(self._vendor_orders(self.mataro).order_line.product_qty, 3.0)

    def test_replenish_without_any_source_orders_nothing(self):
        """A rule whose component has no vendor and no central stock: refused."""
        glue = self.env["product.product"].create(
            {"name": "Test glue", "is_storable": True, "dmfg_supply_mode": "buy"}
        )
        self._rule(self.sabadell, self.screw, 10, 40)
        self._rule(self.sabadell, glue, 1, 2)
        with self.assertRaisesRegex(UserError, "Test glue: 2 Units missing"):
            self.sabadell.replenish()
        self.assertFalse(self._resupplies(self.sabadell.location_id))
        self.assertFalse(self._vendor_orders())

    def test_replenish_access_and_bad_input(self):
        """Network users cannot replenish; an empty call is refused."""
        with self.assertRaises(AccessError):
            self.sabadell.with_user(self.user).replenish()
        with self.assertRaisesRegex(UserError, "at least one producer"):
            self.env["dmfg.producer"].with_user(self.manager).replenish()

    def test_supply_mode_is_odoos_route(self):
        """The supply mode sets Odoo's routes; a product inherits its category's."""
        resupply = self.env.ref("mrp_subcontracting.route_resupply_subcontractor_mto")
        dropship = self.env.ref(
            "mrp_subcontracting_dropshipping.route_subcontracting_dropshipping"
        )
        self.assertIn(dropship, self.component.route_ids)
        self.assertNotIn(resupply, self.component.route_ids)
        category = self.env["product.category"].create({"name": "Fasteners"})
        category.dmfg_supply_mode = "central"
        self.assertEqual(category.route_ids, resupply)
        nut = self.env["product.product"].create(
            {"name": "Test nut", "is_storable": True, "categ_id": category.id}
        )
        supply = self.env["dmfg.supply"]
        self.assertEqual(supply._dmfg_get_supply_modes(nut), {nut.id: "central"})
        nut.dmfg_supply_mode = "buy"
        self.assertEqual(supply._dmfg_get_supply_modes(nut), {nut.id: "buy"})
        nut.route_ids = [Command.unlink(dropship.id)]
        self.assertFalse(nut.dmfg_supply_mode)
        self.assertEqual(supply._dmfg_get_supply_modes(nut), {nut.id: "central"})
        # Switching the category's mode replaces its route; a sub-category
        # without its own mode follows it; no mode at all removes the route.
        child = self.env["product.category"].create(
            {"name": "Nuts", "parent_id": category.id}
        )
        self.assertFalse(child.dmfg_supply_mode)
        self.assertEqual(child._dmfg_get_effective_supply_mode(), "central")
        category.dmfg_supply_mode = "buy"
        self.assertEqual(category.route_ids, dropship)
        self.assertEqual(child._dmfg_get_effective_supply_mode(), "buy")
        category.route_ids = resupply | dropship
        self.assertEqual(category.dmfg_supply_mode, "buy")
        category.dmfg_supply_mode = False
        self.assertFalse(category.route_ids)
        self.assertFalse(child._dmfg_get_effective_supply_mode())
