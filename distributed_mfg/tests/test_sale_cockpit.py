# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The sale order side of the planner's cockpit: its jobs, the tracking of
the shipment, the producer's dates, the customer's shipping mail and the
routing preview of a quotation."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .common_routing import GIRONA, DmfgRoutingCase


@tagged("post_install", "-at_install", "dmfg")
class TestSaleCockpit(DmfgRoutingCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for producer, city in ((cls.sabadell, "Sabadell"), (cls.girona, "Girona")):
            partner = producer.partner_id
            partner.write(
                {
                    "city": city,
                    "partner_latitude": partner.partner_latitude,
                    "partner_longitude": partner.partner_longitude,
                }
            )
        cls.customer.email = "nuria.customer@example.com"
        contact = cls.env["res.partner"].create(
            {"name": "Jordi (Sabadell)", "parent_id": cls.sabadell.partner_id.id}
        )
        cls.sabadell_user = new_test_user(
            cls.env,
            "dmfg_cockpit_sabadell",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        cls.planner = new_test_user(
            cls.env,
            "dmfg_cockpit_planner",
            groups="distributed_mfg.group_dmfg_user,sales_team.group_sale_salesman_all_leads",
        )
        cls.salesman = new_test_user(
            cls.env,
            "dmfg_cockpit_salesman",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.component, cls.sabadell.location_id, 10.0
        )

    def _in_days(self, days):
        return fields.Date.context_today(self.env.user) + timedelta(days=days)

    def _ship(self, job, qty=1):
        producer = job.with_user(self.sabadell_user)
        producer.action_accept(self._in_days(3))
        producer.action_start()
        producer.action_mark_produced(qty)
        producer.action_ship("SEUR", "SEUR-778899")

    def _delivery(self, job):
        return job.picking_ids.filtered(
            lambda p: p.location_dest_id.usage == "customer"
        )

    # ------------------------------------------------------------ jobs button

    def test_smart_button_opens_the_orders_jobs(self):
        """A network user sees "1 Jobs" on the order and opens just its job."""
        order, job = self._confirmed_job()
        self._order().action_confirm()  # another order's job, not listed
        as_planner = order.with_user(self.planner)
        self.assertEqual(as_planner.dmfg_job_count, 1)
        action = as_planner.action_view_dmfg_jobs()
        self.assertEqual(action["res_model"], "dmfg.job")
        jobs = self.env["dmfg.job"].with_user(self.planner).search(action["domain"])
        self.assertEqual(jobs, job)

    def test_salesperson_without_network_rights_has_no_jobs_button(self):
        order, _job = self._confirmed_job()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_view_dmfg_jobs()
        arch = order.with_user(self.salesman).get_views([(False, "form")])
        self.assertNotIn("action_view_dmfg_jobs", arch["views"]["form"]["arch"])

    # ------------------------------------------------------ shipping & dates

    def test_promised_date_moves_the_ready_date_and_the_delivery(self):
        """The producer promises a later date: the order line's ready date
        and the delivery's scheduled date follow it."""
        order, job = self._confirmed_job()
        line = order.order_line
        self.assertEqual(line.dmfg_date_ready, job.date_ready)
        promised = self._in_days(9)
        job.with_user(self.sabadell_user).action_accept(promised)
        self.assertEqual(line.dmfg_date_ready, promised)
        # What the order form reads for its lines.
        data = order.with_user(self.planner).web_read(
            {"order_line": {"fields": {"dmfg_date_ready": {}}}}
        )
        self.assertEqual(data[0]["order_line"][0]["dmfg_date_ready"], promised)
        delivery = self._delivery(job)
        self.assertTrue(delivery)
        self.assertEqual(delivery.scheduled_date.date(), promised)

    def test_late_producer_moves_the_delivery_to_the_expected_date(self):
        """Late on its promise, the job's expected date is the line's ready
        date and the delivery's scheduled date."""
        order, job = self._confirmed_job()
        job.with_user(self.sabadell_user).action_accept(self._in_days(3))
        expected = self._in_days(12)
        job.date_expected = expected  # as the lateness check sets it
        self.assertEqual(order.order_line.dmfg_date_ready, expected)
        self.assertEqual(self._delivery(job).scheduled_date.date(), expected)

    def test_tracking_is_on_the_order_and_the_delivery(self):
        order, job = self._confirmed_job()
        self._ship(job)
        line = order.order_line
        self.assertEqual(line.dmfg_carrier_name, "SEUR")
        self.assertEqual(line.dmfg_tracking_ref, "SEUR-778899")
        self.assertEqual(
            order.with_user(self.salesman).dmfg_tracking_summary, "SEUR SEUR-778899"
        )
        delivery = self._delivery(job)
        self.assertEqual(delivery.state, "done")
        self.assertEqual(delivery.dmfg_carrier_name, "SEUR")
        self.assertEqual(delivery.dmfg_tracking_ref, "SEUR-778899")

    def test_customer_gets_odoos_shipping_mail_when_the_producer_ships(self):
        self.env.company.stock_move_email_validation = True
        order, job = self._confirmed_job()
        with self.mock_mail_gateway():
            self._ship(job)
        delivery = self._delivery(job)
        mails = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mails), 1, "one shipping mail to the customer")
        self.assertEqual(mails.model, "stock.picking")
        self.assertEqual(mails.res_id, delivery.id)
        self.assertIn("has been shipped", str(mails.body_html))
        self.assertIn("Hello Núria Customer", str(mails.body_html))
        self.assertIn("SEUR-778899", str(mails.body_html))
        self.assertIn(delivery.name, mails.subject)
        self.assertNotIn(
            self.sabadell.partner_id,
            self._new_mails.recipient_ids,
            "the producer does not get the customer's mail",
        )
        self.assertTrue(order)

    def test_no_shipping_mail_when_the_setting_is_off(self):
        self.env.company.stock_move_email_validation = False
        _order, job = self._confirmed_job()
        with self.mock_mail_gateway():
            self._ship(job)
        self.assertFalse(
            self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        )

    # --------------------------------------------------------- routing preview

    def test_quotation_previews_who_would_make_each_line(self):
        order = self._order(qty=2).with_user(self.planner)
        line = order.order_line
        self.assertEqual(line.dmfg_preview_producer, "Taller Sabadell")
        self.assertEqual(line.dmfg_preview_city, "Sabadell")
        self.assertAlmostEqual(line.dmfg_preview_distance_km, 17.5, delta=1.0)
        self.assertTrue(line.dmfg_preview_date_ready)
        self.assertFalse(line.dmfg_preview_note)
        # Delivered near Girona: the Girona producer would make it.
        girona_customer = self.env["res.partner"].create(
            {
                "name": "Client Girona",
                "partner_latitude": GIRONA[0],
                "partner_longitude": GIRONA[1],
            }
        )
        self.girona.service_radius_km = 150.0
        order.sudo().partner_shipping_id = girona_customer
        self.assertEqual(line.dmfg_preview_producer, "Girona Makers")
        self.assertEqual(line.dmfg_preview_city, "Girona")
        # Confirmed, the real job speaks: no preview.
        order.sudo().partner_shipping_id = self.customer
        order.sudo().action_confirm()
        self.assertFalse(line.dmfg_preview_producer)
        self.assertEqual(line.dmfg_producer_name, "Taller Sabadell")

    def test_preview_without_located_address_says_so(self):
        nowhere = self.env["res.partner"].create({"name": "No address"})
        order = self._order(customer=nowhere).with_user(self.planner)
        self.assertFalse(order.order_line.dmfg_preview_producer)
        self.assertIn("Locate the delivery address", order.order_line.dmfg_preview_note)

    def test_preview_is_for_network_users_only(self):
        order = self._order()
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).order_line.read(["dmfg_preview_producer"])

    def test_preview_ranks_once_per_line(self):
        """The preview costs one ranking per line: more producers in the
        network do not mean more queries."""
        order = self._order()
        order.order_line = [
            Command.create({"product_id": self.product.id, "product_uom_qty": 1})
        ]
        lines = order.with_user(self.planner).order_line

        def preview_queries():
            # Warm Odoo's registry caches (access rights, parameters) first.
            for _warm in range(2):
                self.env.invalidate_all()
                lines.mapped("dmfg_preview_producer")
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            producers = lines.mapped("dmfg_preview_producer")
            self.assertEqual(producers, ["Taller Sabadell"] * 2)
            return self.cr.sql_log_count - before

        few = preview_queries()
        for index in range(4):
            self._make_producer(f"Extra {index}", (41.2, 1.9))
        self.assertEqual(preview_queries(), few)


@tagged("post_install", "-at_install", "dmfg")
class TestQuotationPreviewUi(DmfgRoutingCase, HttpCase):
    def test_quotation_shows_its_producer_before_confirming(self):
        """In a browser: a new quotation's locally made line names the
        producer, its town and ready date before it is confirmed."""
        partner = self.sabadell.partner_id
        partner.write(
            {
                "city": "Sabadell",
                "partner_latitude": partner.partner_latitude,
                "partner_longitude": partner.partner_longitude,
            }
        )
        new_test_user(
            self.env,
            "dmfg_quote_tour",
            groups="distributed_mfg.group_dmfg_user,"
            "sales_team.group_sale_salesman_all_leads",
            password="dmfg_quote_tour",
        )
        self.start_tour(
            "/odoo/action-sale.action_quotations_with_onboarding/new",
            "dmfg_quotation_preview_tour",
            login="dmfg_quote_tour",
        )


@tagged("post_install", "-at_install", "dmfg")
class TestCustomerPortalTracking(DmfgRoutingCase, HttpCase):
    def test_customer_sees_carrier_and_tracking_on_the_order_page(self):
        """The customer's order page shows no tracking before shipping, then
        the carrier and tracking number the producer gave, never the
        producer."""
        self.customer.email = "nuria.customer@example.com"
        new_test_user(
            self.env,
            "dmfg_tracking_customer",
            groups="base.group_portal",
            partner_id=self.customer.id,
            password="dmfg_tracking_customer",
        )
        contact = self.env["res.partner"].create(
            {"name": "Jordi (Sabadell)", "parent_id": self.sabadell.partner_id.id}
        )
        producer_user = new_test_user(
            self.env,
            "dmfg_tracking_producer",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        self.env["stock.quant"]._update_available_quantity(
            self.component, self.sabadell.location_id, 10.0
        )
        order, job = self._confirmed_job()
        self.assertEqual(job.producer_id, self.sabadell)
        self.authenticate("dmfg_tracking_customer", "dmfg_tracking_customer")
        url = order.get_portal_url()
        page = self.url_open(url).text
        self.assertIn(order.name, page)
        self.assertNotIn("o_dmfg_shipped", page)
        producer = job.with_user(producer_user)
        today = fields.Date.context_today(producer_user)
        producer.action_accept(today + timedelta(days=3))
        producer.action_start()
        producer.action_mark_produced(1)
        producer.action_ship("SEUR", "SEUR-PORTAL-42")
        page = self.url_open(url).text
        self.assertIn("o_dmfg_shipped", page)
        carrier = r"Shipped with\s+<span class=\"o_dmfg_carrier\">SEUR</span>"
        self.assertRegex(page, carrier)
        self.assertIn("SEUR-PORTAL-42", page)
        self.assertNotIn(self.sabadell.name, page)
