# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Job routing adapter: how a producer is chosen for a job. Odoo data in,
services/routing.py ranks, the outcome is written back.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from datetime import timedelta
from operator import itemgetter

import psycopg2
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY
from odoo.tools import float_compare, format_date

from ..services import capacity as capacity_service
from ..services import geo, routing, routing_hints
from .dmfg_job import MAX_CANDIDATES, MAX_DUE_DAYS, MAX_REASON_LENGTH
from .product_product import SELLERS_PARAM


class DmfgJobRouting(models.Model):
    _inherit = "dmfg.job"

    @api.depends("routing_result")
    @api.depends_context("lang")
    def _compute_routing_summary(self):
        # Worded when read, in the reader's language.
        messages = self.env["dmfg.message"]
        for job in self:
            job.routing_summary = messages._dmfg_routing_summary(job.routing_result)

    @api.depends(
        "routing_result", "state", "producer_id", "declined_producer_ids", "design_id"
    )
    @api.depends_context("lang")
    def _compute_routing_html(self):
        # Worded when read, in the reader's language; the rest of the network
        # is read now (who could take the job if something changed).
        for job in self:
            job.routing_html = job._dmfg_render_routing(job.routing_result or {})

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
        criterion's breakdown) and ``excluded`` (with reasons: a stable
        ``code`` and a ``message`` in the caller's language).
        """
        ranker = self._dmfg_check_user()
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
        # A preview ranks the network of the user's current company.
        result = ranker._dmfg_rank(
            product.with_env(ranker.env), qty, lat, lon, due, self.env.company
        )
        return self.env["dmfg.message"]._dmfg_word_result(result.to_dict())

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
                    why = self.env["dmfg.message"]._dmfg_excluded_text(
                        excluded.to_dict()
                    )
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
    def _dmfg_rank(
        self, product, qty, lat, lon, due, company, exclude_producers=None, uom=None
    ):
        """Rank the producers for one demand: a ``routing.RoutingResult``.

        Only ``company``'s network is ranked, with its prices: it is passed
        explicitly, since jobs are routed as superuser (a salesperson
        confirming an order), whose ``env.companies`` say nothing of the job.
        ``qty`` is in ``uom`` (default: the product's): each producer's price
        is the one Odoo's seller selection gives for that quantity today.
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
            producers,
            product,
            design,
            bom,
            today,
            due,
            company,
            qty,
            uom,
            distances=dict(near),
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
    def _dmfg_to_candidates(
        self,
        producers,
        product,
        design,
        bom,
        today,
        due,
        company,
        qty=1.0,
        uom=None,
        distances=None,
    ):
        """Map producers to ``routing.Candidate`` in batch reads.
        ``distances``: ``{producer_id: km}`` from the demand, when known."""
        distances = distances or {}
        if not producers:
            return []
        refusals = None
        if design:
            # Sharing scope decided for the candidates only, not the network;
            # a design of another company's network is made by none of ours.
            # The refusal's codes tell routing when the scope refuses only for
            # a missing process or material (then named as the first cause).
            refusals = {
                decision.producer_id: decision.reasons
                for decision in design._dmfg_sharing_decisions(producers)
            }
        due = max(due, today)
        # One read of calendars and blackouts serves both the free capacity
        # until the due date and the ready date of late producers after it.
        profile_list = producers._dmfg_to_capacity_profiles(
            today, due + timedelta(days=routing.HORIZON_MARGIN_DAYS)
        )
        profiles = {profile.key: profile for profile in profile_list}
        loads, queue, open_jobs = producers._dmfg_routing_totals(
            due, today + timedelta(days=3650)
        )
        free = {
            key: result.free_hours
            for key, result in capacity_service.free_capacity(
                profile_list, today, due, loads
            ).items()
        }
        prices, price_notes = self._dmfg_read_prices(
            product, producers.partner_id, qty, uom or product.uom_id, company
        )
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
                    may_make_design=refusals is None
                    or (producer.id in refusals and not refusals[producer.id]),
                    design_refusal=(refusals or {}).get(producer.id, ()),
                    commercial_use_allowed=commercial,
                    capacity=profile,
                    queue_hours=queue.get(producer.id, 0.0),
                    unit_price=prices.get(producer.partner_id.id),
                    price_note=price_notes.get(producer.partner_id.id, ""),
                    performance_factor=producer.performance_factor,
                    components_on_hand=on_hand.get(producer.location_id.id, {}),
                    distance_km=distances.get(producer.id),
                )
            )
        return candidates

    @api.model
    def _dmfg_price_date(self):
        """The day producers' prices are taken on: the day the job's purchase
        order is placed (made and confirmed at once, dated then), the day
        Odoo's purchase order lines take their vendor price on."""
        return fields.Date.today()

    @api.model
    def _dmfg_read_prices(self, product, partners, qty, uom, company):
        """``({partner_id: unit price}, {partner_id: why no price})`` for
        ``qty`` ``uom`` of ``product`` bought by ``company`` today.

        The price is the one Odoo's seller selection gives each partner
        (:meth:`_dmfg_select_sellers`), in the company's currency and after
        the line's discount: what the job's purchase order will carry.
        """
        date = self._dmfg_price_date()
        lines = self._dmfg_price_lines(product, partners)
        sellers = self._dmfg_select_sellers(
            product, partners, qty, uom, company, date=date, lines=lines
        )
        prices = self._dmfg_seller_prices(sellers, company, date)
        notes = {
            partner.id: self._dmfg_no_price_note(
                product, lines, partner, qty, uom, company, date
            )
            for partner in partners
            if partner.id not in sellers
        }
        return prices, notes

    @api.model
    def _dmfg_price_lines(self, product, partners):
        """The price lines (``product.supplierinfo``) of ``partners`` (or of
        their parent companies) for ``product``: one query."""
        return self.env["product.supplierinfo"]._dmfg_vendor_lines(
            partners | partners.parent_id, product.product_tmpl_id
        )

    @api.model
    def _dmfg_select_sellers(
        self, product, partners, qty, uom, company, date=None, lines=None
    ):
        """``{partner_id: product.supplierinfo}``: the line Odoo's
        ``_select_seller`` gives each partner for ``qty`` ``uom`` of
        ``product`` in ``company`` on ``date`` (default today): validity
        dates, minimum quantity in the line's UoM, company, best price. A
        partner without a valid line is left out.

        Batched: the partners' lines are read once (``lines``, see
        :meth:`_dmfg_price_lines`) and Odoo's filters (dates, minimum
        quantity, UoM, company, variant: ``_get_filtered_sellers``) run once
        over all of them, whatever the number of the product's other price
        lines in the network. Then, per partner, ``_select_seller``'s own last
        step: the lines of the first partner among its own and its parent
        company's (in Odoo's order), the cheapest after discount.
        """
        if lines is None:
            lines = self._dmfg_price_lines(product, partners)
        date = date or self._dmfg_price_date()
        product = product.with_company(company)
        valid = product._get_filtered_sellers(
            partner_id=False,
            quantity=qty,
            date=date,
            uom_id=uom,
            params={SELLERS_PARAM: lines},
        )
        by_partner = {}
        position = {}
        for index, line in enumerate(valid):
            by_partner.setdefault(line.partner_id.id, []).append(line)
            position[line.id] = index
        supplierinfo = self.env["product.supplierinfo"]
        sellers = {}
        for partner in partners:
            own = by_partner.get(partner.id, [])
            parent = by_partner.get(partner.parent_id.id, [])
            if not own and not parent:
                continue
            # Odoo keeps the partner of the first line in its order.
            first = min([*own, *parent], key=lambda line: position[line.id]).partner_id
            chosen = own if first.id == partner.id else parent
            sellers[partner.id] = supplierinfo.union(*chosen).sorted(
                itemgetter("price_discounted", "sequence", "id")
            )[:1]
        return sellers

    @api.model
    def _dmfg_seller_prices(self, sellers, company, date):
        """``{partner_id: unit price}`` of ``sellers`` in ``company``'s
        currency: a price in another currency is converted at ``date``'s rate
        and rounded, as Odoo converts it on a purchase order in the company's
        currency, then the line's discount applies. One rate read per
        currency."""
        target = company.currency_id
        rates = {}
        prices = {}
        for partner_id, seller in sellers.items():
            price = seller.price
            currency = seller.currency_id
            if price and currency and currency != target:
                if currency not in rates:
                    rates[currency] = currency._get_conversion_rate(
                        currency, target, company, date
                    )
                price = target.round(price * rates[currency])
            prices[partner_id] = price * (1.0 - (seller.discount or 0.0) / 100.0)
        return prices

    @api.model
    def _dmfg_no_price_note(self, product, lines, partner, qty, uom, company, date):
        """Why ``partner`` has no price for ``qty`` ``uom`` of ``product`` on
        ``date``, in the user's language (no price read: its lines' dates and
        minimum quantities only)."""
        lines = lines.filtered(
            lambda s: s.partner_id in (partner | partner.parent_id)
            and (not s.company_id or s.company_id == company)
            and (not s.product_id or s.product_id == product)
        )
        if not lines:
            return self.env._("It has no purchase price for this product.")
        current = lines.filtered(
            lambda s: (not s.date_start or s.date_start <= date)
            and (not s.date_end or s.date_end >= date)
        )
        if not current:
            periods = ", ".join(
                f"{format_date(self.env, s.date_start) if s.date_start else '…'}"
                f" – {format_date(self.env, s.date_end) if s.date_end else '…'}"
                for s in lines
            )
            return self.env._(
                "Its purchase prices for this product are not valid on %(date)s "
                "(valid %(periods)s).",
                date=format_date(self.env, date),
                periods=periods,
            )
        precision = self.env["decimal.precision"].precision_get(
            "Product Unit of Measure"
        )
        short = current.filtered(
            lambda s: float_compare(
                uom._compute_quantity(qty, s.product_uom, round=False),
                s.min_qty,
                precision_digits=precision,
            )
            < 0
        )
        if not short:
            return self.env._(
                "It has no valid purchase price for this quantity and date."
            )
        smallest = min(short, key=lambda s: s.min_qty)
        return self.env._(
            "Its purchase prices for this product start at %(min_qty)s %(line_uom)s; "
            "the job is for %(qty)s %(uom)s.",
            min_qty=smallest.min_qty,
            line_uom=smallest.product_uom.name,
            qty=qty,
            uom=uom.name,
        )

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
            exclude_producers=self.declined_producer_ids
            | self.expired_producer_ids
            | self.producer_id,
            uom=self.product_uom_id,
        )

    def _dmfg_seller(self):
        """The producer's price line for the job, chosen by Odoo's
        ``_select_seller`` as routing did: the job's quantity and UoM, today."""
        self.ensure_one()
        return self.product_id.with_company(self.company_id)._select_seller(
            partner_id=self.producer_id.partner_id,
            quantity=self.product_qty,
            date=self._dmfg_price_date(),
            uom_id=self.product_uom_id,
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

    def _dmfg_route_at_confirmation(self):
        """Route the job of a line being confirmed, at once.

        When its producer is being given another job by a concurrent
        transaction at that moment (the producer lock conflicts), the
        confirmation does not fail: the job waits and is routed right after
        on the job queue, one routing at a time (``root.dmfg_routing``), with
        fresh data. Without that, a burst of orders for one best producer
        starves the losers past Odoo's five retries and their orders are lost.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._dmfg_route_and_assign()
        except psycopg2.OperationalError as error:
            if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
                raise
            self.write({"state": "waiting"})
            self.message_post(
                body=self.env._(
                    "Its producer was being given another job at the same moment: "
                    "routed on the job queue in a moment."
                ),
                subtype_xmlid="mail.mt_note",
            )
            self.env["dmfg.background.run"]._dmfg_queue_routing(self)

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
                "date_offered": fields.Datetime.now(),
                "date_answered": False,
                "distance_km": entry.distance_km,
                "date_ready": entry.ready_date,
                "score": entry.total_score,
                "runner_up_id": runner_up.producer_key if runner_up else False,
                "runner_up_score": runner_up.total_score if runner_up else 0.0,
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
                "routing_result": result.to_dict(),
            }
        )
        body = Markup("<p>%s</p>") % self.env._(
            "No producer can take this job: %(summary)s",
            summary=self.env["dmfg.message"]._dmfg_routing_summary(self.routing_result),
        )
        if reason:
            body += Markup("<p>%s</p>") % reason
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        self._dmfg_schedule_planner_activity()

    def _dmfg_schedule_planner_activity(self):
        planner = self._dmfg_planner_user()
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Assign a producer"),
            note=self.env._(
                "No producer could take job %(job)s automatically; open it: "
                '"Why this producer" tells what excludes each producer and what '
                "would make the job routable.",
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
        # A conflict here is expected under load (retried, or routed on the
        # queue): not logged as a bad query.
        self.env.cr.execute(
            "UPDATE dmfg_producer SET assign_sequence = "
            "COALESCE(assign_sequence, 0) + 1 WHERE id = %s",
            [producer.id],
            log_exceptions=False,
        )
        producer.invalidate_recordset(["assign_sequence"])

    def _dmfg_documents_to_cancel(self):
        """The job's documents that moving it would cancel: its purchase
        order, the manufacturing orders and transfers made from it."""
        self.ensure_one()
        # sudo: only managers reach this (the assign wizard's access rights);
        # they see the documents' names, whatever their Purchase rights.
        job = self.sudo()
        order = job.purchase_order_id
        if not order or order.state == "cancel":
            return (
                job.env["purchase.order"],
                job.env["mrp.production"],
                job.env["stock.picking"],
            )
        pickings = order.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        productions = order.picking_ids.move_ids.move_orig_ids.production_id.filtered(
            lambda p: p.state not in ("done", "cancel")
        )
        return order, productions, pickings

    def _dmfg_render_documents_to_cancel(self):
        """HTML list of :meth:`_dmfg_documents_to_cancel`, or False."""
        if not self:
            return False
        order, productions, pickings = self._dmfg_documents_to_cancel()
        if not order:
            return False
        _ = self.env._
        items = [
            (_("Purchase order"), order.name),
            *((_("Manufacturing order"), mo.name) for mo in productions),
            *((_("Transfer"), picking.name) for picking in pickings),
        ]
        return Markup("<ul class='o_dmfg_to_cancel'>%s</ul>") % Markup().join(
            Markup("<li>%s <b>%s</b></li>") % item for item in items
        )

    def _dmfg_routing_explanation(self, data):
        """``routing_hints.Explanation`` of the job's routing result ``data``:
        the rest of the network and what would make the job routable."""
        self.ensure_one()
        if not data or not routing.has_location(
            self.customer_latitude, self.customer_longitude
        ):
            return None
        _weights, settings = self._dmfg_settings()
        # sudo: the planner reads the whole network of the job's company
        # (names, places and capabilities only) to be told who could help.
        producers = (
            self.env["dmfg.producer"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)])
        )
        network = [
            routing_hints.NetworkProducer(
                key=producer.id,
                name=producer.name,
                lat=producer.latitude,
                lon=producer.longitude,
                state=producer.state,
                process_keys=frozenset(producer.process_ids.ids),
                material_keys=frozenset(producer.material_ids.ids),
            )
            for producer in producers
        ]
        design = self.design_id
        names = ", ".join(
            design.process_ids.mapped("name") + design.material_ids.mapped("name")
        )
        return routing_hints.explain(
            self.customer_latitude,
            self.customer_longitude,
            network,
            data.get("excluded") or [],
            ranked_keys=[
                entry.get("producer_key") for entry in data.get("ranked") or []
            ],
            skipped_keys=(self.declined_producer_ids | self.producer_id).ids,
            process_keys=frozenset(design.process_ids.ids),
            material_keys=frozenset(design.material_ids.ids),
            required_names=names,
            max_distance_km=settings.max_distance_km,
        )

    def _dmfg_render_candidates(self, data):
        """HTML of the ranked producers (with their breakdown in words) and
        of the excluded ones with every reason: a routing result ``data``
        (``RoutingResult.to_dict()``), for the job's page and the assign
        dialog."""
        self.ensure_one()
        _ = self.env._
        messages = self.env["dmfg.message"]
        currency = self.company_id.currency_id or self.env.company.currency_id
        html = Markup()
        ranked = data.get("ranked") or []
        if ranked:
            head = Markup(
                "<table class='table table-sm o_dmfg_routing'><thead><tr>"
                "<th>#</th><th>%s</th><th class='text-end'>%s</th><th>%s</th>"
                "<th class='text-end'>%s</th><th class='text-end'>%s</th>"
                "<th>%s</th></tr></thead><tbody>"
            ) % (
                _("Producer"),
                _("Distance"),
                _("Ready"),
                _("Price"),
                _("Score"),
                _("Why"),
            )
            rows = Markup()
            for entry in ranked:
                rank = entry.get("rank")
                rows += Markup(
                    "<tr class='%s' data-producer-id='%s'><td>%s</td><td>%s</td>"
                    "<td class='text-end'>%s</td><td>%s</td><td class='text-end'>%s"
                    "</td><td class='text-end'>%s</td><td>%s</td></tr>"
                ) % (
                    "fw-bold" if rank == 1 else "",
                    entry.get("producer_key"),
                    rank,
                    entry.get("producer_name"),
                    _("%(km)s km", km=messages._dmfg_num(entry.get("distance_km"))),
                    messages._dmfg_date(entry.get("ready_date")),
                    messages._dmfg_price(entry.get("unit_price"), currency),
                    messages._dmfg_num(entry.get("total_score") or 0.0, 3),
                    messages._dmfg_breakdown_text(entry, currency),
                )
            html += Markup("<p>%s</p>") % _(
                "Ranked producers, best first (lower score is better):"
            )
            html += head + rows + Markup("</tbody></table>")
        else:
            html += Markup("<p class='text-danger'>%s</p>") % _(
                "No producer passes every rule for this job now."
            )
        excluded = data.get("excluded") or []
        if excluded:
            items = Markup().join(
                Markup("<li data-producer-id='%s'><b>%s</b> (%s): %s</li>")
                % (
                    entry.get("producer_key"),
                    entry.get("producer_name"),
                    _("%(km)s km", km=messages._dmfg_num(entry.get("distance_km")))
                    if entry.get("distance_km")
                    else _("not located"),
                    messages._dmfg_excluded_text(entry),
                )
                for entry in excluded
            )
            html += Markup("<p>%s</p><ul class='o_dmfg_excluded'>%s</ul>") % (
                _("Excluded producers:"),
                items,
            )
        return html

    def _dmfg_render_hints(self, explanation):
        """HTML of "what would make it work" for a routing ``explanation``
        (``routing_hints.Explanation``), empty when it has no hint: for the
        job's page and the assign dialog."""
        if not explanation or not explanation.hints:
            return Markup()
        messages = self.env["dmfg.message"]
        items = Markup().join(
            Markup("<li>%s</li>") % messages._dmfg_hint_text(hint.to_dict())
            for hint in explanation.hints
        )
        return Markup(
            "<div class='alert alert-info o_dmfg_hints' role='status'>"
            "<p><b>%s</b></p><ul>%s</ul></div>"
        ) % (self.env._("What would make it work:"), items)

    def _dmfg_render_routing(self, data):
        """HTML of a job's routing result ``data`` (``RoutingResult.to_dict()``):
        the choice, every ranked and excluded producer, the rest of the
        network and, for an unassigned job, what would make it routable."""
        self.ensure_one()
        if not data:
            return False
        _ = self.env._
        messages = self.env["dmfg.message"]
        html = Markup("<p>%s</p>") % messages._dmfg_routing_summary(data)
        explanation = self._dmfg_routing_explanation(data)
        html += self._dmfg_render_hints(explanation)
        html += self._dmfg_render_candidates(data)
        if explanation and explanation.others:
            _weights, settings = self._dmfg_settings()
            items = Markup().join(
                Markup("<li>%s</li>")
                % messages._dmfg_other_text(group.to_dict(), settings.max_distance_km)
                for group in explanation.others
            )
            html += Markup("<p>%s</p><ul class='o_dmfg_others'>%s</ul>") % (
                _("Other producers of the network, not ranked:"),
                items,
            )
        return html
