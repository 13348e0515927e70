# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class DmfgProcess(models.Model):
    """Shared reference data, without a company: the vocabulary of
    capabilities (a code such as 'fdm' means the same in every company's
    network), as Odoo shares units of measure. Company-bound records
    (producers, designs) link to it freely."""

    _name = "dmfg.process"
    _description = "Manufacturing process"
    _order = "name"

    name = fields.Char(
        required=True,
        translate=True,
        help="Manufacturing process a producer can run, e.g. FDM 3D printing.",
    )
    code = fields.Char(
        required=True,
        help="Short unique technical code used by integrations and imports "
        "(e.g. 'fdm'). Lower case, no spaces.",
    )
    color = fields.Integer(help="Colour of the tag in lists and kanban cards.")
    active = fields.Boolean(
        default=True, help="Archive a process that the network no longer offers."
    )
    description = fields.Text(
        translate=True,
        help="What the process covers, typical tolerances or a reference link "
        "(Open Know-Where uses Wikipedia URLs).",
    )

    _sql_constraints = [
        (
            "code_uniq",
            "unique(code)",
            "The code of a manufacturing process must be unique.",
        ),
    ]
