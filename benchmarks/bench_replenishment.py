#!/usr/bin/env python3
# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: per-producer replenishment vs Odoo's scheduler on the same rules.

Creates N producers (500 by default) around real towns within
``--spread-km`` of Barcelona (GeoNames data, deterministic with ``--seed``),
C components (20 by default: half resupplied from the central warehouse,
half bought from the vendor nearest to the producer), a dozen vendors in
real towns and one min/max reordering rule per producer and component (N x
C rules). About a fifth of the rules start below their minimum.

Then, on the same rules and from the same starting point (each run is
rolled back before the next), it compares:

* the baseline: Odoo's scheduler step for reordering rules,
  ``stock.warehouse.orderpoint._procure_orderpoint_confirm`` (what
  ``procurement.group.run_scheduler`` runs);
* ``dmfg.producer.replenish()`` (*Replenish now*), which runs the same
  Odoo method on the given producers' rules and returns a summary.

Both run Odoo's quantities (``qty_to_order``) through our hooks (route of
the supply mode, vendor nearest to the producer, blocked components) and
must order the same quantities (checked). It prints the time and SQL
queries of each, their ratio, and how the queries grow with the number of
producers replenished (1, 10, 100, N), split into Odoo deciding the
quantities, our supply hooks (route, vendor, blocked) and the whole run.
Everything runs in one transaction that is rolled back: the database is
left as it was.

Usage (a database with ``distributed_mfg`` installed; demo data optional)::

    odoo -d dmfg_bench -i distributed_mfg --stop-after-init --without-demo=all
    python3 benchmarks/bench_replenishment.py -d dmfg_bench
    python3 benchmarks/bench_replenishment.py -d dmfg_bench --producers 100

The database may also come from the ``DMFG_BENCH_DB`` environment variable;
``--addons-path`` defaults to Odoo's addons plus this repository.
"""

import argparse
import os
import random
import sys
import time

from bench_common import default_addons_path, rolled_back_env  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CENTRE = (41.3874, 2.1686)  # Barcelona, Plaça de Catalunya
VENDOR_COUNT = 12
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-d", "--database", default=os.environ.get("DMFG_BENCH_DB"), required=False
    )
    parser.add_argument("--producers", type=int, default=500)
    parser.add_argument("--components", type=int, default=20)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--spread-km",
        type=float,
        default=150.0,
        help="towns used lie within this distance of Barcelona",
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
    if args.producers < 1 or args.components < 2:
        parser.error("at least 1 producer and 2 components")
    return args


# ----------------------------------------------------------------- network


def create_network(env, args):
    """Producers, components, vendors, stock and rules; returns a dict."""
    from odoo.addons.distributed_mfg.services import places

    rng = random.Random(args.seed)
    env = env(context=dict(env.context, **CONTEXT))
    towns = places.towns_near(*CENTRE, args.spread_km, min_population=1000)
    sites = places.generate_sites(args.producers, towns, seed=args.seed, jitter_km=3)
    spain = env.ref("base.es").id
    partners = env["res.partner"].create(
        [
            {
                "name": f"Bench {site.name}",
                "is_company": True,
                "city": site.town,
                "country_id": spain,
                "partner_latitude": site.lat,
                "partner_longitude": site.lon,
            }
            for site in sites
        ]
    )
    producers = env["dmfg.producer"].create(
        [{"partner_id": partner.id, "state": "active"} for partner in partners]
    )
    half = args.components // 2
    components = env["product.product"].create(
        [
            {
                "name": f"Bench component {index:02d}",
                "is_storable": True,
                "standard_price": 1.0 + index,
                "dmfg_supply_mode": "central" if index < half else "buy",
            }
            for index in range(args.components)
        ]
    )
    central, bought = components[:half], components[half:]
    vendor_towns = rng.sample(towns[:60], VENDOR_COUNT)
    vendors = env["res.partner"].create(
        [
            {
                "name": f"Bench vendor {town.name}",
                "is_company": True,
                "city": town.name,
                "country_id": spain,
                "partner_latitude": town.lat,
                "partner_longitude": town.lon,
            }
            for town in vendor_towns
        ]
    )
    env["product.supplierinfo"].create(
        [
            {
                "partner_id": vendor.id,
                "product_tmpl_id": product.product_tmpl_id.id,
                "price": round(rng.uniform(2.0, 9.0), 2),
                "delay": rng.randint(1, 5),
            }
            for vendor in vendors
            for product in bought
        ]
    )
    warehouse = env["stock.warehouse"]._dmfg_get_main_warehouse(env.company)
    quants = [
        {"product_id": p.id, "location_id": warehouse.lot_stock_id.id, "quantity": 1e6}
        for p in central
    ]
    rules = []
    for producer in producers:
        for product in components:
            quants.append(
                {
                    "product_id": product.id,
                    "location_id": producer.location_id.id,
                    # One rule in five below its minimum of 5.
                    "quantity": rng.choice((0, 1, 2, 3, 4))
                    if rng.random() < 0.2
                    else 12,
                }
            )
            rules.append(
                {
                    "dmfg_producer_id": producer.id,
                    "product_id": product.id,
                    "product_min_qty": 5,
                    "product_max_qty": 20,
                }
            )
    env["stock.quant"].sudo().create(quants)
    orderpoints = env["stock.warehouse.orderpoint"].create(rules)
    env.flush_all()
    for table in ("stock_quant", "stock_warehouse_orderpoint", "stock_move"):
        env.cr.execute(f"ANALYZE {table}")  # fresh planner statistics
    return {
        "producers": producers,
        "orderpoints": orderpoints,
        "towns": len(towns),
        "vendors": vendors,
    }


# ------------------------------------------------------------ measurements


def ordered_quantities(env, orderpoints):
    """``{orderpoint_id: qty}`` ordered by the rules (purchase lines, moves)."""
    result = {}
    for line in env["purchase.order.line"].search(
        [("orderpoint_id", "in", orderpoints.ids)]
    ):
        result[line.orderpoint_id.id] = result.get(line.orderpoint_id.id, 0.0) + (
            line.product_qty
        )
    for move in env["stock.move"].search([("orderpoint_id", "in", orderpoints.ids)]):
        result[move.orderpoint_id.id] = result.get(move.orderpoint_id.id, 0.0) + (
            move.product_uom_qty
        )
    return result


def measure_rolled_back(env, func, orderpoints):
    """Seconds, SQL queries and ordered quantities of ``func()``, rolled back."""
    savepoint = env.cr.savepoint()
    try:
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        env.flush_all()
        seconds = time.perf_counter() - start
        queries = env.cr.sql_log_count - before
        ordered = ordered_quantities(env, orderpoints)
        documents = (
            len(
                env["purchase.order"].search(
                    [("order_line.orderpoint_id", "in", orderpoints.ids)]
                )
            ),
            len(
                env["stock.move"]
                .search([("orderpoint_id", "in", orderpoints.ids)])
                .picking_id
            ),
        )
    finally:
        savepoint.close(rollback=True)
        env.invalidate_all()
    return seconds, queries, ordered, documents


def hook_queries(env, orderpoints):
    """SQL queries of our supply hooks (route, vendor, blocked), quantities read."""
    env.invalidate_all()
    orderpoints.mapped("qty_to_order")
    before = env.cr.sql_log_count
    orderpoints.mapped("dmfg_blocked_reason")
    return env.cr.sql_log_count - before


def odoo_decide_queries(env, orderpoints):
    """SQL queries of Odoo computing the rules' quantities to order."""
    env.invalidate_all()
    before = env.cr.sql_log_count
    orderpoints.mapped("qty_to_order")
    return env.cr.sql_log_count - before


def run(args):
    with rolled_back_env(args.database, args.addons_path) as env:
        company = env.company
        start = time.perf_counter()
        network = create_network(env, args)
        producers, orderpoints = network["producers"], network["orderpoints"]
        print(
            f"Created {len(producers)} producers around {network['towns']} real towns "
            f"within {args.spread_km:g} km of Barcelona, {args.components} components, "
            f"{len(network['vendors'])} vendors and {len(orderpoints)} reordering "
            f"rules in {time.perf_counter() - start:.1f} s\n"
        )
        odoo_s, odoo_q, odoo_ordered, odoo_docs = measure_rolled_back(
            env,
            lambda: orderpoints._procure_orderpoint_confirm(
                use_new_cursor=False, company_id=company
            ),
            orderpoints,
        )
        ours_s, ours_q, ours_ordered, ours_docs = measure_rolled_back(
            env, producers.replenish, orderpoints
        )
        check_same(odoo_ordered, ours_ordered)
        header = (
            f"{'all ' + str(len(producers)) + ' producers':<28} {'time':>8} "
            f"{'queries':>8} {'rules ordered':>14} {'POs':>5} {'transfers':>9}"
        )
        print(header)
        print("-" * len(header))
        for label, seconds, queries, ordered, docs in (
            ("Odoo scheduler (baseline)", odoo_s, odoo_q, odoo_ordered, odoo_docs),
            ("dmfg replenish()", ours_s, ours_q, ours_ordered, ours_docs),
        ):
            print(
                f"{label:<28} {seconds:>7.2f}s {queries:>8} {len(ordered):>14} "
                f"{docs[0]:>5} {docs[1]:>9}"
            )
        print(
            f"{'ratio scheduler / dmfg':<28} {odoo_s / ours_s:>7.1f}x "
            f"{odoo_q / ours_q:>7.1f}x"
        )
        print(
            f"\nSame quantities ordered by both for all {len(orderpoints)} rules "
            f"({sum(ours_ordered.values()):g} units on {len(ours_ordered)} rules)."
        )
        scaling(env, producers, orderpoints, company)


def check_same(expected, got):
    keys = set(expected) | set(got)
    diff = [
        (key, expected.get(key), got.get(key))
        for key in sorted(keys)
        if abs((expected.get(key) or 0.0) - (got.get(key) or 0.0)) > 1e-6
    ]
    if diff:
        raise SystemExit(f"MISMATCH on {len(diff)} rules, e.g. {diff[:5]}")


def scaling(env, producers, orderpoints, company):
    """Queries as the number of producers replenished grows."""
    sizes = sorted(
        {size for size in (1, 10, 100, len(producers)) if size <= len(producers)}
    )
    print(
        "\nQueries by number of producers replenished (same network; 'decide' = "
        "Odoo reading the\nforecasts and quantities to order, 'hooks' = our "
        "route, vendor and blocked check on top,\n'total' = the whole run, "
        "creating the transfers and purchase orders):"
    )
    header = (
        f"{'producers':>9} {'rules':>6} | {'decide':>6} {'hooks':>6} | "
        f"{'scheduler total':>15} {'per producer':>12} | {'dmfg total':>10} "
        f"{'per producer':>12}"
    )
    print(header)
    print("-" * len(header))
    for size in sizes:
        subset = producers[:size]
        rules = orderpoints.filtered(
            lambda op, subset=subset: op.dmfg_producer_id in subset
        )
        odoo_decide = odoo_decide_queries(env, rules)
        hooks = hook_queries(env, rules)
        _s, odoo_total, _o, _d = measure_rolled_back(
            env,
            lambda rules=rules: rules._procure_orderpoint_confirm(
                use_new_cursor=False, company_id=company
            ),
            rules,
        )
        _s, ours_total, _o, _d = measure_rolled_back(env, subset.replenish, rules)
        print(
            f"{size:>9} {len(rules):>6} | {odoo_decide:>6} {hooks:>6} | "
            f"{odoo_total:>15} {odoo_total / size:>12.1f} | {ours_total:>10} "
            f"{ours_total / size:>12.1f}"
        )


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, REPO)
    run(args)


if __name__ == "__main__":
    main()
