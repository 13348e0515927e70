# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two orders confirmed at the same moment cannot both take the last capacity.

This test needs real concurrent transactions, so it works on committed data
through its own database connections (not the test transaction) and cleans up
after itself. Its producer sits in Svalbard, far from any other test data.
"""

import threading
import time
import uuid

from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger

from .common import CommittingEnv, make_remote_network, perform_queued_routing

LONGYEARBYEN = (78.2232, 15.6267)


@tagged("post_install", "-at_install", "dmfg")
class TestRoutingConcurrency(BaseCase):
    def setUp(self):
        super().setUp()
        self.db = sql_db.db_connect(get_db_name())
        self.tag = uuid.uuid4().hex[:8]
        with self._env() as env:
            self.ids = self._make_network(env)

    def tearDown(self):
        with self._env() as env:
            orders = env["sale.order"].browse(self.ids["orders"]).exists()
            orders._action_cancel()
            env["dmfg.producer"].browse(self.ids["producer"]).write({"state": "closed"})
        super().tearDown()

    def _env(self):
        return CommittingEnv(self.db)

    def _make_network(self, env):
        """A producer with room for one 50-hour job, and two orders next to it."""
        return make_remote_network(env, LONGYEARBYEN, "Polar", self.tag)

    def _confirm(self, env, order_id):
        env["sale.order"].browse(order_id).action_confirm()

    def test_two_concurrent_confirmations_cannot_overbook_a_producer(self):
        """The second transaction cannot take the capacity; its job is routed
        right after, on the job queue, and finds none left."""
        first, second = self.ids["orders"]
        cr1, cr2 = self.db.cursor(), self.db.cursor()
        outcome = {}
        try:
            env1 = api.Environment(cr1, SUPERUSER_ID, {})
            env2 = api.Environment(cr2, SUPERUSER_ID, {})
            # Both snapshots start now, before either order is confirmed.
            cr1.execute("SELECT 1")
            cr2.execute("SELECT 1")
            self._confirm(env1, first)

            def confirm_second():
                try:
                    self._confirm(env2, second)
                    env2.flush_all()
                    line = env2["sale.order"].browse(second).order_line
                    outcome["result"] = "confirmed"
                    outcome["job"] = (line.dmfg_job_id.id, line.dmfg_job_id.state)
                    cr2.commit()  # pylint: disable=invalid-commit
                except SerializationFailure:
                    outcome["result"] = "serialization_failure"
                    cr2.rollback()

            # The failed UPDATE is logged by odoo.sql_db: expected here.
            with mute_logger("odoo.sql_db"):
                thread = threading.Thread(target=confirm_second)
                thread.start()
                time.sleep(2)  # the second one now waits for the first one's lock
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
        with self._env() as env:
            jobs = env["dmfg.job"].search(
                [("sale_order_id", "in", self.ids["orders"])], order="id"
            )
            self.assertEqual(
                [(job.sale_order_id.id, job.state) for job in jobs],
                [(first, "offered"), (second, "unassigned")],
            )
            self.assertEqual(jobs[0].producer_id.id, self.ids["producer"])
            excluded = jobs[1].routing_result["excluded"]
            self.assertEqual(
                [entry["reason_code"] for entry in excluded], ["no_capacity"]
            )
