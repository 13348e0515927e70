# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The planner's cockpit in a real Chromium: the network map and the job
kanban (static/tests/tours/network_map_tour.esm.js).

Screenshots of both go to the directory of Odoo's ``screenshots`` option
(``<screenshots>/<db>/screenshots/``, under ``$DMFG_ARTIFACTS`` with
``setup/test``): test artifacts, never committed.
"""

import base64
import glob
import os
import time
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser, get_db_name, save_test_file
from odoo.tools import config

# No tile server is reachable from the test machine: a closed local port makes
# every tile fail, and the markers must be drawn all the same.
DEAD_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"
WINDOW = {"width": 1366, "height": 900, "deviceScaleFactor": 1, "mobile": False}


@tagged("post_install", "-at_install", "dmfg")
class TestNetworkMapUi(HttpCase):
    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].set_param(
            "distributed_mfg.map_tile_url", DEAD_TILES
        )

    def test_planner_opens_the_map_and_a_producer(self):
        """Markers and lines match the network although no tile loads; a
        producer's marker opens its form."""
        self.start_tour("/odoo", "dmfg_network_map_tour", login="planner")

    def test_planner_opens_the_job_kanban(self):
        """The jobs open as a kanban grouped by status, a job past its due
        date marked late, then as a calendar."""
        job = self.env["dmfg.job"].search(
            [("state", "=", "offered"), ("producer_id.name", "=", "Garraf Fab")],
            limit=1,
        )
        self.assertTrue(job, "the demo offers a job to Garraf Fab")
        job.date_due = fields.Date.context_today(job) - timedelta(days=2)
        self.start_tour(
            "/odoo/action-distributed_mfg.dmfg_job_action",
            "dmfg_job_kanban_tour",
            login="planner",
        )

    def test_screenshots_of_the_map_and_the_job_kanban(self):
        """PNG screenshots of the map and of the job kanban are saved."""
        shots = {
            "dmfg_network_map_": (
                "/odoo/dmfg-network-map",
                "document.querySelectorAll('.o_dmfg_map_producer').length > 0",
            ),
            "dmfg_job_kanban_": (
                "/odoo/action-distributed_mfg.dmfg_job_action?view_type=kanban",
                "document.querySelectorAll('.o_kanban_record').length > 0",
            ),
        }
        for prefix, (url, ready) in shots.items():
            path = self._screenshot(url, ready, prefix)
            with open(path, "rb") as png:
                self.assertEqual(png.read(8), b"\x89PNG\r\n\x1a\n")

    def _screenshot(self, url, ready, prefix):
        """Open ``url`` as the demo planner, wait until ``ready`` (JS) holds,
        save a screenshot with Odoo's test helper and return its path."""
        browser = ChromeBrowser(self)
        try:
            self.authenticate("planner", "planner", browser=browser)
            browser._websocket_request(
                "Emulation.setDeviceMetricsOverride", params=WINDOW
            )
            browser.navigate_to(self.base_url() + url, wait_stop=True)
            self.assertTrue(browser._wait_ready(ready, timeout=60), url)
            # Let Leaflet and the kanban finish drawing.
            time.sleep(1)
            data = browser._websocket_request("Page.captureScreenshot", timeout=30)
            save_test_file(
                type(self).__name__,
                base64.b64decode(data["data"]),
                prefix,
                logger=self._logger,
            )
        finally:
            browser.stop()
            self._wait_remaining_requests()
        pattern = os.path.join(
            config["screenshots"],
            get_db_name(),
            "screenshots",
            f"{prefix}*_{type(self).__name__}.png",
        )
        return max(glob.glob(pattern), key=os.path.getmtime)
