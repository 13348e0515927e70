# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Free capacity of producers from their calendar, blackouts and holidays.

Window: Monday 2 to Sunday 15 March 2026 (ten weekdays). Calendar: Monday
to Friday 8-12 and 13-17 (8 hours, lunch 12-13 not counted), Europe/Madrid
(UTC+1 in March). The calendar's hours are Odoo's work intervals: its
attendances minus its leaves without a resource (public holidays).
"""

from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import BARCELONA, GIRONA, SABADELL, TARRAGONA, DmfgProducerCommon

MONDAY = date(2026, 3, 2)
SUNDAY_AFTER = date(2026, 3, 15)


@tagged("post_install", "-at_install", "dmfg")
class TestProducerCapacity(DmfgProducerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls._create_calendar("Test office week")
        cls.small = cls._create_producer(
            "Taller Petit",
            BARCELONA,
            resource_calendar_id=cls.calendar.id,
            capacity_hours_per_day=6.0,
            blackout_ids=[
                (
                    0,
                    0,
                    {
                        "name": "Fair",
                        "date_from": "2026-03-04",
                        "date_to": "2026-03-05",
                    },
                ),
                (
                    0,
                    0,
                    {
                        "name": "Past",
                        "date_from": "2026-02-01",
                        "date_to": "2026-02-10",
                    },
                ),
            ],
        )
        cls.big = cls._create_producer(
            "Taller Gran",
            SABADELL,
            resource_calendar_id=cls.calendar.id,
            capacity_hours_per_day=10.0,
        )
        # Public holiday on Friday 13 March, local day in Madrid (UTC+1).
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Local holiday",
                "calendar_id": cls.calendar.id,
                "date_from": datetime(2026, 3, 12, 23, 0),
                "date_to": datetime(2026, 3, 13, 22, 59, 59),
            }
        )
        # A leave of one resource only does not close the producer's calendar.
        resource = cls.env["resource.resource"].create(
            {"name": "Someone", "calendar_id": cls.calendar.id}
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Someone's day off",
                "calendar_id": cls.calendar.id,
                "resource_id": resource.id,
                "date_from": datetime(2026, 3, 9, 7, 0),
                "date_to": datetime(2026, 3, 9, 16, 0),
            }
        )

    @classmethod
    def _create_calendar(cls, name, **values):
        def slot(day, start, end, period, week_type="0"):
            return (
                0,
                0,
                {
                    "name": f"{day} {period}",
                    "dayofweek": str(day),
                    "hour_from": start,
                    "hour_to": end,
                    "day_period": period,
                    "week_type": week_type,
                },
            )

        attendances = []
        for day in range(5):
            attendances += [
                slot(day, 8, 12, "morning"),
                slot(day, 12, 13, "lunch"),
                slot(day, 13, 17, "afternoon"),
            ]
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": "Europe/Madrid",
                "attendance_ids": attendances,
                **values,
            }
        )

    def _leave(self, name, start, end, calendar=None):
        """A leave without resource (public holiday); times in UTC."""
        return self.env["resource.calendar.leaves"].create(
            {
                "name": name,
                "calendar_id": (calendar or self.calendar).id,
                "date_from": start,
                "date_to": end,
            }
        )

    def test_free_capacity_hand_checked(self):
        """Small: (10 - 2 blackout - 1 holiday) x 6 h = 42 h; big: 9 x 8 h = 72 h."""
        producers = self.small | self.big
        self.assertEqual(
            producers._get_free_capacity(MONDAY, SUNDAY_AFTER),
            {self.small.id: 42.0, self.big.id: 72.0},
        )

    def test_capacity_breakdown(self):
        """The breakdown explains the small producer's 42 hours: 7 working
        days, 2 blackout days (the holiday is no working day at all)."""
        result = self.small._dmfg_capacity_results(MONDAY, SUNDAY_AFTER)[self.small.id]
        self.assertEqual(
            (result.working_days, result.blackout_days, result.capacity_hours),
            (7, 2, 42.0),
        )

    def test_company_public_holiday_removes_the_day(self):
        """A company holiday on no calendar (Wed 11) closes both producers:
        small 42 - 6 = 36 h, big 72 - 8 = 64 h."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Company holiday",
                "calendar_id": False,
                "company_id": self.env.company.id,
                "date_from": datetime(2026, 3, 10, 23, 0),
                "date_to": datetime(2026, 3, 11, 22, 59, 59),
            }
        )
        self.assertEqual(
            (self.small | self.big)._get_free_capacity(MONDAY, SUNDAY_AFTER),
            {self.small.id: 36.0, self.big.id: 64.0},
        )

    def test_half_day_leave_halves_the_day(self):
        """Tuesday 10 closed 8-12 Madrid time: 4 h left that day."""
        self._leave(
            "Morning closed", datetime(2026, 3, 10, 7), datetime(2026, 3, 10, 11)
        )
        tuesday = date(2026, 3, 10)
        self.assertEqual(
            (self.small | self.big)._get_free_capacity(tuesday, tuesday),
            {self.small.id: 4.0, self.big.id: 4.0},
        )
        self.assertEqual(
            self.big._get_free_capacity(MONDAY, SUNDAY_AFTER), {self.big.id: 68.0}
        )

    def test_time_zone_of_the_calendar(self):
        """The same leave, 11 March 15:00 to 12 March 15:00 UTC, is all of
        Thursday 12 in Tokyo (UTC+9) but Wednesday 16:00 to Thursday 16:00 in
        Madrid. Tokyo (big): Wed 8 h, Thu 0 h. Madrid (small): Wed 7 h capped
        at 6 h, Thu 1 h (16-17)."""
        tokyo = self._create_calendar("Tokyo week", tz="Asia/Tokyo")
        for calendar in (tokyo, self.calendar):
            self._leave(
                "Closed",
                datetime(2026, 3, 11, 15, 0),
                datetime(2026, 3, 12, 15, 0),
                calendar=calendar,
            )
        self.big.resource_calendar_id = tokyo
        self.assertEqual(
            (self.small | self.big)._get_free_capacity(
                date(2026, 3, 11), date(2026, 3, 12)
            ),
            {self.small.id: 7.0, self.big.id: 8.0},
        )

    def test_flexible_hours_calendar_gives_its_hours_per_day(self):
        """A flexible calendar of 5 h a day has no fixed week: 14 days x 5 h
        = 70 h, less Friday 13 (a holiday) = 65 h; capped at 6 h/day small
        gives the same, and 3 h/day gives 13 x 3 = 39 h."""
        flexible = self._create_calendar(
            "Flexible", flexible_hours=True, hours_per_day=5.0
        )
        self._leave(
            "Local holiday",
            datetime(2026, 3, 12, 23, 0),
            datetime(2026, 3, 13, 23, 0),
            calendar=flexible,
        )
        self.big.resource_calendar_id = flexible
        self.assertEqual(
            self.big._get_free_capacity(MONDAY, SUNDAY_AFTER), {self.big.id: 65.0}
        )
        self.big.capacity_hours_per_day = 3.0
        self.assertEqual(
            self.big._get_free_capacity(MONDAY, SUNDAY_AFTER), {self.big.id: 39.0}
        )

    def test_two_week_calendar(self):
        """Odd/even weeks as Odoo counts them: Monday 2 March 2026 starts a
        week of type 0 (Monday to Friday), Monday 9 one of type 1 (Monday
        only): 5 x 8 + 8 = 48 h on 6 days; Tuesday 10 is off."""
        self.assertEqual(
            self.env["resource.calendar.attendance"].get_week_type(MONDAY), 0
        )
        calendar = self._create_calendar("Two weeks", two_weeks_calendar=True)
        calendar.attendance_ids = [
            (
                0,
                0,
                {
                    "name": "Monday, week 1",
                    "dayofweek": "0",
                    "hour_from": 8,
                    "hour_to": 16,
                    "day_period": "morning",
                    "week_type": "1",
                },
            )
        ]
        self.big.resource_calendar_id = calendar
        result = self.big._dmfg_capacity_results(MONDAY, SUNDAY_AFTER)[self.big.id]
        self.assertEqual((result.working_days, result.capacity_hours), (6, 48.0))
        free = self.big._get_free_capacity
        self.assertEqual(free("2026-03-03", "2026-03-03"), {self.big.id: 8.0})
        self.assertEqual(free("2026-03-09", "2026-03-09"), {self.big.id: 8.0})
        self.assertEqual(free("2026-03-10", "2026-03-10"), {self.big.id: 0.0})

    def test_accepts_date_strings(self):
        """Dates given as strings (as over XML-RPC) work the same."""
        self.assertEqual(
            self.big._get_free_capacity("2026-03-02", "2026-03-02"), {self.big.id: 8.0}
        )

    def test_reversed_window(self):
        """A window that ends before it starts is refused clearly."""
        with self.assertRefused(UserError, "before it starts"):
            self.big._get_free_capacity(SUNDAY_AFTER, MONDAY)

    def test_load_hook_is_neutral(self):
        """Producers without open jobs carry no load."""
        producers = self.small | self.big
        self.assertEqual(
            producers._get_load_hours(MONDAY, SUNDAY_AFTER),
            {self.small.id: 0.0, self.big.id: 0.0},
        )

    def _count_queries(self, producers, cold=True):
        self.env.invalidate_all()
        if cold:
            # As after a calendar change: no calendar's hours are cached.
            self.env.registry.clear_cache()
        before = self.env.cr.sql_log_count
        producers._get_free_capacity(MONDAY, SUNDAY_AFTER)
        return self.env.cr.sql_log_count - before

    def test_queries_grow_with_calendars_not_producers(self):
        """Producers sharing calendars cost one calendar read per calendar:
        two producers on one calendar cost as many queries as one, and six
        producers on two calendars as many as two on those calendars. Once
        read, a calendar's hours are cached: no calendar query at all."""
        other = self._create_calendar("Other")
        others = self.env["dmfg.producer"]
        for index, point in enumerate((GIRONA, TARRAGONA, BARCELONA, SABADELL)):
            others |= self._create_producer(
                f"Taller {index}",
                point,
                resource_calendar_id=(other if index % 2 else self.calendar).id,
                blackout_ids=[
                    (0, 0, {"date_from": "2026-03-03", "date_to": "2026-03-03"})
                ],
            )
        self._count_queries(self.small)  # warm up (registry, translations)
        one = self._count_queries(self.small)
        self.assertEqual(self._count_queries(self.small | self.big), one)
        self.assertLessEqual(one, 10)
        two = self._count_queries(self.small | others[1])
        self.assertEqual(self._count_queries(self.small | self.big | others), two)
        self.assertGreater(two, one)
        warm = self._count_queries(self.small | self.big | others, cold=False)
        self.assertLess(warm, one)
        self.assertEqual(self._count_queries(self.small, cold=False), warm)

    def test_calendar_changes_reach_the_cached_hours(self):
        """A public holiday added to a calendar whose hours are cached counts
        at once."""
        before = self.small._get_free_capacity(MONDAY, SUNDAY_AFTER)[self.small.id]
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": "2026-03-03 00:00:00",
                "date_to": "2026-03-03 23:59:59",
            }
        )
        after = self.small._get_free_capacity(MONDAY, SUNDAY_AFTER)[self.small.id]
        self.assertLess(after, before)
        self.calendar.attendance_ids.filtered(lambda a: a.dayofweek == "0").unlink()
        self.assertLess(
            self.small._get_free_capacity(MONDAY, SUNDAY_AFTER)[self.small.id], after
        )
