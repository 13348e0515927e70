# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer scorecard: the track record over a rolling window, the performance
factor routing weighs (unless a planner overrides it) and the status the
producer earns (trial to active, active to suspended).
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..services import scorecard
from .dmfg_job import PLANNER_GROUP

# Outcome of an offer for the producer the job still belongs to, by job state.
ACCEPTED_STATES = ("accepted", "in_progress", "produced", "done")
# Settings (Settings > Producer scorecard): field of the setting, default, bounds.
SCORE_PARAMS = {
    "window_jobs": ("score_window_jobs", 20, {"integer": True, "maximum": 10000}),
    "window_days": ("score_window_days", 180, {"integer": True, "maximum": 3650}),
    "trial_jobs": ("score_trial_jobs", 3, {"integer": True, "maximum": 10000}),
    "suspend_below": ("score_suspend_below", 0.6, {"maximum": 2}),
    "suspend_min_jobs": ("score_suspend_min_jobs", 5, {"integer": True}),
}


class DmfgProducerScorecard(models.Model):
    _inherit = "dmfg.producer"

    # Written in batch by _dmfg_update_scorecards (daily cron, Update scorecard
    # button), not recomputed on every job change.
    score_job_count = fields.Integer(
        string="Jobs scored",
        readonly=True,
        groups=PLANNER_GROUP,
        help="Offers in the scorecard's window (Settings).",
    )
    score_acceptance_rate = fields.Float(
        string="Acceptance rate",
        readonly=True,
        aggregator="avg",
        groups=PLANNER_GROUP,
        help="Accepted offers among those answered or expired.",
    )
    score_median_answer_hours = fields.Float(
        string="Median answer time (hours)",
        readonly=True,
        digits=(16, 1),
        aggregator="avg",
        groups=PLANNER_GROUP,
    )
    score_on_time_rate = fields.Float(
        string="On-time rate",
        readonly=True,
        aggregator="avg",
        groups=PLANNER_GROUP,
        help="Jobs shipped by their promised date and by their due date, among "
        "those shipped or overdue.",
    )
    score_on_time_count = fields.Integer(
        string="Jobs on time", readonly=True, groups=PLANNER_GROUP
    )
    score_declines = fields.Integer(
        string="Declines", readonly=True, groups=PLANNER_GROUP
    )
    score_expiries = fields.Integer(
        string="Expired offers",
        readonly=True,
        groups=PLANNER_GROUP,
        help="Offers left unanswered until they expired.",
    )
    score_quality_issue_count = fields.Integer(
        string="Quality issues", readonly=True, groups=PLANNER_GROUP
    )
    score_factor = fields.Float(
        string="Scorecard factor",
        readonly=True,
        digits=(16, 2),
        aggregator="avg",
        groups=PLANNER_GROUP,
        help="The performance factor the scorecard gives (0 to 2, 1.0 neutral).",
    )
    score_date = fields.Datetime(
        string="Scorecard updated on", readonly=True, groups=PLANNER_GROUP
    )
    performance_breakdown_html = fields.Html(
        string="Performance breakdown",
        readonly=True,
        sanitize=False,
        groups=PLANNER_GROUP,
        help="How each criterion moves the factor away from 1.0.",
    )
    performance_override = fields.Boolean(
        string="Override the performance factor",
        tracking=True,
        groups=PLANNER_GROUP,
        help="Routing keeps the performance factor typed on the form; the "
        "scorecard no longer writes it.",
    )
    performance_override_reason = fields.Char(
        string="Override reason", tracking=True, groups=PLANNER_GROUP
    )

    @api.constrains("performance_override", "performance_override_reason")
    def _check_performance_override_reason(self):
        for producer in self:
            if (
                producer.performance_override
                and not (producer.performance_override_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Give a reason to override the performance factor of "
                        "%(name)s.",
                        name=producer.display_name,
                    )
                )

    # ------------------------------------------------------------ actions

    def action_update_scorecard(self):
        """Recompute the scorecard of the producers now."""
        self.check_access("write")
        self._dmfg_update_scorecards()
        return True

    @api.model
    def _cron_update_scorecards(self):
        """Daily: every producer's scorecard, then the status they earned."""
        producers = self.search([("state", "!=", "closed")])
        cards = producers._dmfg_update_scorecards()
        producers._dmfg_apply_earned_status(cards)

    # ----------------------------------------------------- business logic

    @api.model
    def _dmfg_score_settings(self):
        """``{name: value}`` of the scorecard settings."""
        inputs = self.env["dmfg.input"]
        values = {}
        for name, (param, default, bounds) in SCORE_PARAMS.items():
            key = f"distributed_mfg.{param}"
            values[name] = inputs._dmfg_param_number(
                key,
                default,
                self.env._("The setting %(key)s", key=key),
                minimum=0,
                **bounds,
            )
        values["auto_promote"] = bool(
            self.env["ir.config_parameter"]._dmfg_get_param(
                "distributed_mfg.score_auto_promote"
            )
        )
        return values

    def _dmfg_score_records(self, now, window_days):
        """``{producer id: [scorecard.JobRecord]}``, in three queries."""
        start = now - timedelta(days=window_days) if window_days else False
        window = [("date_offered", ">=", start)] if start else []
        jobs = self.env["dmfg.job"].search_fetch(
            [("producer_id", "in", self.ids), ("date_offered", "!=", False)] + window,
            [
                "producer_id",
                "state",
                "date_offered",
                "date_answered",
                "date_promised",
                "date_due",
                "date_shipped",
            ],
        )
        issues = dict(
            self.env["dmfg.quality.issue"]._read_group(
                [("job_id", "in", jobs.ids)], ["job_id"], ["__count"]
            )
        )
        # A declined job moves on to another producer: the decline is known
        # from declined_producer_ids, dated by the job's last offer (when it
        # was offered again), its answer time is not kept.
        declined = self.env["dmfg.job"].search_fetch(
            [
                "|",
                ("declined_producer_ids", "in", self.ids),
                ("expired_producer_ids", "in", self.ids),
                ("date_offered", "!=", False),
            ]
            + window,
            ["declined_producer_ids", "expired_producer_ids", "date_offered"],
        )
        records = defaultdict(list)
        for job in jobs:
            records[job.producer_id.id].append(self._dmfg_to_job_record(job, issues))
        for job in declined:
            for outcome, producers in (
                ("declined", job.declined_producer_ids),
                ("expired", job.expired_producer_ids),
            ):
                for producer in producers & self:
                    records[producer.id].append(
                        scorecard.JobRecord(job.date_offered, outcome)
                    )
        # An offer still unanswered after its deadline, before the expiry run
        # moved it, counts as expired too (the portal addon's
        # _dmfg_to_job_record: the deadline lives there).
        return records

    @api.model
    def _dmfg_to_job_record(self, job, issues):
        accepted = job.state in ACCEPTED_STATES or (
            job.state == "cancel" and job.date_answered
        )
        return scorecard.JobRecord(
            offered_at=job.date_offered,
            outcome="accepted" if accepted else "pending",
            answered_at=job.date_answered or None,
            date_promised=job.date_promised or None,
            date_due=job.date_due or None,
            date_shipped=job.date_shipped or None,
            quality_issues=issues.get(job, 0),
        )

    def _dmfg_update_scorecards(self):
        """Recompute and store the producers' scorecards in a fixed number of
        queries; write the factor of those not overridden. Returns
        ``{producer id: scorecard.Scorecard}``."""
        settings = self._dmfg_score_settings()
        now = fields.Datetime.now()
        records = self._dmfg_score_records(now, settings["window_days"])
        cards = scorecard.compute_many(
            {producer.id: records.get(producer.id, []) for producer in self},
            now,
            settings["window_jobs"],
            settings["window_days"],
        )
        for producer in self:
            card = cards[producer.id]
            values = {
                "score_job_count": card.job_count,
                "score_acceptance_rate": card.acceptance_rate or 0.0,
                "score_median_answer_hours": card.median_answer_hours or 0.0,
                "score_on_time_rate": card.on_time_rate or 0.0,
                "score_on_time_count": card.on_time,
                "score_declines": card.declines,
                "score_expiries": card.expiries,
                "score_quality_issue_count": card.quality_issues,
                "score_factor": card.factor,
                "score_date": now,
                "performance_breakdown_html": self._dmfg_render_breakdown(card),
            }
            if not producer.performance_override:
                values["performance_factor"] = card.factor
            producer.write(values)
        return cards

    @api.model
    def _dmfg_breakdown_labels(self):
        return {
            "acceptance": self.env._("Acceptance"),
            "on_time": self.env._("On time"),
            "quality": self.env._("Quality"),
        }

    @api.model
    def _dmfg_render_breakdown(self, card):
        """The breakdown as an HTML table: criterion, rate, contribution."""
        labels = self._dmfg_breakdown_labels()
        rows = Markup("")
        for criterion, value, contribution in card.breakdown:
            rate = "-" if value is None else f"{value * 100:.0f} %"
            rows += Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>") % (
                labels[criterion],
                rate,
                f"{contribution:+.2f}",
            )
        head = Markup("<tr><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            self.env._("Criterion"),
            self.env._("Rate"),
            self.env._("Contribution"),
        )
        foot = Markup("<tr><th>%s</th><th></th><th>%s</th></tr>") % (
            self.env._("Factor (1.00 neutral)"),
            f"{card.factor:.2f}",
        )
        return Markup(
            '<table class="table table-sm o_dmfg_breakdown">%s%s%s</table>'
        ) % (head, rows, foot)

    def _dmfg_apply_earned_status(self, cards):
        """Trial producers that earned it are proposed for (or moved to)
        active; active ones under the factor threshold are suspended."""
        settings = self._dmfg_score_settings()
        for producer in self:
            card = cards.get(producer.id)
            if not card:
                continue
            if producer.state == "trial":
                producer._dmfg_check_promotion(card, settings)
            elif (
                producer.state == "active"
                and not producer.performance_override
                and card.job_count >= settings["suspend_min_jobs"]
                and card.factor < settings["suspend_below"]
            ):
                producer._dmfg_change_state(
                    "suspended",
                    self.env._(
                        "performance factor %(factor).2f under %(limit).2f over "
                        "%(count)s jobs (scorecard).",
                        factor=card.factor,
                        limit=settings["suspend_below"],
                        count=card.job_count,
                    ),
                )

    def _dmfg_check_promotion(self, card, settings):
        self.ensure_one()
        if card.on_time < settings["trial_jobs"] or card.quality_issues:
            return
        reason = self.env._(
            "%(count)s jobs shipped on time and no quality issue (scorecard).",
            count=card.on_time,
        )
        if settings["auto_promote"]:
            self._dmfg_change_state("active", reason)
            return
        summary = self.env._("Make active")
        if self.activity_ids.filtered(lambda a: a.summary == summary):
            return
        group = self.env.ref("distributed_mfg.group_dmfg_manager")
        managers = group.users.filtered(lambda u: not u.share and u.active)
        planner = (managers - self.env.ref("base.user_root"))[:1] or self.env.user
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary,
            note=self.env._(
                "Producer %(name)s earned the active status: %(reason)s",
                name=self.display_name,
                reason=reason,
            ),
            user_id=planner.id,
        )
