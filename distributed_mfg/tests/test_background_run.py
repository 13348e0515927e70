# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Background runs on queue_job: a wave and batch geocoding in steps, with
progress, the same result as in one request, steps whose worker died requeued.

The queue jobs are the real queue.job records; they are performed here as the
job runner would (tests/common_queue.py). Killed workers of a real multi-worker
server: tests/test_multiworker_fault.py at the repository root.
"""

from datetime import timedelta

from odoo import fields, sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.queue_job.job import Job

from .common_geo import KNOWN, GeoLocateCase
from .common_queue import perform_queued_jobs
from .common_routing import SABADELL, DmfgRoutingCase
from .fake_nominatim import FakeNominatim


class WaveRunCase(DmfgRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg.dispatch_mode", "wave"
        )
        cls.sabadell_customer = cls.env["res.partner"].create(
            {
                "name": "Jordi Customer",
                "partner_latitude": SABADELL[0] + 0.002,
                "partner_longitude": SABADELL[1],
            }
        )
        cls.planner = new_test_user(
            cls.env,
            "dmfg_run_planner",
            groups="distributed_mfg.group_dmfg_manager,sales_team.group_sale_salesman",
            name="Run Planner",
        )

    def _waiting_jobs(self, customers):
        jobs = self.env["dmfg.job"]
        for customer in customers:
            order = self._order(customer=customer)
            order.action_confirm()
            jobs |= order.order_line.dmfg_job_id
        self.assertEqual(set(jobs.mapped("state")), {"waiting"})
        return jobs


@tagged("post_install", "-at_install", "dmfg")
class TestWaveRun(WaveRunCase):
    def _run(self, run_id):
        return self.env["dmfg.background.run"].with_user(self.planner).browse(run_id)

    def test_wave_in_steps_applies_the_plan(self):
        """Five jobs, two per step: a plan step and three apply steps. The
        run shows its progress step by step and ends with the plan applied:
        the same producers as the plan, documents made once."""
        (self.sabadell | self.mataro).write({"max_open_jobs": 2})
        jobs = self._waiting_jobs(
            [self.customer, self.sabadell_customer, self.customer]
            + [self.sabadell_customer, self.customer]
        )
        job_model = self.env["dmfg.job"].with_user(self.planner)
        plan = job_model.plan_wave(jobs.ids)
        planned = {(a["job_id"], a["producer_id"]) for a in plan["assignments"]}
        self.assertEqual(len(planned), 5)
        run = self._run(
            job_model._dmfg_start_wave_run(self.env["dmfg.job"].browse(jobs.ids), 2).id
        )
        self.assertRecordValues(
            run, [{"state": "queued", "kind": "wave", "progress": 0.0}]
        )
        self.assertEqual(run.user_id, self.planner)
        # Asked again for the same jobs: the same run, nothing queued twice.
        self.assertEqual(job_model.dispatch_wave_in_background(jobs.ids), run.id)
        self.assertEqual(len(run.sudo()._queue_jobs()), 1)

        progress = []
        for _step in range(4):
            record = (
                self.env["queue.job"]
                .sudo()
                .search([("state", "=", "pending")], order="id", limit=1)
            )
            self.assertTrue(record, "each step queues the next one")
            job = Job.load(self.env, record.uuid)
            job.set_started()
            job.store()
            job.perform()
            job.set_done()
            job.store()
            run.invalidate_recordset()
            progress.append((run.step_done, run.step_total))
        self.assertEqual(progress, [(1, 4), (2, 4), (3, 4), (4, 4)])
        self.assertEqual(run.state, "done")
        self.assertEqual(run.progress, 100.0)
        self.assertIn("5 jobs assigned", run.result_summary)
        self.assertIn("5 jobs assigned", run.message_ids[0].body)
        self.assertEqual({(j.id, j.producer_id.id) for j in jobs}, planned)
        self.assertEqual(set(jobs.mapped("state")), {"offered"})
        for job in jobs:
            self.assertEqual(len(job.purchase_order_id), 1)
        result = run.get_result()
        self.assertEqual(result["state"], "done")
        self.assertEqual(
            {(a["job_id"], a["producer_id"]) for a in result["assignments"]}, planned
        )
        self.assertEqual(result["totals"], plan["totals"])
        self.assertEqual(result["not_applied"], [])
        # No producer got more than its job limit.
        for producer in self.sabadell | self.mataro:
            self.assertLessEqual(
                len(jobs.filtered(lambda j, p=producer: j.producer_id == p)), 2
            )

    def test_same_assignments_as_in_one_request(self):
        """The same jobs, dispatched in the background or in one request,
        go to the same producers (the wave is deterministic)."""
        (self.sabadell | self.mataro).write({"max_open_jobs": 1})
        self.girona.state = "suspended"
        customers = [self.customer, self.sabadell_customer, self.customer]
        job_model = self.env["dmfg.job"].with_user(self.planner)
        with self.env.cr.savepoint() as savepoint:
            jobs = self._waiting_jobs(customers)
            job_model.dispatch_wave(jobs.ids)
            in_request = [(j.producer_id.id, j.state) for j in jobs]
            savepoint.rollback()
        jobs = self._waiting_jobs(customers)
        run = self._run(job_model.dispatch_wave_in_background(jobs.ids))
        perform_queued_jobs(self.env)
        self.assertEqual(run.state, "done")
        self.assertEqual([(j.producer_id.id, j.state) for j in jobs], in_request)
        self.assertIn("unassigned", {state for _p, state in in_request})

    def test_a_step_run_again_changes_nothing(self):
        """A step performed twice (its first worker died after its work was
        committed by another, or a retry) finds its jobs dispatched: no
        second purchase order."""
        jobs = self._waiting_jobs([self.customer, self.sabadell_customer])
        job_model = self.env["dmfg.job"].with_user(self.planner)
        run = self._run(job_model.dispatch_wave_in_background(jobs.ids))
        perform_queued_jobs(self.env)
        orders = jobs.purchase_order_id
        self.assertEqual(len(orders), 2)
        chunks = [jobs.ids]
        run.sudo().with_user(self.planner)._dmfg_step_wave_apply(1, chunks)
        self.assertEqual(jobs.purchase_order_id, orders)
        self.assertEqual(
            self.env["purchase.order"].search_count(
                [
                    ("id", "not in", orders.ids),
                    ("partner_id", "in", jobs.producer_id.partner_id.ids),
                ]
            ),
            0,
        )

    def test_failed_step_shows_why(self):
        jobs = self._waiting_jobs([self.customer])
        job_model = self.env["dmfg.job"].with_user(self.planner)
        run = self._run(job_model.dispatch_wave_in_background(jobs.ids))
        # The producer's partner loses its company: the step's documents
        # cannot be made and the step fails for good (no retry here).
        record = run.sudo()._queue_jobs()
        job = Job.load(self.env, record.uuid)
        job.set_started()
        job.set_failed(exc_name="UserError", exc_message="Purchase order refused")
        job.store()
        run.invalidate_recordset()
        self.assertEqual(run.state, "failed")
        self.assertIn("Purchase order refused", run.failure)
        self.assertEqual(run.get_result()["state"], "failed")
        # A new request for the same jobs starts a new run.
        self.assertNotEqual(job_model.dispatch_wave_in_background(jobs.ids), run.id)

    def test_cron_queues_a_wave(self):
        jobs = self._waiting_jobs([self.customer, self.sabadell_customer])
        self.env["dmfg.job"]._cron_dmfg_dispatch_wave()
        self.assertEqual(set(jobs.mapped("state")), {"waiting"})
        run = self.env["dmfg.background.run"].search([("kind", "=", "wave")], limit=1)
        self.assertEqual(run.params["job_ids"], sorted(jobs.ids))
        perform_queued_jobs(self.env)
        self.assertEqual(set(jobs.mapped("state")), {"offered"})
        self.assertEqual(run.state, "done")

    def test_access(self):
        jobs = self._waiting_jobs([self.customer])
        salesperson = new_test_user(
            self.env, "dmfg_run_sales", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            self.env["dmfg.job"].with_user(salesperson).dispatch_wave_in_background(
                jobs.ids
            )
        run_id = (
            self.env["dmfg.job"]
            .with_user(self.planner)
            .dispatch_wave_in_background(jobs.ids)
        )
        with self.assertRaises(AccessError):
            self.env["dmfg.background.run"].with_user(salesperson).browse(run_id).read(
                ["state"]
            )
        with self.assertRaisesRegex(UserError, "list of job ids"):
            self.env["dmfg.job"].with_user(self.planner).dispatch_wave_in_background(
                "x"
            )
        other_company = self.env["res.company"].create({"name": "Other Network"})
        other_planner = new_test_user(
            self.env,
            "dmfg_run_other",
            groups="distributed_mfg.group_dmfg_manager",
            company_id=other_company.id,
            company_ids=[fields.Command.set(other_company.ids)],
        )
        self.assertFalse(
            self.env["dmfg.background.run"]
            .with_user(other_planner)
            .search([("id", "=", run_id)])
        )


@tagged("post_install", "-at_install", "dmfg")
class TestDeadWorkers(WaveRunCase):
    def _started_step(self):
        jobs = self._waiting_jobs([self.customer])
        self.env["dmfg.job"].with_user(self.planner).dispatch_wave_in_background(
            jobs.ids
        )
        record = self.env["queue.job"].search([("state", "=", "pending")], limit=1)
        job = Job.load(self.env, record.uuid)
        job.set_started()
        job.date_started = fields.Datetime.now() - timedelta(minutes=1)
        job.store()
        self.env.flush_all()
        return record

    def test_step_of_a_dead_worker_is_requeued(self):
        record = self._started_step()
        self.assertEqual(self.env["queue.job"]._dmfg_requeue_dead_jobs(), [record.uuid])
        record.invalidate_recordset()
        self.assertEqual(record.state, "pending")

    def test_a_step_that_keeps_killing_its_worker_fails(self):
        record = self._started_step()
        record.max_retries = 2
        self.env["queue.job"]._dmfg_requeue_dead_jobs()
        record.invalidate_recordset()
        self.assertEqual((record.state, record.retry), ("pending", 1))
        job = Job.load(self.env, record.uuid)
        job.set_started()
        job.date_started = fields.Datetime.now() - timedelta(minutes=1)
        job.store()
        self.env.flush_all()
        self.env["queue.job"]._dmfg_requeue_dead_jobs()
        record.invalidate_recordset()
        self.assertEqual(record.state, "failed")
        self.assertIn("worker died 2 times", record.exc_message)
        run = self.env["dmfg.background.run"].search([], limit=1)
        self.assertEqual(run.state, "failed")
        self.assertIn("worker died", run.failure)

    def test_step_of_a_live_worker_is_left_alone(self):
        """Another connection holds the step's lock, as its worker does while
        it runs: the step stays started."""
        record = self._started_step()
        with sql_db.db_connect(self.env.cr.dbname).cursor() as worker:
            worker.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                (record.uuid,),
            )
            self.assertEqual(self.env["queue.job"]._dmfg_requeue_dead_jobs(), [])
            self.assertEqual(record.state, "started")
            worker.rollback()

    def test_only_administrators_requeue(self):
        record = self._started_step()
        self.assertEqual(
            self.env["queue.job"].with_user(self.planner)._dmfg_requeue_dead_jobs(),
            [],
        )
        self.assertEqual(record.state, "started")


@tagged("post_install", "-at_install", "dmfg")
class TestScheduledPasses(WaveRunCase):
    def test_a_pass_is_queued_once_and_runs_on_the_queue(self):
        runs = self.env["dmfg.background.run"]
        queue = self.env["queue.job"]
        before = queue.search_count([])
        runs._dmfg_queue_pass("dmfg.producer", "_cron_update_scorecards")
        runs._dmfg_queue_pass("dmfg.producer", "_cron_update_scorecards")
        self.assertEqual(queue.search_count([]), before + 1)
        cron = self.env.ref("distributed_mfg.ir_cron_dmfg_producer_scorecard")
        self.assertIn("_dmfg_queue_pass", cron.code)
        self.sabadell.score_date = False
        performed = perform_queued_jobs(self.env)
        self.assertEqual(set(performed.mapped("state")), {"done"})
        self.assertTrue(self.sabadell.score_date)

    def test_unknown_pass_is_refused(self):
        with self.assertRaisesRegex(UserError, "Unknown scheduled pass"):
            self.env["dmfg.background.run"]._dmfg_queue_pass("res.users", "unlink")


@tagged("post_install", "-at_install", "dmfg")
class TestLocateRun(GeoLocateCase):
    def test_locate_in_background_on_the_geocoder_channel(self):
        manager = new_test_user(
            self.env, "dmfg_run_locate", groups="distributed_mfg.group_dmfg_manager"
        )
        producers = self.env["dmfg.producer"]
        for name, city in (
            ("Taller Girona", "Girona"),
            ("Taller Vic", "Vic"),
            ("Taller Fantasma", "Xyzzyville"),
        ):
            producers |= self.env["dmfg.producer"].create(
                {"partner_id": self._partner(name, city).id}
            )
        wizard = (
            self.env["dmfg.producer.locate"]
            .with_user(manager)
            .with_context(active_model="dmfg.producer", active_ids=producers.ids)
            .create({})
        )
        action = wizard.action_locate_background()
        run = (
            self.env["dmfg.background.run"].with_user(manager).browse(action["res_id"])
        )
        self.assertEqual((run.kind, run.state), ("locate", "queued"))
        self.assertEqual(run.sudo()._queue_jobs().channel, "root.dmfg_geocoder")
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            perform_queued_jobs(self.env)
        self.assertEqual(run.state, "done")
        self.assertIn("2 at their town", run.result_summary)
        self.assertIn("1 failed", run.result_summary)
        self.assertTrue(all(producers[:2].mapped("has_coordinates")))
        self.assertEqual(
            [p["producer_id"] for p in run.get_result()["problems"]], producers[2].ids
        )
        user = new_test_user(
            self.env, "dmfg_run_locate_user", groups="distributed_mfg.group_dmfg_user"
        )
        with self.assertRaises(AccessError):
            self.env["dmfg.background.run"].with_user(user)._dmfg_start_locate(
                producers.with_user(user)
            )


@tagged("post_install", "-at_install", "dmfg")
class TestWaveRunUi(WaveRunCase, HttpCase):
    def test_planner_dispatches_in_the_background_in_chromium(self):
        """Operations > Dispatch wave > Dispatch in the background opens the
        run, queued; once the queue has run it, the page shows it done."""
        jobs = self._waiting_jobs([self.customer, self.sabadell_customer])
        new_test_user(
            self.env,
            "dmfg_run_tour",
            groups="distributed_mfg.group_dmfg_manager",
            password="dmfg_run_tour",
        )
        self.start_tour("/odoo", "dmfg_background_wave_tour", login="dmfg_run_tour")
        run = self.env["dmfg.background.run"].search([("kind", "=", "wave")], limit=1)
        self.assertEqual(run.state, "queued")
        perform_queued_jobs(self.env)
        self.assertEqual(set(jobs.mapped("state")), {"offered"})
        self.start_tour(
            f"/odoo/action-distributed_mfg.dmfg_background_run_action/{run.id}",
            "dmfg_background_run_done_tour",
            login="dmfg_run_tour",
        )
