# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    dmfg_job_id = fields.Many2one(
        "dmfg.job",
        string="Production job",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The production job this line was ordered for.",
    )
    dmfg_vendor_choice = fields.Char(
        string="Vendor choice",
        readonly=True,
        copy=False,
        help="Why this vendor was chosen for the producer: its distance and the "
        "runner-up.",
    )

    @api.model
    def _prepare_purchase_order_line_from_procurement(
        self,
        product_id,
        product_qty,
        product_uom,
        location_dest_id,
        name,
        origin,
        company_id,
        values,
        po,
    ):
        res = super()._prepare_purchase_order_line_from_procurement(
            product_id,
            product_qty,
            product_uom,
            location_dest_id,
            name,
            origin,
            company_id,
            values,
            po,
        )
        if values.get("dmfg_job_id"):
            res["dmfg_job_id"] = values["dmfg_job_id"]
        if values.get("dmfg_vendor_choice"):
            res["dmfg_vendor_choice"] = values["dmfg_vendor_choice"]
        return res

    def _find_candidate(
        self,
        product_id,
        product_qty,
        product_uom,
        location_id,
        name,
        origin,
        company_id,
        values,
    ):
        # A job's line is never merged with another job's line.
        job_id = values.get("dmfg_job_id") or False
        lines = self.filtered(lambda line: line.dmfg_job_id.id == job_id)
        return super(PurchaseOrderLine, lines)._find_candidate(
            product_id,
            product_qty,
            product_uom,
            location_id,
            name,
            origin,
            company_id,
            values,
        )
