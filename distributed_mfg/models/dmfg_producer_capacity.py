# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer capacity: free hours and load read from the producer's working
calendar (``resource.calendar`` work intervals), daily cap, blackouts and
open jobs. The arithmetic is ``services/capacity.py``'s, for the form, the
portal and routing alike.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from datetime import date, datetime, time, timedelta

import pytz

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.resource.models.utils import Intervals

from ..services import capacity as capacity_service
from .dmfg_job import MAX_DUE_DAYS, OPEN_STATES
from .dmfg_producer import MAX_WINDOW_DAYS

# Weeks shown by the producer's weekly load.
LOAD_WEEKS = 8


class DmfgProducerCapacity(models.Model):
    _inherit = "dmfg.producer"

    def _compute_load_percent(self):
        real = self.filtered("id")
        results = {}
        if real:
            today = fields.Date.context_today(self)
            results = real._dmfg_capacity_results(
                today, today + timedelta(days=self._dmfg_load_window_days())
            )
        for producer in self:
            result = results.get(producer.id)
            if not result or not result.capacity_hours:
                producer.load_percent = 100.0 if result and result.load_hours else 0.0
                continue
            producer.load_percent = min(
                100.0, 100.0 * result.load_hours / result.capacity_hours
            )

    @api.model
    def _dmfg_load_window_days(self):
        """Days after today the load gauge looks at: the default delivery
        window (Settings), so that the work routed today, due at its end,
        counts."""
        return self.env["dmfg.job"]._dmfg_param(
            "default_due_days", 14, integer=True, minimum=1, maximum=MAX_DUE_DAYS
        )

    def action_view_weekly_load(self):
        """The producer's booked and free hours for the next
        :data:`LOAD_WEEKS` weeks, in a graph (and pivot)."""
        self.ensure_one()
        rows = self._dmfg_weekly_load(fields.Date.context_today(self), LOAD_WEEKS)
        values = []
        for row in rows[self.id]:
            common = {
                "producer_id": self.id,
                "week_start": row.week_start,
                "capacity_hours": row.capacity_hours,
                "load_percent": row.load_percent,
            }
            values += [
                dict(common, kind="booked", hours=row.load_hours),
                dict(common, kind="free", hours=row.free_hours),
            ]
        lines = self.env["dmfg.producer.load.line"].create(values)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_producer_load_line_action"
        )
        action["name"] = action["display_name"] = self.env._(
            "Weekly load of %(producer)s", producer=self.display_name
        )
        action["domain"] = [("id", "in", lines.ids)]
        return action

    def _dmfg_weekly_load(self, start, weeks):
        """``{producer_id: [services.capacity.WeekLoad, ...]}`` from ``start``
        for ``weeks`` weeks: capacity from the working calendars, booked
        hours of the open jobs by due date (one grouped query)."""
        first = capacity_service.week_start(start)
        last = first + timedelta(days=7 * weeks - 1)
        profiles = self._dmfg_to_capacity_profiles(start, last)
        jobs = {producer.id: [] for producer in self}
        if self.ids:
            # sudo: a producer's load counts its jobs of every company (as
            # _dmfg_open_job_totals); only hours per producer and day come out.
            groups = (
                self.env["dmfg.job"]
                .sudo()
                ._read_group(
                    [("producer_id", "in", self.ids), ("state", "in", OPEN_STATES)],
                    ["producer_id", "date_due:day"],
                    ["load_hours:sum"],
                )
            )
            for producer, due, hours in groups:
                jobs[producer.id].append((due or None, hours or 0.0))
        return {
            profile.key: capacity_service.weekly_load(
                profile, start, weeks, jobs[profile.key]
            )
            for profile in profiles
        }

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

    def _dmfg_routing_totals(self, due, horizon):
        """``(loads, queue, counts)``, each ``{producer_id: value}``: the
        hours of open jobs due by ``due`` (as :meth:`_get_load_hours`), by
        ``horizon``, and the open jobs (as :meth:`_get_open_job_counts`), in
        one query: what routing reads for every candidate."""
        loads = {producer.id: 0.0 for producer in self}
        queue = dict(loads)
        counts = {producer.id: 0 for producer in self}
        if not self.ids:
            return loads, queue, counts
        self.env["dmfg.job"].flush_model(
            ["producer_id", "state", "date_due", "load_hours"]
        )
        # A producer's load counts its jobs of every company (its capacity is
        # physical), as _dmfg_open_job_totals; only totals come out.
        self.env.cr.execute(
            SQL(
                """
                SELECT producer_id,
                       COALESCE(SUM(load_hours) FILTER (
                           WHERE date_due IS NULL OR date_due <= %(due)s), 0),
                       COALESCE(SUM(load_hours) FILTER (
                           WHERE date_due IS NULL OR date_due <= %(horizon)s), 0),
                       COUNT(*)
                  FROM dmfg_job
                 WHERE producer_id IN %(ids)s AND state IN %(states)s
                 GROUP BY producer_id
                """,
                due=self._dmfg_to_date(due),
                horizon=self._dmfg_to_date(horizon),
                ids=tuple(self.ids),
                states=tuple(OPEN_STATES),
            )
        )
        for producer_id, load, queued, count in self.env.cr.fetchall():
            loads[producer_id] = load
            queue[producer_id] = queued
            counts[producer_id] = count
        return loads, queue, counts

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
                day_hours=day_hours.get(
                    producer.resource_calendar_id.id, capacity_service.DayHours()
                ),
                hours_per_day=producer.capacity_hours_per_day,
                blackout_days=frozenset(blackouts.get(producer.id, ())),
            )
            for producer in self
        ]

    @api.model
    def _dmfg_read_day_hours(self, calendars, date_from, date_to):
        """``{calendar_id: {date: hours}}``: working hours of each local day,
        per calendar (see :meth:`_dmfg_calendar_day_hours`, cached)."""
        return {
            calendar.id: self._dmfg_calendar_day_hours(calendar.id, date_from, date_to)
            for calendar in calendars
        }

    @api.model
    @tools.ormcache("calendar_id", "date_from", "date_to")
    def _dmfg_calendar_day_hours(self, calendar_id, date_from, date_to):
        """``{date: hours}`` of one calendar over a window (do not change it:
        it is shared).

        Odoo's own work intervals of the calendar: attendances (two-week
        calendars and attendance validity included) minus the calendar's
        leaves without a resource, i.e. public holidays and closures, in the
        calendar's time zone. A flexible-hours calendar has no fixed
        schedule: each day offers its ``hours_per_day``, less the time its
        leaves take from that day.

        Cached in Odoo's registry cache (every routing reads the same few
        calendars over the same window): changing a calendar, an attendance
        or a leave clears it, in every worker (``resource_calendar.py``). The
        hours are not private: read as superuser, so the cache never depends
        on who filled it.
        """
        # sudo: working hours only, the same for every reader (see above).
        calendar = self.env["resource.calendar"].sudo().browse(calendar_id)
        tz = pytz.timezone(calendar.tz or "UTC")
        start = tz.localize(datetime.combine(date_from, time.min))
        end = tz.localize(datetime.combine(date_to + timedelta(days=1), time.min))
        if calendar.flexible_hours:
            window = Intervals([(start, end, self.env["resource.calendar.attendance"])])
            intervals = window - calendar._leave_intervals_batch(start, end)[False]
        else:
            intervals = calendar._work_intervals_batch(start, end)[False]
        hours = self._dmfg_hours_by_day(intervals, tz)
        if calendar.flexible_hours:
            daily = max(calendar.hours_per_day, 0.0)
            hours = {day: min(value, daily) for day, value in hours.items()}
        # Checked once here and shared (read-only) by every producer's profile.
        return capacity_service.DayHours(hours)

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
