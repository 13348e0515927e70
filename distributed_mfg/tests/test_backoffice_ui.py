# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install", "dmfg")
class TestBackofficeUi(HttpCase):
    def test_manager_opens_the_app_in_chromium(self):
        """The demo planner opens the app from the apps menu in a real browser."""
        self.start_tour("/odoo", "dmfg_backoffice_tour", login="planner")
