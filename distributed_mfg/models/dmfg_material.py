# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class DmfgMaterial(models.Model):
    _name = "dmfg.material"
    _inherit = ["dmfg.capability.mixin"]
    _description = "Manufacturing material"

    name = fields.Char(help="Material a producer can work, e.g. PLA or plywood.")
    process_ids = fields.Many2many(
        "dmfg.process",
        string="Processes",
        help="Processes that typically work this material (optional, used to "
        "suggest materials).",
    )
