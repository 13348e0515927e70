# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class DmfgMaterial(models.Model):
    """Shared reference data, without a company: the vocabulary of
    capabilities (a code such as 'fdm' means the same in every company's
    network), as Odoo shares units of measure. Company-bound records
    (producers, designs) link to it freely."""

    _name = "dmfg.material"
    _description = "Manufacturing material"
    _order = "name"

    name = fields.Char(
        required=True,
        translate=True,
        help="Material a producer can work, e.g. PLA or plywood.",
    )
    code = fields.Char(
        required=True,
        help="Short unique technical code used by integrations and imports "
        "(e.g. 'pla'). Lower case, no spaces.",
    )
    color = fields.Integer(help="Colour of the tag in lists and kanban cards.")
    active = fields.Boolean(
        default=True, help="Archive a material that the network no longer uses."
    )
    process_ids = fields.Many2many(
        "dmfg.process",
        string="Processes",
        help="Processes that typically work this material (optional, used to "
        "suggest materials).",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a material must be unique."),
    ]
