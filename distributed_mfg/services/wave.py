# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Wave dispatch: assign many waiting jobs at once, optimally (pure Python).

Routing one order at a time is greedy: when capacity is tight the first
orders take the nearest producers and the later ones travel far. A *wave*
takes every job waiting for dispatch and solves the assignment as one
problem.

Input, built by the caller from the same routing as a single order
(``services/routing.py``, same weights and hard filters):

* :class:`WaveJob`: a job's workshop ``hours``, its ``due`` date and its
  :class:`Option` list: the producers that passed every hard filter for it,
  each with its routing ``score`` (lower is better), distance and ready date;
* :class:`WaveProducer`: a producer's free hours until each due date
  (``free_by_due``, the same figure single routing checks a job against) and
  how many more jobs it may take (``slots``: its open-job or trial limit
  minus its open jobs; None for no limit).

:func:`plan` solves it as an integer program (one 0/1 variable per job and
option, plus one "left out" variable per job):

* every job is given to one option or left out;
* **capacity**, for each producer and each due date ``d`` of its candidate
  jobs: the hours of the jobs given to it that are due by ``d`` fit in its
  free hours until ``d``. Working earliest-due first, the producer is then in
  time for all of them;
* **job limits**: at most ``slots`` jobs per producer;
* **objective**: the sum of the chosen routing scores, plus
  :data:`UNPLACED_COST` for each job left out (more than any score): the
  plan places as many jobs as it can, then the cheapest way.

It is solved the usual way for assignment under capacity: the linear
relaxation exactly (HiGHS dual simplex through :func:`scipy.optimize.linprog`),
whose vertex gives most jobs whole; those are kept. The jobs the relaxation
splits between producers (at most one per binding limit) are then placed,
most decided first, on the option with the largest share that still fits,
else left out. A local improvement follows (:func:`_improve`), each move
strictly lowering the objective: left-out jobs are inserted where there is
room, or through ejection chains (booked jobs, one or two at a time, move to
other options of theirs to make room, up to a few producers away), or two
small ones take the place of one big one; last, placed jobs move to
better-scored options with room. ``extra["repaired"]`` counts the jobs it
placed. The relaxation's optimum is a lower bound no plan can beat
(``extra["lp_bound"]``); the benchmark prints the plan's gap to it. Every
plan is checked against every limit before it is returned
(:func:`check_plan`).

:func:`greedy` is what one-by-one routing does with the same data: jobs in
arrival order, each to its best-scored producer that still has a slot and
can finish it by its due date after everything booked before it (single
routing's queue). The plan may reorder a producer's work by due date, so it
can often place more, and nearer.

Both return a :class:`WavePlan` (assignments, jobs left out, totals).
Deterministic: jobs and options are sorted by key before solving, the
solver is deterministic for the same input, and the improvement visits jobs
and producers in a fixed order with a fixed number of rounds (no clock).
"""

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date

from .common import key_order
from .common import number as _number

EPSILON = 1e-6
#: Cost of leaving a job out: more than any routing score (at most 1), so a
#: job is placed whenever some producer can take it without pushing out
#: another job.
UNPLACED_COST = 2.0


@dataclass(frozen=True, kw_only=True)
class Option:
    """A producer that may make a job: its routing score (lower is better),
    distance in km and ready date."""

    producer_key: Hashable
    score: float
    distance_km: float
    ready_date: date | None = None

    def __post_init__(self):
        _number(self.score, "Score")
        _number(self.distance_km, "Distance (km)")


@dataclass(frozen=True, kw_only=True)
class WaveJob:
    """A job waiting for dispatch: its hours, due date and eligible options."""

    key: Hashable
    hours: float
    due: date
    options: tuple = ()

    def __post_init__(self):
        _number(self.hours, "Load (hours)")
        if not isinstance(self.due, date):
            raise ValueError(f"Job {self.key!r}: due date must be a date.")
        seen = set()
        for option in self.options:
            if option.producer_key in seen:
                raise ValueError(
                    f"Job {self.key!r}: producer {option.producer_key!r} twice."
                )
            seen.add(option.producer_key)
        object.__setattr__(
            self,
            "options",
            tuple(sorted(self.options, key=lambda o: key_order(o.producer_key))),
        )


@dataclass(frozen=True, kw_only=True)
class WaveProducer:
    """A producer's free hours until each due date, and its free job slots."""

    key: Hashable
    free_by_due: tuple = ()
    slots: int | None = None

    def __post_init__(self):
        pairs = dict(self.free_by_due)
        for day, hours in pairs.items():
            if not isinstance(day, date):
                raise ValueError(f"Producer {self.key!r}: {day!r} is not a date.")
            _number(hours, "Free hours")
        object.__setattr__(self, "free_by_due", tuple(sorted(pairs.items())))
        if self.slots is not None:
            _number(self.slots, "Free job slots")

    def free_until(self, day):
        """Free hours until ``day`` (the latest known date on or before it;
        0 when none is known)."""
        free = 0.0
        for known, hours in self.free_by_due:
            if known > day:
                break
            free = hours
        return free


@dataclass(frozen=True)
class Assignment:
    job_key: Hashable
    producer_key: Hashable
    distance_km: float
    score: float
    late: bool = False

    def to_dict(self):
        return {
            "job_id": self.job_key,
            "producer_id": self.producer_key,
            "distance_km": round(self.distance_km, 3),
            "score": round(self.score, 6),
            "late": self.late,
        }


@dataclass(frozen=True)
class Totals:
    assigned: int
    unassigned: int
    distance_km: float
    score: float
    late_jobs: int

    def to_dict(self):
        return {
            "assigned": self.assigned,
            "unassigned": self.unassigned,
            "distance_km": round(self.distance_km, 3),
            "score": round(self.score, 6),
            "late_jobs": self.late_jobs,
        }


@dataclass(frozen=True)
class WavePlan:
    """Assignments (job order), jobs left out, totals and how it was made."""

    assignments: tuple
    unassigned: tuple
    totals: Totals
    method: str
    extra: dict = field(default_factory=dict, compare=False)

    def by_job(self):
        return {a.job_key: a for a in self.assignments}


# ------------------------------------------------------------------ helpers


def _sorted_inputs(jobs, producers):
    jobs = sorted(jobs, key=lambda j: key_order(j.key))
    keys = [job.key for job in jobs]
    if len(set(keys)) != len(keys):
        raise ValueError("A job is listed twice.")
    by_key = {}
    for producer in producers:
        if producer.key in by_key:
            raise ValueError(f"Producer {producer.key!r} is listed twice.")
        by_key[producer.key] = producer
    return jobs, by_key


def _fits(job, producer):
    """Whether the job alone fits the producer (hours until its due date and
    a slot): options that can never be used are left out of the problem."""
    if producer is None:
        return False
    if producer.slots is not None and producer.slots < 1:
        return False
    return producer.free_until(job.due) + EPSILON >= job.hours


def _mark_late(assignments, jobs, producers):
    """Assignments with ``late`` set where the producer, working earliest due
    first, cannot be in time: its hours due by a date exceed its free hours
    until that date."""
    job_of = {job.key: job for job in jobs}
    per_producer = {}
    for assignment in assignments:
        per_producer.setdefault(assignment.producer_key, []).append(assignment)
    late = set()
    for producer_key, given in per_producer.items():
        producer = producers[producer_key]
        given.sort(key=lambda a: (job_of[a.job_key].due, key_order(a.job_key)))
        booked = 0.0
        for assignment in given:
            job = job_of[assignment.job_key]
            booked += job.hours
            if booked > producer.free_until(job.due) + EPSILON:
                late.add(assignment.job_key)
    return tuple(
        Assignment(a.job_key, a.producer_key, a.distance_km, a.score, True)
        if a.job_key in late
        else a
        for a in assignments
    )


def _plan(assignments, jobs, producers, method, **extra):
    assignments = _mark_late(assignments, jobs, producers)
    placed = {a.job_key for a in assignments}
    unassigned = tuple(job.key for job in jobs if job.key not in placed)
    totals = Totals(
        assigned=len(assignments),
        unassigned=len(unassigned),
        distance_km=sum(a.distance_km for a in assignments),
        score=sum(a.score for a in assignments),
        late_jobs=sum(1 for a in assignments if a.late),
    )
    return WavePlan(assignments, unassigned, totals, method, extra)


def check_plan(plan, jobs, producers):
    """Violations of ``plan`` (English lines, empty when it holds): a job
    given to a producer it may not use, twice, or a producer past its hours
    or slots. Used after solving and by tests."""
    jobs, by_key = _sorted_inputs(jobs, producers)
    job_of = {job.key: job for job in jobs}
    problems = []
    seen = set()
    per_producer = {}
    for assignment in plan.assignments:
        job = job_of.get(assignment.job_key)
        if job is None or assignment.job_key in seen:
            problems.append(f"job {assignment.job_key!r} unknown or given twice")
            continue
        seen.add(assignment.job_key)
        if assignment.producer_key not in {o.producer_key for o in job.options}:
            problems.append(
                f"job {job.key!r} given to {assignment.producer_key!r}, "
                "not one of its options"
            )
        per_producer.setdefault(assignment.producer_key, []).append(job)
    for producer_key, given in per_producer.items():
        producer = by_key.get(producer_key)
        if producer is None:
            problems.append(f"producer {producer_key!r} unknown")
            continue
        if producer.slots is not None and len(given) > producer.slots:
            problems.append(
                f"producer {producer_key!r}: {len(given)} jobs, {producer.slots} slots"
            )
        days = {day for day, _free in producer.free_by_due} | {j.due for j in given}
        for day in sorted(days):
            hours = sum(job.hours for job in given if job.due <= day)
            if hours > producer.free_until(day) + EPSILON:
                problems.append(
                    f"producer {producer_key!r}: {hours:.2f} h due by {day}, "
                    f"{producer.free_until(day):.2f} h free"
                )
    return problems


# ------------------------------------------------------------------- greedy


def greedy(jobs, producers, order=None):
    """One-by-one routing on the same data: each job, in ``order`` (default
    by key, i.e. arrival), takes its best-scored option that has a slot and
    free hours until the job's own due date. A :class:`WavePlan`."""
    jobs, by_key = _sorted_inputs(jobs, producers)
    if order is not None:
        position = {key: index for index, key in enumerate(order)}
        jobs = sorted(jobs, key=lambda j: position.get(j.key, len(position)))
    used_slots = {}
    booked = {}  # producer -> [(due, hours)]
    assignments = []
    for job in jobs:
        for option in sorted(
            job.options,
            key=lambda o: (round(o.score, 9), o.distance_km, key_order(o.producer_key)),
        ):
            producer = by_key.get(option.producer_key)
            if producer is None:
                continue
            if producer.slots is not None and used_slots.get(producer.key, 0) >= (
                producer.slots
            ):
                continue
            # As single routing: the job queues after all that is booked.
            before = sum(h for _due, h in booked.get(producer.key, ()))
            if before + job.hours > producer.free_until(job.due) + EPSILON:
                continue
            used_slots[producer.key] = used_slots.get(producer.key, 0) + 1
            booked.setdefault(producer.key, []).append((job.due, job.hours))
            assignments.append(
                Assignment(job.key, producer.key, option.distance_km, option.score)
            )
            break
    return _plan(tuple(assignments), jobs, by_key, "greedy")


# -------------------------------------------------------------------- exact


def build_problem(jobs, producers):
    """The mixed-integer program of :func:`plan` as plain arrays.

    Returns ``(jobs, producers_by_key, pairs, cost, rows)``: the inputs
    sorted, ``pairs`` the list of
    ``(job index, option)`` of the x variables (the left-out variables
    follow, one per job), ``cost`` the objective, ``rows`` the constraint
    rows as ``(columns, coefficients, lower, upper)``. Kept separate so the
    benchmark can solve the same problem's LP relaxation independently.
    """
    jobs, by_key = _sorted_inputs(jobs, producers)
    pairs = []
    for index, job in enumerate(jobs):
        for option in job.options:
            if _fits(job, by_key.get(option.producer_key)):
                pairs.append((index, option))
    n_pairs = len(pairs)
    cost = [option.score for _index, option in pairs] + [UNPLACED_COST] * len(jobs)
    rows = []
    per_job = {}
    per_producer = {}
    for column, (index, option) in enumerate(pairs):
        per_job.setdefault(index, []).append(column)
        per_producer.setdefault(option.producer_key, []).append(column)
    for index in range(len(jobs)):
        columns = per_job.get(index, []) + [n_pairs + index]
        rows.append((columns, [1.0] * len(columns), 1.0, 1.0))
    for producer_key in sorted(per_producer, key=key_order):
        producer = by_key[producer_key]
        columns = per_producer[producer_key]
        if producer.slots is not None and producer.slots < len(columns):
            rows.append((columns, [1.0] * len(columns), 0.0, float(producer.slots)))
        dues = sorted({jobs[pairs[c][0]].due for c in columns})
        for day in dues:
            within = [c for c in columns if jobs[pairs[c][0]].due <= day]
            hours = [jobs[pairs[c][0]].hours for c in within]
            free = producer.free_until(day)
            if sum(hours) <= free + EPSILON:
                continue  # cannot bind: fewer rows, same problem
            rows.append((within, hours, 0.0, free))
    return jobs, by_key, pairs, cost, rows


def _sparse(rows, n_columns):
    from scipy.sparse import csr_array

    data, indices, indptr, lower, upper = [], [], [0], [], []
    for columns, coefficients, low, high in rows:
        indices.extend(columns)
        data.extend(coefficients)
        indptr.append(len(indices))
        lower.append(low)
        upper.append(high)
    matrix = csr_array((data, indices, indptr), shape=(len(rows), n_columns))
    return matrix, lower, upper


def _solve_lp(cost, rows, n_columns):
    """The LP relaxation, solved to a vertex (dual simplex): most jobs come
    out whole, only those sharing a binding limit are split."""
    import numpy
    from scipy.optimize import linprog

    matrix, lower, upper = _sparse(rows, n_columns)
    equal = numpy.asarray(lower) == numpy.asarray(upper)
    return linprog(
        numpy.asarray(cost),
        A_ub=matrix[~equal] if (~equal).any() else None,
        b_ub=numpy.asarray(upper)[~equal] if (~equal).any() else None,
        A_eq=matrix[equal],
        b_eq=numpy.asarray(lower)[equal],
        bounds=(0, 1),
        method="highs",
    )


def plan(jobs, producers):
    """The wave's plan: a :class:`WavePlan` (see the module's docstring).
    ``extra`` carries the LP bound, the problem's size, the jobs the LP
    split and those the improvement placed (``repaired``)."""
    jobs, by_key, pairs, cost, rows = build_problem(jobs, producers)
    if not jobs:
        return _plan((), jobs, by_key, "lp", lp_bound=0.0)
    n_columns = len(cost)
    relaxed = _solve_lp(cost, rows, n_columns)
    if relaxed.x is None:  # cannot happen: leaving every job out is feasible
        raise ValueError(f"The wave could not be solved: {relaxed.message}")
    values = relaxed.x
    whole = {}
    split = []
    column_of_job = {}
    for column, (index, _option) in enumerate(pairs):
        column_of_job.setdefault(index, []).append(column)
    for index in range(len(jobs)):
        columns = column_of_job.get(index, [])
        top = max(columns, key=lambda c: values[c], default=None)
        if top is not None and values[top] > 1 - EPSILON:
            whole[index] = top
        elif values[len(pairs) + index] > 1 - EPSILON:
            continue  # left out in the relaxation too
        elif columns:
            split.append(index)
    chosen = dict(whole)
    if split:
        chosen.update(
            _place_split(jobs, by_key, pairs, values, whole, split, column_of_job)
        )
    rounded = len(chosen)
    chosen = _improve(jobs, by_key, pairs, column_of_job, chosen)
    assignments = tuple(
        Assignment(
            jobs[index].key,
            pairs[column][1].producer_key,
            pairs[column][1].distance_km,
            pairs[column][1].score,
        )
        for index, column in sorted(chosen.items())
    )
    wave = _plan(
        assignments,
        jobs,
        by_key,
        "lp",
        lp_bound=float(relaxed.fun),
        variables=n_columns,
        constraints=len(rows),
        split_jobs=len(split),
        repaired=len(chosen) - rounded,
    )
    problems = check_plan(wave, jobs, by_key.values())
    if problems:  # numerical trouble: never hand out an overbooking plan
        raise ValueError("The wave plan breaks a limit: " + "; ".join(problems[:3]))
    return wave


def _place_split(jobs, by_key, pairs, values, whole, split, columns_of):
    """``{job index: column}`` for the jobs the LP split: each, the most
    decided first (largest LP share), to the option with the largest share
    that still fits what the others leave, else its best-scored one that
    fits; left out when none fits."""
    booked = {}  # producer -> [(due, hours)]
    slots = {}
    for index, column in whole.items():
        producer_key = pairs[column][1].producer_key
        booked.setdefault(producer_key, []).append((jobs[index].due, jobs[index].hours))
        slots[producer_key] = slots.get(producer_key, 0) + 1
    order = sorted(
        split,
        key=lambda i: (-max(values[c] for c in columns_of[i]), key_order(jobs[i].key)),
    )
    placed = {}
    for index in order:
        job = jobs[index]
        ranked = sorted(
            columns_of[index],
            key=lambda c: (
                -round(values[c], 6),
                round(pairs[c][1].score, 9),
                key_order(pairs[c][1].producer_key),
            ),
        )
        for column in ranked:
            producer = by_key[pairs[column][1].producer_key]
            taken = booked.get(producer.key, [])
            if (
                producer.slots is not None
                and slots.get(producer.key, 0) >= producer.slots
            ):
                continue
            if not _fits_with(producer, taken, job):
                continue
            booked.setdefault(producer.key, []).append((job.due, job.hours))
            slots[producer.key] = slots.get(producer.key, 0) + 1
            placed[index] = column
            break
    return placed


def _fits_with(producer, taken, job):
    """Whether ``job`` fits ``producer`` beside the ``taken`` (due, hours):
    at its own due date and at every later one (earliest due first)."""
    entries = [*taken, (job.due, job.hours)]
    days = sorted(
        {job.due}
        | {due for due, _h in taken if due >= job.due}
        | {day for day, _h in producer.free_by_due if day >= job.due}
    )
    for day in days:
        hours = sum(h for due, h in entries if due <= day)
        if hours > producer.free_until(day) + EPSILON:
            return False
    return True


# -------------------------------------------------------------- improvement

#: Margin a move keeps below each limit, so that check_plan's own sums (in
#: another order) still find the plan within EPSILON.
_MOVE_TOLERANCE = EPSILON / 2
#: Bound on the improvement's rounds (it also ends once a round places no
#: job). The first round does nearly all: on the benchmark, later rounds
#: place 1 or 2 jobs each for ~0.1 s.
_IMPROVE_ROUNDS = 2
#: Levels of an ejection chain. On the benchmark, 2 levels with pairs place
#: ~138 more jobs in ~0.5 s; 3 levels ~160 but take three times as long.
_CHAIN_DEPTH = 2
#: How many of a producer's largest movable jobs are tried in pairs.
_PAIR_AMONG = 4
#: Lookups of a chain per option of a left-out job (a chain found out of
#: date refreshes the rows it went through and is looked up again).
_TRIES = 2


def _improve(jobs, by_key, pairs, columns_of, chosen):
    """``chosen`` (``{job index: column}``) improved by local moves, each of
    which strictly lowers the objective:

    * insert: a left-out job into its best-scored option with room;
    * ejection chain: a left-out job enters a producer, one or two jobs
      booked there move to other options of theirs, where others may move
      on in turn (up to :data:`_CHAIN_DEPTH` levels), until every moved job
      lands where there is room; one move is the plain ejection. Chains
      reach spare hours a few producers away, which is where they are when
      demand is clustered;
    * swap: one placed job is left out for two or more left-out jobs that
      fit in its place (the objective counts jobs, so small ones win);
    * relocate, once no job can be added: a placed job to a better-scored
      option with room.

    Rounds repeat until none places a job. Deterministic: jobs and
    producers are visited in a fixed order (hours, then key)."""
    search = _LocalSearch(jobs, by_key, pairs, columns_of, chosen)
    for _round in range(_IMPROVE_ROUNDS):
        placed = len(search.assign)
        search.insert_all()
        search.chain_all(_CHAIN_DEPTH)
        search.swap_all()
        if len(search.assign) == placed:
            break
    search.relocate_all()
    search.insert_all()
    return search.assign


class _LocalSearch:
    """The plan's state for :func:`_improve`, kept incrementally.

    Per producer: its check days (its known free-hours dates and its
    candidate jobs' due dates, sorted) and the ``slack`` at each, i.e. free
    hours until that day minus the hours booked due by then. A job due on
    ``d`` fits when the slack at every check day from ``d`` on covers its
    hours (earliest due first, the same test as :func:`check_plan`), and a
    slot is free. Each column knows its producer and the index of its first
    check day, so a test is a ``min`` over a few numbers."""

    def __init__(self, jobs, by_key, pairs, columns_of, chosen):
        self.hours = [job.hours for job in jobs]
        self.largest = max(self.hours, default=0.0)
        self.producer = []  # column -> producer key
        self.start = []  # column -> first check day index at that producer
        self.score = []  # column -> routing score
        days_of = {}
        for index, option in pairs:
            days_of.setdefault(option.producer_key, set()).add(jobs[index].due)
        self.slack = {}
        self.slots = {}
        for key, dues in days_of.items():
            producer = by_key[key]
            days = sorted(dues | {day for day, _free in producer.free_by_due})
            days_of[key] = {day: position for position, day in enumerate(days)}
            self.slack[key] = [producer.free_until(day) for day in days]
            self.slots[key] = (
                len(jobs) if producer.slots is None else int(producer.slots)
            )
        for index, option in pairs:
            self.producer.append(option.producer_key)
            self.start.append(days_of[option.producer_key][jobs[index].due])
            self.score.append(option.score)
        # Each job's columns, best score first (ties: producer key, the
        # order of the options, kept by the stable sort).
        self.columns = [
            sorted(columns_of.get(index, ()), key=self.score.__getitem__)
            for index in range(len(jobs))
        ]
        self.count = dict.fromkeys(self.slack, 0)
        self.members = {key: set() for key in self.slack}  # placed job indices
        # Producer -> {left-out job index: its column there}: who could use
        # room freed at a producer, without scanning every left-out job.
        self.waiting = {key: {} for key in self.slack}
        self.assign = {}
        # Producers where a swap may have become possible (see swap_all).
        self.opened = set(self.slack)
        for index, column in chosen.items():
            self._book(index, column)
        for index in range(len(jobs)):
            if index not in self.assign:
                for column in self.columns[index]:
                    self.waiting[self.producer[column]][index] = column

    # --------------------------------------------------------- primitives

    def _book(self, index, column):
        key = self.producer[column]
        slack = self.slack[key]
        hours = self.hours[index]
        for day in range(self.start[column], len(slack)):
            slack[day] -= hours
        self.count[key] += 1
        self.members[key].add(index)
        self.assign[index] = column

    def _unbook(self, index):
        column = self.assign.pop(index)
        key = self.producer[column]
        slack = self.slack[key]
        hours = self.hours[index]
        for day in range(self.start[column], len(slack)):
            slack[day] += hours
        self.count[key] -= 1
        self.members[key].discard(index)
        self.opened.add(key)

    def _place(self, index, column):
        """Book a left-out job (it stops waiting)."""
        for other in self.columns[index]:
            del self.waiting[self.producer[other]][index]
        self._book(index, column)

    def _leave_out(self, index):
        """Unbook a placed job (it starts waiting)."""
        self._unbook(index)
        for other in self.columns[index]:
            self.waiting[self.producer[other]][index] = other
            self.opened.add(self.producer[other])

    def _fits(self, index, column):
        key = self.producer[column]
        return self.count[key] < self.slots[key] and (
            min(self.slack[key][self.start[column] :])
            >= self.hours[index] - _MOVE_TOLERANCE
        )

    def _best_fit(self, index, skip=None):
        """The job's best-scored column with room (not at ``skip``)."""
        for column in self.columns[index]:
            if self.producer[column] != skip and self._fits(index, column):
                return column
        return None

    def _left_out(self):
        """Left-out jobs with options, smallest first: they are the easiest
        to fit, and each placed job counts the same."""
        waiting = {i for jobs in self.waiting.values() for i in jobs}
        return sorted(waiting, key=lambda i: (self.hours[i], i))

    # -------------------------------------------------------------- moves

    def insert_all(self):
        for index in self._left_out():
            column = self._best_fit(index)
            if column is not None:
                self._place(index, column)

    def chain_all(self, depth):
        """Place left-out jobs through ejection chains of up to ``depth``
        levels: the job enters a producer, one or two jobs booked there move
        to other options of theirs, where jobs move on in turn, until every
        moved job lands where there is room. The room table
        (:meth:`_build_table`) says where such moves exist; it is built once
        per call, and the rows of the producers a chain touches are marked
        stale and recomputed when next read. Rows elsewhere may still be
        out of date, so each chain is checked move by move."""
        self._build_table(depth)
        for index in self._left_out():
            need = self.hours[index] - _MOVE_TOLERANCE
            for column in self.columns[index]:
                key, day = self.producer[column], self.start[column]
                for _try in range(_TRIES):
                    if self._room(depth, key)[day] < need:
                        break
                    moves, complete = self._chain(index, column, depth)
                    placed = complete and self._apply_chain(moves)
                    self._touched({self.producer[c] for _i, c in moves})
                    if placed:
                        break
                if index in self.assign:
                    break

    def _build_table(self, depth):
        """The room table, per level ``n`` (0..depth): ``rooms[n][key][t]``
        is the most hours a job whose first check day is ``t`` can bring to
        producer ``key`` with moves ``n`` levels deep, ``picks[n][key][t]``
        the ``((job, column), ...)`` moved out first (None: it fits as is).
        Level ``n`` moves jobs to where level ``n - 1`` has room for them
        (Bellman-Ford-like). Rows above level 0 are computed when first
        read (all start stale): only those near left-out jobs ever are."""
        self.rooms = [{key: self._direct_room(key) for key in self.slack}]
        self.picks = [dict.fromkeys(self.slack)]
        self.stale = [set()]
        for _level in range(depth):
            self.rooms.append({})
            self.picks.append({})
            self.stale.append(set(self.slack))

    def _touched(self, keys):
        for key in keys:
            self.rooms[0][key] = self._direct_room(key)
        for stale in self.stale[1:]:
            stale.update(keys)

    def _room(self, level, key):
        """The room table's row (recomputed first when stale)."""
        if key in self.stale[level]:
            self.stale[level].discard(key)
            self.rooms[level][key], self.picks[level][key] = self._room_row(key, level)
        return self.rooms[level][key]

    def _direct_room(self, key):
        if self.count[key] < self.slots[key]:
            return _suffix_min(self.slack[key])
        return [float("-inf")] * len(self.slack[key])

    def _room_row(self, key, level):
        """One producer's ``(room, pick)`` at ``level``: the best of its
        room as is, moving out one booked job, or two to different
        producers (two small jobs can make room for a big one), each to
        where the level below has room for it."""
        best = list(self.rooms[0][key])
        chosen = [None] * len(best)
        if best[0] >= self.largest:  # room for any job already
            return best, chosen
        producer, start, slack = self.producer, self.start, self.slack[key]
        below, stale = self.rooms[level - 1], self.stale[level - 1]
        days = range(len(slack) - 1, -1, -1)
        movable = []  # (job, where it can go, hours it frees here per day)
        for other in sorted(self.members[key]):
            hours = self.hours[other]
            need = hours - _MOVE_TOLERANCE
            for column in self.columns[other]:
                there = producer[column]
                if there in stale:
                    self._room(level - 1, there)
                if below[there][start[column]] >= need and there != key:
                    first = start[self.assign[other]]
                    freed = [
                        hours if day >= first else 0.0 for day in range(len(slack))
                    ]
                    movable.append((other, column, freed))
                    break
        groups = [(entry,) for entry in movable]
        # Pairs among the largest movable jobs only: they free the most.
        largest = sorted(movable, key=lambda e: (-e[2][-1], e[0]))[:_PAIR_AMONG]
        groups += [
            (one, two)
            for n, one in enumerate(largest)
            for two in largest[n + 1 :]
            if producer[one[1]] != producer[two[1]]
        ]
        for group in groups:
            # Slack per day once the group's jobs are moved out.
            freed = [entry[2] for entry in group]
            values = [sum(day) for day in zip(slack, *freed, strict=True)]
            lowest = float("inf")
            for day in days:
                lowest = min(lowest, values[day])
                if lowest > best[day] + EPSILON:
                    best[day] = lowest
                    chosen[day] = tuple((other, column) for other, column, _f in group)
        return best, chosen

    def _chain(self, index, column, top):
        """The shallowest moves ``[(job, column), ...]`` the room table
        gives for placing job ``index`` at ``column``: the job itself first,
        then each job it pushes out with where it goes, followed by those
        that one pushes out in turn; and whether they all reach room (else
        the table is out of date where they stop)."""
        key, day = self.producer[column], self.start[column]
        need = self.hours[index] - _MOVE_TOLERANCE
        level = next(
            (n for n in range(top + 1) if self._room(n, key)[day] >= need), None
        )
        moves = [(index, column)]
        if level is None or level == 0:
            return moves, level == 0
        for other, there in self.picks[level][key][day]:
            more, complete = self._chain(other, there, level - 1)
            moves += more
            if not complete:
                return moves, False
        return moves, True

    def _apply_chain(self, moves):
        """Apply ``moves`` last first (each pushed-out job leaves before
        the one pushing it arrives), checking every move fits; undone if one
        does not or the objective would not drop."""
        jobs = [index for index, _column in moves]
        if len(set(jobs)) != len(jobs):
            return False
        delta = self.score[moves[0][1]] - UNPLACED_COST
        for index, column in moves[1:]:
            delta += self.score[column] - self.score[self.assign[index]]
        if delta >= -EPSILON:
            return False
        done = []
        for index, column in reversed(moves[1:]):
            here = self.assign[index]
            self._unbook(index)
            if not self._fits(index, column):
                self._book(index, here)
                break
            self._book(index, column)
            done.append((index, here))
        else:
            if self._fits(*moves[0]):
                self._place(*moves[0])
                return True
        for index, here in reversed(done):
            self._unbook(index)
            self._book(index, here)
        return False

    def swap_all(self):
        """:meth:`_swap` at each producer where room was freed or a job
        started waiting since the last call (at first, everywhere)."""
        opened, self.opened = self.opened, set()
        for key in sorted(opened, key=key_order):
            while len(self.waiting[key]) >= 2 and self._swap(key):
                pass

    def _swap(self, key):
        """At producer ``key``, leave one booked job out for two or more of
        its left-out candidates, smallest first, that fit in its place. The
        largest booked job is tried first: it frees the most room."""
        candidates = sorted(
            self.waiting[key].items(), key=lambda i: (self.hours[i[0]], i[0])
        )
        for other in sorted(self.members[key], key=lambda i: (-self.hours[i], i)):
            here = self.assign[other]
            slack = list(self.slack[key])
            for day in range(self.start[here], len(slack)):
                slack[day] += self.hours[other]
            free = self.slots[key] - self.count[key] + 1
            taken = []
            for index, column in candidates:
                hours = self.hours[index]
                start = self.start[column]
                if free and min(slack[start:]) >= hours - _MOVE_TOLERANCE:
                    for day in range(start, len(slack)):
                        slack[day] -= hours
                    free -= 1
                    taken.append((index, column))
            delta = (
                sum(self.score[c] for _i, c in taken)
                - self.score[here]
                + UNPLACED_COST * (1 - len(taken))
            )
            if len(taken) >= 2 and delta < -EPSILON:
                self._leave_out(other)
                for index, column in taken:
                    self._place(index, column)
                return True
        return False

    def relocate_all(self):
        """Placed jobs to a better-scored option with room (no job gained,
        so only once every placing move is done)."""
        for index in sorted(self.assign):
            here = self.assign[index]
            key = self.producer[here]
            for column in self.columns[index]:
                if self.score[column] >= self.score[here] - EPSILON:
                    break
                if self.producer[column] != key and self._fits(index, column):
                    self._unbook(index)
                    self._book(index, column)
                    break


def _suffix_min(values):
    """``[min(values[i:]) for i in ...]`` in one pass."""
    answer = list(values)
    for i in range(len(answer) - 2, -1, -1):
        answer[i] = min(answer[i], answer[i + 1])
    return answer
