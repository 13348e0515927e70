# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Stock and availability pages: counts, component requests, capacity and
blackout days, each checked and each feeding the company at once."""

import re
from datetime import datetime, time, timedelta

import pytz

from odoo import fields
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import DmfgPortalCase


@tagged("post_install", "-at_install", "dmfg")
class TestPortalStock(DmfgPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quant = cls.env["stock.quant"].search(
            [
                ("location_id", "=", cls.sabadell.location_id.id),
                ("product_id", "=", cls.component.id),
            ]
        )
        # The producer's salesperson, a network manager, handles its requests.
        cls.planner = new_test_user(
            cls.env, "dmfg_portal_planner", groups="distributed_mfg.group_dmfg_manager"
        )
        cls.sabadell.partner_id.user_id = cls.planner

    def test_count_becomes_an_adjustment_proposal(self):
        """By default a count waits on the quant for the company to apply."""
        self._login(self.sabadell_user)
        response = self._post(
            "/my/stock/count", {"quant_id": self.quant.id, "quantity": "8"}
        )
        self.assertIn("the company will check and apply it", response.text)
        self.assertIn("waiting for the company", response.text)
        self.assertRecordValues(
            self.quant,
            [
                {
                    "quantity": 10.0,
                    "inventory_quantity": 8.0,
                    "inventory_quantity_set": True,
                }
            ],
        )
        self.assertIn("Count reported", self.sabadell.message_ids[0].body)

    def test_count_is_applied_when_the_settings_allow_it(self):
        """With "Apply producers' counts directly" the stock changes at once."""
        settings = self.env["res.config.settings"].create(
            {"dmfg_portal_apply_counts": True}
        )
        settings.execute()
        self._login(self.sabadell_user)
        response = self._post(
            "/my/stock/count", {"quant_id": self.quant.id, "quantity": "8"}
        )
        self.assertIn("the stock is updated", response.text)
        self.assertRecordValues(
            self.quant, [{"quantity": 8.0, "inventory_quantity_set": False}]
        )

    def test_negative_or_bad_count_is_refused(self):
        """A negative or non-numeric count: message on the page, nothing set."""
        self._login(self.sabadell_user)
        for quantity, message in (
            ("-1", "cannot be negative"),
            ("abc", "must be a number"),
        ):
            response = self._post(
                "/my/stock/count", {"quant_id": self.quant.id, "quantity": quantity}
            )
            self.assertIn(message, response.text)
            self.assertIn("alert-danger", response.text)
        self.assertRecordValues(
            self.quant, [{"quantity": 10.0, "inventory_quantity_set": False}]
        )

    def test_component_request_reaches_the_planner(self):
        """A request becomes a to-do of the planner on the producer, listed
        back on the producer's stock page."""
        self._login(self.sabadell_user)
        response = self._post(
            "/my/stock/request",
            {"product_id": self.component.id, "qty": "4", "note": "For next week"},
        )
        self.assertIn("Request sent to the planner.", response.text)
        activity = self.sabadell.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.planner)
        self.assertIn(self.component.display_name, activity.summary)
        self.assertIn("For next week", activity.note)
        self.assertIn(activity.summary, self.url_open("/my/stock").text)

    def test_component_request_bad_input_is_refused(self):
        """An unrelated product, or a quantity of 0: refused, no activity."""
        stranger = self.env["product.product"].create({"name": "Not a component"})
        self._login(self.sabadell_user)
        for data, message in (
            ({"product_id": stranger.id, "qty": "1"}, "Choose one of the components"),
            ({"product_id": self.component.id, "qty": "0"}, "greater than 0"),
        ):
            response = self._post("/my/stock/request", data)
            self.assertIn(message, response.text)
        self.assertFalse(self.sabadell.activity_ids)

    def test_capacity_change_feeds_routing_at_once(self):
        """Lower daily hours: the producer's free capacity drops at once."""
        today = fields.Date.context_today(self.env.user)
        window = (today, today + timedelta(days=6))
        before = self.sabadell._get_free_capacity(*window)[self.sabadell.id]
        self._login(self.sabadell_user)
        response = self._post("/my/availability/capacity", {"hours": "4"})
        self.assertIn("Daily production hours saved.", response.text)
        self.assertEqual(self.sabadell.capacity_hours_per_day, 4.0)
        after = self.sabadell._get_free_capacity(*window)[self.sabadell.id]
        self.assertAlmostEqual(after, before / 2)

    def test_public_holiday_shows_on_the_availability_page(self):
        """A public holiday on the producer's calendar gives that day no
        hours on /my/availability and lowers the free hours of the week."""
        today = fields.Date.context_today(self.env.user)
        week = (today, today + timedelta(days=6))
        days = self.sabadell._dmfg_available_hours(*week)[self.sabadell.id]
        day, hours = next((day, hours) for day, hours in days if hours)
        self._login(self.sabadell_user)

        def page():
            text = self.url_open("/my/availability").text
            free = re.search(r'o_dmfg_portal_free_7"\s*>([\d.]+)<', text)
            return float(free.group(1)), text.count("text-bg-secondary")

        free_before, closed_before = page()
        calendar = self.sabadell.resource_calendar_id
        start = pytz.timezone(calendar.tz).localize(datetime.combine(day, time.min))
        start = start.astimezone(pytz.utc).replace(tzinfo=None)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Festa major",
                "calendar_id": calendar.id,
                "date_from": start,
                "date_to": start + timedelta(days=1),
            }
        )
        free_after, closed_after = page()
        self.assertEqual(closed_after, closed_before + 1)
        self.assertAlmostEqual(free_after, max(free_before - hours, 0.0), places=1)
        self.assertEqual(
            dict(self.sabadell._dmfg_available_hours(*week)[self.sabadell.id])[day], 0.0
        )

    def test_capacity_out_of_range_is_refused(self):
        """30 hours a day, or text: clear message, capacity unchanged."""
        self._login(self.sabadell_user)
        for hours, message in (
            ("30", "between 0 and 24"),
            ("lots", "must be a number"),
        ):
            response = self._post("/my/availability/capacity", {"hours": hours})
            self.assertIn(message, response.text)
        self.assertEqual(self.sabadell.capacity_hours_per_day, 8.0)

    def test_blackout_days_feed_routing_at_once(self):
        """Adding a blackout week removes its hours from the free capacity
        and routing then prefers another producer; removing it restores it."""
        start = fields.Date.context_today(self.env.user)
        window = (start, start + timedelta(days=6))
        before = self.sabadell._get_free_capacity(*window)[self.sabadell.id]
        self._login(self.sabadell_user)
        response = self._post(
            "/my/availability/blackout",
            {
                "date_from": str(start),
                "date_to": str(start + timedelta(days=20)),
                "reason": "Holidays",
            },
        )
        self.assertIn("Blackout days added", response.text)
        blackout = self.sabadell.blackout_ids
        self.assertRecordValues(
            blackout,
            [
                {
                    "date_from": start,
                    "date_to": start + timedelta(days=20),
                    "name": "Holidays",
                }
            ],
        )
        self.assertEqual(
            self.sabadell._get_free_capacity(*window)[self.sabadell.id], 0.0
        )
        self.assertGreater(before, 0.0)
        # The next order close to Sabadell goes elsewhere.
        self.assertEqual(self._make_job().producer_id, self.mataro)
        response = self._post(f"/my/availability/blackout/{blackout.id}/delete")
        self.assertIn("Blackout days removed.", response.text)
        self.assertFalse(self.sabadell.blackout_ids)

    def test_blackout_in_the_past_is_refused(self):
        """A blackout starting yesterday, or ending before it starts: refused."""
        today = fields.Date.context_today(self.env.user)
        self._login(self.sabadell_user)
        for data, message in (
            (
                {"date_from": str(today - timedelta(days=2)), "date_to": str(today)},
                "is in the past",
            ),
            (
                {
                    "date_from": str(today + timedelta(days=5)),
                    "date_to": str(today + timedelta(days=2)),
                },
                "is before the first day",
            ),
            ({"date_from": "", "date_to": ""}, "Give the first day"),
            ({"date_from": "31/12/2099", "date_to": ""}, "is not a date"),
        ):
            response = self._post("/my/availability/blackout", data)
            self.assertIn(message, response.text)
        self.assertFalse(self.sabadell.blackout_ids)

    @mute_logger("odoo.http")
    def test_unknown_quant_is_404(self):
        """A count on a quant id that does not exist or is elsewhere: 404."""
        elsewhere = self.env["stock.quant"].search(
            [
                ("location_id.usage", "=", "internal"),
                ("location_id", "!=", self.sabadell.location_id.id),
            ],
            limit=1,
        )
        self._login(self.sabadell_user)
        for quant_id in (0, "abc", elsewhere.id):
            response = self._post(
                "/my/stock/count",
                {"quant_id": quant_id, "quantity": "1"},
                allow_redirects=False,
            )
            self.assertEqual(response.status_code, 404, quant_id)
