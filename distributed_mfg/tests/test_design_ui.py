# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The design library in a real browser, on the demo data (demo user planner)."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "dmfg")
class TestDesignLibraryUi(HttpCase):
    def test_planner_browses_the_design_library(self):
        """The planner sees thumbnails, revisions, files and allowed producers."""
        self.start_tour(
            "/odoo/action-distributed_mfg.dmfg_design_action",
            "dmfg_design_library_tour",
            login="planner",
        )
