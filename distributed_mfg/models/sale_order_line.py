# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

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
    dmfg_local_summary = fields.Char(
        string="Made locally",
        compute="_compute_dmfg_facts",
        store=True,
        help="What the customer sees of local production: the producer's town "
        "and its distance, never the producer, prices or routing.",
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
    )
    def _compute_dmfg_facts(self):
        for line in self:
            job = line.dmfg_job_id
            producer = job.producer_id
            city = producer.partner_id.city or ""
            line.dmfg_producer_name = producer.name or False
            line.dmfg_producer_city = city or False
            line.dmfg_job_state = job.state or False
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
        job = job_model.create(values)
        job._dmfg_route_and_assign()
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
