# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmfgProducerBlackout(models.Model):
    _name = "dmfg.producer.blackout"
    _description = "Producer blackout period"
    _order = "producer_id, date_from, id"
    _check_company_auto = True

    producer_id = fields.Many2one(
        "dmfg.producer",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="producer_id.company_id", store=True, index=True
    )
    name = fields.Char(
        string="Reason",
        help="Why the producer cannot work, e.g. 'Summer holidays'.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        index=True,
        help="First day without production (included).",
    )
    date_to = fields.Date(
        string="To",
        required=True,
        index=True,
        help="Last day without production (included).",
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for blackout in self:
            if blackout.date_to < blackout.date_from:
                raise ValidationError(
                    self.env._(
                        "Blackout %(name)s ends before it starts.",
                        name=blackout.name or blackout.date_from,
                    )
                )

    @api.onchange("date_from")
    def _onchange_date_from(self):
        if self.date_from and (not self.date_to or self.date_to < self.date_from):
            self.date_to = self.date_from
