#!/usr/bin/env python3
# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: how much the database grows per order, against Odoo's plain flow.

M one-line sale orders (200 by default) for customers spread over the region
are created and confirmed through the normal path (chatter and tracking on, as
in production; the purchase order to the producer or vendor confirmed too):

(a) routed by the addon in a network of producers (50 by default), each order
    becoming a job with its purchase order, subcontracting MO and dropship;
(b) the same orders through Odoo's plain dropship route with a fixed vendor
    (the baseline: one purchase order per order there too).

For each flow it prints, per order: bytes added to the database (tables with
their TOAST, and indexes, from ``pg_table_size``/``pg_indexes_size`` of every
table before and after), rows added per table, wall time and SQL queries of
confirming; then the tables and indexes that grow most, and the ratios ours /
plain. (c) Bytes and rows per producer made active through the normal path
(``--producers``, 1,000 by default), for sizing a large network. (d) Bytes and
rows per job queued with queue_job (``--jobs``, 1,000 by default).

Everything runs in one transaction that is rolled back: the database is left as
it was (PostgreSQL keeps the dead rows' space until it vacuums). Sizes are read
inside that transaction: new rows land in pages with free space first, so on a
database with much free space the bytes come out low; ``--vacuum-full`` runs
VACUUM FULL first (use it on a copy).

Usage (a database with ``distributed_mfg`` installed, demo data optional)::

    createdb -T dmfg_demo dmfg_growth
    python3 benchmarks/bench_growth.py -d dmfg_growth --vacuum-full
    python3 benchmarks/bench_growth.py -d dmfg_growth --orders 500 --top 20
"""

import argparse
import os
import sys
import time

from bench_common import default_addons_path, rolled_back_env  # noqa: E402
from bench_routing import (  # noqa: E402
    make_calendars,
    make_catalogue,
    make_customers,
    make_network,
)

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

SIZES = """
    SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r'
"""
INDEX_SIZES = """
    SELECT i.relname, t.relname, pg_relation_size(i.oid)
      FROM pg_index x
      JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_class t ON t.oid = x.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE n.nspname = 'public'
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", default=os.environ.get("DMFG_BENCH_DB"))
    parser.add_argument("--orders", type=int, default=200, help="sale orders")
    parser.add_argument("--network", type=int, default=50, help="producers routed to")
    parser.add_argument(
        "--producers", type=int, default=1000, help="producers made for (c); 0: skip"
    )
    parser.add_argument(
        "--radius", type=float, default=150, help="service radius of the network, km"
    )
    parser.add_argument(
        "--jobs", type=int, default=1000, help="queued jobs for (d); 0: skip"
    )
    parser.add_argument("--top", type=int, default=12, help="tables/indexes listed")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--vacuum-full",
        action="store_true",
        help="VACUUM FULL the database first, so new rows do not fill old free space",
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


class Snapshot:
    """Bytes of every table and index, and rows of every table, at one moment."""

    def __init__(self, cr):
        cr.execute(SIZES)
        self.tables = {name: (data, index) for name, data, index in cr.fetchall()}
        cr.execute(INDEX_SIZES)
        self.indexes = {name: (table, size) for name, table, size in cr.fetchall()}
        self.rows = {}
        for name in self.tables:
            cr.execute(f'SELECT count(*) FROM "{name}"')  # names from pg_class
            self.rows[name] = cr.fetchone()[0]

    def growth(self, later):
        """{table: (data bytes, index bytes, rows)} added from self to later,
        and {index: (table, bytes)} added."""
        tables = {}
        for name, (data, index) in later.tables.items():
            old_data, old_index = self.tables.get(name, (0, 0))
            added = (
                data - old_data,
                index - old_index,
                later.rows[name] - self.rows.get(name, 0),
            )
            if any(added):
                tables[name] = added
        indexes = {
            name: (table, size - self.indexes.get(name, (table, 0))[1])
            for name, (table, size) in later.indexes.items()
            if size != self.indexes.get(name, (table, 0))[1]
        }
        return tables, indexes


def vacuum_full(database):
    import psycopg2

    conn = psycopg2.connect(dbname=database)
    conn.autocommit = True
    start = time.perf_counter()
    with conn.cursor() as cur:
        cur.execute("VACUUM FULL")
    conn.close()
    print(f"VACUUM FULL {database}: {time.perf_counter() - start:.0f} s")


def make_orders(env, product, customers):
    """One order per customer, created the normal way (chatter on)."""
    from odoo import Command

    return env["sale.order"].create(
        [
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 1})
                ],
            }
            for customer in customers
        ]
    )


def run_flow(env, product, customers):
    """Create and confirm one order per customer; growth, seconds, queries."""
    env.flush_all()
    before = Snapshot(env.cr)
    orders = make_orders(env, product, customers)
    env.flush_all()
    env.invalidate_all()
    queries = env.cr.sql_log_count
    start = time.perf_counter()
    for order in orders:
        order.action_confirm()
    # Both flows end with the order to the producer/vendor confirmed.
    drafts = orders._get_purchase_orders().filtered(lambda po: po.state == "draft")
    drafts.button_confirm()
    env.flush_all()
    seconds = time.perf_counter() - start
    queries = env.cr.sql_log_count - queries
    growth = before.growth(Snapshot(env.cr))
    return orders, growth, seconds, queries


def totals(growth):
    tables, _indexes = growth
    data = sum(g[0] for g in tables.values())
    index = sum(g[1] for g in tables.values())
    rows = sum(g[2] for g in tables.values())
    return data, index, rows


def ratio(ours, base):
    return f"{ours / base:.2f}x" if base else "n/a"


def kib(size):
    return f"{size / 1024:9.1f} KiB"


def print_growth(label, growth, count, top, unit="order"):
    tables, indexes = growth
    data, index, rows = totals(growth)
    print(
        f"    {label}: {kib((data + index) / count)} per {unit} "
        f"({kib(data / count).strip()} tables, {kib(index / count).strip()} "
        f"indexes), {rows / count:.1f} rows per {unit}"
    )
    print(f"      tables growing most (per {count}):")
    ranked = sorted(tables.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))
    for name, (t_bytes, i_bytes, n_rows) in ranked[:top]:
        print(
            f"        {name:<36} {kib(t_bytes)} + {kib(i_bytes)} indexes "
            f"{n_rows:7d} rows"
        )
    print("      indexes growing most:")
    ranked = sorted(indexes.items(), key=lambda kv: -kv[1][1])
    for name, (_table, size) in ranked[:top]:
        print(f"        {name:<60} {kib(size)}")


def print_widest_columns(cr, table, count=6):
    """Average stored bytes of a table's widest columns, over all its rows."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = 'public' AND table_name = %s",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    sizes = ", ".join(f'avg(pg_column_size("{c}"))' for c in columns)
    cr.execute(f'SELECT count(*), {sizes} FROM "{table}"')  # names from the catalog
    rows, *averages = cr.fetchone()
    ranked = sorted(zip(columns, averages, strict=True), key=lambda c: -(c[1] or 0))
    widest = ", ".join(f"{c} {a or 0:.0f} B" for c, a in ranked[:count])
    print(f"    widest columns of {table} (average over {rows} rows): {widest}")


def bench_orders(env, args, local, plain):
    from odoo import Command

    vendor = env["res.partner"].create({"name": "Bench fixed vendor"})
    plain.product_tmpl_id.seller_ids = [
        Command.create({"partner_id": vendor.id, "price": 10})
    ]
    customers = make_customers(env, args.orders, args.seed + 7)
    results = {}
    for label, product in (("plain dropship", plain), ("routed", local)):
        orders, growth, seconds, queries = run_flow(env, product, customers)
        routed = len(orders.order_line.dmfg_job_id.filtered("producer_id"))
        results[label] = (growth, seconds, queries, routed)
    n = args.orders
    print(
        f"(a, b) creating and confirming {n} one-line sale orders, customers spread "
        f"over the region, chatter on; their purchase orders confirmed"
    )
    for label, (_growth, seconds, queries, routed) in results.items():
        extra = f", {routed} routed to a producer" if label == "routed" else ""
        print(
            f"    {label:<15}: {seconds / n * 1000:7.1f} ms {queries / n:7.1f} "
            f"queries per order to confirm{extra}"
        )
    for label, (growth, *_rest) in results.items():
        print_growth(label, growth, n, args.top)
    (p_growth, p_s, p_q, _r), (o_growth, o_s, o_q, _r2) = (
        results["plain dropship"],
        results["routed"],
    )
    for table in ("dmfg_job", "mail_message"):
        print_widest_columns(env.cr, table)
    p_data, p_index, p_rows = totals(p_growth)
    o_data, o_index, o_rows = totals(o_growth)
    print(
        f"    ratio routed / plain: {ratio(o_data + o_index, p_data + p_index)} "
        f"bytes ({ratio(o_data, p_data)} tables, {ratio(o_index, p_index)} indexes), "
        f"{ratio(o_rows, p_rows)} rows, {ratio(o_s, p_s)} time, "
        f"{ratio(o_q, p_q)} queries"
    )


def bench_producers(env, args, local, fdm, calendars):
    env.flush_all()
    before = Snapshot(env.cr)
    start = time.perf_counter()
    make_network(env, args.producers, args.seed + 1, local, fdm, calendars)
    seconds = time.perf_counter() - start
    growth = before.growth(Snapshot(env.cr))
    print(
        f"(c) {args.producers} producers made active through the normal path "
        f"(partner, vendor price, stock location, subcontracting property) in "
        f"{seconds:.0f} s"
    )
    print_growth("producers", growth, args.producers, args.top, unit="producer")


def bench_jobs(env, args):
    """Bytes and rows per queued job (queue_job), one record and no arguments:
    what each delayed call adds until queue_job's autovacuum removes it."""
    producers = env["dmfg.producer"].search([], limit=args.jobs)
    env.flush_all()
    before = Snapshot(env.cr)
    for i in range(args.jobs):
        producer = producers[i % len(producers)]
        producer.with_delay(
            channel="root.dmfg_geocoder", description=f"Bench job {i}"
        ).exists()
    env.flush_all()
    growth = before.growth(Snapshot(env.cr))
    print(f"(d) {args.jobs} jobs queued (queue_job, one record each, not run)")
    print_growth("queued jobs", growth, args.jobs, min(args.top, 5), unit="job")


def run(args):
    with rolled_back_env(args.database, args.addons_path) as env:
        local, plain, fdm = make_catalogue(env)
        calendars = make_calendars(env)
        # Only the benchmark's producers route: the demo network steps aside.
        env["dmfg.producer"].search([("state", "in", ("active", "trial"))]).write(
            {"state": "suspended"}
        )
        network = make_network(env, args.network, args.seed, local, fdm, calendars)
        # Every customer within reach of some producer: growth compares orders
        # that all make their documents (an unassigned one makes none).
        # Nor does any producer reach its limit of open jobs (3 by default).
        network.write(
            {"service_radius_km": args.radius, "max_open_jobs": args.orders + 1}
        )
        print(
            f"Network of {args.network} producers made active, service radius "
            f"{args.radius:g} km"
        )
        if args.orders:
            bench_orders(env, args, local, plain)
        if args.producers:
            bench_producers(env, args, local, fdm, calendars)
        if args.jobs:
            bench_jobs(env, args)


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, REPO)
    if args.vacuum_full:
        vacuum_full(args.database)
    run(args)


if __name__ == "__main__":
    main()
