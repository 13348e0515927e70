# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class DmfgDayHoursCache(models.AbstractModel):
    """Producers' day hours are cached per calendar
    (``dmfg.producer._dmfg_calendar_day_hours``): a change of the records
    they come from (calendars, attendances) clears the cache, in every
    worker."""

    _name = "dmfg.day.hours.cache"
    _description = "Clears the producers' cached day hours on change"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
