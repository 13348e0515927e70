# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A confirmation whose producer is being given another job at that moment.

Another real connection commits a change to the producer's row after this
transaction's snapshot, as a concurrent assignment does: the lock conflicts
(REPEATABLE READ). The order must still be confirmed, its job waiting and
queued for routing on the job queue (the multi-worker load test,
tests/test_multiworker_load.py, shows the queued routing done on a real server).
The demo network is used: the other connection only sees committed rows.
"""

from odoo import sql_db
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "dmfg")
class TestRoutingConflict(TransactionCase):
    def test_conflict_queues_the_routing_and_keeps_the_order(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg.dispatch_mode", "immediate"
        )
        product = self.env.ref(
            "distributed_mfg.product_template_shelf_bracket_demo"
        ).product_variant_id
        customer = self.env.ref("distributed_mfg.res_partner_customer_anna_demo")
        preview = self.env["dmfg.job"].preview_routing(product.id, 1, customer.id)
        producer_id = preview["chosen"]["producer_key"]
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                ],
            }
        )
        self.env.flush_all()
        # A concurrent assignment to the same producer commits now.
        with sql_db.db_connect(self.env.cr.dbname).cursor() as other:
            other.execute(
                "UPDATE dmfg_producer SET assign_sequence = assign_sequence "
                "WHERE id = %s",
                (producer_id,),
            )
            other.commit()
        queued_before = self.env["queue.job"].search_count([])
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        job = order.order_line.dmfg_job_id
        self.assertEqual(job.state, "waiting")
        self.assertFalse(job.producer_id)
        self.assertIn("routed on the job queue", job.message_ids[0].body)
        queued = self.env["queue.job"].search([], order="id desc", limit=1)
        self.assertEqual(self.env["queue.job"].search_count([]), queued_before + 1)
        self.assertEqual(
            (queued.channel, queued.method_name, queued.args),
            ("root.dmfg_routing", "_dmfg_run_routing", [job.id]),
        )
