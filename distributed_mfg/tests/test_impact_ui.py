# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The network dashboard and the local-impact report in Chromium
(static/tests/tours/impact_dashboard_tour.esm.js): the app opens on the
dashboard, whose report drills into producers."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "dmfg")
class TestImpactDashboardUi(HttpCase):
    def test_planner_opens_the_dashboard_and_drills_into_a_producer(self):
        """The demo's delivered jobs give this year's km saved; the report
        groups them by producer."""
        self.start_tour("/odoo", "dmfg_impact_dashboard_tour", login="planner")
