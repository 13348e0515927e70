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
