# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services import routing
from .dmfg_job import JOB_STATES, PLANNER_GROUP


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    # The job and its routing are for the network's users only; salespeople
    # read the facts below, customers the "made locally" line.
    dmfg_job_ids = fields.One2many(
        "dmfg.job",
        "sale_line_id",
        string="Production jobs",
        readonly=True,
        groups=PLANNER_GROUP,
    )
    dmfg_job_id = fields.Many2one(
        "dmfg.job",
        string="Production job",
        compute="_compute_dmfg_job_id",
        store=True,
        index="btree_not_null",
        groups=PLANNER_GROUP,
        help="The job that makes this line at a producer of the network.",
    )
    dmfg_producer_id = fields.Many2one(
        related="dmfg_job_id.producer_id", string="Producer", groups=PLANNER_GROUP
    )
    dmfg_distance_km = fields.Float(
        related="dmfg_job_id.distance_km",
        string="Distance (km)",
        groups=PLANNER_GROUP,
    )
    dmfg_runner_up_id = fields.Many2one(
        related="dmfg_job_id.runner_up_id", string="Runner-up", groups=PLANNER_GROUP
    )
    dmfg_routing_summary = fields.Char(
        related="dmfg_job_id.routing_summary", string="Routing", groups=PLANNER_GROUP
    )
    dmfg_producer_name = fields.Char(
        string="Made by",
        compute="_compute_dmfg_facts",
        store=True,
        groups="base.group_user",
        help="The producer making the line, as the salesperson sees it.",
    )
    dmfg_producer_city = fields.Char(
        string="Made in",
        compute="_compute_dmfg_facts",
        store=True,
        groups="base.group_user",
        help="The producer's town.",
    )
    dmfg_job_state = fields.Selection(
        JOB_STATES,
        string="Job status",
        compute="_compute_dmfg_facts",
        store=True,
        groups="base.group_user",
    )
    dmfg_date_ready = fields.Date(
        string="Estimated ready",
        compute="_compute_dmfg_facts",
        store=True,
        groups="base.group_user",
        help="When the producer is expected to have it made: its promised "
        "date once it accepted, else the routing estimate.",
    )
    dmfg_carrier_name = fields.Char(
        string="Carrier",
        compute="_compute_dmfg_facts",
        store=True,
        groups="base.group_user",
        help="The carrier the producer shipped the line with.",
    )
    dmfg_tracking_ref = fields.Char(
        string="Tracking number",
        compute="_compute_dmfg_facts",
        store=True,
        groups="base.group_user",
        help="The carrier's tracking reference given by the producer.",
    )
    # Routing preview of a quotation: who would make the line if the order
    # were confirmed now (never stored, network users only).
    dmfg_preview_producer = fields.Char(
        string="Would be made by",
        compute="_compute_dmfg_preview",
        groups=PLANNER_GROUP,
        help="The producer routing would choose if the quotation were "
        "confirmed now.",
    )
    dmfg_preview_city = fields.Char(
        string="Would be made in",
        compute="_compute_dmfg_preview",
        groups=PLANNER_GROUP,
    )
    dmfg_preview_distance_km = fields.Float(
        string="Distance to producer (km)",
        digits=(16, 1),
        compute="_compute_dmfg_preview",
        groups=PLANNER_GROUP,
    )
    dmfg_preview_date_ready = fields.Date(
        string="Would be ready",
        compute="_compute_dmfg_preview",
        groups=PLANNER_GROUP,
    )
    dmfg_preview_note = fields.Char(
        string="Routing preview",
        compute="_compute_dmfg_preview",
        groups=PLANNER_GROUP,
        help="Why no producer is shown: the address is not located, or no "
        "producer can make the line.",
    )
    dmfg_local_summary = fields.Char(
        string="Made locally",
        compute="_compute_dmfg_facts",
        store=True,
        help="What the customer sees of local production: the producer's town "
        "and its distance, never the producer, prices or routing.",
    )

    dmfg_impact_summary = fields.Char(
        string="Local impact",
        compute="_compute_dmfg_impact_summary",
        store=True,
        help="What making the line locally saved against shipping from the "
        "central site: the days it took, the km and the transport CO2; "
        "unknown figures are left out.",
    )

    def _additional_name_per_id(self):
        # The line's name carries "(customer)": not for a producer reading its
        # purchase order before it accepted the job (see res.partner). Odoo
        # computes it as superuser, so "uid" cannot key its cache; each
        # request (one user) has its own cache.
        names = super()._additional_name_per_id()
        if self.env.user.share:
            hidden = self.order_partner_id._dmfg_customers_hidden_from(self.env.user)
            for line in self:
                if line.order_partner_id in hidden:
                    names.pop(line.id, None)
        return names

    @api.depends("dmfg_job_ids.state")
    def _compute_dmfg_job_id(self):
        for line in self:
            jobs = line.dmfg_job_ids.filtered(lambda j: j.state != "cancel")
            line.dmfg_job_id = jobs[:1] or line.dmfg_job_ids[:1]

    @api.depends(
        "dmfg_job_id.state",
        "dmfg_job_id.producer_id.name",
        "dmfg_job_id.producer_id.partner_id.city",
        "dmfg_job_id.date_ready",
        "dmfg_job_id.date_promised",
        "dmfg_job_id.date_expected",
        "dmfg_job_id.distance_km",
        "dmfg_job_id.carrier_name",
        "dmfg_job_id.tracking_ref",
    )
    def _compute_dmfg_facts(self):
        for line in self:
            job = line.dmfg_job_id
            producer = job.producer_id
            city = producer.partner_id.city or ""
            line.dmfg_producer_name = producer.name or False
            line.dmfg_producer_city = city or False
            line.dmfg_job_state = job.state or False
            line.dmfg_carrier_name = job.carrier_name or False
            line.dmfg_tracking_ref = job.tracking_ref or False
            line.dmfg_date_ready = (
                job.date_expected or job.date_promised or job.date_ready or False
            )
            if producer and city and job.state not in ("unassigned", "cancel"):
                line.dmfg_local_summary = self.env._(
                    "Made locally in %(town)s, %(km)s km from you",
                    town=city,
                    km=round(job.distance_km),
                )
            else:
                line.dmfg_local_summary = False

    @api.depends(
        "dmfg_job_id.state",
        "dmfg_job_id.impact_km_saved",
        "dmfg_job_id.impact_co2_saved_kg",
        "dmfg_job_id.impact_lead_days",
        "dmfg_job_id.has_impact_km",
        "dmfg_job_id.has_impact_co2",
        "dmfg_job_id.has_impact_days",
    )
    def _compute_dmfg_impact_summary(self):
        for line in self:
            job = line.dmfg_job_id
            if not job or job.state in ("unassigned", "cancel"):
                line.dmfg_impact_summary = False
                continue
            parts = []
            if job.has_impact_days:
                parts.append(
                    self.env._("made in %(days)s days", days=job.impact_lead_days)
                )
            if job.has_impact_km:
                parts.append(
                    self.env._("%(km)s km saved", km=round(job.impact_km_saved))
                )
            if job.has_impact_co2:
                parts.append(
                    self.env._(
                        "%(co2)s kg CO2e saved",
                        co2=round(job.impact_co2_saved_kg, 2),
                    )
                )
            line.dmfg_impact_summary = (
                self.env._("%(figures)s vs central shipping", figures=", ".join(parts))
                if parts
                else False
            )

    @api.depends(
        "product_id",
        "product_uom_qty",
        "product_uom",
        "route_id",
        "display_type",
        "state",
        "order_id.partner_shipping_id.partner_latitude",
        "order_id.partner_shipping_id.partner_longitude",
        "order_id.commitment_date",
    )
    @api.depends_context("uid", "company")
    def _compute_dmfg_preview(self):
        """One routing preview per locally made line of a quotation."""
        empty = {
            "dmfg_preview_producer": False,
            "dmfg_preview_city": False,
            "dmfg_preview_distance_km": 0.0,
            "dmfg_preview_date_ready": False,
            "dmfg_preview_note": False,
        }
        allowed = self.env.user.has_group(PLANNER_GROUP)
        for line in self:
            line.update(empty)
            if (
                not allowed
                or line.state not in ("draft", "sent")
                or not line.product_id
                or line.product_uom_qty <= 0
                or not line._dmfg_is_made_locally()
            ):
                continue
            line.update(line._dmfg_preview_values())

    def _dmfg_preview_values(self):
        """The preview fields of the line from ``dmfg.job.preview_routing``."""
        self.ensure_one()
        partner = self.order_id.partner_shipping_id
        lat, lon = partner.partner_latitude, partner.partner_longitude
        if not partner:
            return {}
        if not routing.has_location(lat, lon):
            return {
                "dmfg_preview_note": self.env._(
                    "Locate the delivery address to see who would make it."
                )
            }
        product = self.product_id
        qty = self.product_uom._compute_quantity(
            self.product_uom_qty, product.uom_id, raise_if_failure=False
        )
        # The quotation's company network, whatever company the user is in.
        job_model = self.env["dmfg.job"].with_company(self.order_id.company_id)
        try:
            result = job_model.preview_routing(
                product.id,
                qty,
                latitude=lat,
                longitude=lon,
                date=fields.Date.to_string(job_model._dmfg_due_date_for_line(self)),
            )
        except UserError as error:
            return {"dmfg_preview_note": str(error.args[0])}
        chosen = result.get("chosen")
        if not chosen:
            return {
                "dmfg_preview_note": result.get("summary")
                or self.env._("No producer can make it.")
            }
        # sudo: the network user sees the chosen producer's town (its name
        # came with the ranking); one read for the line.
        producer = (
            self.env["dmfg.producer"].sudo().browse(chosen["producer_key"]).exists()
        )
        return {
            "dmfg_preview_producer": chosen["producer_name"],
            "dmfg_preview_city": producer.partner_id.city or False,
            "dmfg_preview_distance_km": chosen["distance_km"],
            "dmfg_preview_date_ready": chosen["ready_date"] or False,
        }

    # ------------------------------------------------------------- routing

    def _dmfg_is_made_locally(self):
        """True when the line goes through the "Produce locally" route."""
        self.ensure_one()
        route = self.env.ref(
            "distributed_mfg.route_produce_locally", raise_if_not_found=False
        )
        if not route or self.product_id.type != "consu" or self.display_type:
            return False
        if self.route_id:
            return self.route_id == route
        product = self.product_id
        return route in (product.route_ids | product.categ_id.total_route_ids)

    def _action_launch_stock_rule(self, previous_product_uom_qty=False):
        local = self.filtered(
            lambda line: line.state == "sale" and line._dmfg_is_made_locally()
        )
        res = super(SaleOrderLine, self - local)._action_launch_stock_rule(
            previous_product_uom_qty
        )
        for line in local:
            # sudo: the job is the company's document; the salesperson only
            # confirmed or changed its own order (sale's rights, checked).
            job = line.sudo().dmfg_job_id
            if not job or job.state == "cancel":
                line._dmfg_create_job()
            elif previous_product_uom_qty and line.id in previous_product_uom_qty:
                job._dmfg_update_quantity(line.product_uom_qty)
        return res

    def _dmfg_create_job(self):
        """Create the line's production job and route it."""
        self.ensure_one()
        job_model = self.env["dmfg.job"].sudo()
        partner = self.order_id.partner_shipping_id
        lat, lon = job_model._dmfg_customer_point(partner)
        values = job_model._dmfg_prepare_from_sale_line(self)
        hours = self.product_id.product_tmpl_id.dmfg_production_hours
        values.update(
            {
                "customer_latitude": lat,
                "customer_longitude": lon,
                "load_hours": hours * self.product_uom_qty,
            }
        )
        if job_model._dmfg_dispatch_mode() == "wave":
            # Routed with the other waiting jobs by the next wave.
            values["state"] = "waiting"
            job = job_model.create(values)
            job.message_post(
                body=self.env._("Waiting for the next dispatch wave."),
                subtype_xmlid="mail.mt_note",
            )
            return job
        job = job_model.create(values)
        job._dmfg_route_at_confirmation()
        return job

    def _dmfg_customisation_text(self):
        """The customer's choices on the line, one "Attribute: value" per line."""
        self.ensure_one()
        lines = [
            f"{value.attribute_id.name}: {value.name}"
            for value in self.product_id.product_template_attribute_value_ids
            | self.product_no_variant_attribute_value_ids
            if not value.is_custom
        ]
        lines += [
            f"{custom.custom_product_template_attribute_value_id.attribute_id.name}: "
            f"{custom.custom_value or ''}"
            for custom in self.product_custom_attribute_value_ids
        ]
        return "\n".join(lines)
