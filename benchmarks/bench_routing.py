#!/usr/bin/env python3
# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: locality routing against its baselines, in one process.

(a) Routing preview for one order among N producers (10,000 by default,
    around real towns of Catalonia from GeoNames): our ``dmfg.job._dmfg_rank``
    cold (ORM and registry caches cleared) and warm (repeated), vs a naive ORM
    loop over every producer. Both must choose the same producer.
(b) Confirming M one-line sale orders (1,000 by default) for customers
    spread over the region, routed by the addon in a 50-producer network, vs
    the same orders through Odoo's plain dropship route with a fixed vendor:
    one purchase order per order there too (each goes to its own customer).
    A routed order also makes the producer's subcontracting manufacturing
    order (Odoo's mrp_subcontracting does, on the dropship receipt), which the
    plain route does not: so the same orders also go through Odoo's own
    subcontracted dropship (a subcontract BoM, one fixed subcontractor), the
    same documents without the routing.
(c) A real network: the producers are made active through the normal path
    (each with its stock location and subcontracting property, a working
    calendar among three, a vendor price). Confirming one order in the
    50-producer network vs with N more producers around it: the ratio of
    time and queries per order.

It prints times, SQL query counts and ratios. Everything runs in one
transaction that is rolled back: the database is left as it was (except with
``--commit``, for 100,000 producers: then run it on a throwaway copy).

Usage (a database with ``distributed_mfg`` installed, demo data optional)::

    odoo -d dmfg_bench -i distributed_mfg --stop-after-init
    python3 benchmarks/bench_routing.py -d dmfg_bench
    python3 benchmarks/bench_routing.py -d dmfg_bench --count 2000 --orders 100
    createdb -T dmfg_bench dmfg_big
    python3 benchmarks/bench_routing.py -d dmfg_big --count 100000 --parts a \
        --no-naive --commit
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta

from bench_common import default_addons_path, measure, rolled_back_env  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CENTRE = (41.3874, 2.1686)  # Barcelona
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", default=os.environ.get("DMFG_BENCH_DB"))
    parser.add_argument("--count", type=int, default=10000, help="producers")
    parser.add_argument("--orders", type=int, default=1000, help="sale orders")
    parser.add_argument(
        "--network", type=int, default=50, help="producers for the order benchmark"
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--sample", type=int, default=20, help="orders confirmed for (c), per network"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--naive",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="(a): also time the naive loop over every producer (slow at 100,000)",
    )
    parser.add_argument(
        "--parts",
        default="abc",
        help="which of (a), (b), (c) to run, e.g. 'a' for the preview only",
    )
    parser.add_argument(
        "--commit",
        action="store_true",
        help="commit the network chunk by chunk and vacuum, as a live network "
        "is: in one transaction every row version the build writes stays "
        "until its end, each chunk is slower than the last (100,000 "
        "producers) and so is every write after it ((c)). The database keeps "
        "the network: run it on a throwaway copy",
    )
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


def make_catalogue(env):
    """A design made locally (subcontract BoM) and a plain dropship twin."""
    from odoo import Command

    fdm = env.ref("distributed_mfg.dmfg_process_fdm")
    route = env.ref("distributed_mfg.route_produce_locally")
    dropship = env.ref("stock_dropshipping.route_drop_shipping")
    local = env["product.product"].create(
        {
            "name": "Bench lamp (local)",
            "type": "consu",
            "route_ids": [Command.set(route.ids)],
            "dmfg_production_hours": 0.01,
        }
    )
    plain = env["product.product"].create(
        {
            "name": "Bench lamp (dropship)",
            "type": "consu",
            "route_ids": [Command.set(dropship.ids)],
        }
    )
    bom = env["mrp.bom"].create(
        {"product_tmpl_id": local.product_tmpl_id.id, "type": "subcontract"}
    )
    design = env["dmfg.design"].create(
        {
            "name": "Bench lamp",
            "licence": "CC-BY-4.0",
            "sharing_scope": "all",
            "process_ids": [Command.set(fdm.ids)],
        }
    )
    local.product_tmpl_id.dmfg_design_id = design
    design.bom_id = bom
    return local, plain, fdm


def make_network(env, count, seed, product, fdm, calendars, chunk=5000, commit=False):
    """``count`` producers made active through the normal path (stock
    location, subcontracting property), with the process, a working calendar
    among ``calendars`` and a price for ``product``. Made ``chunk`` at a time,
    each flushed and dropped from the ORM cache: one create of 100,000
    records keeps them all in memory and slows down as it grows. ``commit``:
    commit each chunk (see ``--commit``)."""
    from odoo.addons.distributed_mfg.services import places

    towns = places.towns_near(*CENTRE, 250, min_population=1000)
    sites = places.generate_sites(count, towns, seed=seed, jitter_km=3.0)
    producers = env["dmfg.producer"]
    for start in range(0, len(sites), chunk):
        producers |= _make_producers(
            env, sites[start : start + chunk], start, product, fdm, calendars
        )
        env.flush_all()
        env.invalidate_all()
        if commit:
            env.cr.commit()
    if commit:
        vacuum(env)
    else:
        # Statistics as autovacuum keeps them on a live database.
        env.cr.execute("ANALYZE dmfg_producer, product_supplierinfo, res_partner")
    return producers


def vacuum(env):
    """VACUUM ANALYZE the database, as autovacuum does on a live one after
    a bulk load: the build writes each producer's rows several times, and
    the versions left behind slow every later write until they are gone."""
    import psycopg2

    from odoo.sql_db import connection_info_for

    _name, info = connection_info_for(env.cr.dbname)
    connection = psycopg2.connect(**info)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()


def _make_producers(env, sites, offset, product, fdm, calendars):
    model = env["res.partner"].with_context(**CONTEXT)
    partners = model.create(
        [
            {
                "name": f"Bench {site.name}",
                "is_company": True,
                "partner_latitude": site.lat,
                "partner_longitude": site.lon,
            }
            for site in sites
        ]
    )
    env["product.supplierinfo"].create(
        [
            {
                "partner_id": partner.id,
                "product_tmpl_id": product.product_tmpl_id.id,
                "price": 10 + ((offset + i) % 7),
            }
            for i, partner in enumerate(partners)
        ]
    )
    producers = (
        env["dmfg.producer"]
        .with_context(**CONTEXT)
        .create(
            [
                {
                    "partner_id": partner.id,
                    "state": "active",
                    # No job limit: every order of (b) can be routed, as in the
                    # plain flow every order gets its purchase.
                    "max_open_jobs": 0,
                    "service_radius_km": 40,
                    "capacity_hours_per_day": 8,
                    "resource_calendar_id": calendars[(offset + i) % len(calendars)].id,
                    "process_ids": [(6, 0, fdm.ids)],
                }
                for i, partner in enumerate(partners)
            ]
        )
    )
    return producers


def make_calendars(env):
    """Three working calendars: the company's, a 4-day week, a half-day one."""
    from odoo import Command

    base = env.company.resource_calendar_id
    four_days = base.copy({"name": "Bench 4-day week"})
    four_days.attendance_ids.filtered(lambda a: a.dayofweek == "4").unlink()
    half = env["resource.calendar"].create(
        {
            "name": "Bench mornings",
            "attendance_ids": [
                Command.create(
                    {
                        "name": f"Morning {day}",
                        "dayofweek": str(day),
                        "hour_from": 8,
                        "hour_to": 12,
                    }
                )
                for day in range(5)
            ],
        }
    )
    return [base, four_days, half]


def naive_rank(env, product, lat, lon, due):
    """Check every producer one by one through the ORM (the slow way)."""
    from odoo.addons.distributed_mfg.services import geo

    today = due - timedelta(days=14)
    design = product.product_tmpl_id.dmfg_design_id
    max_km = float(
        env["ir.config_parameter"].get_param("distributed_mfg.max_distance_km", 150)
    )
    best = None
    for producer in env["dmfg.producer"].search([]):
        if producer.state not in ("active", "trial"):
            continue
        if not (producer.latitude or producer.longitude):
            continue
        distance = geo.distance_km(lat, lon, producer.latitude, producer.longitude)
        if distance > min(max_km, producer.service_radius_km):
            continue
        if design.process_ids - producer.process_ids:
            continue
        free = producer._get_free_capacity(today, due)[producer.id]
        if free < product.dmfg_production_hours:
            continue
        info = env["product.supplierinfo"].search(
            [
                ("partner_id", "=", producer.partner_id.id),
                ("product_tmpl_id", "=", product.product_tmpl_id.id),
            ],
            limit=1,
        )
        if not info:
            continue
        key = (round(distance, 9), producer.id)
        if best is None or key < best[0]:
            best = (key, producer.id)
    return best[1] if best else None


def bench_preview(env, args, product):
    job_model = env["dmfg.job"]
    due = job_model._dmfg_due_date()

    def rank():
        return job_model._dmfg_rank(product, 1.0, *CENTRE, due, env.company)

    def cold():
        env.registry.clear_all_caches()
        return rank()

    cold_s, cold_q, result = measure(env, cold, args.repeat)
    rank()
    warm_times, warm_queries = [], []
    for _run in range(max(args.repeat, 5)):
        before = env.cr.sql_log_count
        start = time.perf_counter()
        rank()
        warm_times.append(time.perf_counter() - start)
        warm_queries.append(env.cr.sql_log_count - before)
    warm_s, warm_q = statistics.median(warm_times), max(warm_queries)
    total = env["dmfg.producer"].search_count([("state", "=", "active")])
    print(f"(a) routing preview among {total} active producers, customer in Barcelona")
    print(
        f"    ours, warm: {warm_s * 1000:8.1f} ms {warm_q:6d} queries (median of "
        f"{len(warm_times)})"
    )
    print(
        f"    ours, cold: {cold_s * 1000:8.1f} ms {cold_q:6d} queries "
        f"({len(result.ranked)} ranked, {len(result.excluded)} excluded in reach)"
    )
    if not args.naive:
        return
    naive_s, naive_q, naive = measure(
        env, lambda: naive_rank(env, product, *CENTRE, due), 1
    )
    print(f"    naive     : {naive_s * 1000:8.1f} ms {naive_q:6d} queries")
    print(
        f"    ratio     : {naive_s / warm_s:8.1f}x faster warm, "
        f"{naive_q / max(warm_q, 1):.0f}x fewer queries"
    )
    # Same winner? The naive loop ranks by distance only; with equal prices
    # and capacities distance dominates, so compare with our nearest.
    nearest = min(
        result.ranked, key=lambda s: (round(s.distance_km, 9), s.producer_key)
    )
    print(f"    nearest eligible producer agrees: {nearest.producer_key == naive}")


def make_orders(env, product, count, customers):
    from odoo import Command

    return (
        env["sale.order"]
        .with_context(**CONTEXT)
        .create(
            [
                {
                    "partner_id": customers[i % len(customers)].id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1})
                    ],
                }
                for i in range(count)
            ]
        )
    )


def make_customers(env, count, seed):
    """``count`` customers spread over the region's towns (by population)."""
    from odoo.addons.distributed_mfg.services import places

    towns = places.towns_near(*CENTRE, 100, min_population=5000)
    sites = places.generate_sites(count, towns, seed=seed, jitter_km=2.0)
    return (
        env["res.partner"]
        .with_context(**CONTEXT)
        .create(
            [
                {
                    "name": f"Bench customer {i} {site.name}",
                    "partner_latitude": site.lat,
                    "partner_longitude": site.lon,
                }
                for i, site in enumerate(sites)
            ]
        )
    )


def confirm_each(env, orders):
    """``[(seconds, queries)]`` of confirming each order (its PO confirmed)."""
    costs = []
    for order in orders:
        before = env.cr.sql_log_count
        start = time.perf_counter()
        order.with_context(**CONTEXT).action_confirm()
        drafts = order._get_purchase_orders().filtered(lambda po: po.state == "draft")
        drafts.button_confirm()
        env.flush_all()
        costs.append((time.perf_counter() - start, env.cr.sql_log_count - before))
    return costs


def bench_order_cost(env, args, local, label):
    """Median seconds and queries to confirm one order, in the network now."""
    customers = make_customers(env, args.sample, args.seed + len(label))
    orders = make_orders(env, local, args.sample, customers)
    env.flush_all()
    env.invalidate_all()
    costs = confirm_each(env, orders)
    # Compare like with like: an order no producer can take makes no
    # purchase, manufacturing or dropship documents and costs far less.
    routed = [
        cost
        for cost, order in zip(costs, orders, strict=True)
        if order.order_line.dmfg_job_id.producer_id
    ] or costs
    seconds = statistics.median(c[0] for c in routed)
    queries = statistics.median(c[1] for c in routed)
    print(
        f"    {label:<34}: {seconds * 1000:7.1f} ms {queries:7.0f} queries per order "
        f"({len(routed)} of {len(costs)} routed)"
    )
    return seconds, queries


def make_subcontracted_twin(env, plain):
    """Odoo's own subcontracted dropship: the plain twin's route, a subcontract
    BoM made by one fixed subcontractor, its price."""
    from odoo import Command

    subcontractor = env["res.partner"].create(
        {"name": "Bench fixed subcontractor", "is_company": True}
    )
    twin = env["product.product"].create(
        {
            "name": "Bench lamp (subcontracted dropship)",
            "type": "consu",
            "route_ids": [Command.set(plain.route_ids.ids)],
            "seller_ids": [
                Command.create({"partner_id": subcontractor.id, "price": 10})
            ],
        }
    )
    env["mrp.bom"].create(
        {
            "product_tmpl_id": twin.product_tmpl_id.id,
            "type": "subcontract",
            "subcontractor_ids": [Command.set(subcontractor.ids)],
        }
    )
    return twin


def bench_confirm(env, args, local, plain):
    from odoo import Command

    vendor = env["res.partner"].create({"name": "Bench fixed vendor"})
    plain.product_tmpl_id.seller_ids = [
        Command.create({"partner_id": vendor.id, "price": 10})
    ]
    subcontracted = make_subcontracted_twin(env, plain)
    customers = make_customers(env, args.orders, args.seed + 7)
    results, purchases, productions = {}, {}, {}
    for label, product in (
        ("plain dropship", plain),
        ("subcontracted dropship", subcontracted),
        ("routed", local),
    ):
        orders = make_orders(env, product, args.orders, customers)
        env.flush_all()
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        for order in orders:
            order.with_context(**CONTEXT).action_confirm()
        # Both flows end with the order to the producer/vendor confirmed.
        drafts = orders._get_purchase_orders().filtered(lambda po: po.state == "draft")
        drafts.button_confirm()
        env.flush_all()
        results[label] = (time.perf_counter() - start, env.cr.sql_log_count - before)
        purchases[label] = len(orders._get_purchase_orders())
        productions[label] = env["mrp.production"].search_count(
            [("product_id", "=", product.id)]
        )
        if label == "routed":
            jobs = orders.order_line.dmfg_job_id
            routed = len(jobs.filtered("producer_id"))
            print(f"    routed: {routed} of {len(jobs)} jobs have a producer")
    ours_s, ours_q = results["routed"]
    print(
        f"(b) confirming {args.orders} sale orders, one line each, customers spread "
        "over the region"
    )
    for label in results:
        print(
            f"    {label:<24}: {results[label][0]:7.1f} s {results[label][1]:8d} "
            f"queries, {purchases[label]} purchase orders, {productions[label]} "
            "manufacturing orders"
        )
    for label in ("plain dropship", "subcontracted dropship"):
        base_s, base_q = results[label]
        print(
            f"    ratio routed / {label:<24}: {ours_s / base_s:5.2f}x time, "
            f"{ours_q / base_q:.2f}x queries"
        )


def run(args):
    with rolled_back_env(args.database, args.addons_path) as env:
        local, plain, fdm = make_catalogue(env)
        calendars = make_calendars(env)
        # Only the benchmark's producers route: the demo network steps aside.
        env["dmfg.producer"].search([("state", "in", ("active", "trial"))]).write(
            {"state": "suspended"}
        )
        start = time.perf_counter()
        make_network(
            env, args.network, args.seed, local, fdm, calendars, commit=args.commit
        )
        print(
            f"Network of {args.network} producers made active through the normal "
            f"path in {time.perf_counter() - start:.1f} s"
        )
        if args.orders and "b" in args.parts:
            bench_confirm(env, args, local, plain)
        if "c" in args.parts:
            print(f"(c) confirming one order ({args.sample} orders, median)")
            small = bench_order_cost(env, args, local, f"{args.network} producers")
        start = time.perf_counter()
        make_network(
            env, args.count, args.seed + 1, local, fdm, calendars, commit=args.commit
        )
        made = time.perf_counter() - start
        print(
            f"{args.count} more producers made active through the normal path in "
            f"{made:.0f} s"
        )
        if "c" in args.parts:
            large = bench_order_cost(
                env, args, local, f"{args.network + args.count} producers"
            )
            print(
                f"    ratio large / small: {large[0] / small[0]:7.2f}x time, "
                f"{large[1] / small[1]:.2f}x queries"
            )
        if "a" in args.parts:
            bench_preview(env, args, local)


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, REPO)
    run(args)


if __name__ == "__main__":
    main()
