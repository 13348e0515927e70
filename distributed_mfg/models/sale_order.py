# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import api, fields, models

from .dmfg_job import PLANNER_GROUP


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dmfg_job_ids = fields.One2many(
        "dmfg.job",
        "sale_order_id",
        string="Production jobs",
        readonly=True,
        groups="distributed_mfg.group_dmfg_user",
        help="Jobs that make the order's locally produced lines at producers.",
    )
    dmfg_job_count = fields.Integer(
        string="Jobs", compute="_compute_dmfg_job_count", groups=PLANNER_GROUP
    )
    dmfg_tracking_summary = fields.Char(
        string="Shipped with",
        compute="_compute_dmfg_tracking_summary",
        groups="base.group_user",
        help="The carrier and tracking reference of each locally made line "
        "the producer shipped.",
    )

    dmfg_km_saved = fields.Float(
        string="Km saved",
        digits=(16, 1),
        compute="_compute_dmfg_impact",
        compute_sudo=True,
        help="Km saved by making the order's lines locally rather than "
        "shipping them from the central site (known figures only).",
    )
    dmfg_co2_saved_kg = fields.Float(
        string="CO2 saved (kg)",
        digits=(16, 2),
        compute="_compute_dmfg_impact",
        compute_sudo=True,
        help="Transport CO2 (kg CO2e) saved against shipping from the central "
        "site (known figures only).",
    )
    dmfg_days_saved = fields.Integer(
        string="Days saved",
        compute="_compute_dmfg_impact",
        compute_sudo=True,
        help="Days saved against the central lead time, over the delivered " "lines.",
    )
    dmfg_impact_summary = fields.Char(
        string="Made locally",
        compute="_compute_dmfg_impact",
        compute_sudo=True,
        help="The order's totals saved by local production.",
    )

    @api.depends(
        "order_line.dmfg_job_id.impact_km_saved",
        "order_line.dmfg_job_id.impact_co2_saved_kg",
        "order_line.dmfg_job_id.impact_days_saved",
        "order_line.dmfg_job_id.state",
    )
    def _compute_dmfg_impact(self):
        for order in self:
            jobs = order.order_line.dmfg_job_id.filtered(
                lambda j: j.state not in ("unassigned", "cancel")
            )
            km = jobs.filtered("has_impact_km")
            co2 = jobs.filtered("has_impact_co2")
            days = jobs.filtered("has_impact_days")
            order.dmfg_km_saved = sum(km.mapped("impact_km_saved"))
            order.dmfg_co2_saved_kg = sum(co2.mapped("impact_co2_saved_kg"))
            order.dmfg_days_saved = sum(days.mapped("impact_days_saved"))
            parts = []
            if km:
                parts.append(self.env._("%(km)s km", km=round(order.dmfg_km_saved)))
            if co2:
                parts.append(
                    self.env._("%(co2)s kg CO2e", co2=round(order.dmfg_co2_saved_kg, 2))
                )
            if days:
                parts.append(self.env._("%(days)s days", days=order.dmfg_days_saved))
            order.dmfg_impact_summary = (
                self.env._(
                    "Made locally: %(figures)s saved against shipping from our "
                    "central site.",
                    figures=", ".join(parts),
                )
                if parts
                else False
            )

    dmfg_preview_html = fields.Html(
        string="Where it will be made",
        compute="_compute_dmfg_preview_html",
        sanitize=False,
        groups=PLANNER_GROUP,
        help="Before confirmation: for each locally made line, the producer "
        "routing would choose now, its town, distance and ready date.",
    )

    @api.depends(
        "state",
        "order_line.dmfg_preview_producer",
        "order_line.dmfg_preview_city",
        "order_line.dmfg_preview_distance_km",
        "order_line.dmfg_preview_date_ready",
        "order_line.dmfg_preview_note",
    )
    @api.depends_context("uid", "company")
    def _compute_dmfg_preview_html(self):
        """One summary of the quotation's routing preview: who would make
        each locally made line, where, how far and when."""
        for order in self:
            order.dmfg_preview_html = order._dmfg_render_preview()

    def _dmfg_render_preview(self):
        self.ensure_one()
        if self.state not in ("draft", "sent"):
            return False
        lines = self.order_line.filtered(
            lambda line: line.dmfg_preview_producer or line.dmfg_preview_note
        )
        if not lines:
            return False
        _ = self.env._
        messages = self.env["dmfg.message"]
        rows = Markup()
        producers = set()
        for line in lines:
            product = line.product_id.display_name
            qty = messages._dmfg_qty(line.product_uom_qty)
            if line.dmfg_preview_producer:
                producers.add(line.dmfg_preview_producer)
                where = _(
                    "%(producer)s, %(town)s (%(km)s km), ready %(date)s",
                    producer=line.dmfg_preview_producer,
                    town=line.dmfg_preview_city or _("town unknown"),
                    km=messages._dmfg_num(line.dmfg_preview_distance_km),
                    date=messages._dmfg_date(line.dmfg_preview_date_ready),
                )
                rows += Markup("<li>%s × %s: <b>%s</b></li>") % (qty, product, where)
            else:
                rows += Markup("<li class='text-warning'>%s × %s: %s</li>") % (
                    qty,
                    product,
                    line.dmfg_preview_note,
                )
        unrouted = len(lines) - sum(1 for line in lines if line.dmfg_preview_producer)
        summary = _(
            "%(lines)s locally made line(s), %(producers)s producer(s); "
            "%(unrouted)s with no producer yet.",
            lines=len(lines),
            producers=len(producers),
            unrouted=unrouted,
        )
        return Markup(
            "<div class='o_dmfg_where_made'><p>%s</p><ul>%s</ul>"
            "<p class='text-muted small'>%s</p></div>"
        ) % (
            summary,
            rows,
            _(
                "If the quotation were confirmed now; recomputed as lines or the "
                "delivery address change."
            ),
        )

    @api.depends("dmfg_job_ids")
    def _compute_dmfg_job_count(self):
        counts = dict(
            self.env["dmfg.job"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.dmfg_job_count = counts.get(order._origin, 0)

    @api.depends("order_line.dmfg_tracking_ref", "order_line.dmfg_carrier_name")
    def _compute_dmfg_tracking_summary(self):
        for order in self:
            shipped = []
            for line in order.order_line.filtered("dmfg_tracking_ref"):
                text = f"{line.dmfg_carrier_name or ''} {line.dmfg_tracking_ref}"
                if text.strip() not in shipped:
                    shipped.append(text.strip())
            order.dmfg_tracking_summary = ", ".join(shipped) or False

    def action_view_dmfg_jobs(self):
        """Open the order's production jobs (network users, read rights)."""
        self.ensure_one()
        self.env["dmfg.job"].check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_job_action"
        )
        action.update(
            {
                "name": self.env._("Jobs of %(order)s", order=self.name),
                "domain": [("sale_order_id", "=", self.id)],
                "context": {"default_sale_order_id": self.id, "create": False},
                "view_mode": "list,kanban,form",
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
            }
        )
        return action

    @api.depends_context("uid")
    def _compute_display_name(self):
        result = super()._compute_display_name()
        # ``sale_show_partner_name`` would name the customer to a producer
        # reading its purchase order or transfer (see res.partner).
        if self.env.context.get("sale_show_partner_name") and self.env.user.share:
            hidden = self.partner_id._dmfg_customers_hidden_from(self.env.user)
            for order in self.filtered(lambda o: o.partner_id in hidden):
                order.display_name = order.name
        return result

    def action_confirm(self):
        """Refuse to confirm orders for designs whose licence forbids sale."""
        self._dmfg_check_commercial_use()
        return super().action_confirm()

    def _dmfg_check_commercial_use(self):
        """Licence and company gate: raise a UserError naming the order and
        the designs refused."""
        for order in self:
            origin = self.env._("Sale order %(order)s", order=order.name)
            # sudo: salespeople need not read designs, yet the gate must hold
            # for them (read-only check, nothing is returned to the user).
            designs = order.order_line.product_id.product_tmpl_id.dmfg_design_id.sudo()
            # A company's order is made by its own network: never from a
            # design of another company (shared designs are anyone's).
            designs._dmfg_check_company_of(order.company_id, origin)
            designs._dmfg_check_commercial_use(origin=origin)
        return True

    def _action_cancel(self):
        # Cancelling the order cancels its jobs and their documents at the
        # producers (Odoo leaves a dropship PO alive otherwise). The jobs and
        # their documents are company business once the user may change the
        # order: sudo right after that check.
        self.check_access("write")
        self.sudo().dmfg_job_ids._dmfg_cancel(
            self.env._("The sale order was cancelled.")
        )
        return super()._action_cancel()
