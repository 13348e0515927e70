# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from odoo.addons.stock.models.stock_rule import ProcurementException

from ..services import replenishment as replenishment_service
from ..services import supply as supply_service
from ..services import vendor as vendor_service
from .product_category import supply_mode_routes

# Moves still to happen (counted in forecasts).
OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")
PRECISION = 0.0001


def _vendor_count(offers, product_id):
    """How many vendors sell the product in ``offers`` (see read_vendor_offers)."""
    return len({offer.vendor_key for offer in offers.get(product_id, [])})


class DmfgSupply(models.AbstractModel):
    """Supply of components to producers: the ORM side.

    Gathers stock, supply modes and vendor offers in batch, maps them to the
    dataclasses of ``services/supply.py``, ``services/vendor.py`` and
    ``services/replenishment.py``, and writes the outcome back (job status,
    purchase values, procurements). Other models call only its entry points
    (marked below), which run the work as superuser through
    :meth:`_dmfg_as_superuser`; the other methods expect to be called from them.
    """

    _name = "dmfg.supply"
    _description = "Supply of components to producers"

    @api.model
    def _dmfg_as_superuser(self, *records):
        """``(supply, *records)`` as superuser: the one elevation of supply.

        Supply reads and writes stock, purchases, manufacturing orders and
        the jobs' supply fields and leftovers, on which the acting user (a
        salesperson confirming an order, a producer declining a job, a stock
        user running the scheduler, a planner) may have no rights. Only the
        entry points call it, for callers that checked the user first: the
        job's and producer's action methods check the actor, the planner or
        the reader; the leftover wizard checks the planner; stock calls come
        from procurements Odoo is already running. ``records`` are the
        checked records, moved to the superuser environment.
        """
        supply = self.sudo()
        return supply, *(record.with_env(supply.env) for record in records)

    # ------------------------------------------------------- supply modes

    @api.model
    def _dmfg_get_supply_modes(self, products):
        """``{product_id: "central" | "buy" | False}``: product's, else category's."""
        modes = {}
        category_modes = {}
        for product in products:
            mode = product.product_tmpl_id.dmfg_supply_mode
            if not mode:
                categ = product.categ_id
                if categ.id not in category_modes:
                    category_modes[categ.id] = categ._dmfg_get_effective_supply_mode()
                mode = category_modes[categ.id]
            modes[product.id] = mode
        return modes

    @api.model
    def _dmfg_get_supply_route(self, product, location):
        """The route that supplies ``product`` to a producer's ``location``.

        Buying needs a vendor; without one, and for the central mode, the
        warehouse's "Resupply Subcontractor" route (central stock to the
        producer) applies. False when the network does not supply it. Entry
        point (procurement values of moves and reordering rules).
        """
        supply, product, location = self._dmfg_as_superuser(product, location)
        mode = supply._dmfg_get_supply_modes(product)[product.id]
        if not mode:
            return False
        company = location.company_id or supply.env.company
        if mode == supply_service.MODE_BUY and supply._dmfg_read_vendor_offers(
            product, company
        ).get(product.id):
            return supply_mode_routes(supply.env)[supply_service.MODE_BUY]
        warehouse = location.warehouse_id or supply.env[
            "stock.warehouse"
        ]._dmfg_get_main_warehouse(company)
        return warehouse.subcontracting_route_id or False

    # ------------------------------------------------------------ vendors

    @api.model
    def _dmfg_read_vendor_offers(self, products, company, date=None):
        """``{product_id: [VendorOffer, ...]}`` from the vendors' price lists.

        One query for the price lines of all ``products``; prices in the
        company's currency per product unit, minimum quantities in the
        product's unit; the vendor's point is its partner's (or its
        company's) coordinates. ``offer_key`` is the supplierinfo id.
        """
        date = date or fields.Date.context_today(self)
        infos = self.env["product.supplierinfo"].search(
            [
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
                ("company_id", "in", [False, company.id]),
                ("partner_id.active", "=", True),
                "|",
                ("date_start", "=", False),
                ("date_start", "<=", date),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", date),
            ],
            order="sequence, id",
        )
        by_template = defaultdict(lambda: self.env["product.product"])
        for product in products:
            by_template[product.product_tmpl_id] |= product
        offers = defaultdict(list)
        for info in infos:
            targets = info.product_id or by_template[info.product_tmpl_id]
            for product in targets & products:
                offers[product.id].append(self._dmfg_to_offer(info, product, company))
        return offers

    @api.model
    def _dmfg_to_offer(self, info, product, company):
        partner = info.partner_id
        point = (
            partner
            if partner.partner_latitude or partner.partner_longitude
            else (partner.commercial_partner_id)
        )
        price = info.price_discounted
        if info.currency_id and info.currency_id != company.currency_id:
            price = info.currency_id._convert(
                price, company.currency_id, company, fields.Date.context_today(self)
            )
        uom = info.product_uom or product.uom_po_id
        return vendor_service.VendorOffer(
            vendor_key=partner.id,
            name=partner.display_name,
            lat=point.partner_latitude or None,
            lon=point.partner_longitude or None,
            price=max(uom._compute_price(price, product.uom_id), 0.0),
            delay_days=max(info.delay, 0),
            min_qty=max(uom._compute_quantity(info.min_qty, product.uom_id), 0.0),
            offer_key=info.id,
        )

    @api.model
    def _dmfg_choose_vendors(self, procurements):
        """Give the buy procurements delivered to a producer their vendor.

        For each procurement into a producer's managed location without a
        vendor already set (by the caller or the reordering rule), rank the
        product's vendors by distance to the producer and set
        ``supplierinfo_id`` plus the choice shown on the purchase order. One
        batch of queries for all the procurements. Entry point (buy rules).
        """
        supply = self._dmfg_as_superuser()[0]
        locations = supply.env["stock.location"]
        for procurement, _rule in procurements:
            locations |= procurement.location_id
        producers = {
            location.id: location.dmfg_producer_id
            for location in locations
            if location.dmfg_producer_id
        }
        todo = []
        for procurement, _rule in procurements:
            producer = producers.get(procurement.location_id.id)
            if not producer:
                continue
            # Marks the purchase as one for the producer (see stock.rule).
            procurement.values["dmfg_producer_id"] = producer.id
            if not procurement.values.get("supplierinfo_id") and not (
                procurement.values.get("orderpoint_id")
                and procurement.values["orderpoint_id"].supplier_id
            ):
                todo.append(procurement)
        by_company = defaultdict(list)
        for procurement in todo:
            by_company[procurement.company_id].append(procurement)
        for company, company_procurements in by_company.items():
            products = supply.env["product.product"].concat(
                *(p.product_id for p in company_procurements)
            )
            offers = supply._dmfg_read_vendor_offers(products, company)
            infos = supply.env["product.supplierinfo"]
            for procurement in company_procurements:
                producer = producers[procurement.location_id.id]
                supply._dmfg_set_vendor(
                    procurement, producer, offers.get(procurement.product_id.id), infos
                )

    @api.model
    def _dmfg_set_vendor(self, procurement, producer, offers, infos):
        if not offers:
            return
        product = procurement.product_id
        qty = procurement.product_uom._compute_quantity(
            procurement.product_qty, product.uom_id, round=False
        )
        choice = vendor_service.choose_vendor(
            offers, producer.latitude, producer.longitude, max(qty, PRECISION)
        )
        chosen = choice.chosen
        values = procurement.values
        values.update(
            {
                "supplierinfo_id": infos.browse(chosen.offer.offer_key),
                "dmfg_producer_id": producer.id,
                "dmfg_vendor_distance_km": chosen.distance_km or 0.0,
                "dmfg_vendor_choice": self._dmfg_vendor_choice_text(choice),
            }
        )
        if values.get("dmfg_asap"):
            # Replenishment: expected as soon as the vendor can deliver.
            values["date_planned"] = fields.Datetime.now() + timedelta(
                days=chosen.offer.delay_days
            )

    @api.model
    def _dmfg_vendor_choice_text(self, choice):
        chosen, runner_up = choice.chosen, choice.runner_up
        text = chosen.message
        if runner_up:
            distance = (
                self.env._("%(km).1f km", km=runner_up.distance_km)
                if runner_up.distance_km is not None
                else self.env._("not located")
            )
            text += " " + self.env._(
                "Runner-up: %(vendor)s (%(distance)s), %(count)s vendors compared.",
                vendor=runner_up.offer.name,
                distance=distance,
                count=len(choice.ranked),
            )
        return text

    # --------------------------------------------------------- job supply

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
        if not products or not location:
            return {}
        groups = self.env["stock.quant"]._read_group(
            [
                ("location_id", "child_of", location.id),
                ("product_id", "in", products.ids),
            ],
            ["product_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        return {product.id: qty - reserved for product, qty, reserved in groups}

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
                supply_service.ComponentNeed(
                    key=product.id,
                    name=product.display_name,
                    uom=product.uom_id.name,
                    qty_needed=qty,
                    free_at_producer=at_producer.get(product.id, 0.0),
                    central_free=central.get(product.id, 0.0),
                    mode=modes.get(product.id) or None,
                    vendor_count=_vendor_count(offers, product.id),
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
            reasons = Markup("<br/>").join(line.message for line in plan.blocked)
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
                line.message,
            )
        return head + rows + Markup("</tbody></table>")

    # ------------------------------------------------ job leaving a producer

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
        on_hand = {
            product.id: qty
            for product, qty in self.env["stock.quant"]._read_group(
                [
                    ("location_id", "=", producer.location_id.id),
                    ("product_id", "in", [p.id for p in delivered]),
                ],
                ["product_id"],
                ["quantity:sum"],
            )
        }
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

    # ------------------------------------------------------ replenishment

    @api.model
    def _dmfg_rule_states(self, orderpoints):
        """``services.replenishment.RuleState`` of each rule, in batch.

        A fixed number of grouped queries whatever the number of rules and
        producers: stock on hand, open transfers in and out, and quantities
        ordered but not yet in a transfer (draft purchases).
        """
        locations = orderpoints.location_id
        products = orderpoints.product_id
        key_domain = [("product_id", "in", products.ids)]
        on_hand = {
            (location.id, product.id): qty
            for location, product, qty in self.env["stock.quant"]._read_group(
                [("location_id", "in", locations.ids), *key_domain],
                ["location_id", "product_id"],
                ["quantity:sum"],
            )
        }
        moves = self.env["stock.move"]
        open_domain = [("state", "in", OPEN_MOVE_STATES), *key_domain]
        incoming = {
            (location.id, product.id): qty
            for location, product, qty in moves._read_group(
                [("location_dest_id", "in", locations.ids), *open_domain],
                ["location_dest_id", "product_id"],
                ["product_qty:sum"],
            )
        }
        outgoing = {
            (location.id, product.id): qty
            for location, product, qty in moves._read_group(
                [("location_id", "in", locations.ids), *open_domain],
                ["location_id", "product_id"],
                ["product_qty:sum"],
            )
        }
        in_progress, _by_warehouse = products._get_quantity_in_progress(
            location_ids=locations.ids
        )
        return [
            replenishment_service.RuleState(
                key=op.id,
                name=op.display_name,
                min_qty=op.product_min_qty,
                max_qty=op.product_max_qty,
                multiple=op.qty_multiple,
                on_hand=on_hand.get((op.location_id.id, op.product_id.id), 0.0),
                incoming=incoming.get((op.location_id.id, op.product_id.id), 0.0),
                outgoing=outgoing.get((op.location_id.id, op.product_id.id), 0.0),
                in_progress=max(
                    in_progress.get((op.product_id.id, op.location_id.id), 0.0), 0.0
                ),
                rounding=op.product_uom.rounding,
            )
            for op in orderpoints
        ]

    @api.model
    def _dmfg_prepare_replenishment(self, orderpoint, qty, supply_routes):
        """A procurement for ``qty`` of a producer's reordering rule."""
        values = {
            "route_ids": orderpoint.route_id
            or supply_routes.get(orderpoint.id)
            or self.env["stock.route"],
            "date_planned": fields.Datetime.now(),
            "date_deadline": False,
            "warehouse_id": orderpoint.warehouse_id,
            "orderpoint_id": orderpoint,
            "group_id": orderpoint.group_id,
            # Purchases go to the producer (one order per vendor and producer).
            "partner_id": orderpoint.dmfg_producer_id.partner_id.id,
            "dmfg_asap": True,
        }
        return self.env["procurement.group"].Procurement(
            orderpoint.product_id,
            qty,
            orderpoint.product_uom,
            orderpoint.location_id,
            orderpoint.name,
            orderpoint.name,
            orderpoint.company_id,
            values,
        )

    @api.model
    def _dmfg_plan_rule_supply(self, orderpoints, to_order):
        """Route of each rule without its own route, and the rules blocked.

        Returns ``({orderpoint_id: route}, {orderpoint_id: message})``: the
        component's supply mode decides the route (nearest vendor, or the
        warehouse's resupply); a managed component with no vendor that the
        central warehouse cannot cover is blocked (see services/supply.py).
        Each rule is supplied within its warehouse's company: its vendors,
        its central stock.
        """
        routes, blocked = {}, {}
        todo = orderpoints.filtered(lambda op: not op.route_id)
        for warehouse, rules in todo.grouped("warehouse_id").items():
            warehouse_routes, warehouse_blocked = self._dmfg_plan_warehouse_rules(
                warehouse, rules, to_order
            )
            routes.update(warehouse_routes)
            blocked.update(warehouse_blocked)
        return routes, blocked

    @api.model
    def _dmfg_plan_warehouse_rules(self, warehouse, orderpoints, to_order):
        """:meth:`_dmfg_plan_rule_supply` for the rules of one warehouse."""
        products = orderpoints.product_id
        if not products:
            return {}, {}
        company = warehouse.company_id or orderpoints.company_id[:1]
        modes = self._dmfg_get_supply_modes(products)
        offers = self._dmfg_read_vendor_offers(products, company)
        central = self._dmfg_free_quantities(products, warehouse.lot_stock_id)
        plan = supply_service.plan_supply(
            [
                supply_service.ComponentNeed(
                    key=op.id,
                    name=op.product_id.display_name,
                    uom=op.product_uom.name,
                    qty_needed=to_order[op.id].qty_to_order,
                    central_free=central.get(op.product_id.id, 0.0),
                    mode=modes.get(op.product_id.id) or None,
                    vendor_count=_vendor_count(offers, op.product_id.id),
                )
                for op in orderpoints
            ],
            precision=PRECISION,
        )
        by_source = {
            supply_service.SOURCE_BUY: supply_mode_routes(self.env)[
                supply_service.MODE_BUY
            ],
            supply_service.SOURCE_CENTRAL: warehouse.subcontracting_route_id,
        }
        routes = {
            line.key: by_source[line.source]
            for line in plan.lines
            if line.source in by_source
        }
        blocked = {line.key: line.message for line in plan.blocked}
        return routes, blocked

    @api.model
    def _dmfg_replenish(self, orderpoints, raise_user_error=True):
        """Run producers' reordering rules now; returns a plain summary.

        Quantities come from :meth:`_dmfg_rule_states` (batch), the orders
        from one procurement run: resupply transfers, or purchases from the
        vendor nearest to each producer. With ``raise_user_error`` a rule
        that cannot be supplied stops everything with a clear message;
        otherwise it is skipped and reported in ``failed``. Entry point (the
        producers' replenishment, for a manager).
        """
        supply, orderpoints = self._dmfg_as_superuser(orderpoints)
        today = fields.Date.context_today(supply)
        orderpoints = orderpoints.filtered(
            lambda op: op.active
            and op.location_id
            and not (op.snoozed_until and op.snoozed_until > today)
        )
        decisions = replenishment_service.plan_replenishment(
            supply._dmfg_rule_states(orderpoints)
        )
        to_order = {d.key: d for d in decisions if d.qty_to_order > 0}
        ordered = orderpoints.filtered(lambda op: op.id in to_order)
        failed = supply._dmfg_run_replenishment(ordered, to_order, raise_user_error)
        done = ordered.filtered(lambda op: op.id not in failed)
        return supply._dmfg_replenishment_summary(orderpoints, done, to_order, failed)

    @api.model
    def _dmfg_run_replenishment(self, orderpoints, to_order, raise_user_error):
        """Run the procurements; ``{orderpoint_id: error}`` of those that failed."""
        supply_routes, failed = self._dmfg_plan_rule_supply(orderpoints, to_order)
        if failed and raise_user_error:
            raise UserError(
                self.env._(
                    "Replenishment of %(producers)s stopped, nothing was ordered: "
                    "%(reasons)s",
                    producers=", ".join(
                        orderpoints.dmfg_producer_id.mapped("display_name")
                    ),
                    reasons=" ".join(failed.values()),
                )
            )
        todo = orderpoints.filtered(lambda op: op.id not in failed)
        group_model = self.env["procurement.group"]
        while todo:
            procurements = [
                self._dmfg_prepare_replenishment(
                    op, to_order[op.id].qty_to_order, supply_routes
                )
                for op in todo
            ]
            try:
                with self.env.cr.savepoint():
                    group_model.with_context(from_orderpoint=True).run(
                        procurements, raise_user_error=raise_user_error
                    )
            except UserError as error:
                raise UserError(
                    self.env._(
                        "Replenishment of %(producers)s stopped, nothing was "
                        "ordered: %(error)s",
                        producers=", ".join(
                            orderpoints.dmfg_producer_id.mapped("display_name")
                        ),
                        error=error.args[0],
                    )
                ) from error
            except ProcurementException as error:
                errors = {
                    procurement.values["orderpoint_id"].id: message
                    for procurement, message in error.procurement_exceptions
                }
                if not errors:
                    raise
                failed.update(errors)
                todo = todo.filtered(lambda op, errors=errors: op.id not in errors)
                continue
            break
        return failed

    @api.model
    def _dmfg_replenishment_summary(self, orderpoints, done, to_order, failed):
        lines = self.env["purchase.order.line"].search(
            [
                ("orderpoint_id", "in", done.ids),
                ("order_id.state", "in", ("draft", "sent")),
            ]
        )
        moves = self.env["stock.move"].search(
            [
                ("orderpoint_id", "in", done.ids),
                ("state", "not in", ("done", "cancel")),
                ("picking_id", "!=", False),
            ]
        )
        return {
            "producer_ids": sorted(orderpoints.dmfg_producer_id.ids),
            "rules": len(orderpoints),
            "ordered": [
                {
                    "rule_id": op.id,
                    "producer_id": op.dmfg_producer_id.id,
                    "product_id": op.product_id.id,
                    "product": op.product_id.display_name,
                    "qty": to_order[op.id].qty_to_order,
                    "uom": op.product_uom.name,
                }
                for op in done
            ],
            "failed": [
                {"rule_id": op_id, "message": message}
                for op_id, message in sorted(failed.items())
            ],
            "purchase_order_ids": sorted(lines.order_id.ids),
            "picking_ids": sorted(moves.picking_id.ids),
        }

    # ------------------------------------------------------ stock reading

    @api.model
    def _dmfg_stock_by_producer(self, producers, with_value=False):
        """Stock per producer: ``{producer_id: [{product_id, product, quantity,
        reserved, uom, value}]}``. Entry point (``get_stock``, for a reader of
        the producers)."""
        result = {producer.id: [] for producer in producers}
        if not producers:
            return result
        supply, producers = self._dmfg_as_superuser(producers)
        quants = supply.env["stock.quant"]
        aggregates = ["quantity:sum", "reserved_quantity:sum"]
        if with_value:
            aggregates.append("value:sum")
        groups = quants._read_group(
            [("dmfg_producer_id", "in", producers.ids)],
            ["dmfg_producer_id", "product_id"],
            aggregates,
            order="dmfg_producer_id, product_id",
        )
        for producer, product, quantity, reserved, *value in groups:
            if float_is_zero(quantity, precision_rounding=product.uom_id.rounding) and (
                float_is_zero(reserved, precision_rounding=product.uom_id.rounding)
            ):
                continue
            result[producer.id].append(
                {
                    "product_id": product.id,
                    "product": product.display_name,
                    "quantity": quantity,
                    "reserved": reserved,
                    "uom": product.uom_id.name,
                    "value": value[0] if value else False,
                }
            )
        return result
