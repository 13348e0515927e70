# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer capacity: free hours and load read from the producer's working
calendar (``resource.calendar`` work intervals), daily cap, blackouts and
open jobs. The arithmetic is ``services/capacity.py``'s, for the form, the
portal and routing alike.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

import contextlib
from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.resource.models.utils import Intervals

from ..services import capacity as capacity_service
from .dmfg_producer import LOAD_WINDOW_DAYS, MAX_WINDOW_DAYS

# Key of the batch memo of calendar day hours in the cursor's cache.
DAY_HOURS_MEMO = "dmfg_day_hours_memo"


class DmfgProducerCapacity(models.Model):
    _inherit = "dmfg.producer"

    def _compute_load_percent(self):
        real = self.filtered("id")
        results = {}
        if real:
            today = fields.Date.context_today(self)
            results = real._dmfg_capacity_results(
                today, today + timedelta(days=LOAD_WINDOW_DAYS - 1)
            )
        for producer in self:
            result = results.get(producer.id)
            if not result or not result.capacity_hours:
                producer.load_percent = 100.0 if result and result.load_hours else 0.0
                continue
            producer.load_percent = min(
                100.0, 100.0 * result.load_hours / result.capacity_hours
            )

    @api.constrains(
        "capacity_hours_per_day",
        "lead_time_days",
        "max_open_jobs",
        "performance_factor",
    )
    def _check_capacity(self):
        inputs = self.env["dmfg.input"]
        for producer in self:
            name = producer.display_name
            for value, label, maximum in (
                (
                    producer.capacity_hours_per_day,
                    self.env._(
                        "Producer %(name)s: production hours per day", name=name
                    ),
                    24,
                ),
                (
                    producer.lead_time_days,
                    self.env._("Producer %(name)s: the lead time (days)", name=name),
                    3650,
                ),
                (
                    producer.max_open_jobs,
                    self.env._(
                        "Producer %(name)s: the maximum of open jobs", name=name
                    ),
                    None,
                ),
                (
                    producer.performance_factor,
                    self.env._("Producer %(name)s: the performance factor", name=name),
                    100,
                ),
            ):
                inputs._dmfg_number(
                    value, label, minimum=0, maximum=maximum, error=ValidationError
                )

    def get_free_capacity(self, date_from, date_to):
        """Free production hours per producer in a window, for integrators.

        Dates are ``YYYY-MM-DD`` strings, both included, the window at most
        :data:`MAX_WINDOW_DAYS` days. Returns ``{"<producer_id>": hours}``
        (string keys, as XML-RPC requires). Each day offers the hours of the
        producer's working calendar (Odoo's work intervals: attendances less
        its leaves without a resource, i.e. public holidays; a flexible-hours
        calendar offers its hours per day), capped at the producer's
        production hours per day, none on a blackout day; the open jobs due
        by the last day are subtracted, never below 0.
        """
        self.check_access("read")
        inputs = self.env["dmfg.input"]
        date_from = inputs._dmfg_date(date_from, self.env._("The first day"))
        span = timedelta(days=MAX_WINDOW_DAYS - 1)
        date_to = inputs._dmfg_date(
            date_to,
            self.env._("The last day"),
            minimum=date_from,
            maximum=min(date_from, date.max - span) + span,
        )
        free = self._get_free_capacity(date_from, date_to)
        return {str(producer_id): hours for producer_id, hours in free.items()}

    def _get_load_hours(self, date_from, date_to):
        """Hours of open work planned in the window, ``{producer_id: hours}``.

        Open jobs (offered to the producer up to produced) count with their
        whole load when they are due by the end of the window: one grouped
        query for all producers.
        """
        due = [
            "|",
            ("date_due", "=", False),
            ("date_due", "<=", self._dmfg_to_date(date_to)),
        ]
        return self._dmfg_open_job_totals("load_hours:sum", 0.0, due)

    def _get_open_job_counts(self):
        """Open jobs per producer, ``{producer_id: count}`` (one query)."""
        return self._dmfg_open_job_totals("__count", 0)

    def _dmfg_open_job_totals(self, aggregate, zero, domain=()):
        """``{producer_id: aggregate}`` over the producers' open jobs."""
        totals = {producer.id: zero for producer in self}
        if not self.ids:
            return totals
        # sudo: a producer's load counts its jobs of every company (its
        # capacity is physical); only totals per producer come out.
        groups = (
            self.env["dmfg.job"]
            .sudo()
            ._read_group(
                [
                    ("producer_id", "in", self.ids),
                    ("state", "in", ("offered", "accepted", "in_progress", "produced")),
                    *domain,
                ],
                ["producer_id"],
                [aggregate],
            )
        )
        for producer, value in groups:
            # A sum over jobs without hours (made through the API) is None.
            totals[producer.id] = value or zero
        return totals

    def _get_free_capacity(self, date_from, date_to):
        """Free production hours per producer in a window of days.

        ``date_from`` and ``date_to`` are dates (or date strings), both
        included. Returns ``{producer_id: free_hours}``, never negative.
        The number of queries does not depend on the number of producers.
        """
        results = self._dmfg_capacity_results(date_from, date_to)
        return {key: result.free_hours for key, result in results.items()}

    def _dmfg_available_hours(self, date_from, date_to):
        """``{producer_id: [(date, hours), ...]}``: the hours each day offers
        (calendar hours after leaves, capped per day, 0 on blackout days)."""
        date_from = self._dmfg_to_date(date_from)
        date_to = self._dmfg_to_date(date_to)
        return {
            profile.key: [
                (day, profile.available(day))
                for day in capacity_service.iter_days(date_from, date_to)
            ]
            for profile in self._dmfg_to_capacity_profiles(date_from, date_to)
        }

    def _dmfg_capacity_results(self, date_from, date_to):
        """``{producer_id: services.capacity.CapacityResult}`` for a window."""
        date_from = self._dmfg_to_date(date_from)
        date_to = self._dmfg_to_date(date_to)
        try:
            capacity_service.check_window(date_from, date_to)
        except ValueError as error:
            raise UserError(str(error)) from error
        profiles = self._dmfg_to_capacity_profiles(date_from, date_to)
        loads = self._get_load_hours(date_from, date_to)
        return capacity_service.free_capacity(profiles, date_from, date_to, loads)

    @api.model
    def _dmfg_to_date(self, value):
        # Also takes dates and datetimes (truncated).
        return self.env["dmfg.input"]._dmfg_date(value, self.env._("The date"))

    def _dmfg_to_capacity_profiles(self, date_from, date_to):
        """Map the producers to ``services.capacity.CapacityProfile``.

        Day hours come from the producers' working calendars, read once per
        calendar whatever the number of producers (see
        :meth:`_dmfg_read_day_hours`), blackouts in one query. With the
        caller's rights: network users read calendars, leaves and blackout
        days; routing and the portal pass producers read as superuser.
        """
        day_hours = self._dmfg_read_day_hours(
            self.resource_calendar_id, date_from, date_to
        )
        blackouts = self._dmfg_read_blackout_days(date_from, date_to)
        return [
            capacity_service.CapacityProfile(
                key=producer.id,
                day_hours=day_hours.get(producer.resource_calendar_id.id, {}),
                hours_per_day=producer.capacity_hours_per_day,
                blackout_days=frozenset(blackouts.get(producer.id, ())),
            )
            for producer in self
        ]

    @api.model
    @contextlib.contextmanager
    def _dmfg_day_hours_memo(self):
        """Within the block, each calendar's day hours over a window are
        computed once: for batches that route many jobs (an expiry pass) and
        change no calendar or leave meanwhile."""
        cache = self.env.cr.cache
        if DAY_HOURS_MEMO in cache:
            yield
            return
        cache[DAY_HOURS_MEMO] = {}
        try:
            yield
        finally:
            cache.pop(DAY_HOURS_MEMO, None)

    @api.model
    def _dmfg_read_day_hours(self, calendars, date_from, date_to):
        """``{calendar_id: {date: hours}}``: working hours of each local day.

        Odoo's own work intervals of each calendar (one call per calendar):
        attendances (two-week calendars and attendance validity included)
        minus the calendar's leaves without a resource, i.e. public holidays
        and closures, in the calendar's time zone. A flexible-hours calendar
        has no fixed schedule: each day offers its ``hours_per_day``, less
        the time its leaves take from that day.
        """
        result = {}
        memo = self.env.cr.cache.get(DAY_HOURS_MEMO)
        for calendar in calendars:
            key = (calendar.id, date_from, date_to)
            if memo is not None and key in memo:
                result[calendar.id] = memo[key]
                continue
            tz = pytz.timezone(calendar.tz or "UTC")
            start = tz.localize(datetime.combine(date_from, time.min))
            end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
            if calendar.flexible_hours:
                window = Intervals(
                    [(start, end, self.env["resource.calendar.attendance"])]
                )
                intervals = window - calendar._leave_intervals_batch(start, end)[False]
            else:
                intervals = calendar._work_intervals_batch(start, end)[False]
            hours = self._dmfg_hours_by_day(intervals, tz)
            if calendar.flexible_hours:
                daily = max(calendar.hours_per_day, 0.0)
                hours = {day: min(value, daily) for day, value in hours.items()}
            result[calendar.id] = hours
            if memo is not None:
                memo[key] = hours
        return result

    @api.model
    def _dmfg_hours_by_day(self, intervals, tz):
        """``{date: hours}`` of aware ``intervals``, split at local midnights."""
        hours = {}
        for begin, stop, _records in intervals:
            begin, stop = begin.astimezone(tz), stop.astimezone(tz)
            while begin < stop:
                day = begin.date()
                midnight = tz.localize(
                    datetime.combine(day + timedelta(days=1), time.min)
                )
                piece = min(stop, midnight)
                seconds = (piece - begin).total_seconds()
                hours[day] = hours.get(day, 0.0) + seconds / 3600
                begin = piece
        return {day: round(value, 6) for day, value in hours.items()}

    def _dmfg_read_blackout_days(self, date_from, date_to):
        """``{producer_id: {date, ...}}`` of blackout days in the window."""
        rows = self.env["dmfg.producer.blackout"].search_read(
            [
                ("producer_id", "in", self.ids),
                ("date_from", "<=", date_to),
                ("date_to", ">=", date_from),
            ],
            ["producer_id", "date_from", "date_to"],
        )
        result = {}
        for row in rows:
            days = capacity_service.iter_days(
                max(row["date_from"], date_from), min(row["date_to"], date_to)
            )
            result.setdefault(row["producer_id"][0], set()).update(days)
        return result
