# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Answer windows, expiry and late-work rules (no database).

"Now" is Tuesday 10 March 2026 at noon.
"""

import doctest
from datetime import date, datetime, timedelta

from odoo.tests import BaseCase, tagged

from ..services import offers
from ..services.offers import MOVE, REMIND, UNASSIGN, Offer, PromisedJob

NOW = datetime(2026, 3, 10, 12, 0)
TODAY = NOW.date()


@tagged("dmfg")
class TestOffersService(BaseCase):
    def test_doctests(self):
        """The examples in the service's docstrings hold."""
        result = doctest.testmod(offers)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)

    def test_answer_window(self):
        """48 h standard, 4 h minimum: half the time left in between."""
        cases = {
            # hours to the due date: hours to answer
            500: 48.0,
            96: 48.0,
            95: 47.5,
            20: 10.0,
            8: 4.0,
            -30: 4.0,  # already overdue: still the minimum, not a past deadline
        }
        for hours_left, expected in cases.items():
            with self.subTest(hours_left=hours_left):
                hours = offers.answer_window_hours(hours_left, 48, 4)
                self.assertEqual(hours, expected)

    def test_answer_window_refuses_nonsense(self):
        with self.assertRaises(ValueError):
            offers.answer_window_hours(10, -1)
        with self.assertRaises(ValueError):
            offers.answer_window_hours(float("nan"), 48)

    def test_expiry_plan(self):
        """Only past deadlines; oldest first; the move limit hands over."""
        waiting = [
            Offer(1, NOW - timedelta(hours=1), moves=0),
            Offer(2, NOW + timedelta(minutes=1), moves=0),
            Offer(3, NOW - timedelta(days=2), moves=2),
            Offer(4, NOW, moves=3),
            Offer(5, None, moves=0),
        ]
        self.assertEqual(
            offers.plan_expiry(waiting, NOW, max_moves=3),
            [(3, MOVE), (1, MOVE), (4, UNASSIGN)],
        )
        # No limit: everything past its deadline moves.
        self.assertEqual(
            offers.plan_expiry(waiting, NOW, max_moves=0),
            [(3, MOVE), (1, MOVE), (4, MOVE)],
        )

    def test_late_work_plan(self):
        yesterday = TODAY - timedelta(days=1)
        jobs = [
            PromisedJob("busy", yesterday, started=True),
            PromisedJob("idle", yesterday, started=False, moves=3),
            PromisedJob("told", yesterday, started=True, reminded_for=yesterday),
            PromisedJob(
                "new promise",
                yesterday,
                started=True,
                reminded_for=date(2026, 3, 1),
            ),
            PromisedJob("today", TODAY),
        ]
        self.assertEqual(
            offers.plan_late_work(jobs, TODAY),
            [("busy", REMIND), ("idle", REMIND), ("new promise", REMIND)],
        )
        self.assertEqual(
            offers.plan_late_work(jobs, TODAY, move_unstarted=True, max_moves=3),
            [("busy", REMIND), ("idle", UNASSIGN), ("new promise", REMIND)],
        )
