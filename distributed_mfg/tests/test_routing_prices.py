# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producers' prices come from Odoo's seller selection, for routing and for
the purchase order alike: validity dates, minimum quantities, currencies."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_routing import DmfgRoutingCase


@tagged("post_install", "-at_install", "dmfg")
class TestRoutingPrices(DmfgRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.sabadell_price = cls._price_line(cls.sabadell)

    @classmethod
    def _price_line(cls, producer):
        return cls.env["product.supplierinfo"].search(
            [
                ("partner_id", "=", producer.partner_id.id),
                ("product_tmpl_id", "=", cls.product.product_tmpl_id.id),
            ]
        )

    def _excluded(self, job, producer):
        return next(
            entry
            for entry in job.routing_result["excluded"]
            if entry["producer_key"] == producer.id
        )

    def _assert_po_price_is_routing_price(self, job, price):
        """The PO line carries the unit price routing ranked the producer with."""
        chosen = job.routing_result["chosen"]
        self.assertEqual(chosen["producer_key"], job.producer_id.id)
        self.assertAlmostEqual(chosen["unit_price"], price)
        line = job.purchase_order_id.order_line
        self.assertEqual(job.purchase_order_id.state, "purchase")
        self.assertEqual(line.product_qty, job.product_qty)
        self.assertAlmostEqual(line.price_unit, price)
        self.assertAlmostEqual(job.producer_price_unit, price)

    def test_po_price_is_the_price_routing_ranked_with(self):
        """The chosen producer's routing price is its purchase order's price."""
        _order, job = self._confirmed_job(qty=2)
        self.assertEqual(job.producer_id, self.sabadell)
        self._assert_po_price_is_routing_price(job, 20.0)
        ranked = {
            e["producer_key"]: e["unit_price"] for e in job.routing_result["ranked"]
        }
        self.assertEqual(ranked[self.mataro.id], 18.0)
        self.assertEqual(ranked[self.girona.id], 15.0)

    def test_expired_price_excludes_the_producer_with_the_reason(self):
        """Sabadell's only price expired yesterday: no price, the job goes on."""
        self.sabadell_price.write(
            {
                "date_start": self.today - timedelta(days=60),
                "date_end": self.today - timedelta(days=1),
            }
        )
        _order, job = self._confirmed_job(qty=2)
        self.assertEqual(job.producer_id, self.mataro)
        self._assert_po_price_is_routing_price(job, 18.0)
        excluded = self._excluded(job, self.sabadell)
        self.assertEqual(excluded["reason_code"], "no_price")
        self.assertIn("not valid on", excluded["message"])
        self.assertIn(excluded["message"], job.routing_html)
        # Nor may a planner move the job there by hand.
        with self.assertRaisesRegex(UserError, "not valid on"):
            job.action_reassign(self.sabadell.id, "Nearest")

    def test_price_valid_from_today_replaces_an_expired_one(self):
        """Of two price lines, the one valid today is ranked and ordered."""
        self.sabadell_price.date_end = self.today - timedelta(days=1)
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.sabadell.partner_id.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 19.0,
                "date_start": self.today,
            }
        )
        # Not valid yet: ignored.
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.sabadell.partner_id.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 5.0,
                "date_start": self.today + timedelta(days=3),
            }
        )
        _order, job = self._confirmed_job(qty=2)
        self.assertEqual(job.producer_id, self.sabadell)
        self._assert_po_price_is_routing_price(job, 19.0)

    def test_batched_choice_is_odoos_select_seller_for_each_producer(self):
        """Routing picks every candidate's line in one pass: the same line as
        Odoo's ``_select_seller`` gives each of them, whatever the mix of own
        lines, lines of the parent company, discounts and sequences."""
        lines = self.env["product.supplierinfo"]
        template = self.product.product_tmpl_id
        workshop = self.env["res.partner"].create(
            {"name": "Mataró cooperative", "is_company": True}
        )
        # Mataró's producer is now a contact of a company with its own lines:
        # Odoo keeps the lines of whichever partner comes first in its order.
        self.mataro.partner_id.parent_id = workshop
        lines |= lines.create(
            [
                {
                    "partner_id": workshop.id,
                    "product_tmpl_id": template.id,
                    "price": 11.0,
                    "sequence": 1,
                },
                {
                    "partner_id": workshop.id,
                    "product_tmpl_id": template.id,
                    "price": 14.0,
                    "discount": 50.0,
                    "sequence": 2,
                },
                # Girona: a cheaper line after discount, later in sequence.
                {
                    "partner_id": self.girona.partner_id.id,
                    "product_tmpl_id": template.id,
                    "price": 16.0,
                    "discount": 25.0,
                    "sequence": 30,
                },
                # Sabadell: one expired, one for larger quantities only.
                {
                    "partner_id": self.sabadell.partner_id.id,
                    "product_tmpl_id": template.id,
                    "price": 5.0,
                    "date_end": self.today - timedelta(days=1),
                },
                {
                    "partner_id": self.sabadell.partner_id.id,
                    "product_tmpl_id": template.id,
                    "price": 6.0,
                    "min_qty": 50,
                },
            ]
        )
        partners = (self.sabadell | self.mataro | self.girona).partner_id
        job_model = self.env["dmfg.job"]
        for qty in (1.0, 60.0):
            chosen = job_model._dmfg_select_sellers(
                self.product, partners, qty, self.product.uom_id, self.env.company
            )
            for partner in partners:
                expected = self.product.with_company(self.env.company)._select_seller(
                    partner_id=partner, quantity=qty, uom_id=self.product.uom_id
                )
                self.assertEqual(chosen.get(partner.id), expected, (partner.name, qty))
        self.assertEqual(chosen[self.mataro.partner_id.id].partner_id, workshop)
        self.assertEqual(chosen[self.girona.partner_id.id].price_discounted, 12.0)

    def test_minimum_quantity_above_the_job_excludes_the_producer(self):
        """Sabadell sells from 5 units: a job of 2 goes to Mataró, one of 5 not."""
        self.sabadell_price.min_qty = 5
        _order, small = self._confirmed_job(qty=2)
        self.assertEqual(small.producer_id, self.mataro)
        excluded = self._excluded(small, self.sabadell)
        self.assertEqual(excluded["reason_code"], "no_price")
        self.assertIn("start at 5.0", excluded["message"])
        _order, large = self._confirmed_job(qty=5)
        self.assertEqual(large.producer_id, self.sabadell)
        self._assert_po_price_is_routing_price(large, 20.0)

    def test_quantity_price_break_reaches_routing_and_the_po(self):
        """From 10 units Sabadell is cheaper: ranked and ordered at that price."""
        self.env["product.supplierinfo"].create(
            {
                "partner_id": self.sabadell.partner_id.id,
                "product_tmpl_id": self.product.product_tmpl_id.id,
                "price": 12.0,
                "min_qty": 10,
            }
        )
        _order, job = self._confirmed_job(qty=10)
        self.assertEqual(job.producer_id, self.sabadell)
        self._assert_po_price_is_routing_price(job, 12.0)
        # Down to 9 on the order: Sabadell's break no longer applies. (The
        # job is routed again without its producer: Mataró.)
        job.sale_line_id.product_uom_qty = 9
        self.assertEqual(job.producer_id, self.mataro)
        self._assert_po_price_is_routing_price_for(job, self.mataro, 18.0)
        self.assertEqual(job.purchase_order_id.order_line.product_qty, 9.0)

    def test_price_in_another_currency_is_converted_as_on_the_po(self):
        """A price in a foreign currency is ranked, and ordered, converted at
        today's rate into the company's currency, as Odoo's PO lines do."""
        company = self.env.company
        foreign = self.env.ref("base.EUR")
        if company.currency_id == foreign:
            foreign = self.env.ref("base.USD")
        foreign.active = True
        # 1 unit of the company's currency is worth 2 of the foreign one. Odoo
        # converts with the stored rates of both currencies, and the company's
        # own currency may have one other than 1 (a demo switched to EUR).
        own = company.currency_id
        own_rate = own._get_rates(company, self.today).get(own.id) or 1.0
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "company_id": company.id,
                "name": self.today,
                "rate": 2.0 * own_rate,
            }
        )
        self.sabadell_price.write({"currency_id": foreign.id, "price": 41.0})
        _order, job = self._confirmed_job(qty=2)
        self.assertEqual(job.producer_id, self.sabadell)
        self.assertEqual(job.purchase_order_id.currency_id, company.currency_id)
        self._assert_po_price_is_routing_price(job, 20.5)

    def test_locked_order_gets_documents_when_its_job_moves_and_stays_locked(self):
        """With "Lock confirmed sales", moving a job still makes its documents
        and the order stays locked all along."""
        self.env.user.groups_id += self.env.ref("sale.group_auto_done_setting")
        order, job = self._confirmed_job(qty=2)
        self.assertTrue(order.locked)
        old_purchase = job.purchase_order_id
        self.assertEqual(old_purchase.state, "purchase")
        job.action_reassign(self.mataro.id, "Moved after locking")
        self.assertTrue(order.locked)
        self.assertEqual(old_purchase.state, "cancel")
        self.assertEqual(job.purchase_order_id.partner_id, self.mataro.partner_id)
        self._assert_po_price_is_routing_price_for(job, self.mataro, 18.0)
        picking = job.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.location_dest_id.usage, "customer")
        self.assertEqual(picking.move_ids.location_id, self.mataro.location_id)
        self.assertIn(picking, order.picking_ids)
        self.assertEqual(job.production_ids.subcontractor_id, self.mataro.partner_id)

    def _assert_po_price_is_routing_price_for(self, job, producer, price):
        """After a move by hand, the producer's ranked price is the PO's."""
        entry = next(
            e for e in job.routing_result["ranked"] if e["producer_key"] == producer.id
        )
        self.assertAlmostEqual(entry["unit_price"], price)
        self.assertAlmostEqual(job.purchase_order_id.order_line.price_unit, price)
