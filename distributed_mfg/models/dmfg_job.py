# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


from odoo import api, fields, models
from odoo.exceptions import AccessError

JOB_STATES = [
    ("waiting", "Waiting for dispatch"),
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
MOVABLE_STATES = ("waiting", "unassigned", "offered", "accepted")
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
        help="Waiting for dispatch: made in wave dispatch mode, the next wave "
        "assigns it. Unassigned: no producer could take it, a planner must "
        "assign it. "
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
    routing_summary = fields.Char(
        string="Routing",
        compute="_compute_routing_summary",
        groups=PLANNER_GROUP,
        help="The producer chosen and the runner-up, or why no producer could "
        "take the job.",
    )
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
    # Scorecard inputs (models/dmfg_producer_scorecard.py), set by routing and
    # by the producer's answers.
    date_offered = fields.Datetime(
        string="Offered on",
        readonly=True,
        copy=False,
        index=True,
        help="When the job was last offered to its producer.",
    )
    date_answered = fields.Datetime(string="Answered on", readonly=True, copy=False)
    date_shipped = fields.Date(string="Shipped on", readonly=True, copy=False)
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
    expired_producer_ids = fields.Many2many(
        "dmfg.producer",
        "dmfg_job_expired_producer_rel",
        "job_id",
        "producer_id",
        string="Let lapse by",
        readonly=True,
        check_company=True,
        help="Producers that let the offer expire unanswered, or missed their "
        "promised date before starting; routing skips them.",
        groups=PLANNER_GROUP,
    )
    move_count = fields.Integer(
        string="Automatic moves",
        readonly=True,
        copy=False,
        help="Times the job moved on by itself to another producer (an offer "
        "expired, or a promised date passed before the work started). After "
        "the number set in Settings, the planner takes over.",
        groups=PLANNER_GROUP,
    )
    date_expected = fields.Date(
        string="Expected ready",
        readonly=True,
        copy=False,
        help="When the work is now expected, while the producer is late on "
        "its promised date: the order line's ready date follows it.",
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

    # ---------------------------------------------------------------- CRUD

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("dmfg.job") or "/"
        return super().create(vals_list)

    # ------------------------------------------------------ access helpers

    def _dmfg_check_user(self):
        """Only the network's users preview routing; returns the model to rank
        with, as superuser: ranking only reads (BoMs, vendors' prices, stock at
        producers), which a network user may have no Manufacturing or
        Inventory rights to do."""
        if not self.env.user.has_group("distributed_mfg.group_dmfg_user"):
            raise AccessError(
                self.env._("Only Distributed Manufacturing users may preview routing.")
            )
        # sudo: right after the user check above.
        return self.sudo()

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

    def _dmfg_log(self, body):
        """A note in the job's thread, signed by the acting user (on the jobs
        returned by _dmfg_check_actor)."""
        self.message_post(
            body=body,
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )

    # ----------------------------------------------------------- settings

    @api.model
    def _dmfg_param(self, name, default, **bounds):
        """The routing setting ``distributed_mfg.<name>``, checked."""
        key = f"distributed_mfg.{name}"
        return self.env["dmfg.input"]._dmfg_param_number(
            key, default, self.env._("The setting %(key)s", key=key), **bounds
        )

    # ------------------------------------------------- components (outcome)
    # Planned in models/dmfg_supply_job.py; the job only holds the outcome.
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
