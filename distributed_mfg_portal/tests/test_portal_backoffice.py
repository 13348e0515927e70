# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Back office: granting portal access to a producer's contacts."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import DmfgPortalCase


@tagged("post_install", "-at_install", "dmfg")
class TestPortalBackoffice(DmfgPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "dmfg_portal_manager", groups="distributed_mfg.group_dmfg_manager"
        )
        cls.dmfg_user = new_test_user(
            cls.env, "dmfg_portal_reader", groups="distributed_mfg.group_dmfg_user"
        )
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "Anna Girona",
                "parent_id": cls.girona.partner_id.id,
                "email": "anna.girona@example.com",
            }
        )

    def test_grant_portal_access_gives_the_contacts_a_producer_login(self):
        """The action opens Odoo's portal wizard on the producer's contacts;
        granting makes a portal user who reaches the producer portal."""
        self.assertEqual(self.girona.portal_user_count, 0)
        # Computed together, each producer counts its own users only.
        producers = self.sabadell | self.mataro | self.girona
        self.assertEqual(producers.mapped("portal_user_count"), [1, 1, 0])
        action = self.girona.with_user(self.manager).action_grant_portal_access()
        self.assertEqual(action["res_model"], "portal.wizard")
        wizard = self.env["portal.wizard"].browse(action["res_id"])
        self.assertEqual(wizard.user_ids.partner_id, self.contact)
        wizard.user_ids.with_user(self.manager).action_grant_access()
        user = self.contact.user_ids
        self.assertTrue(user._is_portal())
        self.girona.invalidate_recordset(["portal_user_count"])
        self.assertEqual(self.girona.portal_user_count, 1)
        self.authenticate(user.login, user.login)
        self.assertEqual(self.url_open("/my/availability").status_code, 200)

    def test_grant_portal_access_is_for_managers(self):
        """A network user who is not a manager cannot grant access."""
        with self.assertRaises(AccessError):
            self.girona.with_user(self.dmfg_user).action_grant_portal_access()

    def test_settings_page_saves_the_portal_options(self):
        """The Settings page stores the portal options as parameters."""
        settings = self.env["res.config.settings"].create(
            {
                "dmfg_portal_apply_counts": True,
                "dmfg_portal_acceptance_hours": 24,
                "dmfg_portal_reminder_hours": 6,
                "dmfg_portal_upload_max_mb": 5,
            }
        )
        settings.execute()
        param = self.env["ir.config_parameter"].sudo().get_param
        self.assertEqual(param("distributed_mfg_portal.apply_counts"), "True")
        self.assertEqual(param("distributed_mfg_portal.acceptance_hours"), "24")
        self.assertEqual(param("distributed_mfg_portal.reminder_hours"), "6")
        self.assertEqual(param("distributed_mfg_portal.upload_max_mb"), "5")
