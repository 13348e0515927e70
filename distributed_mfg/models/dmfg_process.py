# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class DmfgProcess(models.Model):
    _name = "dmfg.process"
    _inherit = ["dmfg.capability.mixin"]
    _description = "Manufacturing process"

    name = fields.Char(
        help="Manufacturing process a producer can run, e.g. FDM 3D printing."
    )
    description = fields.Text(
        translate=True,
        help="What the process covers, typical tolerances or a reference link "
        "(Open Know-Where uses Wikipedia URLs).",
    )
