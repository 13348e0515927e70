# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A wave and an order confirmed at the same moment cannot both take the last
capacity of a producer.

Real concurrent transactions on committed data (own connections, cleaned up
after), as in test_routing_concurrency. The producer sits in Ushuaia, far
from any other test data, with room for one 50-hour job.
"""

import threading
import time
import uuid

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import CommittingEnv, make_remote_network, perform_queued_routing

USHUAIA = (-54.8019, -68.3030)
MODE = "distributed_mfg.dispatch_mode"


@tagged("post_install", "-at_install", "dmfg")
class TestWaveConcurrency(BaseCase):
    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())
        self.tag = uuid.uuid4().hex[:8]
        with CommittingEnv(self.db) as env:
            self.mode = env["ir.config_parameter"].get_param(MODE)
            self.ids = self._make_network(env)

    def tearDown(self):
        with CommittingEnv(self.db) as env:
            env["ir.config_parameter"].set_param(MODE, self.mode or "immediate")
            orders = env["sale.order"].browse(self.ids["orders"]).exists()
            orders.with_context(disable_cancel_warning=True).action_cancel()
            env["dmfg.producer"].browse(self.ids["producer"]).write({"state": "closed"})
        super().tearDown()

    def _make_network(self, env):
        ids = make_remote_network(env, USHUAIA, "Austral", self.tag)
        orders = env["sale.order"].browse(ids["orders"])
        # The first order waits for a wave; the second is confirmed, in
        # immediate mode, while the wave runs.
        env["ir.config_parameter"].set_param(MODE, "wave")
        orders[0].action_confirm()
        env["ir.config_parameter"].set_param(MODE, "immediate")
        return dict(ids, job=orders[0].order_line.dmfg_job_id.id)

    def test_wave_and_confirmation_at_once_cannot_overbook(self):
        first, second = self.ids["orders"]
        cr1, cr2 = self.db.cursor(), self.db.cursor()
        outcome = {}
        try:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            cr1.execute("SELECT 1")
            cr2.execute("SELECT 1")
            answer = env1["dmfg.job"].dispatch_wave([self.ids["job"]])
            self.assertEqual(answer["totals"]["assigned"], 1)

            def confirm_second():
                try:
                    env2["sale.order"].browse(second).action_confirm()
                    env2.flush_all()
                    line = env2["sale.order"].browse(second).order_line
                    outcome["result"] = "confirmed"
                    outcome["job"] = (line.dmfg_job_id.id, line.dmfg_job_id.state)
                    cr2.commit()  # pylint: disable=invalid-commit
                except SerializationFailure:
                    outcome["result"] = "serialization_failure"
                    cr2.rollback()

            with mute_logger("odoo.sql_db"):
                thread = threading.Thread(target=confirm_second)
                thread.start()
                time.sleep(2)  # the confirmation now waits for the wave's lock
                cr1.commit()  # pylint: disable=invalid-commit
                thread.join(60)
        finally:
            cr1.close()
            cr2.close()
        # The second transaction cannot take the producer (its lock conflicts):
        # its order is confirmed all the same, its job waits for a routing on
        # the job queue, which runs with fresh data.
        self.assertEqual(outcome.get("result"), "confirmed")
        job_id, state = outcome["job"]
        self.assertEqual(state, "waiting")
        perform_queued_routing(self.db, job_id)
        with CommittingEnv(self.db) as env:
            jobs = env["dmfg.job"].search(
                [("sale_order_id", "in", self.ids["orders"])], order="id"
            )
            self.assertEqual(
                [(job.sale_order_id.id, job.state) for job in jobs],
                [(first, "offered"), (second, "unassigned")],
            )
            self.assertEqual(jobs[0].producer_id.id, self.ids["producer"])
            codes = [e["reason_code"] for e in jobs[1].routing_result["excluded"]]
            self.assertEqual(codes, ["no_capacity"])
