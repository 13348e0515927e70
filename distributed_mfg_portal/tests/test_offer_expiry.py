# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Offers that expire move on by themselves; late work is followed up.

The routing fixture: a customer in Barcelona, producers in Sabadell (nearest,
offered first), Mataró and Girona; Sabadell and Mataró have portal users.
"""

from datetime import date, datetime, timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, tagged

from .common import DmfgPortalCase


@tagged("post_install", "-at_install", "dmfg")
class TestOfferExpiry(DmfgPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron_model = cls.env["dmfg.job"]
        cls.params = cls.env["ir.config_parameter"].sudo()
        # Offers of the database already past their deadline (the demo has
        # one) are not these tests' concern: give them time.
        now = fields.Datetime.now()
        cls.env["dmfg.job"].search(
            [("state", "=", "offered"), ("date_accept_deadline", "<=", now)]
        ).write({"date_accept_deadline": now + timedelta(days=30)})

    def _expire(self, job):
        """Put the job's deadline in the past and run the expiry pass."""
        job.date_accept_deadline = fields.Datetime.now() - timedelta(minutes=1)
        return self.cron_model._cron_dmfg_expire_offers()

    def _mails_to(self, user, subject_start):
        return self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", user.partner_id.ids),
                ("subject", "=like", f"{subject_start}%"),
            ]
        )

    def test_expired_offer_moves_to_the_next_best_producer(self):
        """Sabadell lets the offer expire: the job goes to the runner-up with
        a new deadline and documents, Sabadell is told and loses the job."""
        job = self._make_job()
        self.assertEqual(job.producer_id, self.sabadell)
        runner_up = job.runner_up_id
        first_po = job.purchase_order_id
        self.assertEqual(self._expire(job), 1)

        self.assertEqual(job.producer_id, runner_up)
        self.assertEqual(job.state, "offered")
        self.assertGreater(job.date_accept_deadline, fields.Datetime.now())
        self.assertEqual(job.expired_producer_ids, self.sabadell)
        self.assertEqual(job.move_count, 1)
        self.assertEqual(first_po.state, "cancel")
        self.assertEqual(job.purchase_order_id.partner_id, runner_up.partner_id)
        notes = job.message_ids.mapped("body")
        self.assertTrue(any("expired unanswered" in note for note in notes))
        self.assertTrue(self._mails_to(self.sabadell_user, "Offer expired"))
        if runner_up == self.mataro:
            self.assertTrue(self._mails_to(self.mataro_user, "New job"))
        with self.assertRaises(AccessError):
            job.with_user(self.sabadell_user).check_access("read")
        # The scorecard counts the lapse.
        self.sabadell._dmfg_update_scorecards()
        self.assertEqual(self.sabadell.score_expiries, 1)

    def test_never_back_then_unassigned_for_the_planner(self):
        """Each producer that let it expire is skipped; with none left the
        job is unassigned with an activity for the planner."""
        job = self._make_job()
        seen = self.env["dmfg.producer"]
        while job.state == "offered":
            self.assertNotIn(job.producer_id, seen)
            seen |= job.producer_id
            self._expire(job)
        self.assertEqual(seen, self.sabadell | self.mataro | self.girona)
        self.assertEqual(job.state, "unassigned")
        self.assertEqual(job.expired_producer_ids, seen)
        self.assertTrue(job.activity_ids.filtered(lambda a: a.summary))
        self.assertFalse(job.purchase_order_id.filtered(lambda p: p.state != "cancel"))

    def test_after_the_maximum_moves_the_planner_takes_over(self):
        """With one move allowed, the second expiry unassigns the job even
        though Girona could still take it."""
        self.params.set_param("distributed_mfg_portal.max_moves", "1")
        job = self._make_job()
        self._expire(job)
        self.assertEqual(job.state, "offered")
        self._expire(job)
        self.assertEqual(job.state, "unassigned")
        self.assertEqual(job.move_count, 1)
        self.assertIn("planner takes over", job.message_ids[:1].body)
        self.assertEqual(job.activity_ids.summary, "Assign a producer")
        # Its reasons are kept: Girona is ranked, the two others excluded.
        self.assertTrue(job.routing_result["ranked"])

    def test_offer_not_yet_due_is_left_alone(self):
        job = self._make_job()
        deadline = job.date_accept_deadline
        self.assertGreater(deadline, fields.Datetime.now())
        self.assertEqual(self.cron_model._cron_dmfg_expire_offers(), 0)
        self.assertEqual((job.producer_id, job.move_count), (self.sabadell, 0))

    @freeze_time("2026-03-02 10:00:00")
    def test_answer_window_shrinks_near_the_due_date(self):
        """48 h normally; due tomorrow (38 h left) the producer gets half of
        it, 19 h; due today at most the 4-hour minimum is not undercut."""
        job = self._make_job()
        now = datetime(2026, 3, 2, 10, 0)
        job.date_due = date(2026, 3, 20)
        job._dmfg_portal_offer()
        self.assertEqual(job.date_accept_deadline, now + timedelta(hours=48))
        job.date_due = date(2026, 3, 3)
        job._dmfg_portal_offer()
        self.assertEqual(job.date_accept_deadline, datetime(2026, 3, 3, 4, 59, 59))
        job.date_due = date(2026, 3, 2)
        job._dmfg_portal_offer()
        self.assertEqual(job.date_accept_deadline, now + timedelta(hours=7, seconds=-1))
        self.params.set_param("distributed_mfg_portal.min_acceptance_hours", "10")
        job._dmfg_portal_offer()
        self.assertEqual(job.date_accept_deadline, now + timedelta(hours=10))

    def test_late_work_reminds_once_and_moves_the_ready_date(self):
        """The promised date passed: one reminder, one planner activity, the
        order line now expects it tomorrow; the next run does not nag."""
        job = self._make_job(state="accepted")
        promised = job.date_promised
        with freeze_time(promised + timedelta(days=1, hours=9)):
            today = promised + timedelta(days=1)
            self.assertEqual(self.cron_model._cron_dmfg_follow_late_work(), 1)
            self.assertEqual(len(self._mails_to(self.sabadell_user, "Job")), 1)
            self.assertIn("is late", self._mails_to(self.sabadell_user, "Job").subject)
            self.assertEqual(job.activity_ids.summary, "Late work")
            self.assertEqual(job.date_expected, today + timedelta(days=1))
            self.assertEqual(
                job.sale_line_id.dmfg_date_ready, today + timedelta(days=1)
            )
            self.assertEqual(self.cron_model._cron_dmfg_follow_late_work(), 0)
            self.assertEqual(len(self._mails_to(self.sabadell_user, "Job")), 1)
        with freeze_time(promised + timedelta(days=3, hours=9)):
            # Still late two days later: the ready date slides, no new email.
            self.cron_model._cron_dmfg_follow_late_work()
            self.assertEqual(job.date_expected, promised + timedelta(days=4))
            self.assertEqual(len(self._mails_to(self.sabadell_user, "Job")), 1)
        self.assertEqual(job.producer_id, self.sabadell)

    def test_late_job_not_started_moves_on_with_the_setting(self):
        """With the setting, an accepted job not started moves on; one in
        production is only reminded."""
        self.params.set_param("distributed_mfg_portal.move_late_unstarted", "True")
        idle = self._make_job(state="accepted")
        busy = self._make_job(state="in_progress")
        with freeze_time(idle.date_promised + timedelta(days=1, hours=9)):
            self.cron_model._cron_dmfg_follow_late_work()
        self.assertNotEqual(idle.producer_id, self.sabadell)
        self.assertEqual(idle.state, "offered")
        self.assertIn(self.sabadell, idle.expired_producer_ids)
        self.assertFalse(idle.date_promised)
        self.assertTrue(self._mails_to(self.sabadell_user, f"Job {idle.name} moved"))
        self.assertEqual((busy.producer_id, busy.state), (self.sabadell, "in_progress"))
        self.assertTrue(busy.date_expected)

    def test_query_count_does_not_grow_with_the_offers_waiting(self):
        """A run handles one batch: 10 or 100 expired offers waiting, the same
        number of queries; the rest is left for the next call."""
        self.params.set_param("distributed_mfg_portal.expiry_batch", "10")
        counts = []
        for count in (10, 100):
            jobs = self._add_jobs(count)
            jobs.write(
                {
                    "state": "offered",
                    "date_accept_deadline": fields.Datetime.now() - timedelta(hours=1),
                }
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.assertEqual(self.cron_model._cron_dmfg_expire_offers(), 10)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(
                self.env["dmfg.job"].search_count(
                    [
                        ("id", "in", jobs.ids),
                        ("state", "=", "offered"),
                        ("date_accept_deadline", "<", fields.Datetime.now()),
                    ]
                ),
                count - 10,
            )
            # Leave nothing for the second round.
            jobs.write({"state": "cancel"})
        self.assertLessEqual(counts[1], counts[0] + 2, counts)

    def test_flow_from_expiry_to_suspension(self):
        """Offer -> expiry -> moved -> accepted -> late -> delivered ->
        quality issue -> score drops -> suspended -> no new offers."""
        self.params.set_param("distributed_mfg.score_suspend_below", "0.7")
        self.params.set_param("distributed_mfg.score_suspend_min_jobs", "1")
        job = self._make_job()
        self.assertEqual(job.producer_id, self.sabadell)
        self._expire(job)
        self.assertEqual(job.producer_id, self.mataro)
        as_mataro = job.with_user(self.mataro_user)
        promised = fields.Date.context_today(job) + timedelta(days=2)
        as_mataro.action_accept(promised)
        with freeze_time(promised + timedelta(days=1, hours=9)):
            self.cron_model._cron_dmfg_follow_late_work()
            self.assertTrue(self._mails_to(self.mataro_user, f"Job {job.name} is late"))
            as_mataro.action_start()
            as_mataro.action_mark_produced(1.0)
            as_mataro.action_ship("SEUR", "SEUR-FLOW-1")
            self.assertEqual(job.state, "done")
            self.env["dmfg.quality.issue"].create(
                {"job_id": job.id, "reason": "Cracked shade"}
            )
            self.env["dmfg.producer"]._cron_update_scorecards()
        # Accepted (+0.3), shipped late (-0.4), a quality issue (-0.3).
        self.assertAlmostEqual(self.mataro.score_factor, 0.6)
        self.assertEqual(self.mataro.performance_factor, 0.6)
        self.assertEqual(self.mataro.state, "suspended")
        self.assertIn("0.60 under 0.70", self.mataro.message_ids[:1].body)
        self.assertTrue(self._mails_to(self.mataro_user, "Your status"))
        # The suspended producer keeps what it has, gets no new offer.
        self.assertEqual(job.producer_id, self.mataro)
        new_job = self._make_job()
        self.assertEqual(new_job.state, "offered")
        self.assertNotEqual(new_job.producer_id, self.mataro)
        ranked = [entry["producer_key"] for entry in new_job.routing_result["ranked"]]
        self.assertNotIn(self.mataro.id, ranked)
