# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer load week by week (no database).

Reference: Monday 2 March 2026, 8 h on weekdays for four weeks; every
expected number is a small sum a reader can redo.
"""

from datetime import date, timedelta

from odoo.tests import BaseCase, tagged

from ..services.capacity import CapacityProfile, weekly_load

MONDAY = date(2026, 3, 2)


def office_days(hours=8.0, weeks=4):
    """``{date: hours}`` of Monday to Friday from MONDAY on."""
    return {MONDAY + timedelta(days=n): hours for n in range(7 * weeks) if n % 7 < 5}


def summary(rows):
    return [
        (row.week_start, row.date_from, row.capacity_hours, row.load_hours)
        for row in rows
    ]


@tagged("dmfg")
class TestWeeklyLoadService(BaseCase):
    maxDiff = None

    def test_weeks_from_a_monday(self):
        """Four whole weeks of 5 x 8 h = 40 h; a job counts in the week it
        is due, Sunday included."""
        profile = CapacityProfile("p", office_days())
        rows = weekly_load(
            profile,
            MONDAY,
            4,
            [(date(2026, 3, 8), 10.0), (date(2026, 3, 9), 4.0), (date(2026, 3, 25), 2)],
        )
        self.assertEqual(
            summary(rows),
            [
                (date(2026, 3, 2), date(2026, 3, 2), 40.0, 10.0),
                (date(2026, 3, 9), date(2026, 3, 9), 40.0, 4.0),
                (date(2026, 3, 16), date(2026, 3, 16), 40.0, 0.0),
                (date(2026, 3, 23), date(2026, 3, 23), 40.0, 2.0),
            ],
        )
        self.assertEqual([row.load_percent for row in rows], [25.0, 10.0, 0.0, 5.0])
        self.assertEqual([row.free_hours for row in rows], [30.0, 36.0, 40.0, 38.0])
        self.assertEqual(rows[0].date_to, date(2026, 3, 8))

    def test_first_week_starts_today(self):
        """From Wednesday: the first week offers Wednesday to Friday only."""
        rows = weekly_load(CapacityProfile("p", office_days()), date(2026, 3, 4), 2)
        self.assertEqual(
            summary(rows),
            [
                (date(2026, 3, 2), date(2026, 3, 4), 24.0, 0.0),
                (date(2026, 3, 9), date(2026, 3, 9), 40.0, 0.0),
            ],
        )

    def test_overdue_and_undated_jobs_weigh_now(self):
        """Late work and work without a due date are to be done now; work due
        after the horizon is not shown."""
        rows = weekly_load(
            CapacityProfile("p", office_days()),
            date(2026, 3, 4),
            2,
            [(date(2026, 2, 20), 3.0), (None, 1.5), (date(2026, 3, 30), 99.0)],
        )
        self.assertEqual([row.load_hours for row in rows], [4.5, 0.0])

    def test_overbooked_week_and_week_without_capacity(self):
        """Booked hours may exceed capacity (over 100 %); hours booked in a
        week without capacity show as 100 %, an empty week as 0 %."""
        days = {MONDAY + timedelta(days=n): 4.0 for n in range(5)}
        rows = weekly_load(
            CapacityProfile("p", days, 4.0),
            MONDAY,
            3,
            [(MONDAY, 30.0), (date(2026, 3, 10), 1.0)],
        )
        self.assertEqual(
            [(row.capacity_hours, row.load_percent, row.free_hours) for row in rows],
            [(20.0, 150.0, 0.0), (0.0, 100.0, 0.0), (0.0, 0.0, 0.0)],
        )

    def test_blackouts_and_daily_cap_apply(self):
        """A blackout Tuesday and a 6 h cap: 4 days x 6 h = 24 h."""
        profile = CapacityProfile(
            "p", office_days(), 6.0, frozenset({date(2026, 3, 3)})
        )
        rows = weekly_load(profile, MONDAY, 1)
        self.assertEqual(rows[0].capacity_hours, 24.0)

    def test_bad_input(self):
        """Nonsense is refused with a message naming it."""
        profile = CapacityProfile("p", office_days())
        for weeks in (0, -1, 1.5, True):
            with self.assertRaisesRegex(ValueError, "number of weeks"):
                weekly_load(profile, MONDAY, weeks)
        with self.assertRaisesRegex(ValueError, "must be a date"):
            weekly_load(profile, "2026-03-02", 1)
        with self.assertRaisesRegex(ValueError, "is not a date"):
            weekly_load(profile, MONDAY, 1, [("2026-03-02", 1.0)])
        with self.assertRaisesRegex(ValueError, "Job hours"):
            weekly_load(profile, MONDAY, 1, [(MONDAY, -1.0)])
