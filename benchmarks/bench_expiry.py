#!/usr/bin/env python3
# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark: the offer-expiry pass over N expired offers (10,000 by default).

Makes N jobs offered to the demo network's producers (records only: no sale
order, so no purchase documents; routing, the privacy release, the emails and
the chatter run as in production), all past their answer-by deadline, then
moves them on from the same starting point (each run is rolled back to it):

* the baseline: a plain pass, one job at a time as a naive cron would do it
  (search them, then for each: read it alone, lock nothing, move it), over
  the first ``--baseline-offers`` (1,000 by default) to keep the run short;
* ``dmfg.job._cron_dmfg_expire_offers``: the cron, one batch per call
  (Settings: ``expiry_batch``, 100 by default) with row locks, called until
  nothing is left, as Odoo's cron runner does.

The offers both moved must end the same (checked). It prints the time and
SQL queries of each, per job, their ratio per job, and the queries of one
cron call for 1, 10 and all batches waiting (they must not grow with the
offers waiting). Everything runs in one transaction that is rolled back.

Usage (a database with both addons and the demo data)::

    python3 benchmarks/bench_expiry.py -d dmfg_demo
    python3 benchmarks/bench_expiry.py -d dmfg_demo --offers 2000
"""

import argparse
import os
import sys
import time
from datetime import timedelta

from bench_common import default_addons_path, rolled_back_env  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTEXT = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", default=os.environ.get("DMFG_BENCH_DB"))
    parser.add_argument("--offers", type=int, default=10000)
    parser.add_argument(
        "--baseline-offers",
        type=int,
        default=1000,
        help="offers the plain pass moves (the first ones by deadline; "
        "it is compared per job with the cron on the same offers)",
    )
    parser.add_argument("--addons-path", default=None)
    args = parser.parse_args(argv)
    if not args.database:
        parser.error("give the database with -d or DMFG_BENCH_DB")
    args.addons_path = args.addons_path or default_addons_path()
    return args


def make_offers(env, count):
    """``count`` offered jobs on the demo network, all past their deadline."""
    from odoo import fields

    producers = env["dmfg.producer"].search([("state", "=", "active")], order="id")
    customers = (
        env["res.partner"].search(
            [("name", "in", ("Laia Ferrer", "Marc Puig", "Anna Soler", "Jordi Vidal"))]
        )
        or env["sale.order"].search([], limit=4).partner_shipping_id
    )
    # The demo's products made locally, but the non-commercial design.
    products = (
        env["product.product"]
        .search([("product_tmpl_id.dmfg_design_id", "!=", False)], order="id")
        .filtered(
            lambda p: "NC" not in (p.product_tmpl_id.dmfg_design_id.licence or "")
        )
    )
    # Room for everything: the pass then measures moves, not refusals.
    producers.write({"max_open_jobs": count})
    now = fields.Datetime.now()
    due = fields.Date.context_today(env["dmfg.job"]) + timedelta(days=21)
    values = []
    for index in range(count):
        product = products[index % len(products)]
        customer = customers[index % len(customers)]
        values.append(
            {
                # Where routing measures from (set from the order's address
                # when a sale order makes the job).
                "customer_latitude": customer.partner_latitude,
                "customer_longitude": customer.partner_longitude,
                "producer_id": producers[index % len(producers)].id,
                "state": "offered",
                "partner_shipping_id": customer.id,
                "product_id": product.id,
                "product_qty": 1,
                "product_uom_id": product.uom_id.id,
                "date_due": due,
                "date_offered": now - timedelta(hours=50),
                "date_accept_deadline": now - timedelta(hours=2, seconds=index),
            }
        )
    jobs = env["dmfg.job"].with_context(**CONTEXT).create(values)
    env.flush_all()
    return jobs


def run_cron(env):
    calls = 0
    while env["dmfg.job"]._cron_dmfg_expire_offers():
        calls += 1
    return calls


def run_plain(env, jobs, limit):
    """The naive pass: the ``limit`` oldest expired offers, one at a time."""
    from odoo import fields

    from odoo.addons.distributed_mfg.services import offers

    now = fields.Datetime.now()
    found = env["dmfg.job"].search(
        [("state", "=", "offered"), ("date_accept_deadline", "<=", now)],
        order="date_accept_deadline, id",
        limit=limit,
    )
    for job_id in found.ids:
        job = env["dmfg.job"].browse(job_id).with_prefetch()
        action = offers.plan_expiry(
            [offers.Offer(job.id, job.date_accept_deadline, job.move_count)],
            now,
            offers.DEFAULT_MAX_MOVES,
        )[0][1]
        job._dmfg_expire_offer(action, offers.DEFAULT_MAX_MOVES)
    return len(found)


def measured(env, func):
    env.invalidate_all()
    before = env.cr.sql_log_count
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    env.flush_all()
    return seconds, env.cr.sql_log_count - before


def outcome(env, jobs):
    env.invalidate_all()
    return {job.id: (job.state, job.producer_id.id) for job in jobs}


def one_call_queries(env, jobs, waiting):
    """Queries of one cron call with ``waiting`` offers past their deadline."""
    from odoo import fields

    env.cr.execute("SAVEPOINT one_call")
    later = fields.Datetime.now() + timedelta(days=30)
    jobs[waiting:].write({"date_accept_deadline": later})
    env.flush_all()
    _seconds, queries = measured(env, env["dmfg.job"]._cron_dmfg_expire_offers)
    env.cr.execute("ROLLBACK TO SAVEPOINT one_call")
    env.invalidate_all()
    return queries


def run(args):
    with rolled_back_env(args.database, args.addons_path) as env:
        env = env(context=dict(env.context, **CONTEXT))
        # Offers of the database past their deadline are not ours to count.
        env["dmfg.job"].search(
            [("state", "=", "offered"), ("date_accept_deadline", "!=", False)]
        ).write({"date_accept_deadline": False})
        start = time.perf_counter()
        jobs = make_offers(env, args.offers)
        batch = env["dmfg.job"]._dmfg_portal_param(
            "distributed_mfg_portal.expiry_batch", 100
        )
        print(
            f"Made {len(jobs)} expired offers on "
            f"{len(set(jobs.mapped('producer_id')))} producers in "
            f"{time.perf_counter() - start:.1f} s (batch {batch})\n"
        )
        # Oldest deadline first, as both passes go.
        ordered = jobs.sorted(lambda j: (j.date_accept_deadline, j.id))
        sample = ordered[: min(args.baseline_offers, len(jobs))]
        env.cr.execute("SAVEPOINT start")
        plain_s, plain_q = measured(env, lambda: run_plain(env, jobs, len(sample)))
        plain = outcome(env, sample)
        env.cr.execute("ROLLBACK TO SAVEPOINT start")
        env.invalidate_all()
        cron_s, cron_q = measured(env, lambda: run_cron(env))
        cron = outcome(env, jobs)
        env.cr.execute("ROLLBACK TO SAVEPOINT start")
        env.invalidate_all()
        differ = sum(1 for key in plain if plain[key] != cron[key])
        if differ:
            sys.exit(f"FAILED: {differ} jobs end differently in the two passes")
        moved = sum(1 for state, _p in cron.values() if state == "offered")
        n, k = len(jobs), len(sample)
        header = f"{'expired offers':<24} {'offers':>7} {'time':>9} {'queries':>9} "
        header += f"{'ms/job':>8} {'queries/job':>12}"
        print(header)
        print("-" * len(header))
        for label, count, seconds, queries in (
            ("plain pass (baseline)", k, plain_s, plain_q),
            ("expiry cron, batched", n, cron_s, cron_q),
        ):
            print(
                f"{label:<24} {count:>7} {seconds:>8.1f}s {queries:>9} "
                f"{seconds * 1000 / count:>8.1f} {queries / count:>12.1f}"
            )
        time_ratio = (plain_s / k) / (cron_s / n)
        query_ratio = (plain_q / k) / (cron_q / n)
        print(
            f"{'ratio baseline / cron':<24} {'per job':>7} "
            f"{time_ratio:>8.2f}x {query_ratio:>8.2f}x"
        )
        print(
            f"\nThe {k} offers the plain pass moved end as in the cron. The cron "
            f"moved {moved} of the {n} to another producer and left {n - moved} "
            "unassigned for the planner (the network filled up)."
        )
        print("\nQueries of one cron call by offers waiting:")
        for waiting in sorted({batch, batch * 10, n}):
            if waiting <= n:
                print(f"  {waiting:>6} waiting: {one_call_queries(env, jobs, waiting)}")


def main(argv=None):
    args = parse_args(argv)
    sys.path.insert(0, REPO)
    run(args)


if __name__ == "__main__":
    main()
