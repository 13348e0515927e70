# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Free capacity of producers from their calendar, blackouts and holidays.

Window: Monday 2 to Sunday 15 March 2026 (ten weekdays). Calendar: Monday
to Friday 8-12 and 13-17 (8 hours, lunch 12-13 not counted), Europe/Madrid.
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
    def _create_calendar(cls, name):
        def slot(day, start, end, period):
            return (
                0,
                0,
                {
                    "name": f"{day} {period}",
                    "dayofweek": str(day),
                    "hour_from": start,
                    "hour_to": end,
                    "day_period": period,
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
            {"name": name, "tz": "Europe/Madrid", "attendance_ids": attendances}
        )

    def test_free_capacity_hand_checked(self):
        """Small: (10 - 2 blackout - 1 holiday) x 6 h = 42 h; big: 9 x 8 h = 72 h."""
        producers = self.small | self.big
        self.assertEqual(
            producers._get_free_capacity(MONDAY, SUNDAY_AFTER),
            {self.small.id: 42.0, self.big.id: 72.0},
        )

    def test_capacity_breakdown(self):
        """The breakdown explains the small producer's 42 hours."""
        result = self.small._dmfg_capacity_results(MONDAY, SUNDAY_AFTER)[self.small.id]
        self.assertEqual(
            (result.working_days, result.blackout_days, result.capacity_hours),
            (7, 3, 42.0),
        )

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

    def _count_queries(self, producers):
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        producers._get_free_capacity(MONDAY, SUNDAY_AFTER)
        return self.env.cr.sql_log_count - before

    def test_constant_number_of_queries(self):
        """Six producers on three calendars cost as many queries as one."""
        others = self.env["dmfg.producer"]
        for index, point in enumerate((GIRONA, TARRAGONA, BARCELONA, SABADELL)):
            calendar = (
                self._create_calendar(f"Other {index}") if index % 2 else self.calendar
            )
            others |= self._create_producer(
                f"Taller {index}",
                point,
                resource_calendar_id=calendar.id,
                blackout_ids=[
                    (0, 0, {"date_from": "2026-03-03", "date_to": "2026-03-03"})
                ],
            )
        self._count_queries(self.small)  # warm up (registry, translations)
        one = self._count_queries(self.small)
        many = self._count_queries(self.small | self.big | others)
        self.assertEqual(many, one)
        self.assertLessEqual(one, 6)
