# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    dmfg_job_id = fields.Many2one(
        "dmfg.job",
        string="Production job",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The production job whose components this transfer brings to its "
        "producer.",
    )

    def _prepare_procurement_values(self):
        values = super()._prepare_procurement_values()
        production = self.raw_material_production_id
        location = self.location_id
        if production.subcontractor_id and location.dmfg_producer_id:
            # A job's component missing at its producer: supply it the way its
            # supply mode says, and remember the job.
            supply = self.env["dmfg.supply"]
            route = supply._dmfg_get_supply_route(self.product_id, location)
            if route:
                values["route_ids"] = route
            job = supply._dmfg_get_production_job(production)
            if job:
                values["dmfg_job_id"] = job.id
        return values

    def _adjust_procure_method(self, picking_type_code=False):
        res = super()._adjust_procure_method(picking_type_code=picking_type_code)
        # Odoo matches the source location exactly; components taken out of
        # a producer's location follow the rules of the "Producers" location
        # above it (one set for all producers): from the producer's stock
        # first, the shortage supplied.
        for move in self.filtered(
            lambda m: not m.rule_id and m.location_id.dmfg_producer_id
        ):
            domain = [
                ("location_src_id", "=", move.location_id.location_id.id),
                ("location_dest_id", "=", move.location_dest_id.id),
                ("action", "!=", "push"),
            ]
            if picking_type_code:
                domain.append(("picking_type_id.code", "=", picking_type_code))
            rule = self.env["procurement.group"]._search_rule(
                False,
                move.product_packaging_id,
                move.product_id,
                move.warehouse_id,
                domain,
            )
            if rule:
                move.rule_id = rule
                move.procure_method = (
                    "make_to_order"
                    if rule.procure_method == "make_to_order"
                    else "make_to_stock"
                )
        return res
