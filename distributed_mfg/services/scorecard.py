# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer scorecard: a producer's track record turned into numbers.

Input: per producer, plain :class:`JobRecord` items (one per offer it got),
the caller's "now" and the rolling window (last ``window_jobs`` offers, and
only those of the last ``window_days`` days). Output: a :class:`Scorecard`
with the rates and the **performance factor** routing weighs (see
``routing.performance_cost``), with a breakdown of how each criterion moved it.

The factor, in [0, 2], 1.0 neutral::

    factor = 1 + sum(weight_c * (2 * rate_c - 1))     over the criteria c

with the weights :data:`WEIGHTS` (they add up to 1):

* ``acceptance`` (0.3): accepted offers / answered or expired offers;
* ``on_time`` (0.4): jobs shipped by their promised date and by their due date
  / jobs shipped, plus accepted jobs not shipped whose promised date is past
  (they count as late);
* ``quality`` (0.3): 1 - quality issues / jobs shipped (at most 1 issue per
  shipped job counted, so the rate stays in [0, 1]).

A rate of 1 adds its weight, a rate of 0.5 adds nothing, a rate of 0 takes its
weight away; a criterion with no data (no offer answered, nothing shipped)
adds nothing. So a producer with no history is at 1.0, one perfect on every
criterion at 2.0, one failing every criterion at 0.0.
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .common import number, set_attr

OUTCOMES = ("pending", "accepted", "declined", "expired")
WEIGHTS = {"acceptance": 0.3, "on_time": 0.4, "quality": 0.3}
NEUTRAL = 1.0
MIN_FACTOR = 0.0
MAX_FACTOR = 2.0
DEFAULT_WINDOW_JOBS = 20
DEFAULT_WINDOW_DAYS = 180


@dataclass(frozen=True)
class JobRecord:
    """One offer made to a producer.

    ``offered_at``/``answered_at``: datetimes (``answered_at`` None while
    unanswered); ``outcome``: one of :data:`OUTCOMES`; ``date_promised``,
    ``date_due``, ``date_shipped``: dates or None; ``quality_issues``: count.
    """

    offered_at: datetime
    outcome: str = "pending"
    answered_at: datetime | None = None
    date_promised: date | None = None
    date_due: date | None = None
    date_shipped: date | None = None
    quality_issues: int = 0

    def __post_init__(self):
        if not isinstance(self.offered_at, datetime):
            raise ValueError(f"offered_at must be a datetime, got {self.offered_at!r}.")
        if self.outcome not in OUTCOMES:
            raise ValueError(
                f"outcome must be one of {OUTCOMES}, got {self.outcome!r}."
            )
        set_attr(
            self,
            "quality_issues",
            int(number(self.quality_issues, "quality_issues")),
        )


@dataclass(frozen=True)
class Scorecard:
    """A producer's numbers over the window (rates in [0, 1] or None)."""

    job_count: int = 0
    accepted: int = 0
    declines: int = 0
    expiries: int = 0
    shipped: int = 0
    on_time: int = 0
    late: int = 0
    quality_issues: int = 0
    acceptance_rate: float | None = None
    on_time_rate: float | None = None
    quality_rate: float | None = None
    median_answer_hours: float | None = None
    factor: float = NEUTRAL
    breakdown: tuple = field(default_factory=tuple)


def select_window(records, now, window_jobs=DEFAULT_WINDOW_JOBS, window_days=None):
    """The records in the window: offered in the last ``window_days`` days
    (all when None or 0), the latest ``window_jobs`` of them (all when 0).

    >>> now = datetime(2026, 3, 10)
    >>> recs = [JobRecord(now - timedelta(days=d)) for d in (1, 5, 40)]
    >>> [r.offered_at.day for r in select_window(recs, now, 2)]
    [9, 5]
    >>> len(select_window(recs, now, 0, 30))
    2
    """
    kept = sorted(records, key=lambda r: r.offered_at, reverse=True)
    if window_days:
        start = now - timedelta(days=window_days)
        kept = [r for r in kept if r.offered_at >= start]
    if window_jobs:
        kept = kept[: int(window_jobs)]
    return kept


def _is_on_time(record):
    limits = [d for d in (record.date_promised, record.date_due) if d]
    return all(record.date_shipped <= limit for limit in limits)


def _rate(good, total):
    return good / total if total else None


def _contribution(criterion, rate):
    if rate is None:
        return 0.0
    return WEIGHTS[criterion] * (2 * rate - 1)


def compute(records, now, window_jobs=DEFAULT_WINDOW_JOBS, window_days=None):
    """The :class:`Scorecard` of one producer's ``records`` at ``now``.

    >>> compute([], datetime(2026, 3, 10)).factor
    1.0
    """
    records = select_window(records, now, window_jobs, window_days)
    today = now.date()
    counts = {outcome: 0 for outcome in OUTCOMES}
    hours = []
    shipped = on_time = late = issues = 0
    for rec in records:
        counts[rec.outcome] += 1
        if rec.answered_at and rec.outcome in ("accepted", "declined"):
            delta = rec.answered_at - rec.offered_at
            hours.append(max(delta.total_seconds(), 0.0) / 3600.0)
        if rec.date_shipped:
            shipped += 1
            issues += rec.quality_issues
            if _is_on_time(rec):
                on_time += 1
            else:
                late += 1
        elif (
            rec.outcome == "accepted"
            and rec.date_promised
            and rec.date_promised < today
        ):
            late += 1
    answered = counts["accepted"] + counts["declined"] + counts["expired"]
    rates = {
        "acceptance": _rate(counts["accepted"], answered),
        "on_time": _rate(on_time, on_time + late),
        "quality": (1 - min(issues, shipped) / shipped) if shipped else None,
    }
    breakdown = tuple(
        (
            criterion,
            rates[criterion],
            round(_contribution(criterion, rates[criterion]), 4),
        )
        for criterion in WEIGHTS
    )
    factor = NEUTRAL + sum(contribution for _c, _v, contribution in breakdown)
    factor = round(min(max(factor, MIN_FACTOR), MAX_FACTOR), 4)
    return Scorecard(
        job_count=len(records),
        accepted=counts["accepted"],
        declines=counts["declined"],
        expiries=counts["expired"],
        shipped=shipped,
        on_time=on_time,
        late=late,
        quality_issues=issues,
        acceptance_rate=rates["acceptance"],
        on_time_rate=rates["on_time"],
        quality_rate=rates["quality"],
        median_answer_hours=statistics.median(hours) if hours else None,
        factor=factor,
        breakdown=breakdown,
    )


def compute_many(
    records_by_producer, now, window_jobs=DEFAULT_WINDOW_JOBS, window_days=None
):
    """``{producer key: Scorecard}`` for ``{producer key: [JobRecord]}``."""
    return {
        key: compute(records, now, window_jobs, window_days)
        for key, records in records_by_producer.items()
    }
