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

    def _dmfg_open_deliveries(self):
        """The jobs' deliveries to the customer not yet done or cancelled."""
        return self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
            and p.location_dest_id.usage == "customer"
        )

    def _dmfg_schedule_delivery(self):
        """Move the open delivery to the customer to the producer's date."""
        # sudo: the job's write passed its access check just before; its
        # delivery follows it whatever the writer's Inventory rights.
        for job in self.sudo():
            date = job.date_expected or job.date_promised
            if not date:
                continue
            pickings = job._dmfg_open_deliveries()
            scheduled = fields.Datetime.to_datetime(date).replace(hour=12)
            pickings.filtered(lambda p, s=scheduled: p.scheduled_date != s).write(
                {"scheduled_date": scheduled}
            )

    def _dmfg_set_delivery_tracking(self, carrier_name, tracking_ref):
        """Write the carrier and tracking on the delivery about to be validated,
        so that the customer's shipping mail and delivery slip carry them."""
        self.ensure_one()
        # No elevation here: action_ship hands over the jobs its actor check
        # returned.
        self._dmfg_open_deliveries()._dmfg_set_tracking(carrier_name, tracking_ref)
