# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A producer with Spanish set reads its portal job page in Spanish: Odoo's
words and ours (issue #11)."""

from odoo.tests import tagged

from .common import DmfgPortalCase

ADDONS = ["distributed_mfg", "distributed_mfg_portal"]


@tagged("post_install", "-at_install", "dmfg")
class TestPortalTranslations(DmfgPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"].search(
            [("name", "in", ADDONS + ["portal"])]
        )._update_translations(["es_ES"])
        cls.job = cls._make_job(qty=2)

    def test_job_page_in_spanish(self):
        self.sabadell_user.lang = "es_ES"
        self._login(self.sabadell_user)
        response = self.url_open(self.job.access_url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        # Odoo's words (portal's "My account") ...
        self.assertIn("Mi cuenta", page)
        # ... ours (distributed_mfg_portal/i18n/es.po) ...
        for text in ("Qué fabricar", "Aceptar el trabajo", "Rechazar el trabajo"):
            self.assertIn(text, page)
        for text in ("What to make", "Accept the job", "Decline the job"):
            self.assertNotIn(text, page)
        # ... and the job's state label (a selection of distributed_mfg).
        self.assertIn("Ofrecido", page)

    def test_job_page_in_english_by_default(self):
        self._login(self.sabadell_user)
        page = self.url_open(self.job.access_url).text
        self.assertIn("Accept the job", page)
        self.assertNotIn("Aceptar el trabajo", page)
