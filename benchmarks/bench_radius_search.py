#!/usr/bin/env python3
# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: producer radius search (SQL bounding box) vs a naive Python loop.

Creates N producers (10,000 by default) scattered around real towns within
``--spread-km`` of Barcelona (GeoNames data, deterministic with ``--seed``),
then for several places and radii compares:

* ``dmfg.producer._dmfg_search_near(lat, lon, radius_km)``: one SQL query
  filtering a latitude/longitude bounding box on the indexed columns, then
  the exact geodesic distance on the few candidates;
* a naive loop: browse every producer, compute the geodesic distance of
  each, keep those within the radius.

Both must return the same producers and distances (checked). It prints the
median time of each, the ratio and the number of SQL queries, plus geopy vs
haversine timings. Everything runs in one transaction that is rolled back:
the database is left as it was.

Usage (a database with ``distributed_mfg`` installed; demo data optional)::

    odoo -d dmfg_bench -i distributed_mfg --stop-after-init --without-demo=all
    python3 benchmarks/bench_radius_search.py -d dmfg_bench
    python3 benchmarks/bench_radius_search.py -d dmfg_bench --count 2000 --repeat 3

The database may also come from the ``DMFG_BENCH_DB`` environment variable;
``--addons-path`` defaults to Odoo's addons plus this repository.
"""

import argparse
import os
import sys
import time

from bench_common import default_addons_path, measure, rolled_back_env  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CENTRE = (41.3874, 2.1686)  # Barcelona, Plaça de Catalunya
SEARCHES = [
    ("Barcelona", 41.3874, 2.1686, 25),
    ("Barcelona", 41.3874, 2.1686, 100),
    ("Girona", 41.9794, 2.8214, 50),
    ("Lleida", 41.6176, 0.6200, 50),
    ("Zaragoza", 41.6488, -0.8891, 75),
]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-d", "--database", default=os.environ.get("DMFG_BENCH_DB"), required=False
    )
    parser.add_argument("--count", type=int, default=10000, help="producers to create")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--spread-km",
        type=float,
        default=400.0,
        help="towns used lie within this distance of Barcelona",
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument(
        "--addons-path",
        default=None,
        help="default: the installed Odoo's addons plus this repository",
    )
    args = parser.parse_args(argv)
    args.addons_path = args.addons_path or default_addons_path()
    if not args.database:
        parser.error("give the database with -d (or DMFG_BENCH_DB)")
    return args


def create_network(env, count, seed, spread_km):
    """Create ``count`` partners + candidate producers; return (seconds, sites)."""
    from odoo.addons.distributed_mfg.services import places

    towns = places.towns_near(*CENTRE, spread_km, min_population=1000)
    sites = places.generate_sites(count, towns, seed=seed, jitter_km=3.0)
    country_ids = {
        country.code: country.id for country in env["res.country"].search([])
    }
    start = time.perf_counter()
    context = {
        "tracking_disable": True,
        "mail_create_nolog": True,
        "mail_notrack": True,
    }
    partners = (
        env["res.partner"]
        .with_context(**context)
        .create(
            [
                {
                    "name": f"Bench {site.name}",
                    "is_company": True,
                    "city": site.town,
                    "country_id": country_ids.get(site.country_code),
                    "partner_latitude": site.lat,
                    "partner_longitude": site.lon,
                }
                for site in sites
            ]
        )
    )
    env["dmfg.producer"].with_context(**context).create(
        [{"partner_id": partner.id, "service_radius_km": 50} for partner in partners]
    )
    env.flush_all()
    # Fresh planner statistics, as autovacuum would have after a bulk load.
    env.cr.execute("ANALYZE dmfg_producer")
    return time.perf_counter() - start, len(towns)


def naive_search(env, lat, lon, radius_km):
    """Browse every producer and compute every distance (the slow way)."""
    from odoo.addons.distributed_mfg.services import geo

    found = []
    for producer in env["dmfg.producer"].search([]):
        if not (producer.latitude or producer.longitude):
            continue
        distance = geo.distance_km(lat, lon, producer.latitude, producer.longitude)
        if distance <= radius_km:
            found.append((producer.id, distance))
    found.sort(key=lambda item: (item[1], item[0]))
    return found


def explain_bbox_query(env, lat, lon, radius_km):
    """PostgreSQL plan of the bounding-box query (shows the index use)."""
    from odoo.addons.distributed_mfg.services import geo

    box = geo.bounding_box(lat, lon, radius_km)
    low, high = box.lon_ranges()[0]
    query = env["dmfg.producer"]._search(
        [
            ("latitude", ">=", box.min_lat),
            ("latitude", "<=", box.max_lat),
            ("longitude", ">=", low),
            ("longitude", "<=", high),
        ]
    )
    env.cr.execute("EXPLAIN " + query.select().code, query.select().params)
    return [row[0] for row in env.cr.fetchall()]


def distance_functions_bench(count=10000, seed=1):
    """geopy geodesic vs haversine: seconds for ``count`` pairs, worst gap."""
    import random

    from odoo.addons.distributed_mfg.services import geo

    rng = random.Random(seed)
    pairs = [
        (
            rng.uniform(40.5, 42.9),
            rng.uniform(0.1, 3.3),
            rng.uniform(40.5, 42.9),
            rng.uniform(0.1, 3.3),
        )
        for _i in range(count)
    ]
    start = time.perf_counter()
    exact = [geo.distance_km(*pair) for pair in pairs]
    geodesic_s = time.perf_counter() - start
    start = time.perf_counter()
    fast = [geo.haversine_km(*pair) for pair in pairs]
    haversine_s = time.perf_counter() - start
    worst = max(abs(f / e - 1) for f, e in zip(fast, exact, strict=True) if e > 0.01)
    return geodesic_s, haversine_s, worst


def run(args):
    with rolled_back_env(args.database, args.addons_path) as env:
        existing = env["dmfg.producer"].search_count([])
        print(f"Database {args.database}: {existing} producers before the benchmark")
        seconds, town_count = create_network(env, args.count, args.seed, args.spread_km)
        total = env["dmfg.producer"].search_count([])
        print(
            f"Created {args.count} producers around {town_count} real towns within "
            f"{args.spread_km:g} km of Barcelona in {seconds:.1f} s "
            f"({total} producers in the table)\n"
        )
        header = (
            f"{'place':<10} {'radius':>7} {'found':>6} | {'SQL bbox':>9} "
            f"{'queries':>7} | {'naive':>8} {'queries':>7} | {'ratio':>6}"
        )
        print(header)
        print("-" * len(header))
        for name, lat, lon, radius in SEARCHES:
            model = env["dmfg.producer"]
            fast_s, fast_q, fast = measure(
                env,
                lambda m=model, a=lat, o=lon, r=radius: m._dmfg_search_near(a, o, r),
                args.repeat,
            )
            slow_s, slow_q, slow = measure(
                env,
                lambda a=lat, o=lon, r=radius: naive_search(env, a, o, r),
                max(1, min(args.repeat, 3)),
            )
            if [key for key, _d in fast] != [key for key, _d in slow] or any(
                abs(a[1] - b[1]) > 1e-9 for a, b in zip(fast, slow, strict=True)
            ):
                raise SystemExit(f"MISMATCH for {name} {radius} km")
            print(
                f"{name:<10} {radius:>4} km {len(fast):>6} | {fast_s * 1000:>6.1f} ms "
                f"{fast_q:>7} | {slow_s * 1000:>5.0f} ms {slow_q:>7} | "
                f"{slow_s / fast_s:>5.0f}x"
            )
        print("\nSame producers and distances from both methods (checked).")
        print("\nPlan of the bounding-box query (Barcelona, 25 km):")
        for line in explain_bbox_query(env, *CENTRE, 25):
            print("   ", line)
        geodesic_s, haversine_s, worst = distance_functions_bench()
        print(
            f"\nDistance functions, 10,000 pairs in Catalonia: geopy geodesic "
            f"{geodesic_s * 1000:.0f} ms, haversine {haversine_s * 1000:.0f} ms "
            f"({geodesic_s / haversine_s:.0f}x faster), worst gap {worst * 100:.3f} %"
            f"\n(haversine only prefilters; returned distances are geodesic)"
        )


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, REPO)
    run(args)


if __name__ == "__main__":
    main()
