# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Routing counts with the producer's calendar: public holidays delay or
exclude it.

Today is Monday 2 March 2026. The job is 8 lamp shades of 2 h: 16 h, two
8 h days; no producer holds the components, which take 2 days to arrive, so
work starts on Wednesday 4. Sabadell (nearest) works Monday to Friday 8-12
and 13-17 in Madrid; Mataró keeps the company calendar and no holiday.
"""

from datetime import date, datetime

from odoo.tests import freeze_time, tagged

from .common_routing import BARCELONA, DmfgRoutingCase

MONDAY = date(2026, 3, 2)


@tagged("post_install", "-at_install", "dmfg")
@freeze_time("2026-03-02 10:00:00")
class TestRoutingCalendar(DmfgRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        attendances = [
            (
                0,
                0,
                {
                    "name": f"{day} {start}",
                    "dayofweek": str(day),
                    "hour_from": start,
                    "hour_to": start + 4,
                    "day_period": "morning" if start < 12 else "afternoon",
                },
            )
            for day in range(5)
            for start in (8, 13)
        ]
        cls.madrid = cls.env["resource.calendar"].create(
            {
                "name": "Sabadell week",
                "tz": "Europe/Madrid",
                "attendance_ids": attendances,
            }
        )
        cls.sabadell.resource_calendar_id = cls.madrid

    def _holiday(self, first_day, last_day):
        """Public holiday on Sabadell's calendar, whole local days (UTC+1)."""
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Festa",
                "calendar_id": self.madrid.id,
                "date_from": datetime(2026, 3, first_day - 1, 23, 0),
                "date_to": datetime(2026, 3, last_day, 23, 0),
            }
        )

    def _rank(self, due):
        result = self.env["dmfg.job"]._dmfg_rank(
            self.product, 8.0, *BARCELONA, due, self.env.company
        )
        ranked = {entry.producer_key: entry for entry in result.ranked}
        excluded = {entry.producer_key: entry for entry in result.excluded}
        return result, ranked, excluded

    def test_without_holiday_sabadell_wins(self):
        """Control: nearest and ready Thursday, Sabadell gets the job."""
        result, ranked, _excluded = self._rank(date(2026, 3, 13))
        self.assertEqual(result.chosen.producer_key, self.sabadell.id)
        self.assertEqual(ranked[self.sabadell.id].ready_date, date(2026, 3, 5))

    def test_holiday_delays_the_ready_date(self):
        """A holiday on Wednesday: Sabadell works Thursday and Friday."""
        self._holiday(4, 4)
        _result, ranked, _excluded = self._rank(date(2026, 3, 13))
        self.assertEqual(ranked[self.sabadell.id].ready_date, date(2026, 3, 6))
        self.assertEqual(ranked[self.mataro.id].ready_date, date(2026, 3, 5))

    def test_job_due_right_after_a_holiday_goes_elsewhere(self):
        """Closed Wednesday to Friday, due Monday 9: Sabadell would work
        Monday and Tuesday 10, too late; Mataró gets the job."""
        self._holiday(4, 6)
        result, _ranked, excluded = self._rank(date(2026, 3, 9))
        self.assertEqual(excluded[self.sabadell.id].reason_code, "too_late")
        self.assertIn("to 2026-03-10", excluded[self.sabadell.id].message)
        self.assertEqual(result.chosen.producer_key, self.mataro.id)

    def test_no_hours_before_the_due_date(self):
        """Closed Monday to Friday, due Friday: no free hours at all."""
        self._holiday(2, 6)
        _result, _ranked, excluded = self._rank(date(2026, 3, 6))
        self.assertEqual(excluded[self.sabadell.id].reason_code, "no_capacity")
        self.assertIn("only 0.0 h are free", excluded[self.sabadell.id].message)
