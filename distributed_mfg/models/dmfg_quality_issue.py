# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmfgQualityIssue(models.Model):
    _name = "dmfg.quality.issue"
    _description = "Quality issue"
    _order = "date desc, id desc"
    _check_company_auto = True

    def _default_date(self):
        return fields.Date.context_today(self)

    job_id = fields.Many2one(
        "dmfg.job",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain=[("state", "=", "done")],
        help="The delivered job the issue was found on.",
    )
    producer_id = fields.Many2one(
        related="job_id.producer_id", store=True, index=True, readonly=True
    )
    reason = fields.Text(required=True, help="What is wrong with the goods.")
    photo = fields.Image(max_width=1920, max_height=1920)
    return_picking_id = fields.Many2one(
        "stock.picking",
        string="Customer return",
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="The customer's return of the goods (Odoo's return transfer) that "
        "recorded this issue by itself.",
    )
    date = fields.Date(required=True, default=lambda self: self._default_date())
    company_id = fields.Many2one(
        related="job_id.company_id", store=True, index=True, readonly=True
    )

    @api.constrains("job_id")
    def _check_job_delivered(self):
        for issue in self:
            if issue.job_id.state != "done":
                raise ValidationError(
                    self.env._(
                        "Job %(job)s is not delivered: quality issues are "
                        "recorded on delivered jobs only.",
                        job=issue.job_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        issues = super().create(vals_list)
        for issue in issues:
            issue.job_id.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("Quality issue recorded: %(reason)s", reason=issue.reason),
                subtype_xmlid="mail.mt_note",
            )
        return issues
