# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import re
from datetime import date, datetime, timedelta

import psycopg2
import pytz

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression

from ..services import capacity as capacity_service
from ..services import geo, parsing, places

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
# Days shown by the kanban "load" gauge.
LOAD_WINDOW_DAYS = 7
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
        help="Working days and hours of the producer. Public holidays set on "
        "this calendar (leaves without a resource) count as blackout days.",
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
        string="Max open jobs in trial",
        default=3,
        help="While in trial, the producer receives new work only while it has "
        "fewer open jobs than this.",
    )
    performance_factor = fields.Float(
        default=1.0,
        help="Routing weight from the producer's track record. 1.0 is neutral; "
        "above favours the producer, below penalises it.",
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
        string="Load (7 days)",
        compute="_compute_load_percent",
        help="Share of the producer's capacity of the next 7 days already taken "
        "by open jobs.",
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

    def _compute_load_percent(self):
        real = self.filtered("id")
        results = {}
        if real:
            today = fields.Date.context_today(self)
            results = real._dmfg_capacity_results(
                today, today + timedelta(days=LOAD_WINDOW_DAYS - 1)
            )
        for producer in self:
            result = results.get(producer.id)
            if not result or not result.capacity_hours:
                producer.load_percent = 100.0 if result and result.load_hours else 0.0
                continue
            producer.load_percent = min(
                100.0, 100.0 * result.load_hours / result.capacity_hours
            )

    def _compute_quant_count(self):
        located = self.filtered("location_id")
        per_location = {}
        if located:
            groups = self.env["stock.quant"]._read_group(
                [("location_id", "in", located.location_id.ids)],
                ["location_id"],
                ["__count"],
            )
            per_location = {location.id: count for location, count in groups}
        for producer in self:
            producer.quant_count = per_location.get(producer.location_id.id, 0)

    @api.depends_context("dmfg_near_point")
    @api.depends("latitude", "longitude")
    def _compute_near_distance_km(self):
        point = self.env.context.get("dmfg_near_point")
        for producer in self:
            distance = 0.0
            if point and producer._dmfg_is_located():
                distance = geo.distance_km(
                    point[0], point[1], producer.latitude, producer.longitude
                )
            producer.near_distance_km = distance

    def _compute_near_place(self):
        self.near_place = False

    def _search_near_place(self, operator, value):
        """Producers within N km of a town or partner: ``"Girona 30"``."""
        if operator not in ("=", "ilike") or not isinstance(value, str):
            raise UserError(
                self.env._("Search producers near a place as 'Town' or 'Town 30'.")
            )
        match = re.fullmatch(r"\s*(.*?)[\s,]*(\d+(?:[.,]\d+)?)?\s*(?:km)?\s*", value)
        name = match.group(1).strip() if match else ""
        radius = (
            self.env["dmfg.input"]._dmfg_number(
                match.group(2).replace(",", "."),
                self.env._("The search radius"),
                minimum=0,
                maximum=geo.MAX_DISTANCE_KM,
            )
            if match and match.group(2)
            else 25.0
        )
        lat, lon = self._dmfg_place_point(name)
        found = self._dmfg_search_near(lat, lon, radius)
        return [("id", "in", [producer_id for producer_id, _km in found])]

    @api.model
    def _dmfg_place_point(self, name):
        """Coordinates of a located partner or, else, of a town named ``name``."""
        if not name:
            raise UserError(self.env._("Type the town or partner to search around."))
        partner = self.env["res.partner"].search(
            [
                ("name", "=ilike", name),
                "|",
                ("partner_latitude", "!=", 0),
                ("partner_longitude", "!=", 0),
            ],
            limit=1,
        )
        if partner:
            return partner.partner_latitude, partner.partner_longitude
        town = places.find_town(name)
        if not town:
            raise UserError(
                self.env._("No town or located partner called %(name)s.", name=name)
            )
        return town.lat, town.lon

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

    @api.constrains(
        "capacity_hours_per_day",
        "lead_time_days",
        "max_open_jobs",
        "performance_factor",
    )
    def _check_capacity(self):
        inputs = self.env["dmfg.input"]
        for producer in self:
            name = producer.display_name
            for value, label, maximum in (
                (
                    producer.capacity_hours_per_day,
                    self.env._(
                        "Producer %(name)s: production hours per day", name=name
                    ),
                    24,
                ),
                (
                    producer.lead_time_days,
                    self.env._("Producer %(name)s: the lead time (days)", name=name),
                    3650,
                ),
                (
                    producer.max_open_jobs,
                    self.env._(
                        "Producer %(name)s: the maximum of open jobs", name=name
                    ),
                    None,
                ),
                (
                    producer.performance_factor,
                    self.env._("Producer %(name)s: the performance factor", name=name),
                    100,
                ),
            ):
                inputs._dmfg_number(
                    value, label, minimum=0, maximum=maximum, error=ValidationError
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

    def _dmfg_open_state_wizard(self, new_state):
        self._dmfg_check_transition(new_state)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change producer status"),
            "res_model": "dmfg.producer.state.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_producer_ids": self.ids,
                "default_new_state": new_state,
            },
        }

    def action_start_trial(self):
        """Open the reason dialog to move the producers to trial."""
        return self._dmfg_open_state_wizard("trial")

    def action_activate(self):
        """Open the reason dialog to make the producers active."""
        return self._dmfg_open_state_wizard("active")

    def action_suspend(self):
        """Open the reason dialog to suspend the producers."""
        return self._dmfg_open_state_wizard("suspended")

    def action_close(self):
        """Open the reason dialog to close the producers."""
        return self._dmfg_open_state_wizard("closed")

    def action_reopen(self):
        """Open the reason dialog to bring closed producers back to candidate."""
        return self._dmfg_open_state_wizard("candidate")

    def action_locate(self):
        """Geocode the producers' partners and report the outcome.

        Returns a notification action; a failure leaves the producer as it
        was (see ``res.partner._dmfg_geo_locate``).
        """
        self.check_access("write")
        outcomes = self.partner_id._dmfg_geo_locate()
        return self._dmfg_locate_notification(outcomes)

    def _dmfg_locate_notification(self, outcomes):
        statuses = {status for status, _message in outcomes.values()}
        messages = [message for _status, message in outcomes.values() if message]
        if statuses <= {"located"}:
            kind, title = "success", self.env._("Located")
        elif "failed" in statuses:
            kind, title = "danger", self.env._("Geocoding failed")
        elif "not_found" in statuses:
            kind, title = "warning", self.env._("Address not found")
        else:
            kind, title = "warning", self.env._("Located at town level")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": "\n".join(messages) or title,
                "type": kind,
                "sticky": kind != "success",
                # Closing reloads the calling form with the new coordinates.
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

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

    def action_view_stock(self):
        """Open the stock held at the producer's managed location."""
        self.ensure_one()
        # The "Stock at producers" report (issue #6), for this producer.
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.stock_quant_action_producer"
        )
        action.update(
            {
                "name": self.env._("Stock at %(producer)s", producer=self.name),
                "domain": [("location_id", "in", self.location_id.ids)],
                "context": {"search_default_groupby_product": 1},
            }
        )
        return action

    # ----------------------------------------------------- business methods

    def _dmfg_is_located(self):
        """True when the producer has coordinates (0, 0 means unknown)."""
        self.ensure_one()
        return bool(self.latitude or self.longitude)

    def _dmfg_state_labels(self):
        """``{state: translated label}`` of the producer statuses."""
        return dict(self._fields["state"]._description_selection(self.env))

    def _dmfg_check_transition(self, new_state):
        """Raise a UserError if a producer cannot move to ``new_state``."""
        labels = self._dmfg_state_labels()
        if new_state not in labels:
            raise UserError(
                self.env._("Unknown producer status: %(state)s", state=new_state)
            )
        for producer in self:
            if producer.state == new_state:
                continue
            if new_state not in ALLOWED_TRANSITIONS[producer.state]:
                raise UserError(
                    self.env._(
                        "Producer %(name)s cannot go from %(old)s to %(new)s.",
                        name=producer.display_name,
                        old=labels[producer.state],
                        new=labels[new_state],
                    )
                )

    def _dmfg_change_state(self, new_state, reason):
        """Move the producers to ``new_state`` and log ``reason`` in the chatter."""
        reason = self.env["dmfg.input"]._dmfg_text(
            reason,
            self.env._("The reason"),
            max_length=MAX_REASON_LENGTH,
            missing=self.env._("Give a reason for the status change."),
        )
        labels = self._dmfg_state_labels()
        moving = self.filtered(lambda p: p.state != new_state)
        old_states = {producer.id: producer.state for producer in moving}
        moving.write({"state": new_state})
        for producer in moving:
            producer.message_post(
                body=self.env._(
                    "Status changed from %(old)s to %(new)s. Reason: %(reason)s",
                    old=labels[old_states[producer.id]],
                    new=labels[new_state],
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return moving

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

    # Managed stock location -------------------------------------------

    def _dmfg_ensure_location(self):
        """Create the managed stock location of producers that lack one."""
        todo = self.filtered(lambda p: not p.location_id)
        if not todo:
            return
        todo.check_access("write")
        # Locations, the subcontracting rules they copy and the partner's
        # company-dependent property are stock-manager matters; the producer
        # write access checked above is what entitles the user to them: sudo
        # right after it.
        stock_env = todo.sudo().env
        for company, producers in todo.grouped("company_id").items():
            parent = stock_env["stock.warehouse"]._dmfg_get_producer_parent_location(
                company
            )
            locations = stock_env["stock.location"].create(
                [producer._prepare_location_values(parent) for producer in producers]
            )
            for producer, location in zip(producers, locations, strict=True):
                producer.location_id = location
                producer.partner_id.with_env(stock_env).with_company(
                    company
                ).property_stock_subcontractor = location

    def _prepare_location_values(self, parent):
        self.ensure_one()
        return {
            "name": self.name,
            "usage": "internal",
            "location_id": parent.id,
            "company_id": self.company_id.id,
            "is_subcontracting_location": True,
        }

    # Radius search ----------------------------------------------------

    @api.model
    def _dmfg_search_near(self, lat, lon, radius_km, domain=None, limit=None):
        """Producers within ``radius_km`` km of a point, nearest first.

        Returns ``[(producer_id, distance_km), ...]``, ascending by distance
        then id. One query: the bounding box of the circle filters on the
        indexed latitude/longitude columns, then the exact geodesic distance
        decides. Producers without coordinates are never returned.
        """
        try:
            box = geo.bounding_box(lat, lon, radius_km)
        except ValueError as error:
            raise UserError(str(error)) from error
        lon_domain = expression.OR(
            [
                [("longitude", ">=", low), ("longitude", "<=", high)]
                for low, high in box.lon_ranges()
            ]
        )
        search_domain = expression.AND(
            [
                domain or [],
                [("latitude", ">=", box.min_lat), ("latitude", "<=", box.max_lat)],
                lon_domain,
            ]
        )
        rows = self.search_read(search_domain, ["latitude", "longitude"], order="id")
        points = [
            geo.GeoPoint(row["id"], row["latitude"], row["longitude"])
            for row in rows
            if row["latitude"] or row["longitude"]
        ]
        if limit and len(points) > limit:
            # Only the nearest are wanted: rank by the cheap haversine first
            # (within 0.5 % of geodesic) and keep a margin before the exact pass.
            points.sort(key=lambda p: (geo.haversine_km(lat, lon, p.lat, p.lon), p.key))
            points = points[: 2 * limit + 10]
            return geo.within_radius(lat, lon, points, radius_km)[:limit]
        return geo.within_radius(lat, lon, points, radius_km)

    @api.model
    def search_near(self, latitude, longitude, radius_km, domain=None):
        """Producers within ``radius_km`` km of a point, for integrators.

        Returns ``[{"id": producer_id, "distance_km": km}, ...]``, nearest
        first, among the producers the caller can read (XML-RPC friendly
        version of :meth:`_dmfg_search_near`). ``domain``: an optional search
        domain on producers.
        """
        inputs = self.env["dmfg.input"]
        latitude = inputs._dmfg_number(
            latitude, self.env._("The latitude"), minimum=-90, maximum=90
        )
        longitude = inputs._dmfg_number(
            longitude, self.env._("The longitude"), minimum=-180, maximum=180
        )
        radius_km = inputs._dmfg_number(
            radius_km,
            self.env._("The radius (km)"),
            minimum=0,
            maximum=geo.MAX_DISTANCE_KM,
        )
        domain = self._dmfg_check_domain(domain)
        try:
            # A domain well formed but with values of the wrong type only
            # fails in PostgreSQL: roll back to here and say so.
            with self.env.cr.savepoint():
                found = self._dmfg_search_near(
                    latitude, longitude, radius_km, domain=domain
                )
        except psycopg2.DataError as error:
            raise UserError(
                self.env._(
                    "The search domain is not valid: %(domain)s",
                    domain=parsing.shorten(domain, width=200),
                )
            ) from error
        return [
            {"id": producer_id, "distance_km": round(distance, 3)}
            for producer_id, distance in found
        ]

    @api.model
    def _dmfg_check_domain(self, domain):
        """``domain`` as a list of valid terms on producers, else UserError."""
        if domain is None or domain is False or domain in ([], ()):
            return []
        message = self.env._(
            "The search domain is not valid: %(domain)s",
            domain=parsing.shorten(domain, width=200),
        )
        if not isinstance(domain, list | tuple):
            raise UserError(message)
        try:
            self._where_calc(list(domain))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
            raise UserError(message) from error
        return list(domain)

    def get_free_capacity(self, date_from, date_to):
        """Free production hours per producer in a window, for integrators.

        Dates are ``YYYY-MM-DD`` strings, both included, the window at most
        :data:`MAX_WINDOW_DAYS` days. Returns ``{"<producer_id>": hours}``
        (string keys, as XML-RPC requires).
        """
        self.check_access("read")
        inputs = self.env["dmfg.input"]
        date_from = inputs._dmfg_date(date_from, self.env._("The first day"))
        span = timedelta(days=MAX_WINDOW_DAYS - 1)
        date_to = inputs._dmfg_date(
            date_to,
            self.env._("The last day"),
            minimum=date_from,
            maximum=min(date_from, date.max - span) + span,
        )
        free = self._get_free_capacity(date_from, date_to)
        return {str(producer_id): hours for producer_id, hours in free.items()}

    # Capacity ---------------------------------------------------------

    def _get_load_hours(self, date_from, date_to):
        """Hours of open work planned in the window, ``{producer_id: hours}``.

        Open jobs (offered to the producer up to produced) count with their
        whole load when they are due by the end of the window: one grouped
        query for all producers.
        """
        due = [
            "|",
            ("date_due", "=", False),
            ("date_due", "<=", self._dmfg_to_date(date_to)),
        ]
        return self._dmfg_open_job_totals("load_hours:sum", 0.0, due)

    def _get_open_job_counts(self):
        """Open jobs per producer, ``{producer_id: count}`` (one query)."""
        return self._dmfg_open_job_totals("__count", 0)

    def _dmfg_open_job_totals(self, aggregate, zero, domain=()):
        """``{producer_id: aggregate}`` over the producers' open jobs."""
        totals = {producer.id: zero for producer in self}
        if not self.ids:
            return totals
        # sudo: a producer's load counts its jobs of every company (its
        # capacity is physical); only totals per producer come out.
        groups = (
            self.env["dmfg.job"]
            .sudo()
            ._read_group(
                [
                    ("producer_id", "in", self.ids),
                    ("state", "in", ("offered", "accepted", "in_progress", "produced")),
                    *domain,
                ],
                ["producer_id"],
                [aggregate],
            )
        )
        for producer, value in groups:
            # A sum over jobs without hours (made through the API) is None.
            totals[producer.id] = value or zero
        return totals

    def _get_free_capacity(self, date_from, date_to):
        """Free production hours per producer in a window of days.

        ``date_from`` and ``date_to`` are dates (or date strings), both
        included. Returns ``{producer_id: free_hours}``, never negative.
        The number of queries does not depend on the number of producers.
        """
        results = self._dmfg_capacity_results(date_from, date_to)
        return {key: result.free_hours for key, result in results.items()}

    def _dmfg_capacity_results(self, date_from, date_to):
        """``{producer_id: services.capacity.CapacityResult}`` for a window."""
        date_from = self._dmfg_to_date(date_from)
        date_to = self._dmfg_to_date(date_to)
        try:
            capacity_service.check_window(date_from, date_to)
        except ValueError as error:
            raise UserError(str(error)) from error
        profiles = self._dmfg_to_capacity_profiles(date_from, date_to)
        loads = self._get_load_hours(date_from, date_to)
        return capacity_service.free_capacity(profiles, date_from, date_to, loads)

    @api.model
    def _dmfg_to_date(self, value):
        # Also takes dates and datetimes (truncated).
        return self.env["dmfg.input"]._dmfg_date(value, self.env._("The date"))

    def _dmfg_to_capacity_profiles(self, date_from, date_to):
        """Map the producers to capacity profiles, in a few batch queries.

        With the caller's rights: network users read calendars, public
        holidays and blackout days; routing and the portal pass producers
        read as superuser.
        """
        calendars = self.resource_calendar_id
        attendances = self._dmfg_read_attendances(calendars)
        blackouts = self._dmfg_read_blackout_days(date_from, date_to)
        holidays = self._dmfg_read_calendar_leave_days(calendars, date_from, date_to)
        return [
            capacity_service.CapacityProfile(
                key=producer.id,
                attendances=attendances.get(producer.resource_calendar_id.id, ()),
                hours_per_day=producer.capacity_hours_per_day,
                blackout_days=frozenset(
                    blackouts.get(producer.id, set())
                    | holidays.get(producer.resource_calendar_id.id, set())
                ),
            )
            for producer in self
        ]

    @api.model
    def _dmfg_read_attendances(self, calendars):
        """``{calendar_id: (Attendance, ...)}`` in one query."""
        rows = self.env["resource.calendar.attendance"].search_read(
            [
                ("calendar_id", "in", calendars.ids),
                ("resource_id", "=", False),
                ("display_type", "=", False),
                ("day_period", "!=", "lunch"),
            ],
            [
                "calendar_id",
                "dayofweek",
                "hour_from",
                "hour_to",
                "week_type",
                "date_from",
                "date_to",
                "two_weeks_calendar",
            ],
        )
        result = {}
        for row in rows:
            week_type = row["week_type"] if row["two_weeks_calendar"] else False
            result.setdefault(row["calendar_id"][0], []).append(
                capacity_service.Attendance(
                    weekday=int(row["dayofweek"]),
                    hours=max(row["hour_to"] - row["hour_from"], 0.0),
                    week_type=int(week_type) if week_type else None,
                    date_from=row["date_from"] or None,
                    date_to=row["date_to"] or None,
                )
            )
        return {key: tuple(values) for key, values in result.items()}

    def _dmfg_read_blackout_days(self, date_from, date_to):
        """``{producer_id: {date, ...}}`` of blackout days in the window."""
        rows = self.env["dmfg.producer.blackout"].search_read(
            [
                ("producer_id", "in", self.ids),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ],
            ["producer_id", "date_from", "date_to"],
        )
        result = {}
        for row in rows:
            days = capacity_service.iter_days(
                max(row["date_from"], date_from), min(row["date_to"], date_to)
            )
            result.setdefault(row["producer_id"][0], set()).update(days)
        return result

    @api.model
    def _dmfg_read_calendar_leave_days(self, calendars, date_from, date_to):
        """``{calendar_id: {date, ...}}`` of the calendars' public holidays.

        Leaves without a resource close the whole calendar; their local
        dates (in the calendar's time zone) are blackout days.
        """
        rows = self.env["resource.calendar.leaves"].search_read(
            [
                ("calendar_id", "in", calendars.ids),
                ("resource_id", "=", False),
                ("time_type", "=", "leave"),
                ("date_from", "<", datetime.combine(date_to, datetime.max.time())),
                (
                    "date_to",
                    ">",
                    datetime.combine(date_from, datetime.min.time())
                    - timedelta(days=1),
                ),
            ],
            ["calendar_id", "date_from", "date_to"],
        )
        zones = {calendar.id: calendar.tz for calendar in calendars}
        result = {}
        for row in rows:
            calendar_id = row["calendar_id"][0]
            tz = pytz.timezone(zones.get(calendar_id) or "UTC")
            start, end = (
                pytz.utc.localize(value).astimezone(tz).replace(tzinfo=None)
                for value in (row["date_from"], row["date_to"])
            )
            result.setdefault(calendar_id, set()).update(
                capacity_service.leave_days(start, end)
            )
        return result

    # ------------------------------------------------------------------
    # Design library (issue #4). Maintained with models/dmfg_design.py:
    # the designs this producer may make, i.e. the reverse of
    # dmfg.design.allowed_producer_ids (sharing rules live in
    # services/design_sharing.py).
    # ------------------------------------------------------------------
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

    # End of the design library block (issue #4).

    # ------------------------------------------------------------------
    # Managed inventory and replenishment (issue #6). Maintained with
    # models/dmfg_supply.py (batch reads, replenishment run) and
    # models/stock_warehouse_orderpoint.py (producer reordering rules).
    # ------------------------------------------------------------------
    dmfg_orderpoint_ids = fields.One2many(
        "stock.warehouse.orderpoint",
        "dmfg_producer_id",
        string="Reordering rules",
        help="Minimum and maximum stock of the producer's usual components at "
        "its managed location. Replenish now, or let the scheduler do it: a "
        "resupply transfer from the central warehouse or a purchase from the "
        "vendor nearest to the producer, as the component's supply mode says.",
    )

    def action_count_stock(self):
        """Open Odoo's inventory adjustments on the producer's location."""
        self.ensure_one()
        # Opening them already tidies the quants (Odoo merges and removes
        # empty ones): for inventory users only, as the button says.
        if not self.env.su and not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(
                self.env._("Only inventory users may count the stock at producers.")
            )
        if not self.location_id:
            raise UserError(
                self.env._(
                    "%(producer)s has no stock location yet: start its trial or "
                    "activate it first.",
                    producer=self.display_name,
                )
            )
        action = self.env["stock.quant"].action_view_inventory()
        action.update(
            {
                "name": self.env._("Count stock at %(producer)s", producer=self.name),
                "domain": [("location_id", "=", self.location_id.id)],
                "context": {
                    **action.get("context", {}),
                    "default_location_id": self.location_id.id,
                    "search_default_my_count": False,
                },
            }
        )
        return action

    def action_replenish(self):
        """Button: replenish the producer now and say what was ordered."""
        summary = self.replenish()
        lines = [
            f"{line['qty']:g} {line['uom']} {line['product']}"
            for line in summary["ordered"]
        ]
        if lines:
            message = self.env._("Ordered: %(lines)s.", lines=", ".join(lines))
        else:
            message = self.env._("Nothing to order: the stock is above the minimums.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Replenishment"),
                "message": message,
                "type": "success" if lines else "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def replenish(self):
        """Run the reordering rules of these producers only, now.

        For integrators (XML-RPC): the producers' rules below their minimum
        order up to their maximum (resupply transfers from the central
        warehouse or purchases from the vendor nearest to each producer).
        Returns ``{"producer_ids", "rules", "ordered": [{"rule_id",
        "producer_id", "product_id", "product", "qty", "uom"}], "failed",
        "purchase_order_ids", "picking_ids"}``; nothing is ordered when a rule
        cannot be supplied (UserError naming it).
        """
        self._dmfg_check_replenish_access()
        if not self:
            raise UserError(self.env._("Give at least one producer to replenish."))
        # Managers read the producers' reordering rules (ACL and rules).
        orderpoints = self.env["stock.warehouse.orderpoint"].search(
            [("dmfg_producer_id", "in", self.ids)]
        )
        return self.env["dmfg.supply"]._dmfg_replenish(orderpoints)

    def get_stock(self):
        """Stock held at each producer's managed location, for integrators.

        Returns ``{"<producer_id>": [{"product_id", "product", "quantity",
        "reserved", "uom", "value"}]}`` (string keys, as XML-RPC requires);
        ``value`` (company currency) only for network managers, else False.
        """
        self.check_access("read")
        manager = self.env.su or self.env.user.has_group(
            "distributed_mfg.group_dmfg_manager"
        )
        stock = self.env["dmfg.supply"]._dmfg_stock_by_producer(
            self, with_value=manager
        )
        return {str(key): lines for key, lines in stock.items()}

    def _dmfg_check_replenish_access(self):
        if not self.env.su and not self.env.user.has_group(
            "distributed_mfg.group_dmfg_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only Distributed Manufacturing managers may replenish producers."
                )
            )
        self.check_access("read")

    # End of the managed inventory block (issue #6).
