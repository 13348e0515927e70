# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class DmfgCapabilityMixin(models.AbstractModel):
    """What processes and materials share: the network's vocabulary of
    capabilities.

    Shared reference data, without a company: a code such as 'fdm' means the
    same in every company's network, as Odoo shares units of measure.
    Company-bound records (producers, designs) link to it freely.
    """

    _name = "dmfg.capability.mixin"
    _description = "Capability of the network (process or material)"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short unique technical code used by integrations and imports "
        "(e.g. 'fdm' or 'pla'). Lower case, no spaces.",
    )
    color = fields.Integer(help="Colour of the tag in lists and kanban cards.")
    active = fields.Boolean(
        default=True, help="Archive what the network no longer offers or uses."
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code must be unique."),
    ]
