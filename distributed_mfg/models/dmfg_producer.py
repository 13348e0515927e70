# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..services import geo

PRODUCER_STATES = [
    ("candidate", "Candidate"),
    ("trial", "Trial"),
    ("active", "Active"),
    ("suspended", "Suspended"),
    ("closed", "Closed"),
]
# States in which a producer may receive work: it needs coordinates and a
# managed stock location.
WORKING_STATES = ("trial", "active")
ALLOWED_TRANSITIONS = {
    "candidate": ("trial", "active", "closed"),
    "trial": ("active", "suspended", "closed"),
    "active": ("suspended", "closed"),
    "suspended": ("trial", "active", "closed"),
    "closed": ("candidate",),
}
# Longest window of get_free_capacity (capacity is counted day by day).
MAX_WINDOW_DAYS = 731
# Longest reason of a status change.
MAX_REASON_LENGTH = 2000


class DmfgProducer(models.Model):
    _name = "dmfg.producer"
    _description = "Producer"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "name, id"
    _check_company_auto = True

    def _default_company_id(self):
        return self.env.company

    def _default_resource_calendar_id(self):
        return self.env.company.resource_calendar_id

    partner_id = fields.Many2one(
        "res.partner",
        string="Partner",
        required=True,
        ondelete="restrict",
        index=True,
        tracking=True,
        check_company=True,
        help="The producer's company. Its address and coordinates are the "
        "producer's place; its contacts are the people working with us.",
    )
    name = fields.Char(
        related="partner_id.name",
        store=True,
        readonly=True,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self._default_company_id(),
        help="Company whose network this producer belongs to.",
    )
    state = fields.Selection(
        PRODUCER_STATES,
        string="Status",
        required=True,
        default="candidate",
        tracking=True,
        index=True,
        copy=False,
        help="Candidate: being evaluated. Trial: receives a limited number of "
        "jobs. Active: fully in the network. Suspended: temporarily receives "
        "no work. Closed: left the network. Change it with the buttons.",
    )
    contact_ids = fields.One2many(
        related="partner_id.child_ids",
        string="Contacts",
        help="People of the producer's company (contacts of its partner).",
    )
    # Place (from the partner)
    street = fields.Char(related="partner_id.street")
    zip = fields.Char(related="partner_id.zip")
    city = fields.Char(related="partner_id.city", store=True)
    state_id = fields.Many2one(
        related="partner_id.state_id", store=True, string="Region"
    )
    country_id = fields.Many2one(related="partner_id.country_id", store=True)
    latitude = fields.Float(
        related="partner_id.partner_latitude",
        store=True,
        readonly=False,
        index=True,
        help="Latitude of the producer's place in decimal degrees (-90 to 90). "
        "Stored on the partner; fill it with the Locate button or by hand.",
    )
    longitude = fields.Float(
        related="partner_id.partner_longitude",
        store=True,
        readonly=False,
        index=True,
        help="Longitude of the producer's place in decimal degrees (-180 to "
        "180). Stored on the partner; fill it with the Locate button or by hand.",
    )
    date_localization = fields.Date(
        related="partner_id.date_localization",
        string="Located on",
        help="Date of the last successful geocoding of the partner's address.",
    )
    has_coordinates = fields.Boolean(
        compute="_compute_has_coordinates",
        help="The producer has a place on the map (coordinates not 0, 0).",
    )
    service_radius_km = fields.Float(
        string="Service radius (km)",
        default=50.0,
        tracking=True,
        help="How far from its place the producer accepts to serve customers, "
        "in kilometres. Must be greater than 0.",
    )
    # Capabilities: processes and materials are shared reference data (the
    # same vocabulary in every company's network), hence no company check.
    process_ids = fields.Many2many(
        "dmfg.process",
        string="Processes",
        help="Manufacturing processes the producer can run.",
    )
    material_ids = fields.Many2many(
        "dmfg.material",
        string="Materials",
        help="Materials the producer can work.",
    )
    equipment_ids = fields.One2many(
        "dmfg.producer.equipment",
        "producer_id",
        string="Equipment",
        help="Machines of the producer, with their process and size limits.",
    )
    # Capacity
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working calendar",
        required=True,
        default=lambda self: self._default_resource_calendar_id(),
        check_company=True,
        help="Working days and hours of the producer. Its leaves without a "
        "resource (public holidays, closures) remove their hours.",
    )
    capacity_hours_per_day = fields.Float(
        string="Production hours per day",
        default=8.0,
        help="Hours of production the producer can give us on a working day "
        "(at most the calendar's hours that day). 0 means no capacity.",
    )
    blackout_ids = fields.One2many(
        "dmfg.producer.blackout",
        "producer_id",
        string="Blackout days",
        help="Periods when the producer cannot work (holidays, maintenance).",
    )
    lead_time_days = fields.Integer(
        string="Lead time (days)",
        default=3,
        help="Typical number of days between receiving a job and shipping it.",
    )
    max_open_jobs = fields.Integer(
        string="Max open jobs",
        default=3,
        help="The producer receives new work only while it has fewer open jobs "
        "than this (0: no limit; in trial, one job at a time then).",
    )
    performance_factor = fields.Float(
        default=1.0,
        help="Routing weight from the producer's track record (0 to 2). 1.0 is "
        "neutral; above favours the producer, below penalises it. Written by "
        "the scorecard unless overridden.",
    )
    open_job_count = fields.Integer(
        compute="_compute_open_job_count",
        help="Jobs assigned to the producer and not finished yet.",
    )
    can_receive_work = fields.Boolean(
        compute="_compute_can_receive_work",
        store=True,
        index=True,
        help="Active producers, and trial producers under their maximum of "
        "open jobs, can receive new work.",
    )
    load_percent = fields.Float(
        string="Load",
        compute="_compute_load_percent",
        help="Share of the producer's capacity from today to the end of the "
        "default delivery window (Settings) already taken by the open jobs due "
        "by then.",
    )
    # Stock
    location_id = fields.Many2one(
        "stock.location",
        string="Managed location",
        readonly=True,
        copy=False,
        ondelete="restrict",
        check_company=True,
        help="Stock location of our goods at the producer, created when the "
        "producer enters trial or becomes active. It is the partner's "
        "subcontracting location.",
    )
    quant_count = fields.Integer(
        compute="_compute_quant_count",
        help="Number of stock lines at the producer's managed location.",
    )
    # Routing (production jobs) -------------------------------------------
    job_ids = fields.One2many(
        "dmfg.job",
        "producer_id",
        string="Production jobs",
        help="Jobs routed to the producer.",
    )
    assign_sequence = fields.Integer(
        readonly=True,
        copy=False,
        help="Technical: bumped on every job assignment so that concurrent "
        "assignments to the same producer are serialised.",
    )
    near_distance_km = fields.Float(
        string="Distance (km)",
        compute="_compute_near_distance_km",
        digits=(16, 1),
        help="Distance from the place given in the 'Producers near' search.",
    )
    near_place = fields.Char(
        string="Near",
        compute="_compute_near_place",
        search="_search_near_place",
        help="Search only: producers within N km of a town or a partner, typed "
        "as 'Sabadell' (25 km) or 'Sabadell 40'.",
    )

    _sql_constraints = [
        (
            "partner_uniq",
            "unique(partner_id)",
            "A partner can back at most one producer.",
        ),
    ]

    # ------------------------------------------------------------ computes

    @api.depends("latitude", "longitude")
    def _compute_has_coordinates(self):
        for producer in self:
            producer.has_coordinates = producer._dmfg_is_located()

    def _compute_open_job_count(self):
        counts = self._get_open_job_counts()
        for producer in self:
            producer.open_job_count = counts.get(producer.id, 0)

    @api.depends("state", "max_open_jobs", "job_ids.state")
    def _compute_can_receive_work(self):
        counts = self._get_open_job_counts()
        for producer in self:
            producer.can_receive_work = producer.state == "active" or (
                producer.state == "trial"
                and counts.get(producer.id, 0) < producer.max_open_jobs
            )

    # --------------------------------------------------------- constraints

    @api.constrains("latitude", "longitude")
    def _check_coordinates(self):
        inputs = self.env["dmfg.input"]
        for producer in self:
            name = producer.display_name
            inputs._dmfg_number(
                producer.latitude,
                self.env._("Producer %(name)s: the latitude", name=name),
                minimum=-90,
                maximum=90,
                error=ValidationError,
            )
            inputs._dmfg_number(
                producer.longitude,
                self.env._("Producer %(name)s: the longitude", name=name),
                minimum=-180,
                maximum=180,
                error=ValidationError,
            )

    @api.model
    def _dmfg_check_point_values(self, vals):
        """Check coordinates about to be written: Odoo rounds them to the
        partner's digits before any constraint runs, and that fails on nan
        or inf."""
        inputs = self.env["dmfg.input"]
        for name, label, bound in (
            ("latitude", self.env._("The latitude"), 90),
            ("longitude", self.env._("The longitude"), 180),
        ):
            if name in vals:
                inputs._dmfg_number(
                    vals[name],
                    label,
                    minimum=-bound,
                    maximum=bound,
                    required=False,
                    error=ValidationError,
                )

    @api.constrains("service_radius_km")
    def _check_service_radius_km(self):
        for producer in self:
            self.env["dmfg.input"]._dmfg_number(
                producer.service_radius_km,
                self.env._(
                    "Producer %(name)s: the service radius",
                    name=producer.display_name,
                ),
                strict=True,
                maximum=geo.MAX_DISTANCE_KM,
                error=ValidationError,
            )

    @api.constrains("state", "latitude", "longitude")
    def _check_working_has_coordinates(self):
        for producer in self:
            if producer.state in WORKING_STATES and not producer._dmfg_is_located():
                raise ValidationError(
                    self.env._(
                        "Producer %(name)s has no coordinates: locate it (or "
                        "enter its latitude and longitude) before moving it to "
                        "trial or active.",
                        name=producer.display_name,
                    )
                )

    # ---------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        self._dmfg_check_partners_free(
            [vals["partner_id"] for vals in vals_list if vals.get("partner_id")]
        )
        for vals in vals_list:
            self._dmfg_check_point_values(vals)
        producers = super().create(vals_list)
        producers.filtered(lambda p: p.state in WORKING_STATES)._dmfg_ensure_location()
        return producers

    def write(self, vals):
        self._dmfg_check_point_values(vals)
        if "state" in vals:
            self._dmfg_check_transition(vals["state"])
        if "partner_id" in vals:
            self._dmfg_check_partner_change(vals["partner_id"])
        result = super().write(vals)
        if vals.get("state") in WORKING_STATES:
            self._dmfg_ensure_location()
        return result

    # ------------------------------------------------------------- actions

    def action_view_jobs(self):
        """Open the production jobs routed to the producer."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_job_action"
        )
        action.update(
            {
                "domain": [("producer_id", "=", self.id)],
                "context": {"default_producer_id": self.id, "search_default_open": 1},
            }
        )
        return action

    # ----------------------------------------------------- business methods

    def _dmfg_is_located(self):
        """True when the producer has coordinates (0, 0 means unknown)."""
        self.ensure_one()
        return bool(self.latitude or self.longitude)

    @api.model
    def _dmfg_check_partners_free(self, partner_ids, exclude=None):
        """Raise a ValidationError if a partner would back two producers.

        Checked before writing for a clear message; the SQL constraint stays
        as the safety net against concurrent transactions.
        """
        duplicates = {pid for pid in partner_ids if partner_ids.count(pid) > 1}
        # sudo: producers of other companies count too (the SQL constraint
        # is global); only the partner's name is revealed.
        existing = (
            self.sudo()
            .search(
                [("partner_id", "in", partner_ids), ("id", "not in", exclude or [])]
            )
            .partner_id
        )
        # ``existing`` is read as superuser, hence ``taken`` too.
        taken = existing | existing.browse(duplicates)
        if taken:
            raise ValidationError(
                self.env._(
                    "%(partners)s already backs a producer: a partner can back at "
                    "most one producer.",
                    partners=", ".join(taken.mapped("display_name")),
                )
            )

    def _dmfg_check_partner_change(self, partner_id):
        changing = self.filtered(lambda p: p.partner_id.id != partner_id)
        if not changing:
            return
        if changing.filtered("location_id"):
            raise UserError(
                self.env._(
                    "The partner of a producer that has a managed stock location "
                    "cannot be changed: create a new producer instead."
                )
            )
        if partner_id:
            self._dmfg_check_partners_free(
                [partner_id] * len(changing), exclude=changing.ids
            )

    # ----------------------------------------------------- design library
    # The designs this producer may make: the reverse of
    # dmfg.design.allowed_producer_ids (rules in services/design_sharing.py).
    dmfg_allowed_design_ids = fields.Many2many(
        "dmfg.design",
        string="Allowed designs",
        compute="_compute_dmfg_allowed_design_ids",
        help="Designs this producer may make and get the files of, from each "
        "design's sharing scope, required processes and materials and the "
        "producer's status.",
    )
    dmfg_allowed_design_count = fields.Integer(
        string="Allowed design count",
        compute="_compute_dmfg_allowed_design_ids",
        help="Number of designs this producer may make.",
    )

    def _compute_dmfg_allowed_design_ids(self):
        allowed = self.env["dmfg.design"]._dmfg_get_allowed_design_ids(self)
        for producer in self:
            ids = sorted(allowed.get(producer.id, ()))
            producer.dmfg_allowed_design_ids = self.env["dmfg.design"].browse(ids)
            producer.dmfg_allowed_design_count = len(ids)

    def action_view_dmfg_allowed_designs(self):
        """Open the designs this producer may make."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_design_action"
        )
        action.update(
            {
                "domain": [("id", "in", self.dmfg_allowed_design_ids.ids)],
                "context": {"create": False},
            }
        )
        return action

    # ------------------------------------------------ reordering (fields)
    # Run by models/dmfg_supply_replenishment.py; see dmfg_producer_stock.py.
    dmfg_orderpoint_ids = fields.One2many(
        "stock.warehouse.orderpoint",
        "dmfg_producer_id",
        string="Reordering rules",
        help="Minimum and maximum stock of the producer's usual components at "
        "its managed location. Replenish now, or let the scheduler do it: a "
        "resupply transfer from the central warehouse or a purchase from the "
        "vendor nearest to the producer, as the component's supply mode says.",
    )
