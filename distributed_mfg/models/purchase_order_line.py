# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

# Procurement values copied onto the purchase line they create.
JOB_VALUES = ("dmfg_job_id", "dmfg_vendor_choice")
# Position of ``values`` among the procurement arguments of Odoo's
# ``_prepare_purchase_order_line_from_procurement`` and ``_find_candidate``
# (product, qty, uom, location, name, origin, company, values[, po]).
VALUES_ARG = 7


def _procurement_values(args, kwargs):
    """The procurement ``values`` passed to one of the hooks below."""
    return kwargs["values"] if "values" in kwargs else args[VALUES_ARG]


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    dmfg_job_id = fields.Many2one(
        "dmfg.job",
        string="Production job",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The production job this line was ordered for.",
    )
    dmfg_vendor_choice = fields.Char(
        string="Vendor choice",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Why this vendor was chosen for the producer: its distance and the "
        "runner-up.",
    )

    @api.model
    def _prepare_purchase_order_line_from_procurement(self, *args, **kwargs):
        res = super()._prepare_purchase_order_line_from_procurement(*args, **kwargs)
        values = _procurement_values(args, kwargs)
        for field in JOB_VALUES:
            if values.get(field):
                res[field] = values[field]
        return res

    def _find_candidate(self, *args, **kwargs):
        # A job's line is never merged with another job's line.
        job_id = _procurement_values(args, kwargs).get("dmfg_job_id") or False
        lines = self.filtered(lambda line: line.dmfg_job_id.id == job_id)
        return super(PurchaseOrderLine, lines)._find_candidate(*args, **kwargs)
