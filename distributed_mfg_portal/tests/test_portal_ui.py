# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The producer portal in a real Chromium, at phone width.

The tours are in static/tests/tours/producer_portal_tour.esm.js. The phone
screenshot of a job page goes to the directory of Odoo's ``screenshots``
option (``<screenshots>/<db>/screenshots/``): a test artifact, never
committed.
"""

import base64
import glob
import os
import struct
import time

from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser, get_db_name, save_test_file
from odoo.tools import config

from .common import DmfgPortalCase

PHONE = {"width": 375, "height": 812, "deviceScaleFactor": 1, "mobile": True}


@tagged("post_install", "-at_install", "dmfg")
class TestPortalPhoneUi(DmfgPortalCase):
    browser_size = "375x812"

    def test_producer_logs_in_accepts_produces_and_ships(self):
        """At 375 px a producer logs in, accepts its job, marks it produced
        and ships it with a tracking number; the sale order is delivered."""
        job = self._make_job(qty=2)
        self.start_tour("/web/login?redirect=%2Fmy", "dmfg_portal_producer_tour")
        self.assertRecordValues(
            job,
            [
                {
                    "state": "done",
                    "qty_produced": 2.0,
                    "carrier_name": "SEUR",
                    "tracking_ref": "SEUR-TOUR-42",
                }
            ],
        )
        self.assertEqual(job.sale_line_id.qty_delivered, 2.0)

    def test_producer_declines_and_the_back_office_sees_it_rerouted(self):
        """A producer declines from its phone; a planner opens the job in the
        back office and sees it offered to the next producer, with the reason."""
        job = self._make_job()
        self.assertEqual(job.producer_id, self.sabadell)
        self.start_tour(
            job.access_url, "dmfg_portal_decline_tour", login=self.sabadell_user.login
        )
        self.assertEqual(job.producer_id, self.mataro)
        self.assertEqual(job.declined_producer_ids, self.sabadell)
        self.browser_size = "1366x768"
        self.start_tour(
            f"/odoo/action-distributed_mfg.dmfg_job_action/{job.id}",
            "dmfg_portal_rerouted_backoffice_tour",
            login="admin",
        )

    def test_job_page_screenshot_at_phone_width(self):
        """A screenshot of a job page at 375 px wide lands in the screenshots
        directory of the test run."""
        job = self._make_job(qty=3)
        job.custom_values = "Colour: oak\nEngraving: Núria"
        path = self._phone_screenshot(job.access_url, self.sabadell_user.login)
        with open(path, "rb") as png:
            header = png.read(24)
        self.assertEqual(header[:8], b"\x89PNG\r\n\x1a\n")
        width, height = struct.unpack(">II", header[16:24])
        self.assertEqual(width, PHONE["width"])
        self.assertGreater(height, PHONE["height"] // 2)

    def test_job_list_at_phone_width(self):
        """At 375 px the job list shows each job's product (even a long
        name), quantity, due date, answer-by time and town, none cut, and a
        screenshot of it is saved."""
        self.product.name = "Plywood lamp shade, oak veneer, hand finished"
        self._make_job(qty=3)
        self._make_job(qty=1, state="accepted")
        self.start_tour(
            "/my/jobs",
            "dmfg_portal_job_list_phone_tour",
            login=self.sabadell_user.login,
        )
        path = self._phone_screenshot(
            "/my/jobs", self.sabadell_user.login, prefix="dmfg_job_list_375px_"
        )
        with open(path, "rb") as png:
            header = png.read(24)
        self.assertEqual(header[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(struct.unpack(">II", header[16:24])[0], PHONE["width"])

    def _phone_screenshot(self, url, login, prefix="dmfg_job_page_375px_"):
        """Open ``url`` as ``login`` in a phone-sized Chromium and save a
        full-page screenshot with Odoo's test screenshot helper."""
        browser = ChromeBrowser(self)
        try:
            self.authenticate(login, login, browser=browser)
            browser._websocket_request(
                "Emulation.setDeviceMetricsOverride", params=PHONE
            )
            browser.navigate_to(self.base_url() + url, wait_stop=True)
            self.assertTrue(browser._wait_ready("document.readyState === 'complete'"))
            # Let the chatter finish loading before measuring the page.
            time.sleep(1)
            height = browser._websocket_request(
                "Runtime.evaluate",
                params={
                    "expression": "document.documentElement.scrollHeight",
                    "returnByValue": True,
                },
            )["result"]["value"]
            browser._websocket_request(
                "Emulation.setDeviceMetricsOverride",
                params=dict(PHONE, height=min(int(height), 6000)),
            )
            data = browser._websocket_request("Page.captureScreenshot", timeout=30)
            save_test_file(
                type(self).__name__,
                base64.b64decode(data["data"]),
                prefix,
                logger=self._logger,
            )
        finally:
            # Leave the page before closing Chromium: a request still running
            # (the chatter, the bus on a loaded machine) ends with the page
            # instead of failing with "Failed to fetch" as the browser stops.
            self._wait_remaining_requests()
            browser.navigate_to("about:blank", wait_stop=True)
            browser.stop()
            self._wait_remaining_requests()
        pattern = os.path.join(
            config["screenshots"],
            get_db_name(),
            "screenshots",
            f"{prefix}*_{type(self).__name__}.png",
        )
        return max(glob.glob(pattern), key=os.path.getmtime)
