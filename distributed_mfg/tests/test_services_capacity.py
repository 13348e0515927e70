# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Capacity arithmetic of producers (no database).

Reference window: Monday 2 March to Sunday 15 March 2026, two full weeks,
so ten weekdays. Every expected number is a small sum a reader can redo.
"""

import doctest
from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..services import capacity
from ..services.capacity import Attendance, CapacityProfile, CapacityResult

MONDAY = date(2026, 3, 2)
SUNDAY_AFTER = date(2026, 3, 15)


def office_week(morning=4.0, afternoon=4.0):
    """Monday to Friday, a morning and an afternoon slot each day."""
    return tuple(
        Attendance(weekday, hours)
        for weekday in range(5)
        for hours in (morning, afternoon)
    )


@tagged("dmfg")
class TestCapacityService(BaseCase):
    maxDiff = None

    def test_doctests(self):
        """The examples in the service's docstrings hold."""
        result = doctest.testmod(capacity, optionflags=doctest.ELLIPSIS)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)

    def test_capped_by_hours_per_day(self):
        """8 calendar hours a day, 6 declared: 10 days x 6 h = 60 h."""
        profile = CapacityProfile("p", office_week(), 6.0)
        self.assertEqual(
            capacity.capacity(profile, MONDAY, SUNDAY_AFTER),
            CapacityResult("p", 10, 0, 60.0, 0.0, 60.0),
        )

    def test_calendar_shorter_than_declared_hours(self):
        """Calendar 8 h a day, 10 declared: the calendar wins, 10 x 8 = 80 h."""
        profile = CapacityProfile("p", office_week(), 10.0)
        result = capacity.capacity(profile, MONDAY, SUNDAY_AFTER)
        self.assertEqual((result.working_days, result.capacity_hours), (10, 80.0))

    def test_blackout_days_and_weekends(self):
        """Blackouts on Wed 4 and Sat 7: only the weekday counts, 9 x 6 = 54 h."""
        profile = CapacityProfile(
            "p",
            office_week(),
            6.0,
            frozenset({date(2026, 3, 4), date(2026, 3, 7)}),
        )
        self.assertEqual(
            capacity.capacity(profile, MONDAY, SUNDAY_AFTER),
            CapacityResult("p", 9, 1, 54.0, 0.0, 54.0),
        )

    def test_load_is_subtracted_and_free_never_negative(self):
        """60 h capacity: 25 h load leaves 35 h, 90 h load leaves 0 h."""
        profiles = [
            CapacityProfile("a", office_week(), 6.0),
            CapacityProfile("b", office_week(), 6.0),
            CapacityProfile("c", office_week(), 6.0),
        ]
        results = capacity.free_capacity(
            profiles, MONDAY, SUNDAY_AFTER, {"a": 25.0, "b": 90.0}
        )
        self.assertEqual(
            {key: result.free_hours for key, result in results.items()},
            {"a": 35.0, "b": 0.0, "c": 60.0},
        )
        self.assertEqual(results["b"].load_hours, 90.0)

    def test_zero_hours_per_day_means_no_capacity(self):
        """A producer declaring 0 hours a day has no capacity at all."""
        profile = CapacityProfile("p", office_week(), 0.0)
        self.assertEqual(capacity.capacity(profile, MONDAY, SUNDAY_AFTER).free_hours, 0)

    def test_two_week_calendar(self):
        """Saturdays of even weeks only: one of the two Saturdays works."""
        week_types = {capacity.week_type(date(2026, 3, d)) for d in (7, 14)}
        self.assertEqual(week_types, {0, 1})
        worked_type = capacity.week_type(date(2026, 3, 14))
        profile = CapacityProfile("p", (Attendance(5, 5.0, worked_type),), 8.0)
        result = capacity.capacity(profile, MONDAY, SUNDAY_AFTER)
        self.assertEqual((result.working_days, result.capacity_hours), (1, 5.0))

    def test_attendance_validity_dates(self):
        """A Monday slot valid from 5 March only counts on Monday 9 March."""
        profile = CapacityProfile(
            "p", (Attendance(0, 8.0, date_from=date(2026, 3, 5)),), 8.0
        )
        result = capacity.capacity(profile, MONDAY, SUNDAY_AFTER)
        self.assertEqual((result.working_days, result.capacity_hours), (1, 8.0))

    def test_one_day_window(self):
        """A window of one Monday gives that Monday's hours."""
        profile = CapacityProfile("p", office_week(), 6.0)
        self.assertEqual(capacity.capacity(profile, MONDAY, MONDAY).capacity_hours, 6)

    def test_reversed_window_is_refused(self):
        """A window ending before it starts raises a clear ValueError."""
        profile = CapacityProfile("p", office_week(), 6.0)
        with self.assertRaisesRegex(ValueError, "ends .* before it starts"):
            capacity.capacity(profile, SUNDAY_AFTER, MONDAY)

    def test_leave_days_cover_local_dates(self):
        """A leave from Fri 18:00 to Mon 00:00 touches Fri, Sat and Sun."""
        days = capacity.leave_days(
            datetime(2026, 3, 13, 18, 0), datetime(2026, 3, 16, 0, 0)
        )
        self.assertEqual(
            days, {date(2026, 3, 13), date(2026, 3, 14), date(2026, 3, 15)}
        )
        self.assertEqual(
            capacity.leave_days(datetime(2026, 3, 13), datetime(2026, 3, 13)), set()
        )
