# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Capacity arithmetic of producers (no database).

Reference window: Monday 2 March to Sunday 15 March 2026, two full weeks,
so ten weekdays. The calendar's hours per day are given as plain data, as
the ORM layer reads them from ``resource.calendar``. Every expected number is
a small sum a reader can redo.
"""

import doctest
from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from ..services import capacity
from ..services.capacity import CapacityProfile, CapacityResult

MONDAY = date(2026, 3, 2)
SUNDAY_AFTER = date(2026, 3, 15)


def office_days(hours=8.0, weeks=4):
    """``{date: hours}`` of Monday to Friday from MONDAY on."""
    return {MONDAY + timedelta(days=n): hours for n in range(7 * weeks) if n % 7 < 5}


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
        profile = CapacityProfile("p", office_days(), 6.0)
        self.assertEqual(
            capacity.capacity(profile, MONDAY, SUNDAY_AFTER),
            CapacityResult("p", 10, 0, 60.0, 0.0, 60.0),
        )

    def test_calendar_shorter_than_declared_hours(self):
        """Calendar 8 h a day, 10 declared: the calendar wins, 10 x 8 = 80 h."""
        profile = CapacityProfile("p", office_days(), 10.0)
        result = capacity.capacity(profile, MONDAY, SUNDAY_AFTER)
        self.assertEqual((result.working_days, result.capacity_hours), (10, 80.0))

    def test_calendar_hours_vary_by_day(self):
        """A half-day leave (4 h) and a holiday (no hours) count as given:
        8 working days x 6 h + 4 h = 52 h."""
        days = office_days()
        days[date(2026, 3, 4)] = 4.0
        del days[date(2026, 3, 13)]
        profile = CapacityProfile("p", days, 6.0)
        result = capacity.capacity(profile, MONDAY, SUNDAY_AFTER)
        self.assertEqual((result.working_days, result.capacity_hours), (9, 52.0))

    def test_blackout_days_and_weekends(self):
        """Blackouts on Wed 4 and Sat 7: only the weekday counts, 9 x 6 = 54 h."""
        profile = CapacityProfile(
            "p",
            office_days(),
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
            CapacityProfile("a", office_days(), 6.0),
            CapacityProfile("b", office_days(), 6.0),
            CapacityProfile("c", office_days(), 6.0),
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
        profile = CapacityProfile("p", office_days(), 0.0)
        self.assertEqual(capacity.capacity(profile, MONDAY, SUNDAY_AFTER).free_hours, 0)
        self.assertIsNone(capacity.ready_date(profile, MONDAY, 0, 1))

    def test_days_without_calendar_hours_offer_nothing(self):
        """Days the calendar does not list (past the read window) are closed."""
        profile = CapacityProfile("p", {MONDAY: 8.0}, 8.0)
        result = capacity.capacity(profile, MONDAY, SUNDAY_AFTER)
        self.assertEqual((result.working_days, result.capacity_hours), (1, 8.0))
        self.assertIsNone(capacity.ready_date(profile, MONDAY, 0, 16))

    def test_one_day_window(self):
        """A window of one Monday gives that Monday's hours."""
        profile = CapacityProfile("p", office_days(), 6.0)
        self.assertEqual(capacity.capacity(profile, MONDAY, MONDAY).capacity_hours, 6)

    def test_reversed_window_is_refused(self):
        """A window ending before it starts raises a clear ValueError."""
        profile = CapacityProfile("p", office_days(), 6.0)
        with self.assertRaisesRegex(ValueError, "ends .* before it starts"):
            capacity.capacity(profile, SUNDAY_AFTER, MONDAY)

    def test_bad_profiles_are_refused(self):
        """Negative or non-numeric hours and non-date days are refused."""
        with self.assertRaisesRegex(ValueError, "Hours per day"):
            CapacityProfile("p", {}, -1.0)
        with self.assertRaisesRegex(ValueError, "Calendar hours"):
            CapacityProfile("p", {MONDAY: float("nan")}, 8.0)
        with self.assertRaisesRegex(ValueError, "not a date"):
            CapacityProfile("p", {"2026-03-02": 8.0}, 8.0)

    def test_ready_date_after_a_holiday(self):
        """Friday 6 a holiday: 16 h started Thursday end on Monday 9."""
        days = office_days()
        del days[date(2026, 3, 6)]
        profile = CapacityProfile("p", days, 8.0)
        self.assertEqual(
            capacity.ready_date(profile, date(2026, 3, 5), 0, 16), date(2026, 3, 9)
        )
        self.assertEqual(
            capacity.ready_date(
                CapacityProfile("p", office_days(), 8.0), date(2026, 3, 5), 0, 16
            ),
            date(2026, 3, 6),
        )

    def test_ready_date_skips_blackouts_and_works_off_the_queue(self):
        """Queue 12 h at 6 h/day (Mon, Tue), blackout Wed: a 6 h job ends Thu."""
        profile = CapacityProfile("p", office_days(), 6.0, {date(2026, 3, 4)})
        self.assertEqual(capacity.ready_date(profile, MONDAY, 12, 6), date(2026, 3, 5))
        self.assertEqual(
            capacity.ready_date(profile.without_blackouts(), MONDAY, 12, 6),
            date(2026, 3, 4),
        )
