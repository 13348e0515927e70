# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dmfg_max_distance_km = fields.Float(
        string="Maximum routing distance (km)",
        config_parameter="distributed_mfg.max_distance_km",
        default=150.0,
        help="Orders are never routed to a producer farther than this from the "
        "customer, whatever the producer's own service radius.",
    )
