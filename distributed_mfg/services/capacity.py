# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Production capacity of a producer, day by day (pure Python, no Odoo).

The one capacity model of the addon: the producer form (load, free hours,
``get_free_capacity``), routing (free hours, ready date) and the portal all
count through this module.

Inputs are plain data. The hours the producer's working calendar offers on
each day (``day_hours``) come from Odoo's ``resource.calendar`` (its work
intervals: attendances minus leaves, public holidays included, two-week
calendars, flexible hours and time zones as Odoo handles them); this module
does not read calendars. On top of them it applies our own rules:

* the producer's declared production hours per day cap each day;
* a blackout day offers nothing;
* open load is subtracted from the capacity of a window; the queue is worked
  off first when estimating a ready date.

Units: hours for capacity and load, calendar dates (``datetime.date``) for
days. A window ``[date_from, date_to]`` includes both ends. A day missing
from ``day_hours`` offers no hours.
"""

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

EPSILON = 1e-9


def _hours(value, what):
    """``value`` as a finite float >= 0, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, not {value!r}.")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{what} must be a finite number >= 0, not {value!r}.")
    return float(value)


class DayHours(dict):
    """Checked, read-only ``{date: hours}`` of a calendar, shared by profiles.

    Many producers share a calendar: a profile given a ``DayHours`` keeps it
    as it is instead of checking and copying every day again.

    >>> hours = DayHours({date(2026, 3, 2): 8})
    >>> hours[date(2026, 3, 2)]
    8.0
    >>> hours[date(2026, 3, 3)] = 4.0
    Traceback (most recent call last):
    ...
    TypeError: Calendar hours are read-only.
    """

    def __init__(self, values=()):
        checked = {}
        for day, value in dict(values).items():
            if not isinstance(day, date):
                raise ValueError(f"Calendar day {day!r} is not a date.")
            checked[day] = _hours(value, f"Calendar hours of {day}")
        super().__init__(checked)

    def _read_only(self, *_args, **_kwargs):
        raise TypeError("Calendar hours are read-only.")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only
    __ior__ = _read_only


@dataclass(frozen=True)
class CapacityProfile:
    """What is needed to count one producer's capacity.

    ``day_hours`` maps dates to the hours the working calendar offers that
    day; ``hours_per_day`` is the producer's daily cap; ``blackout_days``
    are dates on which it does not work at all.
    """

    key: Hashable
    day_hours: Mapping = field(default_factory=dict, hash=False)
    hours_per_day: float = 8.0
    blackout_days: frozenset = frozenset()

    def __post_init__(self):
        if not isinstance(self.day_hours, DayHours):
            object.__setattr__(self, "day_hours", DayHours(self.day_hours))
        object.__setattr__(
            self, "hours_per_day", _hours(self.hours_per_day, "Hours per day")
        )
        object.__setattr__(self, "blackout_days", frozenset(self.blackout_days))

    def available(self, day):
        """Hours the producer offers on ``day``: calendar hours, capped, 0 on
        a blackout day.

        >>> profile = CapacityProfile(
        ...     "p", {date(2026, 3, 2): 8.0, date(2026, 3, 3): 4.0}, 6.0,
        ...     frozenset({date(2026, 3, 3)}))
        >>> [profile.available(date(2026, 3, d)) for d in (2, 3, 4)]
        [6.0, 0.0, 0.0]
        """
        if day in self.blackout_days:
            return 0.0
        return min(self.day_hours.get(day, 0.0), self.hours_per_day)

    def without_blackouts(self):
        """The same profile with no blackout day (to tell what they cost)."""
        return CapacityProfile(self.key, self.day_hours, self.hours_per_day)


@dataclass(frozen=True)
class CapacityResult:
    """Capacity of one producer over a window, with its explanation.

    ``working_days``: days with hours; ``blackout_days``: days the calendar
    works but a blackout closes.
    """

    key: Hashable
    working_days: int
    blackout_days: int
    capacity_hours: float
    load_hours: float
    free_hours: float


def iter_days(date_from, date_to):
    """Every date from ``date_from`` to ``date_to``, both included.

    >>> [d.day for d in iter_days(date(2026, 3, 30), date(2026, 4, 2))]
    [30, 31, 1, 2]
    """
    for offset in range((date_to - date_from).days + 1):
        yield date_from + timedelta(days=offset)


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

    Monday 2 to Sunday 8 March 2026, 8 calendar hours on weekdays, 6 h
    declared, a blackout on Wednesday and 5 h of load:

    >>> week = {date(2026, 3, d): 8.0 for d in range(2, 7)}
    >>> profile = CapacityProfile("p", week, 6.0, frozenset({date(2026, 3, 4)}))
    >>> capacity(profile, date(2026, 3, 2), date(2026, 3, 8), load_hours=5.0)
    CapacityResult(key='p', working_days=4, blackout_days=1, capacity_hours=24.0, \
load_hours=5.0, free_hours=19.0)
    """
    check_window(date_from, date_to)
    working = blackout = 0
    total = 0.0
    for day in iter_days(date_from, date_to):
        if profile.day_hours.get(day, 0.0) <= 0:
            continue
        hours = profile.available(day)
        if day in profile.blackout_days:
            blackout += 1
        elif hours > 0:
            working += 1
            total += hours
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


def ready_date(
    profile: CapacityProfile,
    start,
    hours_before,
    hours,
    earliest_start=None,
    horizon_days=3660,
):
    """Day on which a job's last hour is worked, or None past the horizon.

    Day-granular model of one workshop from ``start`` (included): each day
    offers :meth:`CapacityProfile.available` hours. The first
    ``hours_before`` hours work off the queue. The job's ``hours`` follow,
    but never on a day before ``earliest_start`` (e.g. the day its
    components arrive). A job of 0 hours is ready on the first day with
    hours it could start. Looks at most ``horizon_days`` days ahead.

    2026-03-02 is a Monday; 8 h on weekdays, Friday 6 a public holiday:

    >>> mon = date(2026, 3, 2)
    >>> days = {mon + timedelta(days=n): 8.0 for n in range(12) if n % 7 < 5}
    >>> del days[date(2026, 3, 6)]
    >>> office = CapacityProfile("p", days, 8.0)
    >>> ready_date(office, mon, 4, 12)  # Mon 4 h queue + 4 h, Tue 8 h
    datetime.date(2026, 3, 3)
    >>> ready_date(office, date(2026, 3, 5), 0, 16)  # Thu, holiday, weekend, Mon
    datetime.date(2026, 3, 9)
    >>> ready_date(office, mon, 0, 8, earliest_start=date(2026, 3, 4))
    datetime.date(2026, 3, 4)
    >>> ready_date(CapacityProfile("p", days, 4.0), mon, 0, 8)  # capped at 4 h
    datetime.date(2026, 3, 3)
    >>> ready_date(CapacityProfile("p", days, 0.0), mon, 0, 8) is None
    True
    """
    queue = max(hours_before, 0.0)
    job = max(hours, 0.0)
    day = start
    for _offset in range(horizon_days):
        available = profile.available(day)
        if available > 0:
            worked = min(queue, available)
            queue -= worked
            available -= worked
            can_start = earliest_start is None or day >= earliest_start
            if available > 0 and queue <= EPSILON and can_start:
                job -= min(job, available)
                if job <= EPSILON:
                    return day
        day += timedelta(days=1)
    return None


@dataclass(frozen=True)
class WeekLoad:
    """Booked hours against capacity in one week (Monday to Sunday).

    ``date_from`` is the Monday, or the first day counted in the first
    week; ``load_percent`` is the share of the capacity booked, 100 when
    hours are booked in a week without capacity.
    """

    key: Hashable
    week_start: date
    date_from: date
    date_to: date
    capacity_hours: float
    load_hours: float
    free_hours: float
    load_percent: float


def week_start(day):
    """The Monday of ``day``'s week.

    >>> week_start(date(2026, 3, 5))
    datetime.date(2026, 3, 2)
    """
    return day - timedelta(days=day.weekday())


def weekly_load(profile: CapacityProfile, start, weeks, jobs=()):
    """Capacity and booked hours of one producer, week by week.

    The first week runs from ``start`` to its Sunday, then ``weeks - 1``
    whole weeks follow. ``jobs`` are ``(due_date, hours)`` pairs: a job's
    hours are booked in the week of its due date; a job without due date or
    already overdue weighs on the first week; a job due after the last week
    is not counted.

    Thursday 5 March 2026, 8 h on weekdays, a job of 10 h due next Tuesday
    and one of 3 h overdue:

    >>> days = {date(2026, 3, d): 8.0 for d in (2, 3, 4, 5, 6, 9, 10, 11, 12, 13)}
    >>> rows = weekly_load(CapacityProfile("p", days), date(2026, 3, 5), 2,
    ...                    [(date(2026, 3, 10), 10.0), (date(2026, 3, 1), 3.0)])
    >>> [(r.date_from.day, r.capacity_hours, r.load_hours, r.load_percent)
    ...  for r in rows]
    [(5, 16.0, 3.0, 18.75), (9, 40.0, 10.0, 25.0)]
    """
    if not isinstance(start, date):
        raise ValueError("The first day of the weekly load must be a date.")
    if isinstance(weeks, bool) or not isinstance(weeks, int) or weeks < 1:
        raise ValueError(f"The number of weeks must be an integer >= 1, not {weeks!r}.")
    first = week_start(start)
    booked = [0.0] * weeks
    for due, hours in jobs:
        hours = _hours(hours or 0.0, "Job hours")
        if due is not None and not isinstance(due, date):
            raise ValueError(f"Due date {due!r} is not a date.")
        index = 0 if due is None or due < start else (due - first).days // 7
        if index < weeks:
            booked[index] += hours
    rows = []
    for index in range(weeks):
        monday = first + timedelta(days=7 * index)
        date_from = max(monday, start)
        date_to = monday + timedelta(days=6)
        result = capacity(profile, date_from, date_to, booked[index])
        if result.capacity_hours > 0:
            percent = round(100.0 * result.load_hours / result.capacity_hours, 2)
        else:
            percent = 100.0 if result.load_hours else 0.0
        rows.append(
            WeekLoad(
                key=profile.key,
                week_start=monday,
                date_from=date_from,
                date_to=date_to,
                capacity_hours=result.capacity_hours,
                load_hours=result.load_hours,
                free_hours=result.free_hours,
                load_percent=percent,
            )
        )
    return rows
