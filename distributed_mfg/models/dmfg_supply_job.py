# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Supply of a job's components: planned before ordering, settled when the job
leaves its producer.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict

from markupsafe import Markup

from odoo import api, models
from odoo.tools import float_compare

from ..services import supply as supply_service
from .dmfg_supply import PRECISION, _component_need


class DmfgSupplyJob(models.AbstractModel):
    _inherit = "dmfg.supply"

    @api.model
    def _dmfg_get_production_job(self, production):
        """The job whose subcontracted manufacturing order ``production`` is.

        Entry point (procurement values of the order's component moves).
        """
        _supply, production = self._dmfg_as_superuser(production)
        return production.dmfg_job_id

    @api.model
    def _dmfg_job_component_needs(self, job):
        """``{product: qty}`` of the components the job needs (product units)."""
        bom = job.design_id.bom_id
        if not bom or bom.type != "subcontract" or not job.product_qty:
            return {}
        qty = job.product_uom_id._compute_quantity(job.product_qty, bom.product_uom_id)
        _boms, lines = bom.explode(job.product_id, qty / (bom.product_qty or 1.0))
        needs = defaultdict(float)
        for bom_line, data in lines:
            component = bom_line.product_id
            if bom_line.child_bom_id.type == "phantom" or not component.is_storable:
                continue
            needs[component] += bom_line.product_uom_id._compute_quantity(
                data["qty"], component.uom_id, round=False
            )
        return needs

    @api.model
    def _dmfg_free_quantities(self, products, location):
        """``{product_id: free quantity}`` at ``location`` (and its children)."""
        return self._dmfg_on_hand(products, location, free=True)

    @api.model
    def _dmfg_plan_job_supply(self, job):
        """The :class:`services.supply.SupplyPlan` of the job at its producer."""
        location = job.producer_id.location_id
        needs = self._dmfg_job_component_needs(job)
        if not needs or not location:
            return supply_service.plan_supply([])
        products = self.env["product.product"].concat(*needs)
        company = job.company_id
        warehouse = self.env["stock.warehouse"]._dmfg_get_main_warehouse(company)
        at_producer = self._dmfg_free_quantities(products, location)
        central = self._dmfg_free_quantities(products, warehouse.lot_stock_id)
        modes = self._dmfg_get_supply_modes(products)
        offers = self._dmfg_read_vendor_offers(products, company)
        return supply_service.plan_supply(
            [
                _component_need(
                    product.id,
                    product,
                    qty,
                    central,
                    modes,
                    offers,
                    at_producer=at_producer.get(product.id, 0.0),
                )
                for product, qty in needs.items()
                if qty > 0
            ],
            precision=PRECISION,
        )

    @api.model
    def _dmfg_check_job_supply(self, job):
        """Plan the job's components; True when its documents may be made.

        A blocked component leaves the job "waiting for components" with the
        reasons on the job, in the chatter and in an activity for the planner;
        nothing is ordered. Once every component can be supplied, the job is
        released and the activity removed. Entry point (the job's documents).
        """
        supply, job = self._dmfg_as_superuser(job)
        plan = supply._dmfg_plan_job_supply(job)
        was_waiting = job.supply_state == "waiting"
        job.write(
            {
                "supply_state": "waiting"
                if plan.blocked
                else ("ok" if plan.lines else False),
                "supply_html": supply._dmfg_render_plan(plan),
            }
        )
        summary = supply.env._("Components missing")
        if plan.blocked:
            texts = supply.env["dmfg.message"]
            reasons = Markup("<br/>").join(
                texts._dmfg_supply_line_text(line) for line in plan.blocked
            )
            job.message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    supply.env._(
                        "Waiting for components at %(producer)s: nothing is ordered "
                        "yet.",
                        producer=job.producer_id.display_name,
                    ),
                    reasons,
                ),
                subtype_xmlid="mail.mt_note",
            )
            job.activity_schedule(
                "mail.mail_activity_data_warning",
                summary=summary,
                note=reasons,
                user_id=job._dmfg_planner_user().id,
            )
            return False
        supply._dmfg_absorb_leftovers(job)
        if was_waiting:
            supply._dmfg_unlink_supply_activities(job)
            job.message_post(
                body=supply.env._("Every component can now be supplied."),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.model
    def _dmfg_absorb_leftovers(self, job):
        """Components left at the producer the job comes back to serve it."""
        back = job.leftover_ids.filtered(
            lambda x: x.state == "kept" and x.location_id == job.producer_id.location_id
        )
        back.unlink()

    @api.model
    def _dmfg_unlink_supply_activities(self, job):
        warning = self.env.ref("mail.mail_activity_data_warning")
        summary = self.env._("Components missing")
        activities = job.activity_ids.filtered(
            lambda a: a.activity_type_id == warning and a.summary == summary
        )
        activities.unlink()

    @api.model
    def _dmfg_render_plan(self, plan):
        """HTML table of a supply plan, for the job's Components tab."""
        if not plan.lines:
            return False
        head = Markup(
            "<table class='table table-sm o_dmfg_supply'><thead><tr>"
            "<th>%s</th><th class='text-end'>%s</th><th class='text-end'>%s</th>"
            "<th class='text-end'>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>"
        ) % (
            self.env._("Component"),
            self.env._("Needed"),
            self.env._("From the producer's stock"),
            self.env._("To send"),
            self.env._("Source"),
            self.env._("Why"),
        )
        rows = Markup()
        sources = {
            supply_service.SOURCE_PRODUCER: self.env._("Held at the producer"),
            supply_service.SOURCE_CENTRAL: self.env._("Central warehouse"),
            supply_service.SOURCE_BUY: self.env._("Nearest vendor"),
            supply_service.SOURCE_UNMANAGED: self.env._("Provided by the producer"),
            supply_service.SOURCE_BLOCKED: self.env._("Missing"),
        }
        for line in plan.lines:
            need = line.need
            rows += Markup(
                "<tr><td>%s</td><td class='text-end'>%s %s</td>"
                "<td class='text-end'>%s</td><td class='text-end'>%s</td>"
                "<td>%s</td><td>%s</td></tr>"
            ) % (
                need.name,
                f"{need.qty_needed:g}",
                need.uom,
                f"{line.qty_from_producer:g}",
                f"{line.qty_to_supply:g}",
                sources[line.source],
                self.env["dmfg.message"]._dmfg_supply_line_text(line),
            )
        return head + rows + Markup("</tbody></table>")

    @api.model
    def _dmfg_release_job_components(self, job):
        """The job leaves its producer: settle the components sent to it.

        Transfers and draft purchase lines not yet delivered are cancelled;
        what was already delivered for the job stays at the producer (free
        for its next jobs) and is listed on the job, so that the planner may
        return it to the warehouse or forward it to the new producer.
        Purchases already confirmed still arrive at the producer and stay
        there too (said in the chatter). Entry point (the job's documents).
        """
        supply, job = self._dmfg_as_superuser(job)
        producer = job.producer_id
        location = producer.location_id
        if not location:
            return
        moves = supply.env["stock.move"].search(
            [("dmfg_job_id", "=", job.id), ("location_dest_id", "=", location.id)]
        )
        moves.filtered(lambda m: m.state not in ("done", "cancel"))._action_cancel()
        lines = supply._dmfg_job_purchase_lines(job, producer)
        drafts = lines.filtered(lambda line: line.order_id.state in ("draft", "sent"))
        dropped = [
            f"{line.product_qty:g} {line.product_uom.name} "
            f"{line.product_id.display_name}"
            for line in drafts
        ]
        supply._dmfg_drop_purchase_lines(drafts)
        confirmed = lines - drafts
        delivered = defaultdict(float)
        for move in moves.filtered(lambda m: m.state == "done"):
            delivered[move.product_id] += move.product_qty
        expected = []
        for line in confirmed:
            product = line.product_id
            received = line.product_uom._compute_quantity(
                line.qty_received, product.uom_id, round=False
            )
            delivered[product] += received
            rest = line.product_qty - line.qty_received
            if float_compare(rest, 0, precision_rounding=line.product_uom.rounding) > 0:
                expected.append(
                    f"{rest:g} {line.product_uom.name} {product.display_name}"
                )
        leftovers = supply._dmfg_record_leftovers(job, producer, delivered)
        supply._dmfg_post_release(job, producer, leftovers, expected, dropped)

    @api.model
    def _dmfg_job_purchase_lines(self, job, producer):
        """The job's component purchase lines delivered to ``producer``."""
        return self.env["purchase.order.line"].search(
            [
                ("dmfg_job_id", "=", job.id),
                ("order_id.dmfg_producer_id", "=", producer.id),
                ("order_id.state", "!=", "cancel"),
            ]
        )

    @api.model
    def _dmfg_drop_purchase_lines(self, lines):
        """Remove draft purchase lines; cancel the orders left empty."""
        orders = lines.order_id
        lines.unlink()
        orders.filtered(lambda o: not o.order_line).button_cancel()

    @api.model
    def _dmfg_record_leftovers(self, job, producer, delivered):
        """Create the job's leftover lines at ``producer`` (delivered, on hand)."""
        leftover_model = self.env["dmfg.job.leftover"]
        previous = leftover_model.search(
            [
                ("job_id", "=", job.id),
                ("location_id", "=", producer.location_id.id),
                ("state", "=", "kept"),
            ]
        )
        recorded = defaultdict(float)
        for leftover in previous:
            recorded[leftover.product_id] += leftover.quantity
        on_hand = self._dmfg_on_hand(
            self.env["product.product"].union(*delivered), producer.location_id
        )
        values = []
        for product, qty in delivered.items():
            # Never more than what is there (another job may have used some).
            qty = min(
                qty - recorded[product],
                on_hand.get(product.id, 0.0) - recorded[product],
            )
            if float_compare(qty, 0, precision_rounding=product.uom_id.rounding) > 0:
                values.append(
                    {
                        "job_id": job.id,
                        "producer_id": producer.id,
                        "location_id": producer.location_id.id,
                        "product_id": product.id,
                        "quantity": qty,
                    }
                )
        return leftover_model.create(values)

    @api.model
    def _dmfg_post_release(self, job, producer, leftovers, expected, dropped):
        parts = []
        if leftovers:
            parts.append(
                self.env._(
                    "Components already delivered to %(producer)s stay there, "
                    "available for its next jobs: %(items)s. Use Components left "
                    "behind to return or forward them.",
                    producer=producer.display_name,
                    items=", ".join(
                        f"{leftover.quantity:g} {leftover.product_uom_id.name} "
                        f"{leftover.product_id.display_name}"
                        for leftover in leftovers
                    ),
                )
            )
        if expected:
            parts.append(
                self.env._(
                    "Still to arrive at %(producer)s on confirmed purchases (they "
                    "will stay there): %(items)s.",
                    producer=producer.display_name,
                    items=", ".join(expected),
                )
            )
        if dropped:
            parts.append(
                self.env._(
                    "Removed from requests for quotation: %(items)s.",
                    items=", ".join(dropped),
                )
            )
        if parts:
            job.message_post(
                body=Markup("<br/>").join(parts), subtype_xmlid="mail.mt_note"
            )

    @api.model
    def _dmfg_reduce_pending_supply(self, job, location, product, qty):
        """Cancel up to ``qty`` of the job's pending supply of ``product``.

        Pending supply is what was ordered for the job towards ``location``
        and not delivered yet: resupply transfers and draft purchase lines.
        Returns the quantity cancelled (product unit). Entry point (the
        leftover wizard, for a planner).
        """
        supply, job, location, product = self._dmfg_as_superuser(job, location, product)
        remaining = qty
        rounding = product.uom_id.rounding
        moves = supply.env["stock.move"].search(
            [
                ("dmfg_job_id", "=", job.id),
                ("location_dest_id", "=", location.id),
                ("product_id", "=", product.id),
                ("state", "not in", ("done", "cancel", "draft")),
            ],
            order="id desc",
        )
        for move in moves:
            if float_compare(remaining, 0, precision_rounding=rounding) <= 0:
                break
            take = min(move.product_qty, remaining)
            remaining -= take
            if float_compare(take, move.product_qty, precision_rounding=rounding) >= 0:
                move._action_cancel()
                continue
            move._do_unreserve()
            move.product_uom_qty = product.uom_id._compute_quantity(
                move.product_qty - take, move.product_uom
            )
            move._action_assign()
        producer = location.dmfg_producer_id
        lines = supply._dmfg_job_purchase_lines(job, producer).filtered(
            lambda line: line.product_id == product
            and line.order_id.state in ("draft", "sent")
        )
        for line in lines.sorted("id", reverse=True):
            if float_compare(remaining, 0, precision_rounding=rounding) <= 0:
                break
            line_qty = line.product_uom._compute_quantity(
                line.product_qty, product.uom_id, round=False
            )
            take = min(line_qty, remaining)
            remaining -= take
            if float_compare(take, line_qty, precision_rounding=rounding) >= 0:
                supply._dmfg_drop_purchase_lines(line)
            else:
                line.product_qty = product.uom_id._compute_quantity(
                    line_qty - take, line.product_uom, round=False
                )
        return qty - max(remaining, 0.0)
