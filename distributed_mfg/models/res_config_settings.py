# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models
from odoo.exceptions import UserError

from ..models.dmfg_job import (
    DEFAULT_PROMISED_MAX_DAYS,
    MAX_CANDIDATES,
    MAX_DUE_DAYS,
    PARAM_PROMISED_MAX_DAYS,
)
from ..models.dmfg_job_impact import (
    PARAM_CENTRAL_PARTNER,
    PARAM_FREIGHT_FACTOR,
    PARAM_PRODUCTION_DAYS,
    PARAM_SHIPPING_DAYS,
    PARAM_VAN_FACTOR,
)
from ..models.dmfg_job_wave import DISPATCH_MODES, PARAM_DISPATCH_MODE
from ..models.dmfg_network_map import (
    DEFAULT_TILE_URL,
    PARAM_ATTRIBUTION,
    PARAM_TILE_URL,
)
from ..services import impact as impact_service
from ..services.geo import MAX_DISTANCE_KM

# Bounds of the number settings, checked when saved (the routing reads them
# back through the same parser).
SETTING_BOUNDS = {
    "dmfg_max_distance_km": {"minimum": 0, "maximum": MAX_DISTANCE_KM},
    "dmfg_default_due_days": {"minimum": 1, "maximum": MAX_DUE_DAYS, "integer": True},
    "dmfg_weight_distance": {"minimum": 0},
    "dmfg_weight_lead_time": {"minimum": 0},
    "dmfg_weight_price": {"minimum": 0},
    "dmfg_weight_performance": {"minimum": 0},
    "dmfg_weight_stock": {"minimum": 0},
    "dmfg_candidate_limit": {"minimum": 1, "maximum": MAX_CANDIDATES, "integer": True},
    "dmfg_promised_max_days": {"minimum": 0, "maximum": 3650, "integer": True},
    "dmfg_wave_interval_minutes": {"minimum": 1, "maximum": 1440, "integer": True},
    "dmfg_score_window_jobs": {"minimum": 0, "maximum": 10000, "integer": True},
    "dmfg_score_window_days": {"minimum": 0, "maximum": 3650, "integer": True},
    "dmfg_score_trial_jobs": {"minimum": 1, "maximum": 10000, "integer": True},
    "dmfg_score_suspend_below": {"minimum": 0, "maximum": 2},
    "dmfg_score_suspend_min_jobs": {"minimum": 1, "maximum": 10000, "integer": True},
    "dmfg_impact_van_factor": {"minimum": 0, "maximum": impact_service.MAX_FACTOR},
    "dmfg_impact_freight_factor": {"minimum": 0, "maximum": impact_service.MAX_FACTOR},
    "dmfg_impact_production_days": {
        "minimum": 0,
        "maximum": impact_service.MAX_DAYS,
        "integer": True,
    },
    "dmfg_impact_shipping_days": {
        "minimum": 0,
        "maximum": impact_service.MAX_DAYS,
        "integer": True,
    },
}
# Settings whose change recomputes the figures of the jobs not delivered.
IMPACT_PARAMS = (
    PARAM_CENTRAL_PARTNER,
    PARAM_VAN_FACTOR,
    PARAM_FREIGHT_FACTOR,
    PARAM_PRODUCTION_DAYS,
    PARAM_SHIPPING_DAYS,
)


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Producer scorecard (models/dmfg_producer_scorecard.py)
    dmfg_score_window_jobs = fields.Integer(
        string="Scorecard window (jobs)",
        config_parameter="distributed_mfg.score_window_jobs",
        default=20,
        help="The scorecard counts each producer's latest offers, at most this "
        "many (0: no limit).",
    )
    dmfg_score_window_days = fields.Integer(
        string="Scorecard window (days)",
        config_parameter="distributed_mfg.score_window_days",
        default=180,
        help="The scorecard counts only offers of the last this many days "
        "(0: no limit).",
    )
    dmfg_score_trial_jobs = fields.Integer(
        string="On-time jobs to leave trial",
        config_parameter="distributed_mfg.score_trial_jobs",
        default=3,
        help="A trial producer with this many jobs shipped on time and no "
        "quality issue is proposed for active.",
    )
    dmfg_score_auto_promote = fields.Boolean(
        string="Promote trial producers automatically",
        config_parameter="distributed_mfg.score_auto_promote",
        help="Trial producers that earned it become active without a planner.",
    )
    dmfg_score_suspend_below = fields.Float(
        string="Suspend under factor",
        config_parameter="distributed_mfg.score_suspend_below",
        default=0.6,
        help="An active producer whose performance factor falls under this is "
        "suspended automatically (unless its factor is overridden).",
    )
    dmfg_score_suspend_min_jobs = fields.Integer(
        string="Jobs before suspending",
        config_parameter="distributed_mfg.score_suspend_min_jobs",
        default=5,
        help="Automatic suspension needs at least this many jobs in the window.",
    )

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
    dmfg_promised_max_days = fields.Integer(
        string="Latest promised date (days after the due date)",
        config_parameter=PARAM_PROMISED_MAX_DAYS,
        default=DEFAULT_PROMISED_MAX_DAYS,
        help="A producer accepting a job may promise it ready at most this many "
        "days after the job's due date; a later date is refused. 0: by the due "
        "date.",
    )

    # Wave dispatch (models/dmfg_job_wave.py)
    dmfg_dispatch_mode = fields.Selection(
        DISPATCH_MODES,
        string="Dispatch mode",
        config_parameter=PARAM_DISPATCH_MODE,
        default="immediate",
        required=True,
        help="Immediately: a confirmed order line is routed at once, and the "
        "salesperson sees its producer. In waves: confirmed lines wait for "
        "dispatch; every few minutes (or on Dispatch now) a wave assigns all "
        "waiting jobs together, at the least total routing cost that the "
        "producers' free hours and job limits allow.",
    )
    dmfg_wave_interval_minutes = fields.Integer(
        string="Wave every (minutes)",
        config_parameter="distributed_mfg.wave_interval_minutes",
        default=30,
        help="In wave mode, how often waiting jobs are dispatched.",
    )

    # Network map (models/dmfg_network_map.py)
    dmfg_map_tile_url = fields.Char(
        string="Map tile server",
        config_parameter=PARAM_TILE_URL,
        default=DEFAULT_TILE_URL,
        help="URL template of the map tiles, with {z}, {x} and {y} (and "
        "optionally {s}). Without tiles the map still shows producers and jobs.",
    )
    dmfg_map_attribution = fields.Char(
        string="Map attribution",
        config_parameter=PARAM_ATTRIBUTION,
        help="Credit the tile server requires, shown in the map's corner.",
    )

    # Local impact (models/dmfg_job_impact.py)
    dmfg_impact_central_partner_id = fields.Many2one(
        "res.partner",
        string="Central site",
        config_parameter=PARAM_CENTRAL_PARTNER,
        help="The address the company would make and ship from without the "
        "network (it needs coordinates). Empty: the address of the main "
        "warehouse.",
    )
    dmfg_impact_van_factor = fields.Float(
        string="Van delivery (kg CO2e per t.km)",
        config_parameter=PARAM_VAN_FACTOR,
        default=impact_service.DEFAULT_VAN_FACTOR,
        help="Emission factor of the producer's local delivery. Default 0.60: "
        "UK DESNZ/DEFRA greenhouse gas conversion factors 2023, Freighting "
        "goods, vans average (up to 3.5 tonnes), diesel, per tonne-km.",
    )
    dmfg_impact_freight_factor = fields.Float(
        string="Road freight (kg CO2e per t.km)",
        config_parameter=PARAM_FREIGHT_FACTOR,
        default=impact_service.DEFAULT_FREIGHT_FACTOR,
        help="Emission factor of shipping from the central site (parcel or "
        "road freight). Default 0.107: UK DESNZ/DEFRA greenhouse gas "
        "conversion factors 2023, Freighting goods, HGV all diesel, average "
        "laden, per tonne-km (the GLEC Framework's road default is of the "
        "same order).",
    )
    dmfg_impact_production_days = fields.Integer(
        string="Central production days",
        config_parameter=PARAM_PRODUCTION_DAYS,
        default=impact_service.DEFAULT_BASELINE_PRODUCTION_DAYS,
        help="Days the central site takes to make an order once confirmed.",
    )
    dmfg_impact_shipping_days = fields.Integer(
        string="Central shipping days",
        config_parameter=PARAM_SHIPPING_DAYS,
        default=impact_service.DEFAULT_BASELINE_SHIPPING_DAYS,
        help="Days shipping from the central site to a customer takes.",
    )

    def set_values(self):
        self._dmfg_check_routing_settings()
        self._dmfg_check_map_settings()
        params = self.env["ir.config_parameter"]
        before = [params._dmfg_get_param(key) for key in IMPACT_PARAMS]
        res = super().set_values()
        if [params._dmfg_get_param(key) for key in IMPACT_PARAMS] != before:
            # sudo: the figures of open jobs follow the saved settings, whoever
            # saved them (Odoo itself saves settings for a group change, e.g.
            # when a stock user creates a second warehouse).
            self.env["dmfg.job"].sudo()._dmfg_refresh_open_impact()
        self._dmfg_set_wave_cron()
        return res

    def _dmfg_set_wave_cron(self):
        """The scheduled wave runs only in wave mode, at the set interval."""
        cron = self.env.ref(
            "distributed_mfg.ir_cron_dmfg_dispatch_wave", raise_if_not_found=False
        )
        if not cron:
            return
        for settings in self:
            # Settings are saved by administrators, who manage scheduled actions.
            cron.write(
                {
                    "active": settings.dmfg_dispatch_mode == "wave",
                    "interval_number": settings.dmfg_wave_interval_minutes or 30,
                    "interval_type": "minutes",
                }
            )

    def _dmfg_check_map_settings(self):
        """Refuse a tile server URL the map cannot use."""
        for settings in self:
            url = (settings.dmfg_map_tile_url or "").strip()
            if not url:
                continue
            placeholders = all(part in url for part in ("{z}", "{x}", "{y}"))
            if not url.startswith(("https://", "http://")) or not placeholders:
                raise UserError(
                    self.env._(
                        "The map tile server must be an http(s) URL with {z}, "
                        "{x} and {y} in it, not %(url)s.",
                        url=url,
                    )
                )

    def _dmfg_check_bounds(self, bounds_by_field):
        """Refuse a setting out of its bounds (``{field: bounds}``, as for
        ``dmfg.input._dmfg_number``), naming the setting."""
        inputs = self.env["dmfg.input"]
        for settings in self:
            for name, bounds in bounds_by_field.items():
                inputs._dmfg_number(
                    settings[name],
                    settings._fields[name]._description_string(self.env),
                    **bounds,
                )

    def _dmfg_check_routing_settings(self):
        """Refuse settings the routing cannot work with, with a clear message."""
        self._dmfg_check_bounds(SETTING_BOUNDS)
        for settings in self:
            weights = [
                settings.dmfg_weight_distance,
                settings.dmfg_weight_lead_time,
                settings.dmfg_weight_price,
                settings.dmfg_weight_performance,
                settings.dmfg_weight_stock,
            ]
            if not sum(weights):
                raise UserError(
                    self.env._(
                        "Routing weights must be zero or positive, and at least "
                        "one must be above zero."
                    )
                )
