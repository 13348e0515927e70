# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.exceptions import UserError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dmfg_max_distance_km = fields.Float(
        string="Maximum routing distance (km)",
        config_parameter="distributed_mfg.max_distance_km",
        default=150.0,
        help="Orders are never routed to a producer farther than this from the "
        "customer, whatever the producer's own service radius.",
    )
    dmfg_default_due_days = fields.Integer(
        string="Default delivery window (days)",
        config_parameter="distributed_mfg.default_due_days",
        default=14,
        help="When a sale order has no delivery date, producers must be able to "
        "make the goods within this many days of the confirmation.",
    )
    dmfg_weight_distance = fields.Float(
        string="Distance weight",
        config_parameter="distributed_mfg.weight_distance",
        default=0.5,
        help="Weight of the distance between producer and customer in the "
        "routing score. Only the ratios between the weights matter.",
    )
    dmfg_weight_lead_time = fields.Float(
        string="Lead time weight",
        config_parameter="distributed_mfg.weight_lead_time",
        default=0.2,
        help="Weight of the expected ready date (queue plus production time).",
    )
    dmfg_weight_price = fields.Float(
        string="Price weight",
        config_parameter="distributed_mfg.weight_price",
        default=0.15,
        help="Weight of the producer's purchase price for the product.",
    )
    dmfg_weight_performance = fields.Float(
        string="Performance weight",
        config_parameter="distributed_mfg.weight_performance",
        default=0.1,
        help="Weight of the producer's performance factor (1.0 is neutral).",
    )
    dmfg_weight_stock = fields.Float(
        string="Stock weight",
        config_parameter="distributed_mfg.weight_stock",
        default=0.05,
        help="Weight of the components the producer already holds for the job.",
    )
    dmfg_candidate_limit = fields.Integer(
        string="Producers considered per order line",
        config_parameter="distributed_mfg.candidate_limit",
        default=50,
        help="Routing ranks only this many producers nearest to the customer "
        "(within the maximum distance), which keeps it fast on large networks.",
    )

    def set_values(self):
        self._dmfg_check_routing_settings()
        return super().set_values()

    def _dmfg_check_routing_settings(self):
        """Refuse settings the routing cannot work with, with a clear message."""
        for settings in self:
            weights = [
                settings.dmfg_weight_distance,
                settings.dmfg_weight_lead_time,
                settings.dmfg_weight_price,
                settings.dmfg_weight_performance,
                settings.dmfg_weight_stock,
            ]
            if min(weights) < 0 or not sum(weights):
                raise UserError(
                    self.env._(
                        "Routing weights must be zero or positive, and at least "
                        "one must be above zero."
                    )
                )
            if settings.dmfg_max_distance_km < 0:
                raise UserError(
                    self.env._("The maximum routing distance cannot be negative.")
                )
            if settings.dmfg_candidate_limit < 1 or settings.dmfg_default_due_days < 1:
                raise UserError(
                    self.env._(
                        "Producers considered per line and the default delivery "
                        "window must be at least 1."
                    )
                )
