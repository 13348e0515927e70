# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        res = super()._action_done()
        # Odoo reserves waiting moves after receipts and internal transfers
        # only; purchases delivered straight to a producer (dropship type)
        # must be reserved by the producer's jobs too, so that the next job
        # does not count them as free.
        self.filtered(
            lambda p: p.picking_type_id.code == "dropship"
            and p.location_dest_id.dmfg_producer_id
        ).move_ids.filtered(lambda m: m.state == "done")._trigger_assign()
        return res

    def _prepare_subcontract_mo_vals(self, subcontract_move, bom):
        vals = super()._prepare_subcontract_mo_vals(subcontract_move, bom)
        # The order to the producer was made for a job: the MO makes that job
        # (its components are then supplied for it).
        line = subcontract_move.purchase_line_id
        job = line.dmfg_job_id or line.sale_line_id.dmfg_job_id
        if job:
            vals["dmfg_job_id"] = job.id
        return vals
