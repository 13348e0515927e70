# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A producer's portal: one work entry on /my, the job list's details,
components only on the stock page, and times in the producer's time zone
on the pages and in the emails alike."""

import re
from datetime import datetime

from odoo.tests import tagged
from odoo.tools import format_datetime, mute_logger

from .common import DmfgPortalCase

# Odoo's portal cards that compete with the production jobs.
ODOO_WORK_CARDS = ("/my/productions", "/my/purchase", "/my/rfq")
# Their titles, as a user reads them on /my.
ODOO_WORK_TITLES = ("Manufacturing Orders", "Our Orders", "Requests for Quotation")
OPTION_RE = re.compile(r'<option value="(\d+)"')


@tagged("post_install", "-at_install", "dmfg")
class TestPortalProducerHome(DmfgPortalCase):
    def test_producer_home_has_one_work_entry(self):
        """A producer's /my shows the production jobs, not Odoo's
        subcontracting or purchase cards; their counters count nothing."""
        self._login(self.sabadell_user)
        page = self.url_open("/my").text
        self.assertIn('href="/my/jobs"', page)
        for url in ODOO_WORK_CARDS:
            self.assertNotIn(f'href="{url}"', page)
        # Not rendered at all (not merely hidden until a counter arrives).
        for title in ODOO_WORK_TITLES:
            self.assertNotIn(title, page)
        counters = self.make_jsonrpc_request(
            "/my/counters",
            {"counters": ["production_count", "purchase_count", "rfq_count"]},
        )
        self.assertEqual(
            counters, {"production_count": 0, "purchase_count": 0, "rfq_count": 0}
        )

    def test_other_portal_users_keep_odoo_cards(self):
        """A portal user of no producer keeps Odoo's cards and gets no jobs."""
        self._login(self.customer_user)
        page = self.url_open("/my").text
        self.assertNotIn('href="/my/jobs"', page)
        for url in ODOO_WORK_CARDS:
            self.assertIn(f'href="{url}"', page)
        for title in ODOO_WORK_TITLES:
            self.assertIn(title, page)

    def test_job_list_shows_what_a_phone_needs(self):
        """Each job of the list shows its product, quantity, due date,
        answer-by time (offers) and town, whatever the screen width."""
        job = self._make_job(qty=3)
        self._login(self.sabadell_user)
        page = self.url_open("/my/jobs").text
        row = page[page.index(f'data-job-id="{job.id}"') :]
        row = row[: row.index("</li>")]
        self.assertIn(job.product_id.display_name, row)
        self.assertIn("3.00", row)
        self.assertIn("Due", row)
        self.assertIn("Answer by", row)
        self.assertIn("Barcelona", row)
        # Nothing of the row is hidden on small screens.
        self.assertNotIn("d-none", row)

    def test_stock_shows_and_offers_components_only(self):
        """A finished product waiting at the producer is neither listed as
        stock nor offered in "Ask for components"; asking for it is refused."""
        self._make_job()
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.sabadell.location_id, 2.0
        )
        product_quant = self.env["stock.quant"].search(
            [
                ("location_id", "=", self.sabadell.location_id.id),
                ("product_id", "=", self.product.id),
            ]
        )
        self.assertTrue(product_quant)
        self._login(self.sabadell_user)
        page = self.url_open("/my/stock").text
        self.assertIn(self.component.display_name, page)
        self.assertNotIn(self.product.display_name, page)
        self.assertEqual(OPTION_RE.findall(page), [str(self.component.id)])
        self.assertNotIn(f'data-quant-id="{product_quant.id}"', page)
        response = self._post(
            "/my/stock/request", {"product_id": self.product.id, "qty": "1"}
        )
        self.assertIn("Choose one of the components", response.text)
        self.assertFalse(self.sabadell.activity_ids)
        with mute_logger("odoo.http"):
            response = self._post(
                "/my/stock/count", {"quant_id": product_quant.id, "quantity": "0"}
            )
        self.assertEqual(response.status_code, 404)

    def test_stock_leaves_out_what_its_boms_make(self):
        """Without any job yet, a product the producer makes under a
        subcontracting bill of materials is not a component either."""
        self.assertFalse(
            self.env["dmfg.job"].search([("producer_id", "=", self.sabadell.id)])
        )
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.sabadell.location_id, 1.0
        )
        self._login(self.sabadell_user)
        page = self.url_open("/my/stock").text
        self.assertIn(self.component.display_name, page)
        self.assertNotIn(self.product.display_name, page)
        self.assertEqual(OPTION_RE.findall(page), [str(self.component.id)])

    def test_deadline_in_the_producer_time_zone_on_pages_and_email(self):
        """The answer-by time reads the same on the job list, the job page
        and the reminder email: in the producer's time zone (its working
        calendar's), not the user's nor UTC."""
        self.sabadell.resource_calendar_id = self.sabadell.resource_calendar_id.copy(
            {"tz": "America/New_York"}
        )
        self.sabadell_user.tz = "Europe/Madrid"
        job = self._make_job()
        # 03:17 UTC: 22:17 the day before in New York, 04:17 in Madrid.
        job.date_accept_deadline = datetime(2026, 12, 10, 3, 17)
        local = format_datetime(
            self.env, job.date_accept_deadline, tz="America/New_York", dt_format="short"
        )
        self.assertIn("10:17", local)
        job._dmfg_portal_notify("distributed_mfg_portal.mail_template_job_reminder")
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "dmfg.job"),
                ("res_id", "=", job.id),
                ("subject", "like", "Reminder"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self._login(self.sabadell_user)
        pages = {
            "list": self.url_open("/my/jobs").text,
            "job": self.url_open(job.access_url).text,
            "email": mail.body_html,
        }
        for where, text in pages.items():
            self.assertIn(local, text, where)
            for other in ("04:17", "03:17", "4:17 AM", "3:17 AM"):
                self.assertNotIn(other, text, where)
