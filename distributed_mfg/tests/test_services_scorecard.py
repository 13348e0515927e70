# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer scorecard arithmetic (no database).

"Now" is Tuesday 10 March 2026 at noon. Weights: acceptance 0.3, on time 0.4,
quality 0.3; each criterion adds weight * (2 * rate - 1) to 1.0.
"""

import doctest
from datetime import date, datetime, timedelta

from odoo.tests import BaseCase, tagged

from ..services import scorecard
from ..services.scorecard import JobRecord

NOW = datetime(2026, 3, 10, 12, 0)
DUE = date(2026, 3, 5)


def shipped(days_ago=10, late=False, issues=0, hours=2):
    """An accepted job answered after ``hours`` and shipped (late or not)."""
    offered = NOW - timedelta(days=days_ago)
    return JobRecord(
        offered_at=offered,
        outcome="accepted",
        answered_at=offered + timedelta(hours=hours),
        date_promised=DUE,
        date_due=DUE,
        date_shipped=DUE + timedelta(days=2 if late else -1),
        quality_issues=issues,
    )


@tagged("dmfg")
class TestScorecardService(BaseCase):
    maxDiff = None

    def test_doctests(self):
        """The examples in the service's docstrings hold."""
        result = doctest.testmod(scorecard)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)

    def test_no_history_is_neutral(self):
        """No job: factor 1.0, no rate, every contribution 0."""
        card = scorecard.compute([], NOW)
        self.assertEqual(card.factor, 1.0)
        self.assertEqual(card.job_count, 0)
        self.assertIsNone(card.acceptance_rate)
        self.assertIsNone(card.median_answer_hours)
        self.assertEqual(
            card.breakdown,
            (("acceptance", None, 0.0), ("on_time", None, 0.0), ("quality", None, 0.0)),
        )

    def test_all_accepted_on_time_is_above_one(self):
        """3 jobs accepted, shipped on time, no issue: 1 + 0.3 + 0.4 + 0.3 = 2."""
        card = scorecard.compute([shipped(hours=h) for h in (1, 2, 6)], NOW)
        self.assertEqual(card.factor, 2.0)
        self.assertEqual(card.acceptance_rate, 1.0)
        self.assertEqual(card.on_time_rate, 1.0)
        self.assertEqual(card.median_answer_hours, 2.0)
        self.assertEqual((card.job_count, card.on_time, card.late), (3, 3, 0))

    def test_late_and_quality_issues_are_below_one(self):
        """4 accepted (+0.3); 1 of 4 on time: 0.4 * (0.5 - 1) = -0.2; 3 issues
        on 4 shipped: quality 0.25, 0.3 * (0.5 - 1) = -0.15; factor 0.95."""
        records = [shipped(), shipped(late=True, issues=2)] + [
            shipped(late=True, issues=1 if n else 0) for n in range(2)
        ]
        card = scorecard.compute(records, NOW)
        self.assertEqual(card.on_time_rate, 0.25)
        self.assertEqual(card.quality_issues, 3)
        self.assertEqual(card.quality_rate, 0.25)
        self.assertEqual(
            card.breakdown,
            (
                ("acceptance", 1.0, 0.3),
                ("on_time", 0.25, -0.2),
                ("quality", 0.25, -0.15),
            ),
        )
        self.assertEqual(card.factor, 0.95)
        self.assertLess(card.factor, 1.0)

    def test_on_time_needs_promised_and_due_date(self):
        """Shipped by the promised date but after the due date is late."""
        rec = JobRecord(
            offered_at=NOW - timedelta(days=20),
            outcome="accepted",
            date_promised=date(2026, 3, 8),
            date_due=date(2026, 3, 6),
            date_shipped=date(2026, 3, 7),
        )
        self.assertEqual(scorecard.compute([rec], NOW).on_time_rate, 0.0)

    def test_overdue_unshipped_counts_late(self):
        """Accepted, promised for yesterday, not shipped: late."""
        rec = JobRecord(
            offered_at=NOW - timedelta(days=5),
            outcome="accepted",
            date_promised=date(2026, 3, 9),
        )
        card = scorecard.compute([rec], NOW)
        self.assertEqual((card.late, card.on_time_rate), (1, 0.0))

    def test_declines_and_expiries(self):
        """1 accepted, 2 declined, 1 expired: acceptance 1/4, 0.3 * -0.5 = -0.15."""
        offered = NOW - timedelta(days=1)
        records = [
            JobRecord(offered, "accepted", offered + timedelta(hours=4)),
            JobRecord(offered, "declined", offered + timedelta(hours=1)),
            JobRecord(offered, "declined", offered + timedelta(hours=9)),
            JobRecord(offered, "expired"),
        ]
        card = scorecard.compute(records, NOW)
        self.assertEqual((card.declines, card.expiries), (2, 1))
        self.assertEqual(card.acceptance_rate, 0.25)
        self.assertEqual(card.median_answer_hours, 4.0)
        self.assertEqual(card.factor, 0.85)

    def test_window_by_jobs(self):
        """Only the latest N offers count: 2 recent on time, 3 older late."""
        records = [shipped(days_ago=d) for d in (1, 2)] + [
            shipped(days_ago=d, late=True) for d in (30, 31, 32)
        ]
        self.assertEqual(scorecard.compute(records, NOW, window_jobs=2).factor, 2.0)
        card = scorecard.compute(records, NOW, window_jobs=5)
        self.assertEqual((card.job_count, card.on_time_rate), (5, 0.4))

    def test_window_by_days(self):
        """Only offers of the last D days count."""
        records = [shipped(days_ago=10), shipped(days_ago=100, late=True)]
        card = scorecard.compute(records, NOW, window_jobs=0, window_days=90)
        self.assertEqual((card.job_count, card.factor), (1, 2.0))
        card = scorecard.compute(records, NOW, window_jobs=0, window_days=180)
        self.assertEqual((card.job_count, card.on_time_rate), (2, 0.5))

    def test_bad_outcome_refused(self):
        """An unknown outcome is a ValueError."""
        with self.assertRaises(ValueError):
            JobRecord(NOW, "lost")
