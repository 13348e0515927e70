# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Supply from vendors: which vendor supplies a producer's component (the one
nearest to the producer).
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from ..services import vendor as vendor_service
from .dmfg_supply import PRECISION


class DmfgSupplyVendor(models.AbstractModel):
    _inherit = "dmfg.supply"

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
        text = self.env["dmfg.message"]._dmfg_vendor_text(chosen)
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
