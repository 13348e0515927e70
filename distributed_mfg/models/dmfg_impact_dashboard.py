# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The network dashboard (first menu of the app): open jobs by status, load
against capacity, on-time rate and the local impact of this month and this
year. A transient record whose figures are computed when it opens: a few
grouped queries whatever the number of jobs."""

from datetime import timedelta

from odoo import api, fields, models

from .dmfg_job import OPEN_STATES


class DmfgImpactDashboard(models.TransientModel):
    _name = "dmfg.impact.dashboard"
    _description = "Network dashboard"

    name = fields.Char(default=lambda self: self.env._("Network dashboard"))
    unassigned_count = fields.Integer(
        string="Unassigned", compute="_compute_job_counts"
    )
    offered_count = fields.Integer(string="Offered", compute="_compute_job_counts")
    accepted_count = fields.Integer(string="Accepted", compute="_compute_job_counts")
    in_progress_count = fields.Integer(
        string="In production", compute="_compute_job_counts"
    )
    produced_count = fields.Integer(string="Produced", compute="_compute_job_counts")
    load_hours = fields.Float(
        string="Booked hours",
        digits=(16, 1),
        compute="_compute_load",
        help="Hours of open work due within the default delivery window "
        "(Settings), at every producer that can receive work.",
    )
    capacity_hours = fields.Float(
        string="Capacity hours",
        digits=(16, 1),
        compute="_compute_load",
        help="Production hours those producers can give in that window.",
    )
    load_percent = fields.Float(
        string="Network load (%)",
        digits=(16, 1),
        compute="_compute_load",
        help="Booked hours against capacity hours.",
    )
    on_time_rate = fields.Float(
        string="On time this year (%)",
        digits=(16, 1),
        compute="_compute_on_time",
        help="Share of this year's delivered jobs shipped by their promised "
        "date (their due date when none was promised).",
    )
    delivered_year_count = fields.Integer(
        string="Delivered this year", compute="_compute_on_time"
    )
    month_jobs = fields.Integer(
        string="Delivered this month", compute="_compute_impact"
    )
    month_km_saved = fields.Float(
        string="Km saved this month", digits=(16, 0), compute="_compute_impact"
    )
    month_co2_saved_kg = fields.Float(
        string="CO2 saved this month (kg)", digits=(16, 2), compute="_compute_impact"
    )
    month_days_saved = fields.Integer(
        string="Days saved this month", compute="_compute_impact"
    )
    year_km_saved = fields.Float(
        string="Km saved this year", digits=(16, 0), compute="_compute_impact"
    )
    year_co2_saved_kg = fields.Float(
        string="CO2 saved this year (kg)", digits=(16, 2), compute="_compute_impact"
    )
    year_days_saved = fields.Integer(
        string="Days saved this year", compute="_compute_impact"
    )
    unknown_co2_count = fields.Integer(
        string="Jobs without CO2 this year",
        compute="_compute_impact",
        help="Delivered jobs whose CO2 is unknown (a product without weight, "
        "a place without coordinates): not counted in the CO2 saved.",
    )

    def _compute_job_counts(self):
        counts = dict(
            self.env["dmfg.job"]._read_group(
                [("state", "in", ("unassigned", *OPEN_STATES))], ["state"], ["__count"]
            )
        )
        for dashboard in self:
            for state in ("unassigned", *OPEN_STATES):
                dashboard[f"{state}_count"] = counts.get(state, 0)

    def _compute_load(self):
        producers = self.env["dmfg.producer"].search([("can_receive_work", "=", True)])
        load = capacity = 0.0
        if producers:
            today = fields.Date.context_today(self)
            window = producers._dmfg_load_window_days()
            results = producers._dmfg_capacity_results(
                today, today + timedelta(days=window)
            )
            for result in results.values():
                load += result.load_hours
                capacity += result.capacity_hours
        for dashboard in self:
            dashboard.load_hours = load
            dashboard.capacity_hours = capacity
            dashboard.load_percent = 100.0 * load / capacity if capacity else 0.0

    def _year_start(self):
        return fields.Date.context_today(self).replace(month=1, day=1)

    def _compute_on_time(self):
        jobs = self.env["dmfg.job"].search_fetch(
            [("state", "=", "done"), ("date_shipped", ">=", self._year_start())],
            ["date_shipped", "date_promised", "date_due"],
        )
        on_time = sum(
            1
            for job in jobs
            if not (job.date_promised or job.date_due)
            or job.date_shipped <= (job.date_promised or job.date_due)
        )
        for dashboard in self:
            dashboard.delivered_year_count = len(jobs)
            dashboard.on_time_rate = 100.0 * on_time / len(jobs) if jobs else 0.0

    def _compute_impact(self):
        today = fields.Date.context_today(self)
        month_start = today.replace(day=1)
        rows = self.env["dmfg.job"]._dmfg_impact_groups(
            [("date_shipped", ">=", self._year_start()), ("date_shipped", "<=", today)],
            ["date_shipped:month"],
        )
        job_model = self.env["dmfg.job"]
        year = job_model._dmfg_sum_rows(rows)
        month = job_model._dmfg_sum_rows(
            [row for row in rows if row["date_shipped:month"] >= month_start]
        )
        for dashboard in self:
            dashboard.month_jobs = month["jobs"]
            dashboard.month_km_saved = month["km_saved"]
            dashboard.month_co2_saved_kg = month["co2_saved_kg"]
            dashboard.month_days_saved = month["days_saved"]
            dashboard.year_km_saved = year["km_saved"]
            dashboard.year_co2_saved_kg = year["co2_saved_kg"]
            dashboard.year_days_saved = year["days_saved"]
            dashboard.unknown_co2_count = year["jobs"] - year["jobs_co2_known"]

    @api.model
    def action_open_dashboard(self):
        """Open a dashboard computed now (the app's first menu)."""
        self.check_access("create")
        dashboard = self.create({})
        return {
            "type": "ir.actions.act_window",
            "name": dashboard.name,
            "res_model": self._name,
            "res_id": dashboard.id,
            "view_mode": "form",
            "views": [[False, "form"]],
            "target": "current",
        }

    def action_open_impact_report(self):
        """The impact of delivered jobs, as a pivot by month and producer."""
        self.check_access("read")
        return self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_job_action_impact"
        )

    def action_open_open_jobs(self):
        """The open jobs, as a kanban by status."""
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_job_action"
        )
        action["context"] = {"search_default_open": 1, "search_default_unassigned": 1}
        return action
