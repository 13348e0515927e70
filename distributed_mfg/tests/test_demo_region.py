# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo looks like the region it serves (issue #12): a company in
Barcelona that sells in euros with Spanish VAT, the Sales app, producers
loaded over the coming weeks and jobs in every state."""

from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from ..models.dmfg_job import JOB_STATES, OPEN_STATES


@tagged("post_install", "-at_install", "dmfg")
class TestDemoRegion(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.ref("base.main_company")
        cls.planner = cls.env.ref("distributed_mfg.res_users_planner_demo")

    def _demo_ids(self, model):
        return (
            self.env["ir.model.data"]
            .search([("module", "=", "distributed_mfg"), ("model", "=", model)])
            .mapped("res_id")
        )

    def _demo_jobs(self):
        """The jobs of the demo: those of its sale orders and its history."""
        return self.env["dmfg.job"].search(
            [
                "|",
                ("sale_order_id", "in", self._demo_ids("sale.order")),
                ("id", "in", self._demo_ids("dmfg.job")),
            ]
        )

    def test_company_is_in_barcelona(self):
        """The planner's company is in Barcelona, Spain, on the map."""
        self.assertEqual(self.company.country_id, self.env.ref("base.es"))
        self.assertEqual(self.company.city, "Barcelona")
        self.assertNotIn("San Francisco", self.company.name)
        partner = self.company.partner_id
        self.assertAlmostEqual(partner.partner_latitude, 41.4, delta=0.1)
        self.assertAlmostEqual(partner.partner_longitude, 2.17, delta=0.1)

    def test_company_sells_in_euros_with_spanish_vat(self):
        """Euros, Spain's chart of accounts, and 21 % VAT on what it sells
        and buys by default; a demo order's total includes that VAT."""
        self.assertEqual(self.company.currency_id, self.env.ref("base.EUR"))
        self.assertEqual(self.company.chart_template, "es_pymes")
        self.assertEqual(self.company.account_fiscal_country_id.code, "ES")
        for tax in (
            self.company.account_sale_tax_id,
            self.company.account_purchase_tax_id,
        ):
            self.assertEqual(tax.amount, 21.0, tax.display_name)
            self.assertEqual(tax.country_id.code, "ES", tax.display_name)
        order = self.env.ref("distributed_mfg.sale_order_local_1_demo")
        self.assertEqual(order.currency_id.name, "EUR")
        self.assertEqual(order.order_line.tax_id.mapped("amount"), [21.0])
        self.assertAlmostEqual(order.amount_tax, order.amount_untaxed * 0.21, 2)
        # The accounting demo entries of the company are in euros too.
        moves = self.env["account.move"].search([("company_id", "=", self.company.id)])
        self.assertTrue(moves)
        self.assertEqual(moves.currency_id.mapped("name"), ["EUR"])

    def test_company_can_value_its_stock_automatically(self):
        """Spain's chart names no stock accounts; the demo company's are set
        (300 Mercaderías, 610 Variación de existencias), so switching a
        category to automated valuation is accepted."""
        category = self.env.ref("product.product_category_all").with_company(
            self.company
        )
        self.assertEqual(category.property_stock_valuation_account_id.code, "300000")
        self.assertEqual(category.property_stock_account_input_categ_id.code, "610000")
        category.property_valuation = "real_time"
        self.assertEqual(category.property_valuation, "real_time")

    def test_planner_has_the_sales_app(self):
        """The Sales app is installed and in the planner's menu."""
        module = self.env["ir.module.module"].search([("name", "=", "sale_management")])
        self.assertEqual(module.state, "installed")
        visible = self.env["ir.ui.menu"].with_user(self.planner)._visible_menu_ids()
        self.assertIn(self.env.ref("sale.sale_menu_root").id, visible)
        self.assertIn(self.env.ref("sale.menu_sale_quotations").id, visible)

    def test_producers_near_defaults_to_spain(self):
        """ "Producers near…" opens on the company's country, Spain."""
        wizard = (
            self.env["dmfg.producer.near.wizard"]
            .with_user(self.planner)
            .with_company(self.company)
            .new({})
        )
        self.assertEqual(wizard.country_id, self.env.ref("base.es"))

    def test_demo_has_jobs_in_every_state(self):
        """Every status of a job, from unassigned to delivered and cancelled,
        has at least one demo job; none waits for a wave (the demo dispatches
        immediately, and a wave would dispatch it)."""
        counts = {
            state: count
            for state, count in self.env["dmfg.job"]._read_group(
                [("id", "in", self._demo_jobs().ids)], ["state"], ["__count"]
            )
        }
        for state, label in JOB_STATES:
            if state == "waiting":
                self.assertFalse(counts.get(state), "a demo job waits for a wave")
                continue
            self.assertTrue(counts.get(state), f"no demo job is {label}")

    def test_producers_loaded_over_the_coming_weeks(self):
        """Open demo jobs fall due over at least five of the next eight weeks,
        at several producers, so their weekly loads and the map's marker
        sizes differ."""
        today = fields.Date.context_today(self.planner)
        jobs = self._demo_jobs().filtered(
            lambda job: job.state in OPEN_STATES
            and job.date_due
            and job.date_due <= today + timedelta(weeks=8)
        )
        weeks = {job.date_due.isocalendar()[:2] for job in jobs}
        self.assertGreaterEqual(len(weeks), 5, sorted(weeks))
        producers = jobs.producer_id
        self.assertGreaterEqual(len(producers), 5, producers.mapped("name"))
        loads = producers._dmfg_weekly_load(today, 8)
        booked = {
            (producer_id, row.week_start): round(row.load_percent)
            for producer_id, rows in loads.items()
            for row in rows
            if row.load_hours
        }
        # Busy weeks of different producers, not one uniform level.
        self.assertGreaterEqual(len(set(booked.values())), 4, booked)
        as_planner = producers.with_user(self.planner)
        gauges = {round(load) for load in as_planner.mapped("load_percent")}
        self.assertGreaterEqual(len(gauges), 3, gauges)
