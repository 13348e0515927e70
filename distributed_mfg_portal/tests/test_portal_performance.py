# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/performance: a producer sees its own scorecard, never another's."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import DmfgPortalCase


@tagged("post_install", "-at_install", "dmfg")
class TestPortalPerformance(DmfgPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        now = fields.Datetime.now()
        cls.sabadell.write(
            {"score_date": now, "score_factor": 1.37, "score_job_count": 7}
        )
        cls.mataro.write(
            {"score_date": now, "score_factor": 0.42, "score_job_count": 93}
        )

    def test_own_numbers_only(self):
        """The producer sees its factor and job count, not the other's."""
        self._login(self.sabadell_user)
        response = self.url_open("/my/performance")
        self.assertEqual(response.status_code, 200)
        self.assertIn("1.37", response.text)
        self.assertNotIn("0.42", response.text)
        self.assertNotIn("93", response.text.split("o_dmfg_portal_scorecard")[1])
        self.assertNotIn(self.mataro.name, response.text)
        home = self.url_open("/my")
        self.assertIn('href="/my/performance"', home.text)

    def test_customer_gets_404_and_visitor_is_redirected(self):
        """A portal user without producer gets a 404; a visitor the login."""
        self._login(self.customer_user)
        self.assertEqual(self.url_open("/my/performance").status_code, 404)
        self.logout()
        response = self.url_open("/my/performance", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])

    def test_scorecard_fields_refused_through_the_orm(self):
        """The portal user cannot read any producer's scorecard fields."""
        for producer in (self.sabadell, self.mataro):
            with self.assertRaises(AccessError):
                producer.with_user(self.sabadell_user).read(
                    ["score_factor", "performance_breakdown_html"]
                )

    def test_offer_past_its_deadline_counts_expired(self):
        """An offer unanswered after its deadline is an expiry."""
        job = self._make_job()
        job.write({"date_accept_deadline": fields.Datetime.now() - timedelta(hours=1)})
        job.producer_id._dmfg_update_scorecards()
        self.assertEqual(job.producer_id.score_expiries, 1)
