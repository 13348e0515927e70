# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Load on a real multi-worker server: parallel order confirmations.

Four clients, each with its own XML-RPC connection, confirm 60 one-line sale
orders each at the same time, against Odoo with two prefork workers
(``odoo_workers_server``). The network, around Reykjavík (far from the demo
network and from the other suites' ones), has fewer places than orders: two
producers are bound by their job limit, two by their production hours. So
confirmations race for the same producers' last places: each assignment locks
its producer's row, the loser of a race fails with a serialization error and
Odoo retries its whole request (``odoo.service.model.retrying``).

Whatever the interleaving: every order is confirmed and has its job, every job
is routed or unassigned with its reasons, none is left waiting, and no producer
holds more jobs or hours than it can.
"""

import re
import threading
import time
from collections import Counter
from datetime import date, timedelta

import pytest
from conftest import login_factory
from remote_network import build_network, close_network, set_dispatch_mode

CLIENTS = 4
ORDERS_PER_CLIENT = 60
REYKJAVIK = (64.1466, -21.9426)
KOPAVOGUR = (64.1123, -21.9123)
HAFNARFJORDUR = (64.0671, -21.9377)
MOSFELLSBAER = (64.1668, -21.6990)
GARDABAER = (64.0886, -21.9229)
SELTJARNARNES = (64.1537, -22.0009)
KEFLAVIK = (64.0049, -22.5624)
# Job limits bind two producers, production hours per day the two others
# (1 hour per order; about 10 working days until the due date): about 80
# places for 240 orders.
PRODUCERS = {
    "Reykjavik": {"max_open_jobs": 30, "capacity_hours_per_day": 8},
    "Kopavogur": {"max_open_jobs": 20, "capacity_hours_per_day": 8},
    "Hafnarfjordur": {"max_open_jobs": 0, "capacity_hours_per_day": 2},
    "Mosfellsbaer": {"max_open_jobs": 0, "capacity_hours_per_day": 1},
}
CUSTOMERS = {
    "Reykjavik": REYKJAVIK,
    "Gardabaer": GARDABAER,
    "Seltjarnarnes": SELTJARNARNES,
    "Keflavik": KEFLAVIK,
}
# Reasons a job of this network may be left out for: the network is full.
FULL_REASONS = {"job_limit", "no_capacity", "too_late"}
# odoo/service/model.py, retrying(): "<exc>, <n> tries left, try again in ..."
RETRY_LINE = re.compile(
    r"INFO \S+ odoo\.service\.model: (\w+), \d+ tries left, try again in"
)
# ... and when it gives up: "<exc>, maximum number of tries reached!"
GAVE_UP_LINE = re.compile(
    r"INFO \S+ odoo\.service\.model: (\w+), maximum number of tries reached"
)


@pytest.fixture(scope="module")
def iceland(odoo_workers_server):
    admin = login_factory(odoo_workers_server)("admin", "admin")
    set_dispatch_mode(admin, "immediate")
    network = build_network(
        admin,
        {
            "Reykjavik": REYKJAVIK,
            "Kopavogur": KOPAVOGUR,
            "Hafnarfjordur": HAFNARFJORDUR,
            "Mosfellsbaer": MOSFELLSBAER,
        },
        CUSTOMERS,
        "Reykjavik bracket",
        producer_values=PRODUCERS,
        hours=1.0,
    )
    yield admin, network
    # The orders stay (cancelling 240 is slow); closed producers take no more.
    network["orders"] = []
    close_network(admin, network)


def _confirm_all(server, order_ids, errors, index):
    client = login_factory(server)("admin", "admin")
    for order in order_ids:
        try:
            client.execute("sale.order", "action_confirm", [order])
        except Exception as error:  # noqa: BLE001 - reported by the test
            errors.append((index, order, repr(error)[:300]))


def _retry_counts(logfile, offset):
    """``(retries, gave up)``: Counters of Odoo's retry lines by error."""
    with open(logfile, encoding="utf-8", errors="replace") as fh:
        fh.seek(offset)
        text = fh.read()
    return (
        Counter(m.group(1) for m in RETRY_LINE.finditer(text)),
        Counter(m.group(1) for m in GAVE_UP_LINE.finditer(text)),
    )


def test_parallel_confirmations_lose_nothing_and_overbook_no_one(
    odoo_workers_server, iceland, capsys
):
    admin, network = iceland
    customers = [network[f"customer_{name}"] for name in CUSTOMERS]
    product = network["product"]
    total = CLIENTS * ORDERS_PER_CLIENT
    orders = admin.execute(
        "sale.order",
        "create",
        [
            {
                "partner_id": customers[i % len(customers)],
                "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 1})],
            }
            for i in range(total)
        ],
    )
    network["orders"] = orders
    producers = network["producer_ids"]
    due_days = int(
        admin.execute(
            "ir.config_parameter", "get_param", "distributed_mfg.default_due_days", 14
        )
    )
    today = date.today()
    due = today + timedelta(days=due_days)
    # The producers' hours until the due date, before any job.
    capacity = {
        int(key): hours
        for key, hours in admin.execute(
            "dmfg.producer",
            "get_free_capacity",
            producers,
            today.isoformat(),
            due.isoformat(),
        ).items()
    }
    limits = {
        p["id"]: p["max_open_jobs"]
        for p in admin.execute("dmfg.producer", "read", producers, ["max_open_jobs"])
    }
    places = sum(
        min(limits[p] or total, int(capacity[p])) for p in producers
    )  # 1 hour per order
    assert 0 < places < total, (places, capacity, limits)

    with open(odoo_workers_server.logfile, "rb") as fh:
        log_offset = fh.seek(0, 2)
    errors = []
    threads = [
        threading.Thread(
            target=_confirm_all,
            args=(odoo_workers_server, orders[i::CLIENTS], errors, i),
        )
        for i in range(CLIENTS)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    # A confirmation whose producer was being given another job at the same
    # moment leaves its job waiting, routed on the job queue right after.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and admin.execute(
        "dmfg.job",
        "search_count",
        [("sale_order_id", "in", orders), ("state", "=", "waiting")],
    ):
        time.sleep(2)
    drained = time.monotonic() - start
    job_ids = admin.execute("dmfg.job", "search", [("sale_order_id", "in", orders)])
    queued = admin.execute(
        "mail.message",
        "search_count",
        [
            ("model", "=", "dmfg.job"),
            ("res_id", "in", job_ids),
            ("body", "ilike", "routed on the job queue"),
        ],
    )
    retries, gave_up = _retry_counts(odoo_workers_server.logfile, log_offset)

    states = admin.execute("sale.order", "read", orders, ["state"])
    jobs = admin.execute(
        "dmfg.job",
        "search_read",
        [("sale_order_id", "in", orders)],
        [
            "sale_order_id",
            "state",
            "producer_id",
            "load_hours",
            "date_due",
            "date_ready",
            "routing_result",
            "routing_summary",
        ],
    )
    by_state = Counter(job["state"] for job in jobs)
    with capsys.disabled():
        print(
            f"\n[multiworker load] {total} orders confirmed by {CLIENTS} clients on 2 "
            f"workers in {elapsed:.1f}s: {total / elapsed:.1f} orders/s; jobs "
            f"{dict(by_state)}; places {places}; serialization retries "
            f"{sum(retries.values())} {dict(retries)}, given up {dict(gave_up)}; "
            f"failed confirmations {len(errors)}; routed on the job queue after a "
            f"lock conflict {queued} (all routed {drained:.1f}s after the start)"
        )

    assert errors == [], f"{len(errors)} confirmations failed, e.g. {errors[:3]}"
    assert Counter(s["state"] for s in states) == {"sale": total}
    assert len(jobs) == total, "one job per one-line order"
    assert len({job["sale_order_id"][0] for job in jobs}) == total
    assert set(by_state) <= {"offered", "unassigned"}, "no job left waiting"
    assert by_state["unassigned"] >= total - places, "more jobs placed than places"
    for job in jobs:
        if job["state"] == "offered":
            assert job["producer_id"] and job["producer_id"][0] in producers
            assert job["date_ready"] <= job["date_due"], job
        else:
            assert not job["producer_id"]
            # Each of the network's producers is excluded for being full.
            codes = {
                entry["producer_key"]: entry["reason_code"]
                for entry in job["routing_result"]["excluded"]
                if entry["producer_key"] in producers
            }
            assert set(codes) == set(producers), job["routing_summary"]
            assert set(codes.values()) <= FULL_REASONS, job["routing_summary"]
            assert job["routing_summary"].startswith("No producer available")

    open_jobs = Counter()
    hours = Counter()
    for job in jobs:
        if job["producer_id"]:
            assert job["date_due"] == due.isoformat()
            open_jobs[job["producer_id"][0]] += 1
            hours[job["producer_id"][0]] += job["load_hours"]
    for producer in producers:
        if limits[producer]:
            assert open_jobs[producer] <= limits[producer], (producer, open_jobs)
        assert hours[producer] <= capacity[producer] + 1e-6, (producer, hours)
    # The network is full: each producer took what it could.
    assert by_state["offered"] == places, (open_jobs, capacity, limits)
