# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer scorecard in the database: batch update, override, quality
issues, earned status and privacy.

Jobs are made directly with their dates (as routing and the producer's
answers set them); due and promised dates are 5 days before "now".
"""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import BARCELONA, SABADELL, DmfgProducerCommon


@tagged("post_install", "-at_install", "dmfg")
class TestProducerScorecard(DmfgProducerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._create_partner("Client Final", BARCELONA)
        cls.product = cls.env["product.product"].create({"name": "Bracket"})
        cls.producer = cls._create_producer("Taller Bo", BARCELONA)
        cls.other = cls._create_producer("Taller Altre", SABADELL)
        cls.now = fields.Datetime.now()
        cls.due = fields.Date.context_today(cls.producer) - timedelta(days=5)

    @classmethod
    def _job(cls, producer, late=False, state="done", days_ago=10):
        offered = cls.now - timedelta(days=days_ago)
        shipped = cls.due + timedelta(days=2 if late else -1)
        return cls.env["dmfg.job"].create(
            {
                "product_id": cls.product.id,
                "partner_shipping_id": cls.customer.id,
                "producer_id": producer.id,
                "state": state,
                "date_offered": offered,
                "date_answered": offered + timedelta(hours=3),
                "date_due": cls.due,
                "date_promised": cls.due,
                "date_shipped": shipped if state == "done" else False,
            }
        )

    def test_no_history_is_neutral(self):
        """A producer without jobs gets factor 1.0 and its numbers at 0."""
        self.producer.performance_factor = 1.7
        self.producer._dmfg_update_scorecards()
        self.assertRecordValues(
            self.producer,
            [
                {
                    "score_job_count": 0,
                    "score_factor": 1.0,
                    "performance_factor": 1.0,
                    "score_expiries": 0,
                }
            ],
        )

    def test_on_time_jobs_raise_the_factor(self):
        """3 accepted jobs shipped on time, answered in 3 hours: factor 2."""
        for _n in range(3):
            self._job(self.producer)
        self.producer._dmfg_update_scorecards()
        self.assertRecordValues(
            self.producer,
            [
                {
                    "score_job_count": 3,
                    "score_acceptance_rate": 1.0,
                    "score_on_time_rate": 1.0,
                    "score_median_answer_hours": 3.0,
                    "score_factor": 2.0,
                    "performance_factor": 2.0,
                }
            ],
        )
        self.assertIn("+0.40", self.producer.performance_breakdown_html)

    def test_late_jobs_quality_issues_and_declines_lower_it(self):
        """2 jobs late (one with an issue) and 2 declines: acceptance 0.5 (0),
        on time 0 (-0.4), quality 0.5 (0): factor 0.6."""
        jobs = self._job(self.producer, late=True) | self._job(self.producer, late=True)
        self.env["dmfg.quality.issue"].create(
            {"job_id": jobs[0].id, "reason": "Cracked"}
        )
        for job in (self._job(self.other), self._job(self.other)):
            job.declined_producer_ids = [fields.Command.link(self.producer.id)]
        self.producer._dmfg_update_scorecards()
        self.assertRecordValues(
            self.producer,
            [
                {
                    "score_job_count": 4,
                    "score_declines": 2,
                    "score_quality_issue_count": 1,
                    "score_on_time_rate": 0.0,
                    "score_factor": 0.6,
                }
            ],
        )

    def test_override_keeps_the_typed_factor(self):
        """With the override, routing keeps the typed factor; a reason is
        required."""
        self._job(self.producer)
        with self.assertRaises(ValidationError):
            self.producer.performance_override = True
        self.producer.write(
            {
                "performance_override": True,
                "performance_override_reason": "New machine",
                "performance_factor": 0.9,
            }
        )
        self.producer._dmfg_update_scorecards()
        self.assertRecordValues(
            self.producer, [{"performance_factor": 0.9, "score_factor": 2.0}]
        )

    def test_window_of_jobs_from_settings(self):
        """Only the latest N jobs (setting) count."""
        self.env["ir.config_parameter"].set_param(
            "distributed_mfg.score_window_jobs", "1"
        )
        self._job(self.producer, late=True, days_ago=20)
        self._job(self.producer, days_ago=1)
        self.producer._dmfg_update_scorecards()
        self.assertRecordValues(
            self.producer, [{"score_job_count": 1, "score_on_time_rate": 1.0}]
        )

    def _count_update_queries(self, count):
        producers = self.env["dmfg.producer"]
        for n in range(count):
            producer = self._create_producer(f"Taller {n}", BARCELONA)
            self._job(producer)
            self._job(producer, late=True)
            producers |= producer
        self.env["dmfg.quality.issue"].create(
            {"job_id": self._job(producers[0]).id, "reason": "X"}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        producers._dmfg_update_scorecards()
        self.env.flush_all()
        return self.env.cr.sql_log_count - before

    def test_update_in_constant_queries(self):
        """Updating 10 or 100 producers takes the same number of queries."""
        self._count_update_queries(2)  # warm the caches (settings, fields)
        self.assertEqual(
            self._count_update_queries(10), self._count_update_queries(100)
        )

    def test_cron_suspends_a_poor_active_producer(self):
        """An active producer under 0.6 over 5 jobs is suspended, with the
        reason in its chatter: 5 jobs late, each with an issue, 2 declines:
        acceptance 5/7 (+0.13), on time 0 (-0.4), quality 0 (-0.3): 0.43."""
        producer = self._create_producer("Taller Lent", SABADELL, state="active")
        for _n in range(5):
            job = self._job(producer, late=True)
            self.env["dmfg.quality.issue"].create({"job_id": job.id, "reason": "Bad"})
        for job in (self._job(self.other), self._job(self.other)):
            job.declined_producer_ids = [fields.Command.link(producer.id)]
        self.env["dmfg.producer"]._cron_update_scorecards()
        self.assertEqual(producer.state, "suspended")
        self.assertIn("scorecard", producer.message_ids[0].body)

    def test_cron_keeps_an_overridden_active_producer(self):
        """An overridden producer is not suspended."""
        producer = self._create_producer(
            "Taller Protegit",
            SABADELL,
            state="active",
            performance_override=True,
            performance_override_reason="Pilot",
        )
        for _n in range(5):
            job = self._job(producer, late=True)
            self.env["dmfg.quality.issue"].create({"job_id": job.id, "reason": "Bad"})
        for job in (self._job(self.other), self._job(self.other)):
            job.declined_producer_ids = [fields.Command.link(producer.id)]
        self.env["dmfg.producer"]._cron_update_scorecards()
        self.assertEqual(producer.score_factor, 0.43)
        self.assertEqual(producer.state, "active")

    def test_cron_proposes_a_good_trial_producer(self):
        """A trial producer with 3 on-time jobs gets an activity, once."""
        producer = self._create_producer("Taller Nou", SABADELL, state="trial")
        for _n in range(3):
            self._job(producer)
        self.env["dmfg.producer"]._cron_update_scorecards()
        self.env["dmfg.producer"]._cron_update_scorecards()
        self.assertEqual(producer.state, "trial")
        self.assertEqual(len(producer.activity_ids), 1)

    def test_cron_promotes_when_automatic(self):
        """With auto-promote, the trial producer becomes active."""
        self.env["ir.config_parameter"].set_param(
            "distributed_mfg.score_auto_promote", "True"
        )
        producer = self._create_producer("Taller Auto", SABADELL, state="trial")
        for _n in range(3):
            self._job(producer)
        self.env["dmfg.producer"]._cron_update_scorecards()
        self.assertEqual(producer.state, "active")

    def test_quality_issue_only_on_delivered_jobs(self):
        """A quality issue on an undelivered job is refused; on a delivered one
        it notes the job's chatter."""
        with self.assertRaises(ValidationError):
            self.env["dmfg.quality.issue"].create(
                {"job_id": self._job(self.producer, state="accepted").id, "reason": "X"}
            )
        job = self._job(self.producer)
        self.env["dmfg.quality.issue"].create({"job_id": job.id, "reason": "Warped"})
        self.assertIn("Warped", job.message_ids[0].body)

    def test_portal_user_cannot_read_scorecards(self):
        """The scorecard fields are refused to a portal user."""
        with self.assertRaises(AccessError):
            self.producer.with_user(self.portal_user).read(["score_factor"])
        with self.assertRaises(AccessError):
            self.env["dmfg.quality.issue"].with_user(self.portal_user).search([])
