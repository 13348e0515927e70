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
        help="The producer of the network whose managed location this is.",
    )

    @api.depends("dmfg_producer_ids")
    def _compute_dmfg_producer_id(self):
        for location in self:
            location.dmfg_producer_id = location.dmfg_producer_ids[:1]

    def _activate_subcontracting_location_rules(self):
        # Producers' locations sit under the "Producers" location, itself under
        # the company's subcontracting location: Odoo finds the rules that
        # supply them along the location tree, so they get no copies of their
        # own. The "Producers" location holds the one set of rules that take
        # components out of a producer's location.
        nodes = self._dmfg_producer_nodes()
        producer_locations = self.filtered(lambda loc: loc.location_id in nodes)
        others = self - nodes - producer_locations
        res = super(StockLocation, others)._activate_subcontracting_location_rules()
        (self & nodes)._dmfg_sync_producer_rules()
        return res

    def _dmfg_producer_nodes(self):
        """The "Producers" locations among ``self`` and their children's parents.

        A producer's managed location sits under the "Producers" location of
        its company (kept on the main warehouse); it may not be linked to its
        producer yet when Odoo looks for its subcontracting rules.
        """
        return (
            self.env["stock.warehouse"]
            .search(
                [
                    (
                        "dmfg_producer_location_id",
                        "in",
                        (self | self.location_id).ids,
                    )
                ]
            )
            .dmfg_producer_location_id
        )

    def _dmfg_sync_producer_rules(self):
        """Give the "Producers" locations ``self`` their rules, one set each.

        They are copies of the rules that take goods out of the company's
        subcontracting location (to production: the components of a
        subcontracted MO), with components taken from the producer's stock
        first and only the shortage supplied ("take from stock, if
        unavailable, trigger another rule"). Missing ones are created,
        archived ones restored; their number does not depend on the number of
        producers. Runs as a stock manager or superuser (creation of the
        "Producers" location, warehouses, module install).
        """
        rule_model = self.env["stock.rule"].with_context(active_test=False)
        supply_routes = self.env["stock.route"].union(
            *supply_mode_routes(self.env).values()
        )
        new_vals = []
        to_restore = rule_model
        for node in self:
            reference = node.company_id.subcontracting_location_id
            if not reference:
                continue
            existing = {
                (rule.route_id, rule.picking_type_id, rule.action): rule
                for rule in rule_model.search([("location_src_id", "=", node.id)])
            }
            for rule in self.env["stock.rule"].search(
                [("location_src_id", "=", reference.id)]
            ):
                copy = existing.get((rule.route_id, rule.picking_type_id, rule.action))
                if copy:
                    to_restore |= copy.filtered(lambda r: not r.active)
                    continue
                vals = rule.copy_data(
                    {
                        "location_src_id": node.id,
                        "name": rule.name.replace(reference.name, node.name),
                    }
                )[0]
                if rule.route_id in supply_routes and rule.action in (
                    "pull",
                    "pull_push",
                ):
                    vals["procure_method"] = "mts_else_mto"
                new_vals.append(vals)
        rule_model.create(new_vals)
        to_restore.action_unarchive()
