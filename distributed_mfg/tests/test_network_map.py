# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The planner's cockpit on the server: the network map's data, the weekly
load of a producer and the late jobs (issue #12)."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..models.dmfg_job import OPEN_STATES
from ..models.dmfg_network_map import DEFAULT_TILE_URL
from .common import DmfgProducerCommon


@tagged("post_install", "-at_install", "dmfg")
class TestNetworkMap(DmfgProducerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planner = cls.env.ref("distributed_mfg.res_users_planner_demo")
        cls.barcelona = cls.env.ref("distributed_mfg.dmfg_producer_barcelona_demo")
        cls.jobs = cls.env["dmfg.job"].search(
            [("state", "in", ("unassigned", *OPEN_STATES))]
        )

    def _data(self, user=None):
        return (
            self.env["dmfg.network.map"].with_user(user or self.planner).get_map_data()
        )

    def test_map_shows_the_located_producers_with_status_and_load(self):
        """Every producer with coordinates is on the map, with its status,
        place, load and processes; one without coordinates is not."""
        hidden = self.env["dmfg.producer"].create(
            {"partner_id": self._create_partner("Nowhere Taller").id}
        )
        data = self._data()
        located = self.env["dmfg.producer"].search(
            ["|", ("latitude", "!=", 0), ("longitude", "!=", 0)]
        )
        self.assertTrue(located)
        self.assertEqual({p["id"] for p in data["producers"]}, set(located.ids))
        self.assertNotIn(hidden.id, {p["id"] for p in data["producers"]})
        row = next(p for p in data["producers"] if p["id"] == self.barcelona.id)
        self.assertEqual(
            row,
            {
                "id": self.barcelona.id,
                "name": self.barcelona.display_name,
                "state": self.barcelona.state,
                "state_label": dict(
                    self.barcelona._fields["state"]._description_selection(self.env)
                )[self.barcelona.state],
                "city": self.barcelona.city,
                "latitude": self.barcelona.latitude,
                "longitude": self.barcelona.longitude,
                "load_percent": round(self.barcelona.load_percent, 1),
                "open_job_count": self.barcelona.open_job_count,
                "process_ids": self.barcelona.process_ids.ids,
            },
        )
        self.assertEqual(data["tile_url"], DEFAULT_TILE_URL)
        self.assertIn("OpenStreetMap", data["attribution"])
        self.assertEqual(
            {p["id"] for p in data["processes"]},
            set(self.env["dmfg.process"].search([]).ids),
        )
        self.assertIn("active", [s["value"] for s in data["states"]])

    def test_map_shows_open_jobs_at_their_customer(self):
        """Unassigned and open jobs are on the map at their delivery
        partner's point, with their producer; delivered jobs are not."""
        self.assertTrue(self.jobs, "the demo has open jobs")
        data = self._data()
        rows = {row["id"]: row for row in data["jobs"]}
        self.assertEqual(set(rows), set(self.jobs.ids))
        for job in self.jobs:
            partner = job.partner_shipping_id
            row = rows[job.id]
            self.assertEqual(row["producer_id"], job.producer_id.id or False)
            self.assertEqual(row["state"], job.state)
            if partner.partner_latitude or partner.partner_longitude:
                self.assertEqual(
                    (row["latitude"], row["longitude"]),
                    (partner.partner_latitude, partner.partner_longitude),
                )
                self.assertTrue(row["has_customer_point"])
        job = self.jobs.filtered("producer_id")[:1]
        job.sudo().state = "done"
        self.assertNotIn(job.id, {row["id"] for row in self._data()["jobs"]})

    def test_map_data_takes_a_fixed_number_of_queries(self):
        """Batch reads: three more producers do not mean more queries."""

        def queries():
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            data = self._data()
            return self.cr.sql_log_count - before, len(data["producers"])

        queries()  # warm the registry's caches
        count, shown = queries()
        for index, point in enumerate(((41.5, 2.0), (41.6, 2.1), (41.7, 2.2))):
            self._create_producer(
                f"Map Taller {index}", point, process_ids=self.fdm.ids
            )
        more, more_shown = queries()
        self.assertEqual(more_shown, shown + 3)
        self.assertGreater(count, 0)
        self.assertEqual(more, count)

    def test_tile_server_setting(self):
        """The tile server is a setting; a URL without tile coordinates is
        refused; an empty one falls back to OpenStreetMap."""
        settings = self.env["res.config.settings"].create(
            {"dmfg_map_tile_url": "https://tiles.example.com/{z}/{x}/{y}.png"}
        )
        settings.execute()
        self.assertEqual(
            self._data()["tile_url"], "https://tiles.example.com/{z}/{x}/{y}.png"
        )
        self.assertEqual(self._data()["attribution"], "")
        bad = self.env["res.config.settings"].create(
            {"dmfg_map_tile_url": "tiles.example.com"}
        )
        with self.assertRefused(UserError, r"\{z\}"):
            bad.execute()
        self.env["ir.config_parameter"].set_param("distributed_mfg.map_tile_url", "")
        self.assertEqual(self._data()["tile_url"], DEFAULT_TILE_URL)

    def test_map_refused_outside_the_planners(self):
        """A portal user (a producer) and an employee outside the network's
        groups cannot read the map."""
        producer_user = self.env.ref("distributed_mfg.res_users_producer1_demo")
        employee = self.env["res.users"].create(
            {
                "name": "Shop floor",
                "login": "dmfg_map_employee",
                "groups_id": [fields.Command.set([self.env.ref("base.group_user").id])],
            }
        )
        for user in (producer_user, self.portal_user, employee):
            with self.assertRefused(AccessError, "planners"):
                self._data(user)
        self.assertTrue(self._data(self.user)["producers"])


@tagged("post_install", "-at_install", "dmfg")
class TestProducerWeeklyLoad(DmfgProducerCommon):
    def test_weekly_load_books_jobs_in_their_due_week(self):
        """Eight weeks of booked and free hours; a job's hours land in the
        week it is due and the load gauge counts them."""
        job = self.env["dmfg.job"].search(
            [("state", "in", OPEN_STATES), ("load_hours", ">", 0)], limit=1
        )
        self.assertTrue(job, "the demo has an open job with hours")
        producer = job.producer_id
        today = fields.Date.context_today(producer)
        job.sudo().date_due = today + timedelta(days=7)
        action = producer.with_user(self.user).action_view_weekly_load()
        lines = self.env["dmfg.producer.load.line"].search(action["domain"])
        self.assertEqual(len(lines), 16)
        self.assertEqual(set(lines.mapped("producer_id")), {producer})
        weeks = sorted(set(lines.mapped("week_start")))
        self.assertEqual(len(weeks), 8)
        self.assertEqual(weeks[0], today - timedelta(days=today.weekday()))
        booked = {
            line.week_start: line.hours for line in lines if line.kind == "booked"
        }
        expected = sum(
            producer.job_ids.filtered(
                lambda j: j.state in OPEN_STATES and j.date_due == job.date_due
            ).mapped("load_hours")
        )
        self.assertAlmostEqual(booked[weeks[1]], expected)
        for week in weeks:
            pair = lines.filtered(lambda line, week=week: line.week_start == week)
            self.assertAlmostEqual(sum(pair.mapped("hours")), pair[0].capacity_hours)
        self.assertIn(producer.display_name, action["name"])
        producer.invalidate_recordset(["load_percent"])
        self.assertGreater(producer.load_percent, 0.0)

    def test_late_jobs(self):
        """A job past its due date and not delivered is late; a delivered one
        is not; the Late filter finds exactly the late ones."""
        jobs = self.env["dmfg.job"].search([("state", "in", OPEN_STATES)], limit=2)
        self.assertEqual(len(jobs), 2)
        yesterday = fields.Date.context_today(jobs) - timedelta(days=1)
        jobs.sudo().date_due = yesterday
        jobs[1].sudo().state = "done"
        self.assertEqual(jobs.mapped("is_late"), [True, False])
        late = self.env["dmfg.job"].search([("is_late", "=", True)])
        self.assertIn(jobs[0], late)
        self.assertNotIn(jobs[1], late)
        on_time = self.env["dmfg.job"].search([("is_late", "=", False)])
        self.assertEqual(late | on_time, self.env["dmfg.job"].search([]))
        self.assertFalse(late & on_time)
