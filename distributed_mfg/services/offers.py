# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Offers that run out: answer windows, expiry and late work.

The rules of the network loop, on plain data:

* :func:`answer_window_hours`: how long a producer has to answer an offer.
  The standard window (setting) shrinks to half the time left before the due
  date, so the next producer still has the other half, but never below the
  minimum (setting).
* :func:`plan_expiry`: what happens to each offer whose deadline passed:
  it **moves** to the next-best producer, or, once the job has moved
  ``max_moves`` times, it is **unassigned** for the planner.
* :func:`plan_late_work`: accepted jobs whose promised date passed without
  "produced": the producer is **reminded** (once per promised date), and a
  job not yet started **moves** on like an expired offer when the setting
  says so.
"""

from dataclasses import dataclass
from datetime import date, datetime

from .common import number

MOVE = "move"
UNASSIGN = "unassign"
REMIND = "remind"
DEFAULT_MAX_MOVES = 3
DEFAULT_MIN_HOURS = 4


def answer_window_hours(hours_to_due, standard_hours, min_hours=DEFAULT_MIN_HOURS):
    """Hours the producer gets to answer; 0 means no deadline.

    ``hours_to_due``: hours from now to the end of the due date (may be
    negative when the job is already overdue).

    >>> answer_window_hours(240, 48)      # due in 10 days: the full window
    48.0
    >>> answer_window_hours(60, 48)       # due in 2.5 days: half of it
    30.0
    >>> answer_window_hours(6, 48)        # due in 6 hours: the minimum
    4.0
    >>> answer_window_hours(6, 2)         # never longer than the standard
    2.0
    >>> answer_window_hours(240, 0)       # no deadline set
    0.0
    """
    standard = number(standard_hours, "standard_hours")
    minimum = number(min_hours, "min_hours")
    if not standard:
        return 0.0
    half_left = number(hours_to_due, "hours_to_due", minimum=-float("inf")) / 2
    return min(standard, max(minimum, half_left))


def _move_or_unassign(moves, limit):
    """A job moves on until it moved ``limit`` times (0: no limit)."""
    return UNASSIGN if limit and moves >= limit else MOVE


@dataclass(frozen=True)
class Offer:
    """An offer waiting for its producer's answer."""

    job_key: object
    deadline: datetime
    moves: int = 0


def plan_expiry(offers, now, max_moves=DEFAULT_MAX_MOVES):
    """``[(job_key, MOVE | UNASSIGN)]`` for the offers past their deadline,
    oldest deadline first (the order of processing).

    A job that already moved ``max_moves`` times stops moving: the planner
    takes over (0 means no limit).

    >>> now = datetime(2026, 3, 10, 12)
    >>> offers = [Offer("a", datetime(2026, 3, 10, 11), moves=0),
    ...           Offer("b", datetime(2026, 3, 10, 13), moves=0),
    ...           Offer("c", datetime(2026, 3, 9, 12), moves=3)]
    >>> plan_expiry(offers, now, max_moves=3)
    [('c', 'unassign'), ('a', 'move')]
    """
    limit = int(number(max_moves, "max_moves"))
    expired = sorted(
        (o for o in offers if o.deadline and o.deadline <= now),
        key=lambda o: (o.deadline, str(o.job_key)),
    )
    return [(o.job_key, _move_or_unassign(o.moves, limit)) for o in expired]


@dataclass(frozen=True)
class PromisedJob:
    """An accepted job with the date its producer promised."""

    job_key: object
    date_promised: date
    started: bool = False
    reminded_for: date | None = None
    moves: int = 0


def plan_late_work(jobs, today, move_unstarted=False, max_moves=DEFAULT_MAX_MOVES):
    """``[(job_key, action)]`` for the jobs whose promised date is past.

    A late job is reminded once per promised date (``reminded_for`` is the
    promised date of the last reminder); with ``move_unstarted`` a job not
    started moves on instead (or is unassigned once it moved ``max_moves``
    times), since nothing is lost by giving it to another producer.

    >>> today = date(2026, 3, 10)
    >>> jobs = [PromisedJob("late", date(2026, 3, 9), started=True),
    ...         PromisedJob("told", date(2026, 3, 9), reminded_for=date(2026, 3, 9)),
    ...         PromisedJob("idle", date(2026, 3, 8)),
    ...         PromisedJob("fine", date(2026, 3, 10))]
    >>> plan_late_work(jobs, today)
    [('idle', 'remind'), ('late', 'remind')]
    >>> plan_late_work(jobs, today, move_unstarted=True)
    [('idle', 'move'), ('late', 'remind'), ('told', 'move')]
    """
    limit = int(number(max_moves, "max_moves"))
    plan = []
    for job in sorted(jobs, key=lambda j: (j.date_promised, str(j.job_key))):
        if not job.date_promised or job.date_promised >= today:
            continue
        if move_unstarted and not job.started:
            plan.append((job.job_key, _move_or_unassign(job.moves, limit)))
        elif job.reminded_for != job.date_promised:
            plan.append((job.job_key, REMIND))
    return plan
