# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    dmfg_job_ids = fields.One2many(
        "dmfg.job", "sale_line_id", string="Production jobs", readonly=True
    )
    dmfg_job_id = fields.Many2one(
        "dmfg.job",
        string="Production job",
        compute="_compute_dmfg_job_id",
        store=True,
        index="btree_not_null",
        help="The job that makes this line at a producer of the network.",
    )
    dmfg_producer_id = fields.Many2one(
        related="dmfg_job_id.producer_id", string="Producer"
    )
    dmfg_job_state = fields.Selection(related="dmfg_job_id.state", string="Job status")
    dmfg_distance_km = fields.Float(
        related="dmfg_job_id.distance_km", string="Distance (km)"
    )
    dmfg_date_ready = fields.Date(
        related="dmfg_job_id.date_ready", string="Estimated ready"
    )
    dmfg_runner_up_id = fields.Many2one(
        related="dmfg_job_id.runner_up_id", string="Runner-up"
    )
    dmfg_routing_summary = fields.Char(
        related="dmfg_job_id.routing_summary", string="Routing"
    )

    @api.depends("dmfg_job_ids.state")
    def _compute_dmfg_job_id(self):
        for line in self:
            jobs = line.dmfg_job_ids.filtered(lambda j: j.state != "cancel")
            line.dmfg_job_id = jobs[:1] or line.dmfg_job_ids[:1]

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
        if self.env.context.get("dmfg_job_launch"):
            return super()._action_launch_stock_rule(previous_product_uom_qty)
        local = self.filtered(
            lambda line: line.state == "sale" and line._dmfg_is_made_locally()
        )
        res = super(SaleOrderLine, self - local)._action_launch_stock_rule(
            previous_product_uom_qty
        )
        for line in local:
            job = line.dmfg_job_id
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

    def _prepare_procurement_values(self, group_id=False):
        values = super()._prepare_procurement_values(group_id=group_id)
        job = self.dmfg_job_id
        if self.env.context.get("dmfg_job_launch") and job.producer_id:
            info = job._dmfg_supplierinfo()
            route = self.env.ref("distributed_mfg.route_produce_locally")
            values.update(
                {
                    "group_id": job.procurement_group_id,
                    "route_ids": route,
                    "supplierinfo_id": info,
                    "dmfg_job_id": job.id,
                }
            )
        return values

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
