# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Background runs: long work (a wave, batch geocoding) on OCA queue_job.

A run is a chain of queue jobs, one step each, every step in its own
transaction: it does its share of the work, counts itself done and queues the
next step. A step that fails or whose worker dies is rolled back whole and
runs again (queue_job's retries; dead workers: ``queue_job.py``), so a run
ends as if it had never been interrupted. The planner reads the run: its
progress, its result and, when a step failed, why.
"""

import hashlib

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services import geocoding

RUN_KINDS = [
    ("wave", "Wave dispatch"),
    ("locate", "Locate producers"),
    ("replenish", "Producer replenishment"),
    ("import", "Open standard import"),
]
RUN_STATES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
]
#: Jobs applied per step of a wave: a step is one transaction, short enough
#: that a retry redoes little, long enough that queueing costs little.
WAVE_CHUNK = 10
#: Producers geocoded per step (one to two geocoder requests each).
LOCATE_CHUNK = 10
#: Channel of the public geocoder: capacity 1 keeps its rate limit over all
#: workers (see QUEUE_JOB_CHANNELS in setup/dmfg_env.py and the README).
GEOCODER_CHANNEL = "root.dmfg_geocoder"
#: Channel of routings queued after a lock conflict (capacity 1: they never
#: conflict with each other, only with confirmations).
ROUTING_CHANNEL = "root.dmfg_routing"
#: Importers of open standard files: kind -> (model, method).
IMPORTERS = {
    "okw": ("dmfg.producer", "import_okw"),
    "okh": ("dmfg.design", "import_okh"),
}


class DmfgBackgroundRun(models.Model):
    _name = "dmfg.background.run"
    _description = "Background run"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    kind = fields.Selection(RUN_KINDS, required=True, readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Started by",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    stage = fields.Selection(
        [("queued", "Queued"), ("running", "Running"), ("done", "Done")],
        required=True,
        default="queued",
        readonly=True,
        help="How far the run's own steps got.",
    )
    state = fields.Selection(
        RUN_STATES,
        compute="_compute_state",
        help="Queued until a worker takes the first step; Failed when a step "
        "failed for good (see Failure), after its retries.",
    )
    step_total = fields.Integer(string="Steps", readonly=True, default=1)
    step_done = fields.Integer(string="Steps done", readonly=True)
    progress = fields.Float(
        compute="_compute_progress", help="Share of the run's steps done."
    )
    date_done = fields.Datetime(string="Finished on", readonly=True)
    identity = fields.Char(
        readonly=True,
        index=True,
        copy=False,
        help="The same work is never queued twice: a run asked for again "
        "while this one is unfinished answers with this one.",
    )
    params = fields.Json(string="Input", readonly=True, copy=False)
    result = fields.Json(string="Result data", readonly=True, copy=False)
    result_summary = fields.Text(string="Result", readonly=True)
    failure = fields.Text(
        compute="_compute_state",
        help="Why a step failed, as the job queue recorded it.",
    )
    queue_job_count = fields.Integer(
        string="Queue jobs", compute="_compute_state", groups="base.group_system"
    )

    # --------------------------------------------------------------- state

    def _queue_jobs(self):
        """The queue jobs of these runs (their identity keys name the run)."""
        if not self.ids:
            return self.env["queue.job"]
        self.check_access("read")
        domain = ["|"] * (len(self.ids) - 1) + [
            ("identity_key", "=like", f"{self._name}:{run.id}:%") for run in self
        ]
        # sudo: right after the check above; the job queue is the
        # administrator's, a run's reader sees its own steps only.
        return self.env["queue.job"].sudo().search(domain, order="id")

    @api.depends("stage")
    def _compute_state(self):
        jobs = self._queue_jobs()
        for run in self:
            mine = jobs.filtered(
                lambda j, r=run: j.identity_key.startswith(f"{r._name}:{r.id}:")
            )
            failed = mine.filtered(lambda j: j.state == "failed")
            run.queue_job_count = len(mine)
            run.failure = (
                "\n".join(
                    f"{job.name}: {job.exc_message or job.exc_name or ''}"
                    for job in failed
                )
                or False
            )
            if failed:
                run.state = "failed"
            elif run.stage == "done":
                run.state = "done"
            elif run.stage == "running" or any(j.state == "started" for j in mine):
                run.state = "running"
            else:
                run.state = "queued"

    @api.depends("step_done", "step_total", "stage")
    def _compute_progress(self):
        for run in self:
            if run.stage == "done":
                run.progress = 100.0
            else:
                run.progress = 100.0 * run.step_done / max(run.step_total, 1)

    # --------------------------------------------------------------- public

    def get_result(self):
        """The run's result as plain data (for a wave: as ``dispatch_wave``
        answers, ``assignments`` being what was applied), and its state."""
        self.ensure_one()
        self.check_access("read")
        return {
            "run_id": self.id,
            "kind": self.kind,
            "state": self.state,
            "progress": round(self.progress, 1),
            "failure": self.failure or False,
            **(self.result or {}),
        }

    def action_view_queue_jobs(self):
        """The run's steps in the job queue (administrators)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "queue_job.action_queue_job"
        )
        action["domain"] = [("id", "in", self._queue_jobs().ids)]
        action["context"] = {}
        return action

    def _dmfg_action_open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "name": self.name,
        }

    def action_refresh(self):
        """Reread the run (its progress moves while the form is open)."""
        return True

    # ----------------------------------------------------------- machinery

    @api.model
    def _dmfg_start(self, kind, name, params, identity):
        """Create the run and queue its first step, unless the same work is
        already queued or running: then that run is the answer."""
        same = self.search(
            [
                ("identity", "=", identity),
                ("stage", "!=", "done"),
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        )
        if same and same.state != "failed":
            return same
        run = self.create(
            {"kind": kind, "name": name, "params": params, "identity": identity}
        )
        run._dmfg_queue_step(0, f"_dmfg_step_{kind}", run.name)
        return run

    def _dmfg_queue_step(self, step, method, description, *args, channel=None):
        self.ensure_one()
        delayed = self.with_delay(
            description=f"{description} ({step + 1}/{max(self.step_total, step + 1)})",
            identity_key=f"{self._name}:{self.id}:{step}",
            channel=channel,
        )
        getattr(delayed, method)(step, *args)

    def _dmfg_job_lock(self):
        """Hold, for this transaction, the lock that tells a live step from
        one whose worker died (``queue.job._dmfg_requeue_dead_jobs``)."""
        uuid = self.env.context.get("job_uuid")
        if uuid:
            self.env.cr.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (uuid,)
            )

    def _dmfg_step_done(self, step, total=None):
        values = {"step_done": step + 1, "stage": "running"}
        if total:
            values["step_total"] = total
        self.write(values)

    def _dmfg_finish(self, summary, result=None):
        """Close the run and tell whoever started it."""
        self.ensure_one()
        values = {
            "stage": "done",
            "step_done": self.step_total,
            "date_done": fields.Datetime.now(),
            "result_summary": summary,
        }
        if result is not None:
            values["result"] = result
        self.write(values)
        self.message_post(
            body=Markup("<p>%s</p>") % summary,
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.user_id.partner_id.ids,
        )
        self.user_id._bus_send(
            "simple_notification",
            {
                "type": "success",
                "title": self.name,
                "message": summary,
            },
        )

    # ---------------------------------------------------------------- waves

    def _dmfg_step_wave(self, step):
        """Step 0 of a wave: plan it; the jobs no producer can take become
        unassigned at once; the rest is applied in steps of WAVE_CHUNK."""
        self.ensure_one()
        self._dmfg_job_lock()
        jobs = (
            self._dmfg_jobs()
            .browse(self.params["job_ids"])
            .filtered(lambda j: j.state == "waiting")
        )
        plan, greedy, results = jobs._dmfg_wave_plan()
        answer = jobs._dmfg_wave_answer(plan, greedy, results)
        unplaced = jobs.browse(plan.unassigned)
        unplaced._dmfg_wave_leave_out(plan, results, self._dmfg_wave_reason(jobs))
        assigned = [a["job_id"] for a in answer["assignments"]]
        size = self.params.get("chunk") or WAVE_CHUNK
        chunks = [assigned[i : i + size] for i in range(0, len(assigned), size)]
        self.write({"result": answer})
        self._dmfg_step_done(step, total=1 + len(chunks))
        if chunks:
            self._dmfg_queue_step(1, "_dmfg_step_wave_apply", self.name, chunks)
        else:
            self._dmfg_wave_finish()

    def _dmfg_step_wave_apply(self, step, chunks):
        """Apply one chunk of the plan: each job goes to its planned producer,
        ranked again now (the same filters as a single order); a job whose
        producer can no longer take it becomes unassigned with the reasons."""
        self.ensure_one()
        self._dmfg_job_lock()
        planned = {a["job_id"]: a["producer_id"] for a in self.result["assignments"]}
        jobs = self._dmfg_jobs().browse(chunks[step - 1])
        # A step run twice (a retry after its worker died) finds its jobs
        # locked or already dispatched: only waiting ones are applied.
        self.env.cr.execute(
            "SELECT id FROM dmfg_job WHERE id IN %s FOR NO KEY UPDATE",
            (tuple(jobs.ids),),
        )
        reason = self._dmfg_wave_reason(self.env["dmfg.job"].browse(planned))
        for job in jobs.filtered(lambda j: j.state == "waiting"):
            job._dmfg_wave_apply_one(planned[job.id], reason)
        self._dmfg_step_done(step)
        if step < len(chunks):
            self._dmfg_queue_step(step + 1, "_dmfg_step_wave_apply", self.name, chunks)
        else:
            self._dmfg_wave_finish()

    def _dmfg_jobs(self):
        """The job model as the run's steps act on it: a scheduled wave runs
        as the superuser (the cron's user); a planner's as that planner."""
        if self.env.user._is_superuser():
            # sudo: the cron's own wave (the superuser without its flag).
            return self.env["dmfg.job"].sudo()
        return self.env["dmfg.job"]._dmfg_check_planner()

    def _dmfg_wave_reason(self, jobs):
        return self.env._(
            "Dispatched in a wave of %(count)s jobs by %(user)s.",
            count=len(jobs),
            user=self.user_id.name,
        )

    def _dmfg_wave_finish(self):
        """The result: the plan, each assignment as it was applied."""
        result = dict(self.result)
        jobs = (
            self.env["dmfg.job"]
            .sudo()
            .browse([a["job_id"] for a in result["assignments"]])
        )
        applied = {job.id: job.producer_id.id for job in jobs}
        result["assignments"] = [
            a for a in result["assignments"] if applied[a["job_id"]] == a["producer_id"]
        ]
        result["not_applied"] = [
            a["job_id"]
            for a in self.result["assignments"]
            if applied[a["job_id"]] != a["producer_id"]
        ]
        summary = self.env._(
            "Wave dispatched: %(assigned)s jobs assigned (%(km).1f km in all), "
            "%(unassigned)s left unassigned.",
            assigned=len(result["assignments"]),
            km=sum(a["distance_km"] for a in result["assignments"]),
            unassigned=len(result["unassigned"]) + len(result["not_applied"]),
        )
        self._dmfg_finish(summary, result)

    # ------------------------------------------------------ locate producers

    def _dmfg_step_locate(self, step):
        """Geocode one chunk of producers (on the geocoder's channel)."""
        self.ensure_one()
        self._dmfg_job_lock()
        ids = self.params["producer_ids"]
        chunk_ids = ids[step * LOCATE_CHUNK : (step + 1) * LOCATE_CHUNK]
        producers = self.env["dmfg.producer"].browse(chunk_ids).exists()
        producers.check_access("write")
        outcomes = producers.partner_id._dmfg_geo_locate()
        counts = dict((self.result or {}).get("counts") or {})
        problems = list((self.result or {}).get("problems") or [])
        for producer in producers:
            status, message = outcomes[producer.partner_id.id]
            counts[status] = counts.get(status, 0) + 1
            if status in (geocoding.NOT_FOUND, geocoding.FAILED):
                problems.append(
                    {"producer_id": producer.id, "status": status, "message": message}
                )
        self.write({"result": {"counts": counts, "problems": problems}})
        total = -(-len(ids) // LOCATE_CHUNK)
        self._dmfg_step_done(step, total=total)
        if step + 1 < total:
            self._dmfg_queue_step(
                step + 1, "_dmfg_step_locate", self.name, channel=GEOCODER_CHANNEL
            )
        else:
            counts = self.result["counts"]
            summary = self.env._(
                "Producers located: %(located)s at their address, %(town)s at "
                "their town, %(missing)s not found, %(failed)s failed.",
                located=counts.get(geocoding.LOCATED, 0),
                town=counts.get(geocoding.TOWN, 0),
                missing=counts.get(geocoding.NOT_FOUND, 0),
                failed=counts.get(geocoding.FAILED, 0),
            )
            self._dmfg_finish(summary)

    @api.model
    def _dmfg_start_locate(self, producers):
        if not producers:
            raise UserError(self.env._("Select the producers to locate first."))
        producers.check_access("write")
        ids = sorted(producers.ids)
        run = self._dmfg_start(
            "locate",
            self.env._("Locate %(count)s producers", count=len(ids)),
            {"producer_ids": ids},
            "locate:" + ",".join(map(str, ids)),
        )
        return run

    # ------------------------------------------------- replenishment, imports

    @api.model
    def _dmfg_start_replenish(self, producers):
        producers._dmfg_check_replenish_access()
        if not producers:
            raise UserError(self.env._("Give at least one producer to replenish."))
        ids = sorted(producers.ids)
        return self._dmfg_start(
            "replenish",
            self.env._("Replenish %(count)s producers", count=len(ids)),
            {"producer_ids": ids},
            "replenish:" + ",".join(map(str, ids)),
        )

    def _dmfg_step_replenish(self, step):
        """Run the producers' reordering rules (``dmfg.producer.replenish``)."""
        self.ensure_one()
        self._dmfg_job_lock()
        producers = self.env["dmfg.producer"].browse(self.params["producer_ids"])
        answer = producers.exists().replenish()
        self._dmfg_step_done(step)
        summary = self.env._(
            "Replenishment done: %(lines)s products ordered in %(orders)s purchase "
            "orders and %(transfers)s transfers.",
            lines=len(answer["ordered"]),
            orders=len(answer["purchase_order_ids"]),
            transfers=len(answer["picking_ids"]),
        )
        self._dmfg_finish(summary, answer)

    @api.model
    def _dmfg_start_import(self, kind, content, filename):
        model, method = IMPORTERS[kind]
        self.env[model].check_access("create")
        digest = hashlib.sha1(f"{kind}:{filename}:{content}".encode()).hexdigest()
        return self._dmfg_start(
            "import",
            self.env._("Import %(file)s", file=filename or kind.upper()),
            {"kind": kind, "content": content, "filename": filename},
            "import:" + digest,
        )

    def _dmfg_step_import(self, step):
        """Import an Open Know-Where or Open Know-How file."""
        self.ensure_one()
        self._dmfg_job_lock()
        model, method = IMPORTERS[self.params["kind"]]
        answer = getattr(self.env[model], method)(
            self.params["content"], self.params["filename"], dry_run=False
        )
        self._dmfg_step_done(step)
        summary = self.env._(
            "Import done: %(created)s created, %(updated)s updated, %(skipped)s "
            "left out with their reasons.",
            created=len(answer.get("created", [])),
            updated=len(answer.get("updated", [])),
            skipped=len(answer.get("skipped", [])) + len(answer.get("errors", [])),
        )
        # The file stays out of the result: the run keeps what was done.
        self.write({"params": dict(self.params, content=False)})
        self._dmfg_finish(summary, answer)

    # ------------------------------------------------- routing after a conflict

    @api.model
    def _dmfg_queue_routing(self, jobs):
        """Route these jobs on the job queue, one routing at a time."""
        for job in jobs:
            self.with_delay(
                description=self.env._("Route %s", job.name),
                identity_key=f"{self._name}:route:{job.id}",
                channel=ROUTING_CHANNEL,
                # Each try that meets another concurrent assignment is one.
                max_retries=20,
            )._dmfg_run_routing(job.id)

    @api.model
    def _dmfg_run_routing(self, job_id):
        self._dmfg_job_lock()
        # sudo: a private method (no RPC); its job id was queued by the
        # confirmation of that job's own order (_dmfg_route_at_confirmation),
        # whose user (a salesperson) may not read jobs.
        job = self.env["dmfg.job"].sudo().browse(job_id).exists()
        if job.state == "waiting" and job._dmfg_dispatch_mode() == "immediate":
            job._dmfg_route_and_assign()
        return job.state

    # ------------------------------------------------------ scheduled passes

    @api.model
    def _dmfg_passes(self):
        """Scheduled passes a cron may queue: {(model, method): batched}. A
        batched pass handles one batch and returns how much it did; while it
        did something, the next batch is queued."""
        return {("dmfg.producer", "_cron_update_scorecards"): False}

    @api.model
    def _dmfg_queue_pass(self, model, method):
        """What a cron does: queue the pass, once (a pass already queued is
        not queued again), to run on any worker."""
        if (model, method) not in self._dmfg_passes():
            raise UserError(self.env._("Unknown scheduled pass: %s", method))
        self.with_delay(
            description=self.env._("Scheduled pass: %s", method),
            identity_key=f"{self._name}:pass:{model}.{method}",
        )._dmfg_run_pass(model, method)

    @api.model
    def _dmfg_run_pass(self, model, method):
        self._dmfg_job_lock()
        batched = self._dmfg_passes().get((model, method))
        if batched is None:
            raise UserError(self.env._("Unknown scheduled pass: %s", method))
        done = getattr(self.env[model], method)()
        # A batched pass did one batch: while batches do something, queue
        # the next (this job is started, so the identity key lets it in).
        if batched and done:
            self._dmfg_queue_pass(model, method)
        return done
