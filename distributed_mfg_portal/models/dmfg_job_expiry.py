# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Offers that run out move on by themselves; late work is followed up.

The rules are in ``distributed_mfg.services.offers``; this file picks the
jobs, locks them, and acts on the plan with the job's own moves (routing,
documents, privacy release) so an automatic move is logged like a manual one.

Each cron call handles one batch (Settings: ``expiry_batch``) in one
transaction and reports the rest through Odoo's cron progress API, which
calls it again: a run stopped half-way leaves every job of the batch either
moved with all its documents or untouched, and its cost does not grow with
the number of offers waiting. Rows are locked with ``SKIP LOCKED``, so a run
started beside this one (another worker, a button) never takes the same job.
"""
# pylint: disable=consider-merging-classes-inherited
# (one capability per file; dmfg.job is inherited in several files)

import logging
from datetime import timedelta

from psycopg2 import errors

from odoo import Command, api, fields, models

from odoo.addons.distributed_mfg.services import offers

_logger = logging.getLogger(__name__)

PARAM_MAX_MOVES = "distributed_mfg_portal.max_moves"
PARAM_MOVE_LATE = "distributed_mfg_portal.move_late_unstarted"
PARAM_BATCH = "distributed_mfg_portal.expiry_batch"
DEFAULT_BATCH = 100
LATE_STATES = ("accepted", "in_progress")


class DmfgJobExpiry(models.Model):
    _inherit = "dmfg.job"

    date_late_reminded = fields.Date(
        string="Late reminder for",
        readonly=True,
        copy=False,
        help="The promised date the producer was last reminded of, once it "
        "had passed without the job produced.",
    )

    # ------------------------------------------------------------ expiry

    @api.model
    def _cron_dmfg_expire_offers(self):
        """Move on one batch of offers whose answer-by deadline passed."""
        now = fields.Datetime.now()
        jobs, remaining = self._dmfg_lock_batch(
            "state = 'offered' AND date_accept_deadline <= %(now)s",
            {"now": now},
            "date_accept_deadline, id",
        )
        max_moves = self._dmfg_portal_param(PARAM_MAX_MOVES, offers.DEFAULT_MAX_MOVES)
        plan = offers.plan_expiry(
            [
                offers.Offer(job.id, job.date_accept_deadline, job.move_count)
                for job in jobs
            ],
            now,
            max_moves,
        )
        done = jobs._dmfg_apply_plan(plan, "_dmfg_expire_offer", max_moves)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _dmfg_expire_offer(self, action, max_moves):
        """The offer lapsed: tell the producer, then move the job or hand it
        to the planner."""
        self.ensure_one()
        producer = self.producer_id
        deadline = fields.Datetime.context_timestamp(self, self.date_accept_deadline)
        reason = self.env._(
            "The offer to %(producer)s expired unanswered (answer by %(deadline)s).",
            producer=producer.display_name,
            deadline=deadline.strftime("%Y-%m-%d %H:%M"),
        )
        self._dmfg_portal_notify(
            "distributed_mfg_portal.mail_template_job_expired", producer=producer
        )
        self._dmfg_move_on(producer, action, reason, max_moves)

    # ------------------------------------------------------------- late work

    @api.model
    def _cron_dmfg_follow_late_work(self):
        """Follow up one batch of jobs whose promised date passed unproduced:
        a reminder to the producer and an activity for the planner, the order
        line's ready date pushed to tomorrow; with the setting, a job not yet
        started moves on like an expired offer."""
        today = fields.Date.context_today(self)
        jobs, remaining = self._dmfg_lock_batch(
            "state IN %(states)s AND date_promised < %(today)s "
            "AND (date_expected IS NULL OR date_expected <= %(today)s "
            "OR date_late_reminded IS DISTINCT FROM date_promised)",
            {"states": LATE_STATES, "today": today},
            "date_promised, id",
        )
        max_moves = self._dmfg_portal_param(PARAM_MAX_MOVES, offers.DEFAULT_MAX_MOVES)
        move_unstarted = bool(
            self.env["ir.config_parameter"]._dmfg_get_param(PARAM_MOVE_LATE)
        )
        plan = offers.plan_late_work(
            [
                offers.PromisedJob(
                    job.id,
                    job.date_promised,
                    started=job.state != "accepted",
                    reminded_for=job.date_late_reminded or None,
                    moves=job.move_count,
                )
                for job in jobs
            ],
            today,
            move_unstarted=move_unstarted,
            max_moves=max_moves,
        )
        # Still late: the line's ready date keeps sliding to tomorrow.
        planned = {key for key, _action in plan}
        jobs.filtered(lambda j: j.id not in planned).write(
            {"date_expected": today + timedelta(days=1)}
        )
        done = jobs._dmfg_apply_plan(plan, "_dmfg_late_work", max_moves)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _dmfg_late_work(self, action, max_moves):
        self.ensure_one()
        producer = self.producer_id
        promised = self.date_promised
        if action == offers.REMIND:
            tomorrow = fields.Date.context_today(self) + timedelta(days=1)
            self.write({"date_late_reminded": promised, "date_expected": tomorrow})
            self._dmfg_portal_notify("distributed_mfg_portal.mail_template_job_late")
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Late work"),
                note=self.env._(
                    "%(producer)s promised job %(job)s for %(date)s and has not "
                    "reported it produced; the order line now expects it on "
                    "%(expected)s.",
                    producer=producer.display_name,
                    job=self.name,
                    date=promised,
                    expected=tomorrow,
                ),
                user_id=self._dmfg_planner_user().id,
            )
            return
        reason = self.env._(
            "%(producer)s promised the job for %(date)s and had not started it.",
            producer=producer.display_name,
            date=promised,
        )
        self._dmfg_portal_notify(
            "distributed_mfg_portal.mail_template_job_withdrawn", producer=producer
        )
        self._dmfg_move_on(producer, action, reason, max_moves)

    # --------------------------------------------------------------- shared

    def _dmfg_move_on(self, producer, action, reason, max_moves):
        """Move the job from ``producer`` to the next-best one, never back to
        it; unassign it for the planner when the moves are used up."""
        self.write(
            {
                "expired_producer_ids": [Command.link(producer.id)],
                "date_expected": False,
                "date_late_reminded": False,
            }
        )
        if action == offers.MOVE:
            self.move_count += 1
            self._dmfg_route_and_assign(reason=reason)
            return
        reason += " " + self.env._(
            "It moved %(count)s times already: the planner takes over.",
            count=max_moves,
        )
        self._dmfg_unassign(self._dmfg_rank_for_job(), reason=reason)

    @api.model
    def _dmfg_lock_batch(self, where, params, order):
        """``(jobs, remaining)``: one batch of jobs matching ``where``, locked
        for this transaction (rows another run holds are skipped), and the
        count of those left after it."""
        batch = self._dmfg_portal_param(PARAM_BATCH, DEFAULT_BATCH) or DEFAULT_BATCH
        self.flush_model()
        # ``where`` and ``order`` are constants of this file, values are bound.
        query = f"SELECT id FROM dmfg_job WHERE {where} ORDER BY {order}"  # noqa: S608
        self.env.cr.execute(
            f"{query} LIMIT %(limit)s FOR NO KEY UPDATE SKIP LOCKED",
            dict(params, limit=batch),
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute(
            f"SELECT count(*) FROM dmfg_job WHERE {where}",  # noqa: S608
            params,
        )
        remaining = max(self.env.cr.fetchone()[0] - len(ids), 0)
        # Cron runs as superuser: every company's jobs, one batch read.
        jobs = self.sudo().browse(ids)
        jobs.fetch(
            ["state", "producer_id", "date_accept_deadline", "date_promised"]
            + ["move_count", "date_late_reminded", "date_expected"]
        )
        return jobs, remaining

    def _dmfg_apply_plan(self, plan, method, max_moves):
        """Act on ``plan`` over the locked jobs ``self``, job by job, each in
        a savepoint: a job that fails stays as it was (logged) and the others
        go on. Returns how many were handled."""
        done = 0
        for job_id, action in plan:
            done += self.browse(job_id)._dmfg_apply_one(action, method, max_moves)
        return done

    def _dmfg_apply_one(self, action, method, max_moves):
        try:
            with self.env.cr.savepoint():
                getattr(self, method)(action, max_moves)
        except (errors.SerializationFailure, errors.LockNotAvailable):
            raise
        # Whatever one job raises (a routing or document error), the others
        # still move; the failed one is retried by the next run.
        except Exception:  # pylint: disable=broad-exception-caught
            _logger.exception("Job %s: %s failed, left as it was", self.id, method)
            return 0
        return 1
