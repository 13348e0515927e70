# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Production capacity of a producer over a date window (pure Python, no Odoo).

Units: hours for capacity and load, calendar dates (``datetime.date``) for
days. A window ``[date_from, date_to]`` includes both ends.

A producer's capacity on a day is the working time of its calendar on that
weekday, capped at the producer's declared production hours per day, and
zero on a blackout day. Free capacity is capacity minus load, never below 0.
"""

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Attendance:
    """One working slot of a calendar week (an Odoo calendar attendance).

    ``weekday`` is 0 for Monday to 6 for Sunday. ``week_type`` is 0 or 1
    for two-week calendars (None: every week). ``date_from`` / ``date_to``
    optionally bound the dates the slot applies to (both included).
    """

    weekday: int
    hours: float
    week_type: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    def applies_on(self, day):
        """True when this slot is worked on ``day``."""
        if day.weekday() != self.weekday:
            return False
        if self.week_type is not None and week_type(day) != self.week_type:
            return False
        if self.date_from and day < self.date_from:
            return False
        return not (self.date_to and day > self.date_to)


@dataclass(frozen=True)
class CapacityProfile:
    """What is needed to compute one producer's capacity."""

    key: Hashable
    attendances: tuple[Attendance, ...]
    hours_per_day: float
    blackout_days: frozenset[date] = field(default_factory=frozenset)


@dataclass(frozen=True)
class CapacityResult:
    """Capacity of one producer over a window, with its explanation."""

    key: Hashable
    working_days: int
    blackout_days: int
    capacity_hours: float
    load_hours: float
    free_hours: float


def week_type(day):
    """Week parity (0 or 1) as Odoo's two-week calendars define it.

    Even and odd weeks alternate without a gap across year boundaries.

    >>> week_type(date(2026, 3, 2)), week_type(date(2026, 3, 9))
    (0, 1)
    """
    return int(math.floor((day.toordinal() - 1) / 7) % 2)


def iter_days(date_from, date_to):
    """Every date from ``date_from`` to ``date_to``, both included.

    >>> [d.day for d in iter_days(date(2026, 3, 30), date(2026, 4, 2))]
    [30, 31, 1, 2]
    """
    for offset in range((date_to - date_from).days + 1):
        yield date_from + timedelta(days=offset)


def calendar_hours(attendances: Iterable[Attendance], day):
    """Hours of work the calendar plans on ``day``.

    >>> week = [Attendance(0, 4.0), Attendance(0, 4.0), Attendance(1, 8.0)]
    >>> calendar_hours(week, date(2026, 3, 2)), calendar_hours(week, date(2026, 3, 4))
    (8.0, 0.0)
    """
    return float(sum(att.hours for att in attendances if att.applies_on(day)))


def leave_days(start, end):
    """Calendar dates touched by a leave from ``start`` to ``end``.

    Both are naive local datetimes. A leave ending exactly at midnight does
    not touch the next day.

    >>> from datetime import datetime
    >>> sorted(d.day for d in leave_days(
    ...     datetime(2026, 4, 3, 0, 0), datetime(2026, 4, 6, 0, 0)))
    [3, 4, 5]
    >>> sorted(d.day for d in leave_days(
    ...     datetime(2026, 4, 3, 8, 0), datetime(2026, 4, 3, 12, 0)))
    [3]
    """
    if end <= start:
        return set()
    last = (end - timedelta(microseconds=1)).date()
    return set(iter_days(start.date(), last))


def check_window(date_from, date_to):
    """Raise ValueError unless ``date_from <= date_to`` (plain dates)."""
    if not isinstance(date_from, date) or not isinstance(date_to, date):
        raise ValueError("The capacity window needs two dates.")
    if date_to < date_from:
        raise ValueError(
            f"The capacity window ends ({date_to}) before it starts ({date_from})."
        )


def capacity(profile: CapacityProfile, date_from, date_to, load_hours=0.0):
    """Capacity, load and free hours of one producer over a window.

    >>> profile = CapacityProfile(
    ...     "p", tuple(Attendance(wd, 8.0) for wd in range(5)), 6.0,
    ...     frozenset({date(2026, 3, 4)}))
    >>> capacity(profile, date(2026, 3, 2), date(2026, 3, 8), load_hours=5.0)
    CapacityResult(key='p', working_days=4, blackout_days=1, capacity_hours=24.0, \
load_hours=5.0, free_hours=19.0)
    """
    check_window(date_from, date_to)
    working = blackout = 0
    total = 0.0
    cap = max(profile.hours_per_day, 0.0)
    for day in iter_days(date_from, date_to):
        hours = calendar_hours(profile.attendances, day)
        if hours <= 0:
            continue
        if day in profile.blackout_days:
            blackout += 1
            continue
        working += 1
        total += min(hours, cap)
    load = max(float(load_hours or 0.0), 0.0)
    return CapacityResult(
        key=profile.key,
        working_days=working,
        blackout_days=blackout,
        capacity_hours=round(total, 4),
        load_hours=round(load, 4),
        free_hours=round(max(total - load, 0.0), 4),
    )


def free_capacity(profiles: Iterable[CapacityProfile], date_from, date_to, loads):
    """``{key: CapacityResult}`` for many producers; ``loads`` maps key to hours."""
    return {
        profile.key: capacity(profile, date_from, date_to, loads.get(profile.key, 0.0))
        for profile in profiles
    }
