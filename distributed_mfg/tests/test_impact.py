# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Local-impact figures on jobs and orders (issue 16).

The fixture's network (tests/common_routing.py): customer in Barcelona
(41.3874, 2.1686), producers in Sabadell and Mataró; the central site is set
in Madrid (40.4168, -3.7038). By hand (flat-earth estimate, see
test_services_impact.py):

* Sabadell -> customer: dlat 0.1559 -> 17.30 km, dlon 0.0592 -> 4.94 km:
  18.0 km. Mataró -> customer: 28.5 km.
* Madrid -> customer: dlat 0.9706 -> 107.7 km, dlon 5.8724 -> 494.4 km:
  506 km. Km saved from Sabadell: 506.3 - 18.0 = 488.3.
* A 10 kg product: van 0.010 x 18.0 x 0.60 = 0.108 kg CO2e; road freight
  0.010 x 506.3 x 0.107 = 0.5417 kg; saved 0.4337 kg.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_routing import DmfgRoutingCase

MADRID = (40.4168, -3.7038)


@tagged("post_install", "-at_install", "dmfg")
class TestJobImpact(DmfgRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.central = cls.env["res.partner"].create(
            {
                "name": "Central plant Madrid",
                "city": "Madrid",
                "partner_latitude": MADRID[0],
                "partner_longitude": MADRID[1],
            }
        )
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("distributed_mfg.impact_central_partner_id", cls.central.id)
        for key in ("van_factor", "freight_factor", "production_days"):
            icp.set_param(f"distributed_mfg.impact_{key}", False)
        icp.set_param("distributed_mfg.impact_shipping_days", False)
        cls.product.weight = 10.0
        cls.env["stock.quant"]._update_available_quantity(
            cls.component, cls.sabadell.location_id, 10.0
        )
        cls.planner = new_test_user(
            cls.env,
            "dmfg_impact_planner",
            groups="distributed_mfg.group_dmfg_manager",
        )

    def _ship(self, job):
        job.action_accept(fields.Date.context_today(job) + timedelta(days=2))
        job.action_start()
        job.action_mark_produced(job.product_qty)
        job.action_ship("SEUR", "SEUR-IMPACT")

    def test_figures_are_stored_on_the_job(self):
        """Routed to Sabadell: the km and CO2 of both legs, checked by hand;
        the lead time is unknown until delivery."""
        _order, job = self._confirmed_job()
        self.assertEqual(job.producer_id, self.sabadell)
        self.assertAlmostEqual(job.impact_distance_km, 18.0, delta=0.2)
        self.assertAlmostEqual(job.impact_baseline_km, 506.0, delta=1.0)
        self.assertAlmostEqual(job.impact_km_saved, 488.3, delta=1.0)
        self.assertAlmostEqual(job.impact_weight_kg, 10.0)
        self.assertAlmostEqual(job.impact_co2_kg, 0.108, delta=0.002)
        self.assertAlmostEqual(job.impact_baseline_co2_kg, 0.5417, delta=0.002)
        self.assertAlmostEqual(job.impact_co2_saved_kg, 0.4337, delta=0.003)
        self.assertTrue(job.has_impact_km and job.has_impact_co2)
        self.assertFalse(job.has_impact_days)
        self.assertEqual(job.impact_baseline_lead_days, 8)
        self.assertFalse(job.is_impact_frozen)
        # Stored: a grouped read finds them in the database.
        [(total,)] = self.env["dmfg.job"]._read_group(
            [("id", "=", job.id)], [], ["impact_km_saved:sum"]
        )
        self.assertAlmostEqual(total, job.impact_km_saved, places=1)

    def test_weights_in_pounds_are_converted(self):
        """With weights in lb (Inventory settings), 22.05 lb (2 decimals) is
        10.002 kg: the CO2 of the 10 kg product."""
        self.env["ir.config_parameter"].sudo().set_param("product.weight_in_lbs", "1")
        self.product.weight = 22.05
        _order, job = self._confirmed_job()
        self.assertAlmostEqual(job.impact_weight_kg, 10.0, delta=0.005)
        self.assertAlmostEqual(job.impact_co2_kg, 0.108, delta=0.002)

    def test_moving_the_job_recomputes_its_figures(self):
        """Reassigned to Mataró, the job's local km are Mataró's."""
        _order, job = self._confirmed_job()
        saved_before = job.impact_km_saved
        job.action_reassign(self.mataro.id, "Sabadell is closed this week")
        self.assertEqual(job.producer_id, self.mataro)
        self.assertAlmostEqual(job.impact_distance_km, 28.5, delta=0.2)
        self.assertAlmostEqual(saved_before - job.impact_km_saved, 10.5, delta=0.3)

    def test_delivery_freezes_the_figures_against_later_settings(self):
        """Shipped: the lead time is known and the figures are frozen with a
        snapshot. Doubling the van factor and moving the central site in
        Settings changes an open job's figures, never the delivered one's."""
        order, job = self._confirmed_job()
        self._ship(job)
        self.assertTrue(job.is_impact_frozen)
        self.assertTrue(job.has_impact_days)
        confirmed = fields.Date.to_date(order.date_order)
        self.assertEqual(job.impact_lead_days, (job.date_shipped - confirmed).days)
        self.assertEqual(job.impact_days_saved, 8 - job.impact_lead_days)
        snapshot = job.impact_snapshot
        self.assertEqual(snapshot["factors"]["van_factor"], 0.6)
        self.assertEqual(snapshot["central"]["name"], "Central plant Madrid")
        frozen = {
            name: job[name]
            for name in (
                "impact_distance_km",
                "impact_baseline_km",
                "impact_co2_kg",
                "impact_co2_saved_kg",
                "impact_baseline_lead_days",
                "impact_days_saved",
            )
        }
        _order2, open_job = self._confirmed_job()
        co2_before = open_job.impact_co2_kg
        nearby = self.env["res.partner"].create(
            {
                "name": "Central El Prat",
                "partner_latitude": 41.30,
                "partner_longitude": 2.08,
            }
        )
        self.env["res.config.settings"].create(
            {
                "dmfg_impact_van_factor": 1.2,
                "dmfg_impact_central_partner_id": nearby.id,
                "dmfg_impact_production_days": 10,
            }
        ).execute()
        self.assertAlmostEqual(open_job.impact_co2_kg, 2 * co2_before, places=3)
        self.assertLess(open_job.impact_baseline_km, 20)
        self.assertEqual(open_job.impact_baseline_lead_days, 13)
        for name, value in frozen.items():
            self.assertEqual(job[name], value, name)
        # A later write on the delivered job does not thaw it either.
        job.write({"product_qty": 3})
        self.assertEqual(job.impact_co2_kg, frozen["impact_co2_kg"])

    def test_missing_weight_or_coordinates_is_unknown_not_zero(self):
        """No product weight: no CO2 (flag unset), the km stay known; the
        order's line does not invent a CO2 figure."""
        self.product.weight = 0.0
        order, job = self._confirmed_job()
        self.assertTrue(job.has_impact_km)
        self.assertFalse(job.has_impact_co2)
        self.assertEqual(job.impact_co2_saved_kg, 0.0)
        self.assertNotIn("CO2", order.order_line.dmfg_impact_summary)
        self.assertIn("km saved", order.order_line.dmfg_impact_summary)
        self.central.write({"partner_latitude": 0.0, "partner_longitude": 0.0})
        self.env["dmfg.job"]._dmfg_refresh_open_impact()
        self.assertFalse(job.has_impact_km)
        self.assertFalse(order.order_line.dmfg_impact_summary)

    def test_sale_order_shows_made_locally_and_its_totals(self):
        """Per line: town, km from the customer and, once delivered, the days
        and the km and CO2 saved; the order sums them."""
        order = self._order(qty=2)
        order.order_line = [
            Command.create({"product_id": self.product.id, "product_uom_qty": 1})
        ]
        order.action_confirm()
        jobs = order.order_line.dmfg_job_id
        self.assertEqual(len(jobs), 2)
        first = order.order_line[0]
        self._ship(first.dmfg_job_id)
        self.assertIn("made in", first.dmfg_impact_summary)
        self.assertIn("488 km saved", first.dmfg_impact_summary)
        self.assertIn("kg CO2e saved", first.dmfg_impact_summary)
        order.invalidate_recordset()
        self.assertAlmostEqual(
            order.dmfg_km_saved, sum(jobs.mapped("impact_km_saved")), delta=0.05
        )
        self.assertAlmostEqual(
            order.dmfg_co2_saved_kg,
            sum(jobs.mapped("impact_co2_saved_kg")),
            delta=0.005,
        )
        self.assertEqual(order.dmfg_days_saved, first.dmfg_job_id.impact_days_saved)
        self.assertIn("km", order.dmfg_impact_summary)
        self.assertIn("central site", order.dmfg_impact_summary)

    def test_impact_totals_over_rpc(self):
        """Planners get the network's totals per month as plain data; bad
        dates and other users are refused."""
        _order, job = self._confirmed_job()
        self._ship(job)
        today = fields.Date.context_today(job)
        jobs = self.env["dmfg.job"].with_user(self.planner)
        totals = jobs.impact_totals(str(today - timedelta(days=1)), str(today))
        self.assertEqual(totals["jobs"], 1)
        self.assertAlmostEqual(totals["km_saved"], round(job.impact_km_saved, 1))
        self.assertAlmostEqual(
            totals["co2_saved_kg"], round(job.impact_co2_saved_kg, 3)
        )
        self.assertEqual(totals["months"][0]["month"], today.strftime("%Y-%m"))
        self.assertEqual(totals["jobs_co2_known"], 1)
        empty = jobs.impact_totals("2001-01-01", "2001-12-31")
        self.assertEqual((empty["jobs"], empty["months"]), (0, []))
        for bad in (
            ("2026-13-01", "2026-12-31"),
            ("2026-12-31", "2026-01-01"),
            ("", "2026-01-01"),
            ("1990-01-01", "2026-01-01"),
        ):
            with self.assertRaises(UserError):
                jobs.impact_totals(*bad)
        salesperson = new_test_user(
            self.env, "dmfg_impact_sales", groups="sales_team.group_sale_salesman"
        )
        with self.assertRaises(AccessError):
            self.env["dmfg.job"].with_user(salesperson).impact_totals(
                str(today), str(today)
            )

    def test_dashboard_shows_this_months_savings(self):
        """The dashboard's month and year figures include a job shipped
        today; its open-job counts match the jobs."""
        _order, job = self._confirmed_job()
        self._ship(job)
        action = (
            self.env["dmfg.impact.dashboard"]
            .with_user(self.planner)
            .action_open_dashboard()
        )
        dashboard = (
            self.env["dmfg.impact.dashboard"]
            .with_user(self.planner)
            .browse(action["res_id"])
        )
        month = (
            self.env["dmfg.job"]
            .with_user(self.planner)
            .impact_totals(
                str(fields.Date.context_today(job).replace(day=1)),
                str(fields.Date.context_today(job)),
            )
        )
        self.assertAlmostEqual(dashboard.month_km_saved, month["km_saved"], delta=0.5)
        self.assertGreaterEqual(dashboard.year_km_saved, dashboard.month_km_saved)
        self.assertGreaterEqual(dashboard.month_jobs, 1)
        offered = self.env["dmfg.job"].search_count([("state", "=", "offered")])
        self.assertEqual(dashboard.offered_count, offered)
        self.assertGreater(dashboard.delivered_year_count, 0)
        self.assertGreater(dashboard.on_time_rate, 0)
        action = dashboard.action_open_impact_report()
        self.assertEqual(action["res_model"], "dmfg.job")

    def test_settings_saved_from_outside_the_network(self):
        """Odoo saves the settings for a group change whoever acts (an
        administrator outside the network creating a second warehouse): the
        open jobs' figures follow, with no access error."""
        stock_user = new_test_user(
            self.env,
            "dmfg_impact_stock_manager",
            groups="base.group_system,stock.group_stock_manager",
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg.impact_van_factor", "0.9"
        )
        self.env["stock.warehouse"].with_user(stock_user).create(
            {"name": "Second warehouse", "code": "WH2I"}
        )
