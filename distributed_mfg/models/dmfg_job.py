# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import date as date_type
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare, float_is_zero

from ..services import capacity as capacity_service
from ..services import design_sharing, geo, routing

JOB_STATES = [
    ("unassigned", "Unassigned"),
    ("offered", "Offered"),
    ("accepted", "Accepted"),
    ("in_progress", "In production"),
    ("produced", "Produced"),
    ("done", "Delivered"),
    ("cancel", "Cancelled"),
]
# Jobs that hold a producer's capacity.
OPEN_STATES = ("offered", "accepted", "in_progress", "produced")
# Jobs whose producer may still be changed.
MOVABLE_STATES = ("unassigned", "offered", "accepted")
# Latest promised ready date: the due date plus this many days (Settings).
PARAM_PROMISED_MAX_DAYS = "distributed_mfg.promised_max_days"
DEFAULT_PROMISED_MAX_DAYS = 60
# Farthest due date routing plans for (capacity is counted day by day), in
# days from today; also the bound of the delivery window setting.
MAX_DUE_DAYS = 731
# Most producers routing ranks per order line (bound of the setting).
MAX_CANDIDATES = 10000
# Longest texts producers and planners type: reasons, carriers, lot numbers.
MAX_REASON_LENGTH = 2000
MAX_REFERENCE_LENGTH = 200
# States in which the producer sees the customer's delivery address and contact.
ADDRESS_STATES = ("accepted", "in_progress", "produced", "done")
# Fields outside the producer's whitelist (README, "Privacy") carry this group:
# the ORM refuses them to portal users and to salespeople, through every API.
PLANNER_GROUP = "distributed_mfg.group_dmfg_user"
# About 1 km: the customer's point as a producer sees it before accepting.
AREA_DIGITS = 2


class DmfgJob(models.Model):
    _name = "dmfg.job"
    _description = "Production job"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda s: s.env.company
    )
    state = fields.Selection(
        JOB_STATES,
        string="Status",
        required=True,
        default="unassigned",
        tracking=True,
        index=True,
        copy=False,
        help="Unassigned: no producer could take it, a planner must assign it. "
        "Offered: routed to a producer. Accepted, In production, Produced: the "
        "producer's progress. Delivered: the producer shipped it to the customer.",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sale order line",
        index=True,
        ondelete="cascade",
        readonly=True,
        check_company=True,
        groups=PLANNER_GROUP,
    )
    sale_order_id = fields.Many2one(
        related="sale_line_id.order_id",
        store=True,
        index=True,
        string="Sale order",
        groups=PLANNER_GROUP,
    )
    partner_shipping_id = fields.Many2one(
        "res.partner",
        string="Customer delivery address",
        required=True,
        readonly=True,
        check_company=True,
        help="Where the producer ships the goods.",
        groups=PLANNER_GROUP,
    )
    customer_city = fields.Char(
        related="partner_shipping_id.city",
        string="Customer town",
        help="The town of the delivery address: all a producer knows of the "
        "customer's place until it accepts the job.",
    )
    customer_area_latitude = fields.Float(
        string="Customer area latitude",
        digits=(10, AREA_DIGITS),
        compute="_compute_customer_area",
        compute_sudo=True,
        help="The customer's latitude rounded to about 1 km, as producers see it.",
    )
    customer_area_longitude = fields.Float(
        string="Customer area longitude",
        digits=(10, AREA_DIGITS),
        compute="_compute_customer_area",
        compute_sudo=True,
        help="The customer's longitude rounded to about 1 km, as producers see it.",
    )
    producer_currency_id = fields.Many2one(
        "res.currency",
        string="Producer's currency",
        compute="_compute_producer_price",
        compute_sudo=True,
    )
    producer_price_unit = fields.Monetary(
        string="Price per unit",
        currency_field="producer_currency_id",
        compute="_compute_producer_price",
        compute_sudo=True,
        help="What the company pays the producer per unit, from the purchase "
        "order made for the job.",
    )
    producer_price_total = fields.Monetary(
        string="Price",
        currency_field="producer_currency_id",
        compute="_compute_producer_price",
        compute_sudo=True,
        help="What the company pays the producer for the job, before taxes.",
    )
    delivery_address = fields.Text(
        compute="_compute_delivery_address",
        compute_sudo=True,
        help="The customer's delivery address and contact, for shipping: shown "
        "to the producer only once it has accepted the job.",
    )
    customer_latitude = fields.Float(
        digits=(10, 7), readonly=True, groups=PLANNER_GROUP
    )
    customer_longitude = fields.Float(
        digits=(10, 7), readonly=True, groups=PLANNER_GROUP
    )
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, check_company=True
    )
    product_qty = fields.Float(
        string="Quantity", digits="Product Unit of Measure", readonly=True
    )
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    custom_values = fields.Text(
        string="Customisation",
        readonly=True,
        help="The customer's choices for this order line (variant and custom "
        "values such as an engraving text), copied from the sale line.",
    )
    design_id = fields.Many2one(
        "dmfg.design", readonly=True, index=True, check_company=True
    )
    revision_id = fields.Many2one(
        "dmfg.design.revision",
        string="Design revision",
        readonly=True,
        check_company=True,
        help="The design revision current when the job was routed; a later "
        "release does not change it.",
    )
    producer_id = fields.Many2one(
        "dmfg.producer", index=True, tracking=True, readonly=True, check_company=True
    )
    producer_partner_id = fields.Many2one(related="producer_id.partner_id")
    load_hours = fields.Float(
        string="Load (hours)",
        readonly=True,
        help="Production hours the job takes: the product's hours per unit "
        "times the quantity.",
    )
    date_due = fields.Date(
        string="Due date", readonly=True, help="When the customer expects it."
    )
    date_ready = fields.Date(
        string="Estimated ready date",
        readonly=True,
        help="When the producer is expected to have it made, from its queue, "
        "calendar and blackout days.",
    )
    distance_km = fields.Float(
        string="Distance (km)", digits=(16, 1), readonly=True, aggregator="avg"
    )
    score = fields.Float(
        digits=(16, 4),
        readonly=True,
        help="Routing score of the producer, lower is better (0 to 1).",
        groups=PLANNER_GROUP,
    )
    runner_up_id = fields.Many2one(
        "dmfg.producer",
        string="Runner-up",
        readonly=True,
        check_company=True,
        groups=PLANNER_GROUP,
    )
    runner_up_score = fields.Float(digits=(16, 4), readonly=True, groups=PLANNER_GROUP)
    routing_summary = fields.Char(readonly=True, groups=PLANNER_GROUP)
    routing_result = fields.Json(readonly=True, copy=False, groups=PLANNER_GROUP)
    routing_html = fields.Html(
        string="Why this producer",
        compute="_compute_routing_html",
        sanitize=False,
        help="The score breakdown of the ranked producers and the reason each "
        "other producer was excluded.",
        groups=PLANNER_GROUP,
    )
    date_promised = fields.Date(
        string="Promised ready date",
        readonly=True,
        tracking=True,
        help="The date the producer promised when accepting the job.",
    )
    qty_produced = fields.Float(
        string="Produced quantity",
        digits="Product Unit of Measure",
        readonly=True,
        tracking=True,
    )
    lot_name = fields.Char(
        string="Lot/serial",
        readonly=True,
        help="Lot or serial number given by the producer for tracked products.",
    )
    carrier_name = fields.Char(string="Carrier", readonly=True, tracking=True)
    tracking_ref = fields.Char(
        string="Tracking reference", readonly=True, tracking=True
    )
    declined_producer_ids = fields.Many2many(
        "dmfg.producer",
        "dmfg_job_declined_producer_rel",
        "job_id",
        "producer_id",
        string="Declined by",
        readonly=True,
        check_company=True,
        help="Producers that declined the job; routing skips them.",
        groups=PLANNER_GROUP,
    )
    procurement_group_id = fields.Many2one(
        "procurement.group", readonly=True, copy=False, groups=PLANNER_GROUP
    )
    purchase_order_id = fields.Many2one(
        "purchase.order",
        string="Purchase order",
        readonly=True,
        copy=False,
        check_company=True,
        help="The order to the producer for this job.",
        groups=PLANNER_GROUP,
    )
    picking_ids = fields.Many2many(
        "stock.picking",
        compute="_compute_documents",
        string="Transfers",
        groups=PLANNER_GROUP,
    )
    production_ids = fields.Many2many(
        "mrp.production",
        compute="_compute_documents",
        string="Manufacturing orders",
        groups=PLANNER_GROUP,
    )
    picking_count = fields.Integer(compute="_compute_documents", groups=PLANNER_GROUP)
    production_count = fields.Integer(
        compute="_compute_documents", groups=PLANNER_GROUP
    )

    # ------------------------------------------------------------ computes

    @api.depends("purchase_order_id.picking_ids")
    def _compute_documents(self):
        for job in self:
            pickings = job.purchase_order_id.picking_ids
            job.picking_ids = pickings
            job.production_ids = pickings.move_ids.move_orig_ids.production_id
            job.picking_count = len(pickings)
            job.production_count = len(job.production_ids)

    @api.depends("customer_latitude", "customer_longitude")
    def _compute_customer_area(self):
        for job in self:
            job.customer_area_latitude = round(job.customer_latitude, AREA_DIGITS)
            job.customer_area_longitude = round(job.customer_longitude, AREA_DIGITS)

    @api.depends("purchase_order_id.order_line.price_unit", "product_id")
    def _compute_producer_price(self):
        for job in self:
            line = job.purchase_order_id.order_line.filtered(
                lambda pol, job=job: pol.product_id == job.product_id
            )[:1]
            job.producer_currency_id = line.currency_id or job.company_id.currency_id
            job.producer_price_unit = line.price_unit
            job.producer_price_total = line.price_subtotal

    @api.depends("state", "partner_shipping_id")
    def _compute_delivery_address(self):
        for job in self:
            partner = job.partner_shipping_id
            if job.state not in ADDRESS_STATES or not partner:
                job.delivery_address = False
                continue
            lines = [partner.name or partner.commercial_partner_id.name or ""]
            lines.append(partner._display_address(without_company=True))
            lines += [value for value in (partner.phone, partner.email) if value]
            job.delivery_address = "\n".join(line for line in lines if line).strip()

    @api.depends("routing_result")
    def _compute_routing_html(self):
        for job in self:
            job.routing_html = self._dmfg_render_routing(job.routing_result or {})

    # ---------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dmfg.job") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------------- actions

    def action_view_purchase(self):
        self.ensure_one()
        return self.purchase_order_id.get_formview_action()

    def action_view_pickings(self):
        self.ensure_one()
        return self._dmfg_list_action("stock.action_picking_tree_all", self.picking_ids)

    def action_view_productions(self):
        self.ensure_one()
        return self._dmfg_list_action("mrp.mrp_production_action", self.production_ids)

    def _dmfg_list_action(self, xmlid, records):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", records.ids)]
        return action

    def action_open_assign_wizard(self):
        """Open the ranked candidates to assign or move the job by hand."""
        self.ensure_one()
        self._dmfg_check_planner()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign a producer"),
            "res_model": "dmfg.job.assign",
            "view_mode": "form",
            "target": "new",
            "context": {"default_job_id": self.id},
        }

    def action_reroute(self):
        """Route the job again, from scratch, to the best producer now."""
        for job in self._dmfg_check_planner():
            job._dmfg_check_movable()
            job._dmfg_route_and_assign(
                reason=self.env._("Routed again by %(user)s.", user=self.env.user.name)
            )
        return True

    # ---------------------------------------------------- public API (RPC)

    @api.model
    def preview_routing(
        self,
        product_id,
        qty,
        partner_id=False,
        latitude=False,
        longitude=False,
        date=False,
    ):
        """Rank the producers for a possible order, without creating anything.

        ``product_id``: product.product id; ``qty`` > 0; the customer is either
        ``partner_id`` (a res.partner with coordinates, located if needed) or
        ``latitude``/``longitude``; ``date``: due date (ISO string), default
        the configured delivery window. Returns the routing result as plain
        dicts and lists: ``chosen``, ``runner_up``, ``ranked`` (with each
        criterion's breakdown) and ``excluded`` (with reasons).
        """
        self._dmfg_check_user()
        inputs = self.env["dmfg.input"]
        product = (
            self.env["product.product"]
            .browse(inputs._dmfg_record_id(product_id, self.env._("The product id")))
            .exists()
        )
        if not product:
            raise UserError(self.env._("Unknown product id: %(id)s.", id=product_id))
        qty = inputs._dmfg_number(
            qty,
            self.env._("The quantity"),
            strict=True,
            rounding=product.uom_id.rounding,
        )
        if partner_id is not False and partner_id is not None:
            partner = (
                self.env["res.partner"]
                .browse(
                    inputs._dmfg_record_id(partner_id, self.env._("The customer id"))
                )
                .exists()
            )
            if not partner:
                raise UserError(
                    self.env._("Unknown customer id: %(id)s.", id=partner_id)
                )
            lat, lon = self._dmfg_customer_point(partner, store=False)
        else:
            lat, lon = self._dmfg_check_point(latitude, longitude)
        due = self._dmfg_due_date(date)
        # A preview ranks the network of the user's current company. sudo:
        # right after the user check; ranking only reads (BoMs, vendors'
        # prices, stock at producers), which a network user may not have the
        # Manufacturing or Inventory rights to do.
        ranker = self.sudo()
        result = ranker._dmfg_rank(
            product.with_env(ranker.env), qty, lat, lon, due, self.env.company
        )
        return result.to_dict()

    def action_reassign(self, producer_id, reason):
        """Move the job to ``producer_id`` (a dmfg.producer id), with a reason.

        Cancels the documents made for the previous producer and makes new
        ones. Returns True.
        """
        jobs = self._dmfg_check_planner()
        inputs = self.env["dmfg.input"]
        producer = (
            self.env["dmfg.producer"]
            .browse(inputs._dmfg_record_id(producer_id, self.env._("The producer id")))
            .exists()
        )
        if not producer:
            raise UserError(self.env._("Unknown producer id: %(id)s.", id=producer_id))
        reason = inputs._dmfg_text(
            reason,
            self.env._("The reason"),
            max_length=MAX_REASON_LENGTH,
            missing=self.env._("Give a reason to reassign the job."),
        )
        for job in jobs:
            job._dmfg_check_movable()
            result = job._dmfg_rank_for_job()
            entry = next(
                (s for s in result.ranked if s.producer_key == producer.id), None
            )
            if entry is None:
                excluded = next(
                    (e for e in result.excluded if e.producer_key == producer.id),
                    None,
                )
                if excluded:
                    why = excluded.message
                elif producer.with_env(job.env).company_id != job.company_id:
                    why = self.env._("it belongs to another company's network.")
                else:
                    why = self.env._("it is out of reach of the customer.")
                raise UserError(
                    self.env._(
                        "%(producer)s cannot take job %(job)s: %(why)s",
                        producer=producer.display_name,
                        job=job.name,
                        why=why,
                    )
                )
            job._dmfg_assign(
                result,
                entry,
                reason=self.env._(
                    "Reassigned by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                ),
            )
        return True

    def action_accept(self, date_promised):
        """The producer accepts the offered job and promises a ready date.

        ``date_promised``: ``YYYY-MM-DD``, from today to the job's due date
        plus the days the Settings allow (60 by default).
        """
        jobs = self._dmfg_check_actor()
        promised = self.env["dmfg.input"]._dmfg_date(
            date_promised,
            self.env._("The promised date"),
            minimum=fields.Date.context_today(self),
            missing=self.env._("Give the promised ready date."),
        )
        for job in jobs:
            job._dmfg_check_state("offered", self.env._("accepted"))
            job._dmfg_check_promised_date(promised)
            if job.supply_state == "waiting" or not job.purchase_order_id:
                raise UserError(
                    self.env._(
                        "Job %(job)s is waiting for components: it can be "
                        "accepted once they are on their way to you.",
                        job=job.name,
                    )
                )
            job.write({"state": "accepted", "date_promised": promised})
            job._dmfg_log(self.env._("Accepted, promised for %(date)s.", date=promised))
        return True

    def action_start(self):
        """The producer starts making the accepted job."""
        jobs = self._dmfg_check_actor()
        for job in jobs:
            job._dmfg_check_state("accepted", self.env._("started"))
            job.write({"state": "in_progress"})
            job._dmfg_log(self.env._("Production started."))
        return True

    def action_mark_produced(self, qty, lot_name=False):
        """The producer made ``qty`` units (with a lot/serial when tracked).

        ``qty``: more than 0, at most the job's quantity and at least the
        rounding of its unit.
        """
        jobs = self._dmfg_check_actor()
        inputs = self.env["dmfg.input"]
        lot_name = inputs._dmfg_text(
            lot_name,
            self.env._("The lot or serial number"),
            max_length=MAX_REFERENCE_LENGTH,
            required=False,
        )
        for job in jobs:
            job._dmfg_check_state("in_progress", self.env._("marked produced"))
            produced = inputs._dmfg_number(
                qty,
                self.env._("The produced quantity"),
                strict=True,
                maximum=job.product_qty,
                rounding=job.product_uom_id.rounding,
            )
            if job.product_id.tracking != "none" and not lot_name:
                raise UserError(
                    self.env._(
                        "%(product)s is tracked: give the lot or serial number.",
                        product=job.product_id.display_name,
                    )
                )
            job.write(
                {"state": "produced", "qty_produced": produced, "lot_name": lot_name}
            )
            job._dmfg_log(
                self.env._(
                    "Produced %(qty)s %(uom)s.",
                    qty=produced,
                    uom=job.product_uom_id.name,
                )
            )
        return True

    def action_ship(self, carrier_name, tracking_ref):
        """The producer ships to the customer: validates the dropship transfer."""
        jobs = self._dmfg_check_actor()
        inputs = self.env["dmfg.input"]
        carrier_name, tracking_ref = (
            inputs._dmfg_text(
                value, label, max_length=MAX_REFERENCE_LENGTH, required=False
            )
            for value, label in (
                (carrier_name, self.env._("The carrier")),
                (tracking_ref, self.env._("The tracking reference")),
            )
        )
        if not carrier_name or not tracking_ref:
            raise UserError(
                self.env._("Give the carrier and the tracking reference to ship.")
            )
        for job in jobs:
            job._dmfg_check_state("produced", self.env._("shipped"))
            job._dmfg_validate_dropship()
            job.write(
                {
                    "state": "done",
                    "carrier_name": carrier_name,
                    "tracking_ref": tracking_ref,
                }
            )
            job._dmfg_log(
                self.env._(
                    "Shipped with %(carrier)s, tracking %(ref)s.",
                    carrier=carrier_name,
                    ref=tracking_ref,
                )
            )
        return True

    def action_decline(self, reason):
        """The producer declines: the job moves to the next-best producer.

        ``reason`` is required. Returns True.
        """
        jobs = self._dmfg_check_actor()
        reason = self.env["dmfg.input"]._dmfg_text(
            reason,
            self.env._("The reason"),
            max_length=MAX_REASON_LENGTH,
            missing=self.env._("Give a reason to decline the job."),
        )
        for job in jobs:
            if job.state != "offered":
                raise UserError(
                    self.env._(
                        "Job %(job)s can only be declined while it is offered.",
                        job=job.name,
                    )
                )
            producer = job.producer_id
            job.declined_producer_ids = [fields.Command.link(producer.id)]
            job._dmfg_route_and_assign(
                reason=self.env._(
                    "%(producer)s declined: %(reason)s",
                    producer=producer.display_name,
                    reason=reason,
                )
            )
        return True

    # ------------------------------------------------------ access helpers

    def _dmfg_check_user(self):
        if not self.env.user.has_group("distributed_mfg.group_dmfg_user"):
            raise AccessError(
                self.env._("Only Distributed Manufacturing users may preview routing.")
            )

    def _dmfg_check_planner(self):
        """Only the network's managers assign or move jobs; returns the jobs to
        act on, as superuser (their documents are the company's)."""
        if not self.env.su and not self.env.user.has_group(
            "distributed_mfg.group_dmfg_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only Distributed Manufacturing managers may assign or move jobs."
                )
            )
        # sudo: right after the manager check above.
        return self.sudo()

    def _dmfg_check_actor(self):
        """Who may move a job forward: a manager, or the producer's own users.

        Returns the jobs to act on: as superuser, since producers (portal) have
        no write right on jobs and moving a job drives the company's purchase,
        manufacturing and stock documents.
        """
        # sudo: the producer of a job is compared below, before anything else.
        jobs = self.sudo()
        if self.env.su or self.env.user.has_group("distributed_mfg.group_dmfg_manager"):
            return jobs
        partner = self.env.user.partner_id.commercial_partner_id
        for job in jobs:
            if job.producer_id.partner_id.commercial_partner_id != partner:
                raise AccessError(
                    self.env._("Job %(job)s is not one of your jobs.", job=job.name)
                )
        return jobs

    def _dmfg_check_state(self, expected, verb):
        self.ensure_one()
        if self.state != expected:
            raise UserError(
                self.env._(
                    "Job %(job)s is %(state)s: it cannot be %(verb)s now.",
                    job=self.name,
                    state=dict(JOB_STATES)[self.state],
                    verb=verb,
                )
            )

    def _dmfg_check_promised_date(self, promised):
        """Refuse a promised date later than the due date plus the days the
        Settings allow (from today when the job has no due date)."""
        self.ensure_one()
        days = self._dmfg_promised_max_days()
        due = self.date_due or fields.Date.context_today(self)
        latest = min(due, date_type.max - timedelta(days=days)) + timedelta(days=days)
        if promised > latest:
            raise UserError(
                self.env._(
                    "The promised date %(date)s is too late for job %(job)s: "
                    "promise it at most %(days)s days after its due date "
                    "%(due)s, by %(latest)s.",
                    date=promised,
                    job=self.name,
                    days=days,
                    due=due,
                    latest=latest,
                )
            )

    @api.model
    def _dmfg_promised_max_days(self):
        return self.env["dmfg.input"]._dmfg_param_number(
            PARAM_PROMISED_MAX_DAYS,
            DEFAULT_PROMISED_MAX_DAYS,
            self.env._("The setting %(key)s", key=PARAM_PROMISED_MAX_DAYS),
            integer=True,
            minimum=0,
            maximum=3650,
        )

    def _dmfg_log(self, body):
        """A note in the job's thread, signed by the acting user (on the jobs
        returned by _dmfg_check_actor)."""
        self.message_post(
            body=body,
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )

    def _dmfg_get_lot(self):
        """The lot named by the producer for a tracked product, made if new."""
        self.ensure_one()
        if self.product_id.tracking == "none" or not self.lot_name:
            return self.env["stock.lot"]
        lot_model = self.env["stock.lot"]
        values = {
            "name": self.lot_name,
            "product_id": self.product_id.id,
            "company_id": self.company_id.id,
        }
        lot = lot_model.search(
            [(key, "=", value) for key, value in values.items()], limit=1
        )
        return lot or lot_model.create(values)

    def _dmfg_validate_dropship(self):
        """Validate the job's dropship transfer for the produced quantity."""
        self.ensure_one()
        picking = self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )[:1]
        if not picking:
            raise UserError(
                self.env._("Job %(job)s has no transfer to ship.", job=self.name)
            )
        move = picking.move_ids[:1]
        lot = self._dmfg_get_lot()
        if lot:
            # Subcontracting checks that the MO and the shipped goods carry
            # the same lot: give both the producer's one.
            production = self.production_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )[:1]
            production.lot_producing_id = lot
        move.quantity = self.qty_produced
        move.picked = True
        if lot:
            move.move_line_ids.lot_id = lot
        picking.with_context(
            skip_backorder=True, cancel_backorder=False
        ).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "The transfer %(picking)s could not be validated.",
                    picking=picking.name,
                )
            )

    def _dmfg_check_movable(self):
        self.ensure_one()
        if self.state not in MOVABLE_STATES:
            raise UserError(
                self.env._(
                    "Job %(job)s is %(state)s: it can no longer move to another "
                    "producer.",
                    job=self.name,
                    state=dict(JOB_STATES)[self.state],
                )
            )

    # --------------------------------------------------- input validation

    @api.model
    def _dmfg_check_point(self, latitude, longitude):
        inputs = self.env["dmfg.input"]
        missing = self.env._("Give the customer's latitude and longitude as numbers.")
        lat = inputs._dmfg_number(
            latitude,
            self.env._("Invalid customer coordinates: the latitude"),
            minimum=-90,
            maximum=90,
            missing=missing,
        )
        lon = inputs._dmfg_number(
            longitude,
            self.env._("Invalid customer coordinates: the longitude"),
            minimum=-180,
            maximum=180,
            missing=missing,
        )
        if not routing.has_location(lat, lon):
            raise UserError(
                self.env._(
                    "Invalid customer coordinates (%(lat)s, %(lon)s): give the "
                    "customer's point.",
                    lat=lat,
                    lon=lon,
                )
            )
        return lat, lon

    @api.model
    def _dmfg_customer_point(self, partner, store=True):
        """The partner's coordinates, geocoding it first when it has none.

        ``store``: keep the coordinates found on the partner (confirming an
        order); a routing preview only looks (``store=False``) and writes
        nothing.
        """
        lat, lon = partner.partner_latitude, partner.partner_longitude
        if not routing.has_location(lat, lon):
            if store:
                # sudo: the order's delivery address is located for the
                # company's routing, whoever confirms the order.
                partner.sudo()._dmfg_geo_locate()
                lat, lon = partner.partner_latitude, partner.partner_longitude
            else:
                result = self.env["base.geocoder"]._dmfg_geocode(
                    partner._dmfg_to_address()
                )
                if result.has_coordinates:
                    lat, lon = result.lat, result.lon
        if not routing.has_location(lat, lon):
            raise UserError(
                self.env._(
                    "The delivery address of %(partner)s (%(address)s) could not be "
                    "located: fix the address or enter its coordinates on the "
                    "contact, then confirm again.",
                    partner=partner.display_name,
                    address=partner._display_address(without_company=True).replace(
                        "\n", ", "
                    )
                    or self.env._("no address"),
                )
            )
        return lat, lon

    @api.model
    def _dmfg_due_date(self, value=False):
        """The due date ``value`` (today to :data:`MAX_DUE_DAYS` ahead), or
        today plus the default delivery window when it is empty."""
        today = fields.Date.context_today(self)
        due = self.env["dmfg.input"]._dmfg_date(
            value,
            self.env._("The due date"),
            minimum=today,
            maximum=today + timedelta(days=MAX_DUE_DAYS),
            required=False,
        )
        if due:
            return due
        days = self._dmfg_param(
            "default_due_days", 14, integer=True, minimum=1, maximum=MAX_DUE_DAYS
        )
        return today + timedelta(days=days)

    @api.model
    def _dmfg_param(self, name, default, **bounds):
        """The routing setting ``distributed_mfg.<name>``, checked."""
        key = f"distributed_mfg.{name}"
        return self.env["dmfg.input"]._dmfg_param_number(
            key, default, self.env._("The setting %(key)s", key=key), **bounds
        )

    # ------------------------------------------------- gathering and ranking

    @api.model
    def _dmfg_settings(self):
        """Routing weights and settings from the Settings page."""
        defaults = routing.Weights()
        weights = routing.Weights(
            **{
                name: self._dmfg_param(
                    f"weight_{name}", getattr(defaults, name), minimum=0
                )
                for name in routing.CRITERIA
            }
        )
        settings = routing.RoutingSettings(
            max_distance_km=self._dmfg_param(
                "max_distance_km", 150.0, minimum=0, maximum=geo.MAX_DISTANCE_KM
            ),
        )
        return weights, settings

    @api.model
    def _dmfg_rank(self, product, qty, lat, lon, due, company, exclude_producers=None):
        """Rank the producers for one demand: a ``routing.RoutingResult``.

        Only ``company``'s network is ranked, with its prices: it is passed
        explicitly, since jobs are routed as superuser (a salesperson
        confirming an order), whose ``env.companies`` say nothing of the job.
        A constant number of queries whatever the number of producers: a
        bounding-box search on indexed coordinates, then batch reads.
        """
        weights, settings = self._dmfg_settings()
        today = fields.Date.context_today(self)
        design = product.product_tmpl_id.dmfg_design_id
        bom = design.bom_id
        demand = self._dmfg_to_demand(product, qty, lat, lon, today, due, design, bom)
        producer_model = self.env["dmfg.producer"]
        radius = settings.max_distance_km or 20000.0
        # Distance dominates the score: the nearest producers in reach are the
        # candidates (setting), so routing cost does not grow with the network.
        limit = self._dmfg_param(
            "candidate_limit", 50, integer=True, minimum=1, maximum=MAX_CANDIDATES
        )
        near = producer_model._dmfg_search_near(
            lat,
            lon,
            radius,
            domain=[
                # Producers that may work; the scorer still checks trial limits.
                ("state", "in", ("active", "trial")),
                ("company_id", "=", company.id),
                ("id", "not in", (exclude_producers or producer_model).ids),
            ],
            limit=max(limit, 1),
        )
        producers = producer_model.browse([pid for pid, _dist in near])
        candidates = self._dmfg_to_candidates(
            producers, product, design, bom, today, due, company
        )
        return routing.route(demand, candidates, weights=weights, settings=settings)

    @api.model
    def _dmfg_to_demand(self, product, qty, lat, lon, today, due, design, bom):
        hours = product.product_tmpl_id.dmfg_production_hours
        components = ()
        if bom:
            factor = qty / (bom.product_qty or 1.0)
            components = tuple(
                (line.product_id.id, line.product_qty * factor)
                for line in bom.bom_line_ids
            )
        return routing.Demand(
            key=product.id,
            lat=lat,
            lon=lon,
            now=today,
            due_date=max(due, today),
            qty=qty,
            load_hours=hours * qty,
            product_key=product.id,
            design_key=design.id or None,
            process_keys=frozenset(design.process_ids.ids),
            material_keys=frozenset(design.material_ids.ids),
            process_names={p.id: p.name for p in design.process_ids},
            material_names={m.id: m.name for m in design.material_ids},
            commercial_use_required=True,
            components=components,
        )

    @api.model
    def _dmfg_to_candidates(self, producers, product, design, bom, today, due, company):
        """Map producers to ``routing.Candidate`` in batch reads."""
        if not producers:
            return []
        allowed = None
        if design:
            # Sharing scope decided for the candidates only, not the network;
            # a design of another company's network is made by none of ours.
            allowed = design_sharing.allowed_producer_ids(
                design._dmfg_to_sharing_requirements(),
                design._dmfg_to_sharing_profiles(design._dmfg_own_producers(producers)),
            )
        due = max(due, today)
        # One read of calendars and blackouts serves both the free capacity
        # until the due date and the ready date of late producers after it.
        profile_list = producers._dmfg_to_capacity_profiles(
            today, due + timedelta(days=60)
        )
        profiles = {profile.key: profile for profile in profile_list}
        loads = producers._get_load_hours(today, due)
        free = {
            key: result.free_hours
            for key, result in capacity_service.free_capacity(
                profile_list, today, due, loads
            ).items()
        }
        queue = producers._get_load_hours(today, today + timedelta(days=3650))
        open_jobs = producers._get_open_job_counts()
        prices = self._dmfg_read_prices(product, producers.partner_id, company)
        on_hand = self._dmfg_read_on_hand(bom, producers.location_id)
        commercial = bool(design.commercial_use_allowed) if design else True
        candidates = []
        for producer in producers:
            profile = profiles[producer.id]
            candidates.append(
                routing.Candidate(
                    key=producer.id,
                    name=producer.name,
                    lat=producer.latitude,
                    lon=producer.longitude,
                    free_hours=free.get(producer.id, 0.0),
                    state=producer.state,
                    open_jobs=open_jobs.get(producer.id, 0),
                    max_open_jobs=producer.max_open_jobs,
                    service_radius_km=producer.service_radius_km,
                    process_keys=frozenset(producer.process_ids.ids),
                    material_keys=frozenset(producer.material_ids.ids),
                    may_make_design=allowed is None or producer.id in allowed,
                    commercial_use_allowed=commercial,
                    hours_per_day=producer.capacity_hours_per_day,
                    queue_hours=queue.get(producer.id, 0.0),
                    attendances=profile.attendances,
                    blackout_dates=profile.blackout_days,
                    unit_price=prices.get(producer.partner_id.id),
                    performance_factor=producer.performance_factor,
                    components_on_hand=on_hand.get(producer.location_id.id, {}),
                )
            )
        return candidates

    @api.model
    def _dmfg_read_prices(self, product, partners, company):
        """``{partner_id: unit price}`` from the partners' supplier infos of
        ``company`` (or of no company)."""
        infos = self._dmfg_supplierinfos(product, partners, company)
        return {partner_id: info.price for partner_id, info in infos.items()}

    def _dmfg_supplierinfo(self):
        """The producer's supplier info (price) for the job's product."""
        self.ensure_one()
        partner = self.producer_id.partner_id
        infos = self._dmfg_supplierinfos(self.product_id, partner, self.company_id)
        return infos.get(partner.id, self.env["product.supplierinfo"])

    @api.model
    def _dmfg_supplierinfos(self, product, partners, companies):
        """``{partner_id: product.supplierinfo}``: each partner's first price
        line for ``product``, in Odoo's seller order (one query)."""
        infos = self.env["product.supplierinfo"].search(
            [
                ("partner_id", "in", partners.ids),
                ("product_tmpl_id", "=", product.product_tmpl_id.id),
                "|",
                ("product_id", "=", False),
                ("product_id", "=", product.id),
                ("company_id", "in", [False, *companies.ids]),
            ],
            order="sequence, min_qty desc, price, id",
        )
        first = {}
        for info in infos:
            first.setdefault(info.partner_id.id, info)
        return first

    @api.model
    def _dmfg_read_on_hand(self, bom, locations):
        """``{location_id: {product_id: qty}}`` of the BoM's components."""
        if not bom or not locations:
            return {}
        groups = self.env["stock.quant"]._read_group(
            [
                ("location_id", "in", locations.ids),
                ("product_id", "in", bom.bom_line_ids.product_id.ids),
            ],
            ["location_id", "product_id"],
            ["quantity:sum"],
        )
        on_hand = {}
        for location, product, qty in groups:
            on_hand.setdefault(location.id, {})[product.id] = qty
        return on_hand

    # ----------------------------------------------- routing a sale line

    @api.model
    def _dmfg_prepare_from_sale_line(self, line):
        design = line.product_id.product_tmpl_id.dmfg_design_id
        return {
            "company_id": line.company_id.id,
            "sale_line_id": line.id,
            "partner_shipping_id": line.order_id.partner_shipping_id.id,
            "product_id": line.product_id.id,
            "product_qty": line.product_uom_qty,
            "product_uom_id": line.product_uom.id,
            "custom_values": line._dmfg_customisation_text(),
            "design_id": design.id,
            "revision_id": design.current_revision_id.id,
            "date_due": self._dmfg_due_date_for_line(line),
        }

    @api.model
    def _dmfg_due_date_for_line(self, line):
        commitment = line.order_id.commitment_date
        today = fields.Date.context_today(self)
        if commitment:
            return max(fields.Date.to_date(commitment), today)
        return self._dmfg_due_date()

    def _dmfg_rank_for_job(self):
        self.ensure_one()
        lat, lon = self.customer_latitude, self.customer_longitude
        return self._dmfg_rank(
            self.product_id,
            self.product_qty,
            lat,
            lon,
            self.date_due,
            self.company_id,
            exclude_producers=self.declined_producer_ids | self.producer_id,
        )

    def _dmfg_route_and_assign(self, reason=None):
        """Rank the producers for the job and give it to the best one.

        Without a candidate the job becomes unassigned, keeps every reason and
        gets an activity for the planner.
        """
        self.ensure_one()
        result = self._dmfg_rank_for_job()
        if result.chosen:
            self._dmfg_assign(result, result.chosen, reason=reason)
        else:
            self._dmfg_unassign(result, reason=reason)

    def _dmfg_assign(self, result, entry, reason=None):
        """Give the job to ``entry``'s producer and make its documents."""
        self.ensure_one()
        producer = self.env["dmfg.producer"].browse(entry.producer_key)
        self._dmfg_lock_producer(producer)
        previous = self.producer_id
        self._dmfg_cancel_documents()
        if previous and previous != producer:
            self._dmfg_release_producer(previous)
        runner_up = next(
            (s for s in result.ranked if s.producer_key != entry.producer_key), None
        )
        self.write(
            {
                "producer_id": producer.id,
                "state": "offered",
                "distance_km": entry.distance_km,
                "date_ready": entry.ready_date,
                "score": entry.total_score,
                "runner_up_id": runner_up.producer_key if runner_up else False,
                "runner_up_score": runner_up.total_score if runner_up else 0.0,
                "routing_summary": result.summary(),
                "routing_result": result.to_dict(),
            }
        )
        self._dmfg_make_documents()
        body = Markup("<p>%s</p>") % (
            self.env._(
                "Routed to %(producer)s (%(km).1f km, ready %(date)s).",
                producer=producer.display_name,
                km=entry.distance_km,
                date=entry.ready_date,
            )
        )
        if previous and previous != producer:
            body += Markup("<p>%s</p>") % self.env._(
                "Moved from %(old)s.", old=previous.display_name
            )
        if reason:
            body += Markup("<p>%s</p>") % reason
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        self.activity_unlink(["mail.mail_activity_data_todo"])

    def _dmfg_unassign(self, result, reason=None):
        self.ensure_one()
        self._dmfg_cancel_documents()
        if self.producer_id:
            self._dmfg_release_producer(self.producer_id)
        self.write(
            {
                "producer_id": False,
                "state": "unassigned",
                "distance_km": 0.0,
                "date_ready": False,
                "score": 0.0,
                "runner_up_id": False,
                "runner_up_score": 0.0,
                "routing_summary": result.summary(),
                "routing_result": result.to_dict(),
            }
        )
        body = Markup("<p>%s</p>") % self.env._(
            "No producer can take this job: %(summary)s", summary=result.summary()
        )
        if reason:
            body += Markup("<p>%s</p>") % reason
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        self._dmfg_schedule_planner_activity()

    def _dmfg_release_producer(self, previous):
        """The job leaves ``previous``: its people learn nothing more of it.

        Its partners stop following the job; the conversation so far becomes
        internal (the back office keeps it, the next producer does not see it)
        and its promised date goes (kept in the tracking history).
        """
        self.ensure_one()
        partner = previous.partner_id.commercial_partner_id
        followers = self.message_partner_ids.filtered(
            lambda p: p.commercial_partner_id == partner
        )
        if followers:
            self.message_unsubscribe(partner_ids=followers.ids)
        self.message_ids.filtered(lambda m: not m.is_internal).write(
            {"is_internal": True}
        )
        self.write({"date_promised": False})

    def _dmfg_schedule_planner_activity(self):
        planner = self._dmfg_planner_user()
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Assign a producer"),
            note=self.env._(
                "No producer could take job %(job)s automatically; open it and "
                "choose one from the ranked candidates.",
                job=self.name,
            ),
            user_id=planner.id,
        )

    def _dmfg_planner_user(self):
        """Who gets the planner activity: the salesperson if a manager, else
        the first manager of the network."""
        group = self.env.ref("distributed_mfg.group_dmfg_manager")
        salesperson = self.sale_order_id.user_id
        if salesperson and group in salesperson.groups_id:
            return salesperson
        managers = group.users.filtered(lambda u: not u.share and u.active)
        return (managers - self.env.ref("base.user_root"))[:1] or self.env.user

    def _dmfg_lock_producer(self, producer):
        """Serialise assignments to one producer.

        Bumps the producer row: a concurrent transaction that also assigns to
        it waits, then fails with a serialization error (PostgreSQL's
        REPEATABLE READ) and Odoo retries it with fresh data, so two orders can
        never both take the producer's last capacity.
        """
        self.env.cr.execute(
            "UPDATE dmfg_producer SET assign_sequence = "
            "COALESCE(assign_sequence, 0) + 1 WHERE id = %s",
            [producer.id],
        )
        producer.invalidate_recordset(["assign_sequence"])

    # ----------------------------------------------------------- documents

    def _dmfg_make_documents(self):
        """Make the PO to the producer, its MO and the dropship to the customer.

        The sale line's procurement runs through the "Produce locally" route
        (buy from the producer, deliver to the customer) with the producer's
        supplier info; confirming the PO creates the dropship transfer, whose
        subcontracted move makes the MO at the producer's location.
        """
        self.ensure_one()
        line = self.sale_line_id
        if not line or line.state != "sale":
            return
        # Components (issue #6, models/dmfg_supply.py): nothing is ordered
        # while a component of the job cannot be supplied to its producer.
        if not self.env["dmfg.supply"]._dmfg_check_job_supply(self):
            return
        if not self.procurement_group_id:
            self.procurement_group_id = self.env["procurement.group"].create(
                {
                    "name": self.name,
                    "sale_id": line.order_id.id,
                    "partner_id": line.order_id.partner_shipping_id.id,
                    "move_type": line.order_id.picking_policy,
                }
            )
        self._dmfg_ensure_subcontractor()
        order = line.order_id
        locked = order.locked
        if locked:
            # Odoo skips procurements of locked orders; a job moved after the
            # order was locked still needs its documents.
            order.locked = False
        line.with_context(dmfg_job_launch=True)._action_launch_stock_rule()
        if locked:
            order.locked = True
        purchase_line = self.env["purchase.order.line"].search(
            [
                ("sale_line_id", "=", line.id),
                ("order_id.partner_id", "=", self.producer_id.partner_id.id),
                ("order_id.group_id", "=", self.procurement_group_id.id),
                ("state", "!=", "cancel"),
            ],
            order="id desc",
            limit=1,
        )
        order = purchase_line.order_id
        if order and order.state in ("draft", "sent"):
            order.button_confirm()
        self.purchase_order_id = order

    def _dmfg_ensure_subcontractor(self):
        """List the producer on the design's subcontracting BoM.

        Odoo's subcontracting finds the BoM of a subcontracted receipt by its
        subcontractors; the producer is added when it first gets a job.
        """
        bom = self.design_id.bom_id
        partner = self.producer_id.partner_id
        if bom.type == "subcontract" and partner not in bom.subcontractor_ids:
            bom.subcontractor_ids = [fields.Command.link(partner.id)]

    def _dmfg_cancel_documents(self):
        """Cancel the PO (hence its dropship and MO) made for this job."""
        self.ensure_one()
        order = self.purchase_order_id
        if not order or order.state == "cancel":
            return
        done = order.picking_ids.filtered(lambda p: p.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Job %(job)s was already shipped (%(pickings)s): it cannot move.",
                    job=self.name,
                    pickings=", ".join(done.mapped("name")),
                )
            )
        # Components (issue #6, models/dmfg_supply.py): settle what was sent
        # to this producer for the job before its documents go.
        self.env["dmfg.supply"]._dmfg_release_job_components(self)
        productions = order.picking_ids.move_ids.move_orig_ids.production_id
        order.button_cancel()
        productions.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        self.purchase_order_id = False

    def _dmfg_update_quantity(self, qty):
        """The sale line's quantity changed: redo the documents for ``qty``."""
        self.ensure_one()
        if float_compare(qty, self.product_qty, precision_digits=6) == 0:
            return
        if self.state not in MOVABLE_STATES:
            raise UserError(
                self.env._(
                    "Job %(job)s is already in production at %(producer)s: change "
                    "the quantity with the producer first.",
                    job=self.name,
                    producer=self.producer_id.display_name,
                )
            )
        old = self.product_qty
        self._dmfg_cancel_documents()
        self.write(
            {
                "product_qty": qty,
                "load_hours": self.product_id.product_tmpl_id.dmfg_production_hours
                * qty,
            }
        )
        reason = self.env._(
            "Quantity changed from %(old)s to %(new)s on the sale order.",
            old=old,
            new=qty,
        )
        if float_is_zero(qty, precision_digits=6):
            self._dmfg_cancel(reason)
        else:
            self._dmfg_route_and_assign(reason=reason)

    def _dmfg_cancel(self, reason):
        for job in self.filtered(lambda j: j.state not in ("done", "cancel")):
            job._dmfg_cancel_documents()
            job.write({"state": "cancel"})
            job.message_post(body=reason, subtype_xmlid="mail.mt_note")
            job.activity_unlink(["mail.mail_activity_data_todo"])

    # ----------------------------------------------------------- rendering

    @api.model
    def _dmfg_render_routing(self, data):
        """HTML tables of a routing result (``RoutingResult.to_dict()``)."""
        if not data:
            return False
        html = Markup("<p>%s</p>") % (data.get("summary") or "")
        ranked = data.get("ranked") or []
        if ranked:
            head = Markup(
                "<table class='table table-sm o_dmfg_routing'><thead><tr>"
                "<th>#</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                "</tr></thead><tbody>"
            ) % (
                self.env._("Producer"),
                self.env._("Score"),
                self.env._("Distance (km)"),
                self.env._("Ready"),
                self.env._("Breakdown"),
            )
            rows = Markup()
            for entry in ranked[:10]:
                parts = [
                    f"{name}: {crit.get('raw')} → {crit.get('contribution', 0):.3f}"
                    for name, crit in (entry.get("breakdown") or {}).items()
                ]
                rows += Markup(
                    "<tr><td>%s</td><td>%s</td><td>%.4f</td><td>%.1f</td>"
                    "<td>%s</td><td>%s</td></tr>"
                ) % (
                    entry.get("rank"),
                    entry.get("producer_name"),
                    entry.get("total_score") or 0.0,
                    entry.get("distance_km") or 0.0,
                    entry.get("ready_date") or "",
                    "; ".join(parts),
                )
            html += head + rows + Markup("</tbody></table>")
        excluded = data.get("excluded") or []
        if excluded:
            items = Markup().join(
                Markup("<li><b>%s</b>: %s</li>")
                % (entry.get("producer_name"), entry.get("message"))
                for entry in excluded
            )
            html += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Excluded producers:"),
                items,
            )
        return html

    # ------------------------------------------------------------------
    # Components at the producer (issue #6). The logic lives in
    # models/dmfg_supply.py; the job only holds the outcome.
    # ------------------------------------------------------------------
    supply_state = fields.Selection(
        [("ok", "Components supplied"), ("waiting", "Waiting for components")],
        string="Components",
        readonly=True,
        copy=False,
        tracking=True,
        help="Waiting for components: a component cannot reach the producer (no "
        "vendor and not enough in the central warehouse), so nothing was "
        "ordered; fix it, then click Check components.",
    )
    supply_html = fields.Html(
        string="Component supply",
        readonly=True,
        copy=False,
        help="Each component of the job: what the producer holds, what is sent "
        "to it and from where.",
        groups=PLANNER_GROUP,
    )
    leftover_ids = fields.One2many(
        "dmfg.job.leftover",
        "job_id",
        string="Components left behind",
        readonly=True,
        help="Components delivered for the job to a producer it later left.",
        groups=PLANNER_GROUP,
    )

    def action_check_components(self):
        """Plan the job's components again and order them if now possible."""
        for job in self._dmfg_check_planner().filtered(
            lambda j: j.state in MOVABLE_STATES and not j.purchase_order_id
        ):
            job._dmfg_make_documents()
        return True

    def action_open_leftover_wizard(self):
        """Open the components left behind, to return or forward them."""
        self.ensure_one()
        self._dmfg_check_planner()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Components left behind"),
            "res_model": "dmfg.job.leftover.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_job_id": self.id},
        }

    # End of the components block (issue #6).
