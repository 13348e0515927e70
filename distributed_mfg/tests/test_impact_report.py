# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The local-impact report reads in one grouped query whatever the number of
delivered jobs (issue 16): the same queries for 10 and for 100 jobs, for the
pivot's grouped read (month x producer, region, product), the RPC totals and
the dashboard."""

from datetime import date

from odoo.tests import TransactionCase, new_test_user, tagged

MADRID = (40.4168, -3.7038)
# Two producers in two regions, customers in Barcelona.
PLACES = {
    "Impact Sabadell": (41.5433, 2.1094, "base.state_es_b"),
    "Impact Girona": (41.9794, 2.8214, "base.state_es_gi"),
}
MONTHS = (date(2025, 3, 10), date(2025, 4, 10), date(2025, 5, 10))


@tagged("post_install", "-at_install", "dmfg")
class TestImpactReportQueries(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        central = cls.env["res.partner"].create(
            {
                "name": "Impact central Madrid",
                "partner_latitude": MADRID[0],
                "partner_longitude": MADRID[1],
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg.impact_central_partner_id", central.id
        )
        cls.producers = cls.env["dmfg.producer"]
        for name, (lat, lon, state) in PLACES.items():
            partner = cls.env["res.partner"].create(
                {
                    "name": name,
                    "is_company": True,
                    "state_id": cls.env.ref(state).id,
                    "country_id": cls.env.ref("base.es").id,
                    "partner_latitude": lat,
                    "partner_longitude": lon,
                }
            )
            cls.producers |= cls.env["dmfg.producer"].create(
                {"partner_id": partner.id, "state": "candidate"}
            )
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Impact customer",
                "partner_latitude": 41.3874,
                "partner_longitude": 2.1686,
            }
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Impact bracket", "type": "consu", "weight": 0.5}
        )
        cls.planner = new_test_user(
            cls.env, "dmfg_report_planner", groups="distributed_mfg.group_dmfg_user"
        )
        # Nothing else delivered in those months.
        cls.env["dmfg.job"].search(
            [("date_shipped", ">=", MONTHS[0]), ("date_shipped", "<=", MONTHS[-1])]
        ).write({"date_shipped": False})

    def _deliver(self, count):
        """``count`` delivered jobs over the same producers and months."""
        self.env["dmfg.job"].create(
            [
                {
                    "state": "done",
                    "producer_id": self.producers[i % 2].id,
                    "partner_shipping_id": self.customer.id,
                    "product_id": self.product.id,
                    "product_qty": 2,
                    "date_offered": MONTHS[i % 3],
                    "date_shipped": MONTHS[i % 3],
                }
                for i in range(count)
            ]
        )

    def _queries(self, read):
        # Warm Odoo's caches (access rights, groups), then count.
        self.env.flush_all()
        read()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        result = read()
        return self.env.cr.sql_log_count - before, result

    def _reads(self):
        jobs = self.env["dmfg.job"].with_user(self.planner)
        domain = [
            ("state", "=", "done"),
            ("producer_id", "in", self.producers.ids),
        ]
        measures = ["impact_km_saved:sum", "impact_co2_saved_kg:sum"]
        return {
            # What the pivot and the graph ask: one read_group per grouping.
            "month_producer": lambda: jobs.read_group(
                domain,
                measures,
                ["date_shipped:month", "producer_id"],
                lazy=False,
            ),
            "region_product": lambda: jobs.read_group(
                domain, measures, ["producer_state_id", "product_id"], lazy=False
            ),
            "rpc_totals": lambda: jobs.impact_totals("2025-03-01", "2025-05-31"),
            "dashboard": lambda: jobs.env["dmfg.impact.dashboard"]
            .create({})
            .read(["year_km_saved", "on_time_rate", "offered_count"]),
        }

    def test_report_queries_do_not_grow_with_the_jobs(self):
        """10 then 100 delivered jobs: the same number of queries for each
        read, and the totals grow tenfold."""
        self._deliver(10)
        small = {name: self._queries(read) for name, read in self._reads().items()}
        self._deliver(90)
        large = {name: self._queries(read) for name, read in self._reads().items()}
        for name in small:
            self.assertEqual(large[name][0], small[name][0], name)
        self.assertEqual(small["rpc_totals"][1]["jobs"], 10)
        self.assertEqual(large["rpc_totals"][1]["jobs"], 100)
        self.assertAlmostEqual(
            large["rpc_totals"][1]["km_saved"],
            10 * small["rpc_totals"][1]["km_saved"],
            delta=1.0,
        )
        self.assertEqual(len(large["month_producer"][1]), 6)
        self.assertEqual(len(large["rpc_totals"][1]["months"]), 3)
        # One grouped query for the totals themselves (plus the user's
        # group check, cached after the first call).
        self.assertLessEqual(small["rpc_totals"][0], 3)
