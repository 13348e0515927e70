# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Wave dispatch: confirmed lines wait, a wave assigns them together.

Customers in Barcelona and in Sabadell; producers in Sabadell (~17.5 km from
the Barcelona customer, ~0 km from the Sabadell one), Mataró (~26 km from
Barcelona, ~28 km from Sabadell) and Girona (far from both).
"""

import re

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_routing import SABADELL, DmfgRoutingCase


@tagged("post_install", "-at_install", "dmfg")
class TestWaveDispatch(DmfgRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg.dispatch_mode", "wave"
        )
        cls.sabadell_customer = cls.env["res.partner"].create(
            {
                "name": "Jordi Customer",
                "city": "Sabadell",
                "country_id": cls.env.ref("base.es").id,
                "partner_latitude": SABADELL[0] + 0.002,
                "partner_longitude": SABADELL[1],
            }
        )
        cls.planner = new_test_user(
            cls.env,
            "dmfg_wave_planner",
            groups="distributed_mfg.group_dmfg_manager,sales_team.group_sale_salesman",
            name="Wave Planner",
        )

    def _waiting_jobs(self, customers):
        jobs = self.env["dmfg.job"]
        for customer in customers:
            order = self._order(customer=customer)
            order.action_confirm()
            jobs |= order.order_line.dmfg_job_id
        return jobs

    def test_confirmed_lines_wait_and_a_plan_writes_nothing(self):
        jobs = self._waiting_jobs([self.customer])
        self.assertEqual(jobs.state, "waiting")
        self.assertFalse(jobs.producer_id)
        self.assertFalse(jobs.purchase_order_id)
        self.assertIn("Waiting for the next dispatch wave", jobs.message_ids[0].body)
        answer = self.env["dmfg.job"].with_user(self.planner).plan_wave(jobs.ids)
        self.assertEqual(
            [(a["job_id"], a["producer_id"]) for a in answer["assignments"]],
            [(jobs.id, self.sabadell.id)],
        )
        self.assertAlmostEqual(answer["assignments"][0]["distance_km"], 17.9, delta=0.6)
        self.assertEqual(answer["unassigned"], [])
        self.assertEqual(answer["totals"]["assigned"], 1)
        self.assertEqual(set(answer["greedy_totals"]), set(answer["totals"]))
        # Planning wrote nothing.
        self.assertEqual(jobs.state, "waiting")
        self.assertFalse(jobs.purchase_order_id)

    def test_dispatch_makes_the_documents(self):
        jobs = self._waiting_jobs([self.customer])
        answer = self.env["dmfg.job"].with_user(self.planner).dispatch_wave(False)
        self.assertEqual(answer["totals"]["assigned"], 1)
        self.assertEqual(jobs.state, "offered")
        self.assertEqual(jobs.producer_id, self.sabadell)
        self.assertEqual(jobs.purchase_order_id.partner_id, self.sabadell.partner_id)
        self.assertEqual(jobs.purchase_order_id.state, "purchase")
        self.assertTrue(jobs.picking_ids)
        self.assertIn("Dispatched in a wave", jobs.message_ids[0].body)

    def test_wave_places_jobs_nearer_than_one_by_one(self):
        """Sabadell and Mataró take one job each. One by one, the Barcelona
        order (first) takes Sabadell and the Sabadell order must go to
        Mataró; the wave swaps them and travels far less."""
        (self.sabadell | self.mataro).write({"max_open_jobs": 1})
        first, second = self._waiting_jobs([self.customer, self.sabadell_customer])
        answer = self.env["dmfg.job"].with_user(self.planner).plan_wave(False)
        totals, greedy = answer["totals"], answer["greedy_totals"]
        self.assertEqual(totals["assigned"], 2)
        self.assertLess(totals["distance_km"], greedy["distance_km"] - 10)
        self.env["dmfg.job"].with_user(self.planner).dispatch_wave(False)
        self.assertEqual(first.producer_id, self.mataro)
        self.assertEqual(second.producer_id, self.sabadell)

    def test_no_producer_gets_more_than_its_free_hours(self):
        """Three 30-hour jobs, and producers with 3 h a day (about 30 h in the
        14-day window): each producer takes at most one; the third job's
        reasons say the wave gave the capacity to other jobs."""
        self.product.dmfg_production_hours = 30.0
        (self.sabadell | self.mataro).write({"capacity_hours_per_day": 3.5})
        self.girona.state = "suspended"
        jobs = self._waiting_jobs(
            [self.customer, self.customer, self.sabadell_customer]
        )
        answer = self.env["dmfg.job"].with_user(self.planner).dispatch_wave(jobs.ids)
        self.assertEqual(answer["totals"]["assigned"], 2)
        self.assertEqual(len(answer["unassigned"]), 1)
        self.assertEqual(
            sorted(jobs.producer_id.ids), sorted((self.sabadell | self.mataro).ids)
        )
        today = fields.Date.context_today(self.env["dmfg.job"])
        due = jobs[0].date_due
        for producer in self.sabadell | self.mataro:
            self.assertEqual(
                len(jobs.filtered(lambda j, p=producer: j.producer_id == p)), 1
            )
            # What is left could not hold the third job: two would overbook.
            free = producer.get_free_capacity(str(today), str(due))[str(producer.id)]
            self.assertLess(free, 30.0, producer.name)
        left = jobs.filtered(lambda j: j.state == "unassigned")
        self.assertEqual(len(left), 1)
        codes = {e["reason_code"] for e in left.routing_result["excluded"]}
        self.assertIn("no_capacity", codes)
        self.assertEqual(answer["unassigned"][0]["job_id"], left.id)
        self.assertIn(
            "no_capacity", [r["code"] for r in answer["unassigned"][0]["reasons"]]
        )
        self.assertTrue(left.activity_ids, "the planner is asked to act")

    def test_same_input_same_plan(self):
        self._waiting_jobs([self.customer, self.sabadell_customer, self.customer])
        job_model = self.env["dmfg.job"].with_user(self.planner)
        self.assertEqual(job_model.plan_wave(False), job_model.plan_wave(False))

    def test_bad_input_and_access(self):
        jobs = self._waiting_jobs([self.customer])
        job_model = self.env["dmfg.job"].with_user(self.planner)
        with self.assertRaisesRegex(UserError, "list of job ids"):
            job_model.plan_wave("all")
        with self.assertRaisesRegex(UserError, "job id"):
            job_model.plan_wave(["x"])
        with self.assertRaisesRegex(UserError, "waiting for dispatch"):
            job_model.plan_wave([jobs.id, 999999999])
        job_model.dispatch_wave(jobs.ids)
        with self.assertRaisesRegex(UserError, jobs.name):
            job_model.dispatch_wave(jobs.ids)
        salesperson = new_test_user(
            self.env, "dmfg_wave_sales", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            self.env["dmfg.job"].with_user(salesperson).plan_wave(False)

    def test_immediate_mode_routes_at_once_and_cron_waits(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg.dispatch_mode", "immediate"
        )
        order, job = self._confirmed_job()
        self.assertEqual(job.state, "offered")
        # A job left waiting (mode switched back) is not touched by the cron
        # in immediate mode, and a planner can still route it by hand.
        self.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg.dispatch_mode", "wave"
        )
        waiting = self._waiting_jobs([self.customer])
        self.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg.dispatch_mode", "immediate"
        )
        self.env["dmfg.job"]._cron_dmfg_dispatch_wave()
        self.assertEqual(waiting.state, "waiting")
        waiting.with_user(self.planner).action_reroute()
        self.assertEqual(waiting.state, "offered")

    def test_settings_switch_the_scheduled_wave(self):
        cron = self.env.ref("distributed_mfg.ir_cron_dmfg_dispatch_wave")
        settings = self.env["res.config.settings"].create(
            {"dmfg_dispatch_mode": "wave", "dmfg_wave_interval_minutes": 10}
        )
        settings.execute()
        self.assertTrue(cron.active)
        self.assertEqual((cron.interval_number, cron.interval_type), (10, "minutes"))
        settings = self.env["res.config.settings"].create(
            {"dmfg_dispatch_mode": "immediate"}
        )
        settings.execute()
        self.assertFalse(cron.active)
        with self.assertRaisesRegex(UserError, "Wave every"):
            self.env["res.config.settings"].create(
                {"dmfg_dispatch_mode": "wave", "dmfg_wave_interval_minutes": 0}
            ).execute()

    def test_wizard_plans_then_applies(self):
        (self.sabadell | self.mataro).write({"max_open_jobs": 1})
        jobs = self._waiting_jobs([self.customer, self.sabadell_customer])
        wizard = self.env["dmfg.wave.wizard"].with_user(self.planner).create({})
        self.assertEqual(wizard.waiting_count, 2)
        wizard.action_plan()
        self.assertEqual(wizard.state, "planned")
        self.assertIn("Fab Mataró", wizard.plan_html)
        self.assertIn("One by one", wizard.plan_html)
        # Both place the two jobs; the wave's per job is the shorter.
        row = re.search(
            r"Distance per assigned job \(km\)</td><td>([\d.,]+)</td><td>([\d.,]+)<",
            str(wizard.plan_html),
        )
        self.assertTrue(row, wizard.plan_html)
        ours, theirs = (float(value.replace(",", "")) for value in row.groups())
        self.assertLess(ours, theirs)
        self.assertEqual(set(jobs.mapped("state")), {"waiting"})
        wizard.action_dispatch()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(set(jobs.mapped("state")), {"offered"})
        action = wizard.action_open_jobs()
        self.assertEqual(action["domain"], [("id", "in", jobs.ids)])
        empty = self.env["dmfg.wave.wizard"].with_user(self.planner).create({})
        with self.assertRaisesRegex(UserError, "No job is waiting"):
            empty.action_plan()


@tagged("post_install", "-at_install", "dmfg")
class TestWaveDispatchUi(DmfgRoutingCase, HttpCase):
    def test_planner_plans_and_applies_a_wave_in_chromium(self):
        """In a browser: Operations > Dispatch wave, Plan shows each job's
        producer beside one-by-one routing, Apply assigns them."""
        self.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg.dispatch_mode", "wave"
        )
        (self.sabadell | self.mataro).write({"max_open_jobs": 1})
        sabadell_customer = self.env["res.partner"].create(
            {
                "name": "Jordi Customer",
                "partner_latitude": SABADELL[0] + 0.002,
                "partner_longitude": SABADELL[1],
            }
        )
        jobs = self.env["dmfg.job"]
        for customer in (self.customer, sabadell_customer):
            order = self._order(customer=customer)
            order.action_confirm()
            jobs |= order.order_line.dmfg_job_id
        self.assertEqual(set(jobs.mapped("state")), {"waiting"})
        new_test_user(
            self.env,
            "dmfg_wave_tour",
            groups="distributed_mfg.group_dmfg_manager",
            password="dmfg_wave_tour",
        )
        self.start_tour("/odoo", "dmfg_dispatch_wave_tour", login="dmfg_wave_tour")
        self.assertEqual(set(jobs.mapped("state")), {"offered"})
        self.assertEqual(jobs[1].producer_id, self.sabadell)
        self.assertEqual(jobs[0].producer_id, self.mataro)
