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
        self._dmfg_record_customer_returns()
        return res

    def _dmfg_record_customer_returns(self):
        """A customer return of a delivered job's goods is a quality issue of
        its producer (its scorecard counts it), once per return."""
        returns = self.filtered(
            lambda p: p.state == "done"
            and p.return_id
            and p.location_id.usage == "customer"
        )
        orders = returns.return_id.purchase_id
        if not orders:
            return
        # The check: only validated returns of a job's own delivery get here;
        # quality issues are the managers' records, so written as superuser.
        jobs = (
            self.env["dmfg.job"]
            .sudo()
            .search([("purchase_order_id", "in", orders.ids), ("state", "=", "done")])
        )
        job_by_order = {job.purchase_order_id: job for job in jobs}
        issues = self.env["dmfg.quality.issue"].sudo()
        known = issues.search([("return_picking_id", "in", returns.ids)])
        values = []
        for picking in returns - known.return_picking_id:
            job = job_by_order.get(picking.return_id.purchase_id)
            if not job:
                continue
            values.append(
                {
                    "job_id": job.id,
                    "return_picking_id": picking.id,
                    "reason": self.env._(
                        "Customer return %(picking)s: %(qty)s %(uom)s sent back.",
                        picking=picking.name,
                        qty=sum(picking.move_ids.mapped("quantity")),
                        uom=job.product_uom_id.name,
                    ),
                }
            )
        issues.create(values)

    def _prepare_subcontract_mo_vals(self, subcontract_move, bom):
        vals = super()._prepare_subcontract_mo_vals(subcontract_move, bom)
        # The order to the producer was made for a job: the MO makes that job
        # (its components are then supplied for it).
        line = subcontract_move.purchase_line_id
        job = line.dmfg_job_id or line.sale_line_id.dmfg_job_id
        if job:
            vals["dmfg_job_id"] = job.id
        return vals
