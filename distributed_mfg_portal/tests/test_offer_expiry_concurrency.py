# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two expiry runs at once never move a job twice; a run stopped half-way
leaves every job as it was.

Real concurrent transactions need committed data: the test works through its
own database connections (not the test transaction) on a network of its own
in Svalbard, far from other test data, and closes it afterwards.
"""

import threading
import uuid
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, Command, api, fields, sql_db
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from odoo.addons.distributed_mfg.tests.common import CommittingEnv

LONGYEARBYEN = (78.2232, 15.6267)
JOBS = 6


@tagged("post_install", "-at_install", "dmfg")
class TestOfferExpiryConcurrency(BaseCase):
    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())
        self.tag = uuid.uuid4().hex[:8]
        with self._env() as env:
            self.ids = self._make_network(env)

    def tearDown(self):
        with self._env() as env:
            env["sale.order"].browse(self.ids["orders"]).exists()._action_cancel()
            env["dmfg.producer"].browse(self.ids["producers"]).write(
                {"state": "closed"}
            )
            env["ir.config_parameter"].set_param(
                "distributed_mfg_portal.expiry_batch", False
            )
        super().tearDown()

    def _env(self):
        return CommittingEnv(self.db)

    def _make_network(self, env):
        """Two producers, the nearer one offered ``JOBS`` orders."""
        # Offers of the database already past their deadline (the demo has
        # one) would be moved by these runs too: give them time.
        now = fields.Datetime.now()
        env["dmfg.job"].search(
            [("state", "=", "offered"), ("date_accept_deadline", "<=", now)]
        ).write({"date_accept_deadline": now + timedelta(days=30)})
        fdm = env.ref("distributed_mfg.dmfg_process_fdm")
        route = env.ref("distributed_mfg.route_produce_locally")
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Svalbard {name} {self.tag}",
                    "is_company": True,
                    "partner_latitude": LONGYEARBYEN[0] + offset,
                    "partner_longitude": LONGYEARBYEN[1],
                }
                for name, offset in (("Near", 0.0), ("Far", 0.2))
            ]
        )
        producers = env["dmfg.producer"].create(
            [
                {
                    "partner_id": partner.id,
                    "state": "active",
                    "service_radius_km": 80.0,
                    "capacity_hours_per_day": 8.0,
                    "max_open_jobs": 100,
                    "process_ids": [Command.set(fdm.ids)],
                }
                for partner in partners
            ]
        )
        product = env["product.product"].create(
            {
                "name": f"Polar mug {self.tag}",
                "type": "consu",
                "route_ids": [Command.set(route.ids)],
                "dmfg_production_hours": 0.5,
                "seller_ids": [
                    Command.create({"partner_id": partner.id, "price": 9})
                    for partner in partners
                ],
            }
        )
        bom = env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "type": "subcontract",
                "subcontractor_ids": [Command.set(partners.ids)],
            }
        )
        design = env["dmfg.design"].create(
            {
                "name": f"Polar mug design {self.tag}",
                "licence": "CC-BY-4.0",
                "sharing_scope": "all",
                "process_ids": [Command.set(fdm.ids)],
            }
        )
        product.product_tmpl_id.dmfg_design_id = design
        design.bom_id = bom
        customer = env["res.partner"].create(
            {
                "name": f"Polar customer {self.tag}",
                "partner_latitude": LONGYEARBYEN[0] - 0.01,
                "partner_longitude": LONGYEARBYEN[1],
            }
        )
        orders = env["sale.order"].create(
            [
                {
                    "partner_id": customer.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1})
                    ],
                }
                for _i in range(JOBS)
            ]
        )
        orders.action_confirm()
        jobs = orders.order_line.dmfg_job_id
        assert set(jobs.mapped("producer_id")) == {producers[0]}, "fixture"
        jobs.write(
            {"date_accept_deadline": fields.Datetime.now() - timedelta(minutes=5)}
        )
        return {
            "producers": producers.ids,
            "orders": orders.ids,
            "jobs": jobs.ids,
            "first_pos": jobs.purchase_order_id.ids,
        }

    def _run_expiry(self, env):
        return env["dmfg.job"]._cron_dmfg_expire_offers()

    def test_two_runs_at_once_move_each_job_once(self):
        """Two workers run the pass at the same moment, two jobs per batch:
        they share the work (locked rows are skipped); a run that collides
        on the far producer fails to serialise and, retried like Odoo retries
        a cron, finds only what is left."""
        with self._env() as env:
            env["ir.config_parameter"].set_param(
                "distributed_mfg_portal.expiry_batch", "2"
            )
        start = threading.Barrier(2)
        outcomes = []

        def worker():
            for attempt in range(JOBS * 2):
                cr = self.db.cursor()
                try:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    if not attempt:
                        start.wait(30)
                    done = self._run_expiry(env)
                    cr.commit()  # pylint: disable=invalid-commit
                    outcomes.append(done)
                    if not done:
                        return
                except SerializationFailure:
                    cr.rollback()
                    outcomes.append("retry")
                finally:
                    cr.close()

        with mute_logger("odoo.sql_db"):
            threads = [threading.Thread(target=worker) for _i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(300)
        self.assertEqual(sum(o for o in outcomes if o != "retry"), JOBS, outcomes)
        with self._env() as env:
            near, far = env["dmfg.producer"].browse(self.ids["producers"])
            jobs = env["dmfg.job"].browse(self.ids["jobs"])
            self.assertEqual(jobs.mapped("move_count"), [1] * JOBS)
            self.assertEqual(set(jobs.mapped("producer_id")), {far})
            for job in jobs:
                notes = job.message_ids.filtered(
                    lambda m: "expired unanswered" in (m.body or "")
                )
                self.assertEqual(len(notes), 1, job.name)
                self.assertEqual(job.expired_producer_ids, near)
                live = job.purchase_order_id.filtered(lambda p: p.state != "cancel")
                self.assertEqual(live.partner_id, far.partner_id)
            # No purchase order twice: one live per job, at the far producer.
            pos = env["purchase.order"].search(
                [("partner_id", "in", (near | far).partner_id.ids)]
            )
            live = pos.filtered(lambda p: p.state != "cancel")
            self.assertEqual(len(live), JOBS)
            self.assertEqual(live.partner_id, far.partner_id)

    def test_run_stopped_half_way_leaves_jobs_untouched(self):
        """A run whose transaction never commits (a killed worker) leaves
        every job offered to the first producer with its documents."""
        cr = self.db.cursor()
        try:
            env = api.Environment(cr, SUPERUSER_ID, {})
            self.assertEqual(self._run_expiry(env), JOBS)
            env.flush_all()
            # Killed before the commit.
        finally:
            cr.rollback()
            cr.close()
        with self._env() as env:
            near = env["dmfg.producer"].browse(self.ids["producers"][0])
            jobs = env["dmfg.job"].browse(self.ids["jobs"])
            self.assertEqual(set(jobs.mapped("producer_id")), {near})
            self.assertEqual(jobs.mapped("move_count"), [0] * JOBS)
            self.assertFalse(jobs.expired_producer_ids)
            first_pos = env["purchase.order"].browse(self.ids["first_pos"])
            self.assertNotIn("cancel", first_pos.mapped("state"))
            self.assertEqual(jobs.purchase_order_id, first_pos)
