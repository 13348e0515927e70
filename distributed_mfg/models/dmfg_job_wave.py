# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Wave dispatch adapter: jobs waiting for dispatch are assigned together.

Each waiting job is ranked exactly as a single order (``_dmfg_rank_for_job``:
same weights and hard filters); its eligible producers become the wave's
options, the producers' free hours per due date and free job slots its
limits; ``services/wave.py`` plans, and the plan is applied with the same
assignment code as a single order (documents, locks, messages).
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

import hashlib
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services import capacity as capacity_service
from ..services import routing, wave
from .dmfg_background_run import WAVE_CHUNK

PARAM_DISPATCH_MODE = "distributed_mfg.dispatch_mode"
DISPATCH_MODES = [("immediate", "Immediately"), ("wave", "In waves")]
#: Most jobs one wave takes; more wait for the next one.
MAX_WAVE_JOBS = 5000


class DmfgJobWave(models.Model):
    _inherit = "dmfg.job"

    # ----------------------------------------------------------- public API

    @api.model
    def plan_wave(self, job_ids=False):
        """Plan the wave without writing anything.

        ``job_ids``: ids of jobs waiting for dispatch, or False for all of
        them (in the user's companies). Returns plain data: ``assignments``
        (``job_id``, ``producer_id``, ``distance_km``, ``score``, names),
        ``unassigned`` (``job_id``, ``reasons``: code, label and how many
        producers it excluded), ``totals`` and ``greedy_totals`` (what
        one-by-one routing would do; each with ``assigned``, ``unassigned``,
        ``distance_km``, ``score`` and ``late_jobs``).
        """
        jobs = self._dmfg_check_planner()._dmfg_wave_jobs(job_ids)
        plan, greedy, results = jobs._dmfg_wave_plan()
        return jobs._dmfg_wave_answer(plan, greedy, results)

    @api.model
    def dispatch_wave(self, job_ids=False):
        """Plan the wave (as :meth:`plan_wave`) and apply it: each job goes
        to its producer with its documents, or becomes unassigned with its
        reasons. Returns the same plain data as :meth:`plan_wave`."""
        jobs = self._dmfg_check_planner()._dmfg_wave_jobs(job_ids)
        return jobs._dmfg_dispatch_wave()

    @api.model
    def dispatch_wave_in_background(self, job_ids=False):
        """Dispatch the wave as :meth:`dispatch_wave` does, on the job queue:
        returns the id of its ``dmfg.background.run`` at once (its progress,
        then its result through ``get_result``). Asked again for the same jobs
        while that run is unfinished, answers with the same run."""
        jobs = self._dmfg_check_planner()._dmfg_wave_jobs(job_ids)
        if not jobs:
            raise UserError(self.env._("No job is waiting for dispatch."))
        return self._dmfg_start_wave_run(jobs).id

    @api.model
    def _dmfg_start_wave_run(self, jobs, chunk=None):
        """The background run of a wave of ``jobs`` (``chunk`` jobs applied per
        step, default ``WAVE_CHUNK``)."""
        ids = sorted(jobs.ids)
        runs = self.env["dmfg.background.run"]
        if not self.env.su:
            # The planner's own run (it reads it); its steps check again.
            runs = runs.with_user(self.env.user)
        return runs.with_company(jobs[:1].company_id)._dmfg_start(
            "wave",
            self.env._("Wave of %(count)s jobs", count=len(ids)),
            {"job_ids": ids, "chunk": chunk or WAVE_CHUNK},
            "wave:" + hashlib.sha1(",".join(map(str, ids)).encode()).hexdigest(),
        )

    @api.model
    def _cron_dmfg_dispatch_wave(self):
        """Queue a wave of every waiting job, when the dispatch mode is waves."""
        if self._dmfg_dispatch_mode() != "wave":
            return
        # sudo: the scheduled wave is the company's own dispatch.
        job_model = self.sudo()
        jobs = job_model.search(
            [("state", "=", "waiting")], order="id", limit=MAX_WAVE_JOBS
        )
        for company in jobs.company_id:
            job_model._dmfg_start_wave_run(
                jobs.filtered(lambda j, c=company: j.company_id == c)
            )

    # --------------------------------------------------------------- inputs

    @api.model
    def _dmfg_dispatch_mode(self):
        value = self.env["ir.config_parameter"]._dmfg_get_param(PARAM_DISPATCH_MODE)
        return value if value in dict(DISPATCH_MODES) else "immediate"

    def _dmfg_wave_jobs(self, job_ids):
        """The waiting jobs a wave takes, checked (on the planner's sudo'd
        model: only the user's companies)."""
        domain = [
            ("state", "=", "waiting"),
            ("company_id", "in", self.env.user.company_ids.ids),
        ]
        if job_ids is False or job_ids is None:
            return self.search(domain, order="id", limit=MAX_WAVE_JOBS)
        if not isinstance(job_ids, list | tuple):
            raise UserError(
                self.env._(
                    "The jobs of a wave must be a list of job ids, or False for "
                    "every job waiting for dispatch."
                )
            )
        if len(job_ids) > MAX_WAVE_JOBS:
            raise UserError(
                self.env._(
                    "A wave takes at most %(max)s jobs; %(count)s were given.",
                    max=MAX_WAVE_JOBS,
                    count=len(job_ids),
                )
            )
        inputs = self.env["dmfg.input"]
        ids = [
            inputs._dmfg_record_id(value, self.env._("A job id")) for value in job_ids
        ]
        jobs = self.search([("id", "in", ids), *domain], order="id")
        missing = sorted(set(ids) - set(jobs.ids))
        if missing:
            others = (
                self.browse(missing)
                .exists()
                .filtered(lambda j: j.company_id in self.env.user.company_ids)
            )
            raise UserError(
                self.env._(
                    "Only jobs waiting for dispatch go in a wave; not these: "
                    "%(jobs)s.",
                    jobs=", ".join(others.mapped("name"))
                    or ", ".join(str(i) for i in missing),
                )
            )
        return jobs

    def _dmfg_wave_plan(self):
        """``(plan, greedy, {job_id: RoutingResult})`` for these jobs."""
        results = {job.id: job._dmfg_rank_for_job() for job in self}
        producers = self.env["dmfg.producer"].browse(
            sorted({s.producer_key for r in results.values() for s in r.ranked})
        )
        wave_jobs = [
            wave.WaveJob(
                key=job.id,
                hours=job.load_hours,
                due=job.date_due or fields.Date.context_today(self),
                options=tuple(
                    wave.Option(
                        producer_key=entry.producer_key,
                        score=entry.total_score,
                        distance_km=entry.distance_km,
                        ready_date=entry.ready_date,
                    )
                    for entry in results[job.id].ranked
                ),
            )
            for job in self
        ]
        wave_producers = self._dmfg_wave_producers(
            producers, {j.due for j in wave_jobs}
        )
        plan = wave.plan(wave_jobs, wave_producers)
        greedy = wave.greedy(wave_jobs, wave_producers, order=self.ids)
        # What each producer has left after the plan, for the left-out jobs'
        # reasons: {producer_id: (WaveProducer, [(due, hours) given])}.
        given = {p.key: (p, []) for p in wave_producers}
        job_of = {j.key: j for j in wave_jobs}
        for assignment in plan.assignments:
            job = job_of[assignment.job_key]
            given[assignment.producer_key][1].append((job.due, job.hours))
        plan.extra["left"] = given
        return plan, greedy, results

    @api.model
    def _dmfg_wave_producers(self, producers, dues):
        """``services.wave.WaveProducer`` of ``producers``: free hours until
        each due date (as single routing counts them: the calendar's hours
        minus the open jobs due by then) and free job slots. One read of
        calendars, one grouped query per due date."""
        if not producers:
            return []
        today = fields.Date.context_today(self)
        dues = sorted(max(due, today) for due in dues)
        profiles = producers._dmfg_to_capacity_profiles(today, dues[-1])
        free = {producer.id: [] for producer in producers}
        for due in dues:
            loads = producers._get_load_hours(today, due)
            for key, result in capacity_service.free_capacity(
                profiles, today, due, loads
            ).items():
                free[key].append((due, result.free_hours))
        open_jobs = producers._get_open_job_counts()
        trial_limit = routing.RoutingSettings().trial_max_open_jobs
        answer = []
        for producer in producers:
            limit = producer.max_open_jobs
            if producer.state == "trial":
                limit = limit or trial_limit
            slots = None
            if limit:
                slots = max(limit - open_jobs.get(producer.id, 0), 0)
            answer.append(
                wave.WaveProducer(
                    key=producer.id, free_by_due=tuple(free[producer.id]), slots=slots
                )
            )
        return answer

    # -------------------------------------------------------------- outputs

    def _dmfg_wave_answer(self, plan, greedy, results):
        """The plan as plain data (see :meth:`plan_wave`)."""
        names = {job.id: job.name for job in self}
        producer_names = {
            producer.id: producer.display_name
            for producer in self.env["dmfg.producer"].browse(
                [a.producer_key for a in plan.assignments]
            )
        }
        labels = self.env["dmfg.message"]._dmfg_reason_labels()
        unassigned = []
        for job_id in plan.unassigned:
            counts = Counter(
                e.reason_code
                for e in self.browse(job_id)._dmfg_wave_left_out(results[job_id], plan)
            )
            unassigned.append(
                {
                    "job_id": job_id,
                    "job_name": names[job_id],
                    "reasons": [
                        {"code": code, "label": labels.get(code, code), "producers": n}
                        for code, n in sorted(
                            counts.items(), key=lambda i: (-i[1], i[0])
                        )
                    ],
                }
            )
        assignments = []
        for assignment in plan.assignments:
            entry = assignment.to_dict()
            entry["job_name"] = names[assignment.job_key]
            entry["producer_name"] = producer_names[assignment.producer_key]
            assignments.append(entry)
        return {
            "assignments": assignments,
            "unassigned": unassigned,
            "totals": plan.totals.to_dict(),
            "greedy_totals": greedy.totals.to_dict(),
        }

    def _dmfg_wave_left_out(self, result, plan):
        """Why a job is left out: its routing exclusions, plus each eligible
        producer whose free hours or job slots the wave gave to other jobs."""
        self.ensure_one()
        due = self.date_due or fields.Date.context_today(self)
        taken = []
        for entry in result.ranked:
            producer, given = plan.extra["left"][entry.producer_key]
            if producer.slots is not None and len(given) >= producer.slots:
                record = self.env["dmfg.producer"].browse(entry.producer_key)
                limit = (
                    record.max_open_jobs
                    or routing.RoutingSettings().trial_max_open_jobs
                )
                reason = routing.Reason(
                    routing.REASON_JOB_LIMIT,
                    "The wave gave this producer's last job slots to other jobs.",
                    (),
                    (("limit", limit), ("open_jobs", limit)),
                )
            else:
                free = producer.free_until(due) - sum(h for d, h in given if d <= due)
                reason = routing.Reason(
                    routing.REASON_CAPACITY,
                    "The wave gave this producer's free hours to other jobs.",
                    (),
                    (
                        ("due_date", due),
                        ("free_hours", round(max(free, 0.0), 1)),
                        ("hours", round(self.load_hours, 1)),
                    ),
                )
            taken.append(
                routing.Excluded(
                    entry.producer_key,
                    entry.producer_name,
                    (reason,),
                    entry.distance_km,
                )
            )
        return tuple(taken) + result.excluded

    def _dmfg_dispatch_wave(self):
        """Plan and apply the wave on these (waiting) jobs, in this
        transaction (the background run applies the same plan in steps)."""
        plan, greedy, results = self._dmfg_wave_plan()
        answer = self._dmfg_wave_answer(plan, greedy, results)
        reason = self.env._(
            "Dispatched in a wave of %(count)s jobs by %(user)s.",
            count=len(self),
            user=self.env.user.name,
        )
        by_job = plan.by_job()
        for job in self:
            assignment = by_job.get(job.id)
            if assignment:
                result = results[job.id]
                entry = next(
                    s
                    for s in result.ranked
                    if s.producer_key == assignment.producer_key
                )
                job._dmfg_assign(result, entry, reason=reason)
            else:
                job._dmfg_wave_leave_out(plan, results, reason)
        return answer

    def _dmfg_wave_leave_out(self, plan, results, reason):
        """These jobs fit nowhere in the wave: unassigned, with the reasons."""
        for job in self:
            result = results[job.id]
            left_out = routing.RoutingResult(
                demand_key=result.demand_key,
                ranked=(),
                excluded=job._dmfg_wave_left_out(result, plan),
                weights=result.weights,
            )
            job._dmfg_unassign(left_out, reason=reason)

    def _dmfg_wave_apply_one(self, producer_id, reason):
        """Give the job to its planned producer, ranked again now with the
        same filters as a single order; a producer that can no longer take
        it leaves the job unassigned with the reasons of that ranking."""
        self.ensure_one()
        result = self._dmfg_rank_for_job()
        entry = next((s for s in result.ranked if s.producer_key == producer_id), None)
        if entry:
            self._dmfg_assign(result, entry, reason=reason)
        else:
            self._dmfg_unassign(
                routing.RoutingResult(
                    demand_key=result.demand_key,
                    ranked=(),
                    excluded=result.excluded,
                    weights=result.weights,
                ),
                reason=reason,
            )
