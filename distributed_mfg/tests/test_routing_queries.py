# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import Command
from odoo.tests import tagged

from .common_routing import BARCELONA, DmfgRoutingCase


@tagged("post_install", "-at_install", "dmfg")
class TestRoutingQueries(DmfgRoutingCase):
    def _add_producers(self, count, offset):
        """``count`` more active producers scattered around Barcelona."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Extra producer {offset + i}",
                    "is_company": True,
                    "partner_latitude": BARCELONA[0] + 0.3 * ((i % 17) / 17 - 0.5),
                    "partner_longitude": BARCELONA[1] + 0.3 * ((i % 13) / 13 - 0.5),
                }
                for i in range(count)
            ]
        )
        producers = self.env["dmfg.producer"].create(
            [
                {
                    "partner_id": partner.id,
                    "state": "active",
                    "service_radius_km": 80.0,
                    "resource_calendar_id": self.calendar.id,
                    "process_ids": [Command.set(self.fdm.ids)],
                }
                for partner in partners
            ]
        )
        self.env["product.supplierinfo"].create(
            [
                {
                    "partner_id": partner.id,
                    "product_tmpl_id": self.product.product_tmpl_id.id,
                    "price": 25.0,
                }
                for partner in partners
            ]
        )
        return producers

    def _count_rank_queries(self):
        job_model = self.env["dmfg.job"]
        due = job_model._dmfg_due_date()
        # Warm Odoo's registry caches (access rights, parameters) first.
        job_model._dmfg_rank(self.product, 1.0, *BARCELONA, due, self.env.company)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = job_model._dmfg_rank(
            self.product, 1.0, *BARCELONA, due, self.env.company
        )
        return self.env.cr.sql_log_count - before, result

    def test_routing_one_line_costs_the_same_queries_for_20_and_200_producers(self):
        """Query count of routing one line does not grow with the network."""
        self._add_producers(17, 0)  # 3 from the fixture + 17 = 20
        queries_20, result_20 = self._count_rank_queries()
        self.assertEqual(len(result_20.ranked), 20)
        self._add_producers(180, 17)
        queries_200, result_200 = self._count_rank_queries()
        # Only the 50 nearest (setting) are ranked, whatever the network size.
        self.assertEqual(len(result_200.ranked), 50)
        self.assertEqual(queries_20, queries_200)
