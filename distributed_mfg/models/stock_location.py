# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from .product_category import supply_mode_routes


class StockLocation(models.Model):
    _inherit = "stock.location"

    dmfg_producer_ids = fields.One2many(
        "dmfg.producer",
        "location_id",
        string="Producers",
        help="Technical: the producer whose managed location this is.",
    )
    dmfg_producer_id = fields.Many2one(
        "dmfg.producer",
        string="Producer",
        compute="_compute_dmfg_producer_id",
        store=True,
        index="btree_not_null",
        help="The producer of the network whose managed stock location this is.",
    )

    @api.depends("dmfg_producer_ids")
    def _compute_dmfg_producer_id(self):
        for location in self:
            location.dmfg_producer_id = location.dmfg_producer_ids[:1]

    def _activate_subcontracting_location_rules(self):
        res = super()._activate_subcontracting_location_rules()
        self._dmfg_producer_locations()._dmfg_configure_producer_rules()
        return res

    def _dmfg_producer_locations(self):
        """The locations of ``self`` that are (or become) producers' locations.

        A producer's managed location sits under the "Producers" location of
        a warehouse; it may not be linked to its producer yet when Odoo
        copies the subcontracting rules onto it. Runs with the rights of
        whoever creates the location (Odoo copies the rules with them too).
        """
        parents = (
            self.env["stock.warehouse"]
            .search([("dmfg_producer_location_id", "in", self.location_id.ids)])
            .dmfg_producer_location_id
        )
        return self.filtered(
            lambda loc: loc.dmfg_producer_id or loc.location_id in parents
        )

    def _dmfg_configure_producer_rules(self):
        """Tune Odoo's subcontracting rules copied onto producers' locations.

        * Components are taken from the producer's stock first and only the
          shortage is supplied ("take from stock, if unavailable, trigger
          another rule" on the producer -> production rules).
        * Resupply transfers deliver to the producer's own location, not to
          the company's generic subcontracting location (destination from
          the rule).
        * Purchases delivered to a producer are not split per manufacturing
          order: one purchase order per vendor and producer.

        Runs with the rights Odoo needed to copy those rules: a stock manager,
        or superuser (producer's location creation, module install).
        """
        producer_locations = self.filtered(lambda loc: loc.is_subcontracting_location)
        if not producer_locations:
            return
        # Odoo's routes that supply a subcontracting location (the supply
        # modes' routes), whose rules Odoo copies onto each producer's location.
        routes = self.env["stock.route"].union(*supply_mode_routes(self.env).values())
        rule_model = self.env["stock.rule"].with_context(active_test=False)
        rule_model.search(
            [
                ("location_src_id", "in", producer_locations.ids),
                ("route_id", "in", routes.ids),
                ("action", "in", ("pull", "pull_push")),
                ("procure_method", "!=", "mts_else_mto"),
            ]
        ).write({"procure_method": "mts_else_mto"})
        rule_model.search(
            [
                ("location_dest_id", "in", producer_locations.ids),
                ("action", "in", ("pull", "pull_push")),
                ("location_dest_from_rule", "=", False),
            ]
        ).write({"location_dest_from_rule": True})
        rule_model.search(
            [
                ("location_dest_id", "in", producer_locations.ids),
                ("action", "=", "buy"),
                ("group_propagation_option", "!=", "none"),
            ]
        ).write({"group_propagation_option": "none"})

    @api.model
    def _dmfg_configure_all_producer_rules(self):
        """Tune the rules of every producer's location (module install/update,
        as superuser)."""
        self.search(
            [("dmfg_producer_id", "!=", False)]
        )._dmfg_configure_producer_rules()
