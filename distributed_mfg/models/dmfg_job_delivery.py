# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The job's delivery to the customer follows the producer: its scheduled
date is the promised (or now expected) ready date, and the carrier and
tracking reference given on shipping are written on it."""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models


class DmfgJobDelivery(models.Model):
    _inherit = "dmfg.job"

    def write(self, vals):
        res = super().write(vals)
        if {"date_promised", "date_expected"} & set(vals):
            self._dmfg_schedule_delivery()
        return res

    def _dmfg_schedule_delivery(self):
        """Move the open delivery to the customer to the producer's date."""
        for job in self.sudo():
            date = job.date_expected or job.date_promised
            if not date:
                continue
            pickings = job.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
                and p.location_dest_id.usage == "customer"
            )
            scheduled = fields.Datetime.to_datetime(date).replace(hour=12)
            pickings.filtered(lambda p, s=scheduled: p.scheduled_date != s).write(
                {"scheduled_date": scheduled}
            )

    def _dmfg_set_delivery_tracking(self, carrier_name, tracking_ref):
        """Write the carrier and tracking on the delivery about to be validated,
        so that the customer's shipping mail and delivery slip carry them."""
        self.ensure_one()
        self.sudo().picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
            and p.location_dest_id.usage == "customer"
        )._dmfg_set_tracking(carrier_name, tracking_ref)
