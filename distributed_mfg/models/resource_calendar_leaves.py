# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    # Producers' day hours are cached per calendar
    # (dmfg.producer._dmfg_calendar_day_hours): a leave of a whole calendar
    # (no resource: a public holiday, a closure) clears the cache. Employees'
    # own leaves do not count for producers and leave it alone.

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._dmfg_clear_day_hours()
        return records

    def write(self, vals):
        # A leave may also gain or lose its resource: look before and after.
        calendar_wide = any(not leave.resource_id for leave in self)
        res = super().write(vals)
        if calendar_wide:
            self.env.registry.clear_cache()
        else:
            self._dmfg_clear_day_hours()
        return res

    def unlink(self):
        self._dmfg_clear_day_hours()
        return super().unlink()

    def _dmfg_clear_day_hours(self):
        if any(not leave.resource_id for leave in self):
            self.env.registry.clear_cache()
