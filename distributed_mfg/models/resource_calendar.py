# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models


class ResourceCalendar(models.Model):
    _inherit = ["resource.calendar", "dmfg.day.hours.cache"]
    _name = "resource.calendar"
