# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Background waves on a real multi-worker server: a worker killed mid-step,
and the same answer as a wave dispatched at once.

The server (``odoo_workers_server``) runs two prefork workers, a cron thread
and queue_job's job runner. A background wave (``dispatch_wave_in_background``)
is a chain of queue jobs: a plan step, then apply steps of ``WAVE_CHUNK`` jobs
(the last one finishes the run). Here a worker is killed (SIGKILL) while it
applies a chunk: its transaction dies with it, the dead-worker cron
(``queue.job``, ``_dmfg_requeue_dead_jobs``) puts the step back in the queue,
and the run ends as if nothing had happened: each job with the producer the
plan gave it, one purchase order and one dropship per job, not two, and at
most one manufacturing order.

The networks sit on Malta and Cyprus, away from the demo network and from the
other suites' networks. Orders are confirmed with the dispatch mode parameter
set to 'wave' directly (not through Settings, which would also switch on the
scheduled wave: its cron, run by this server's cron thread, could dispatch the
test's jobs before the test does), and set back to 'immediate' at once.
"""

import os
import signal
import time
from collections import Counter

import pytest
from conftest import login_factory
from remote_network import build_network, close_network

VALLETTA = (35.8989, 14.5146)
MDINA = (35.8859, 14.4031)
SLIEMA = (35.9122, 14.5042)
MARSAXLOKK = (35.8419, 14.5431)
MELLIEHA = (35.9564, 14.3622)
NICOSIA = (35.1856, 33.3823)
LARNACA = (34.9003, 33.6232)
LIMASSOL = (34.7071, 33.0226)
PARAMETER = "distributed_mfg.dispatch_mode"
RUN_TIMEOUT = 240  # seconds: the dead-worker cron runs every minute
POLL = 0.2


def _set_mode(odoo, mode):
    odoo.execute("ir.config_parameter", "set_param", PARAMETER, mode)


def _waiting_jobs(odoo, network, customers, count):
    """``count`` confirmed one-line orders, dealt over ``customers`` in turn,
    made in wave mode: their jobs (ids, in order) wait for a wave."""
    orders = odoo.execute(
        "sale.order",
        "create",
        [
            {
                "partner_id": network[f"customer_{customers[i % len(customers)]}"],
                "order_line": [
                    (0, 0, {"product_id": network["product"], "product_uom_qty": 1})
                ],
            }
            for i in range(count)
        ],
    )
    network["orders"] += orders
    _set_mode(odoo, "wave")
    try:
        odoo.execute("sale.order", "action_confirm", orders)
    finally:
        _set_mode(odoo, "immediate")
    jobs = odoo.execute_kw(
        "dmfg.job",
        "search_read",
        [[("sale_order_id", "in", orders)], ["state"]],
        {"order": "id"},
    )
    assert len(jobs) == count
    assert {job["state"] for job in jobs} == {"waiting"}
    return [job["id"] for job in jobs]


def _wait_for(what, predicate, timeout=RUN_TIMEOUT, interval=1.0):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def _run_steps(odoo, run_id, domain=()):
    return odoo.execute_kw(
        "queue.job",
        "search_read",
        [
            [("identity_key", "=like", f"dmfg.background.run:{run_id}:%"), *domain],
            ["uuid", "identity_key", "method_name", "state", "worker_pid"],
        ],
        {"order": "id"},
    )


def _run_state(odoo, run_id):
    [run] = odoo.execute(
        "dmfg.background.run",
        "read",
        [run_id],
        ["state", "progress", "step_done", "step_total", "failure"],
    )
    assert run["state"] != "failed", run["failure"]
    return run


def _wait_done(odoo, run_id):
    _wait_for(
        f"background run {run_id} to be done",
        lambda: _run_state(odoo, run_id)["state"] == "done",
    )
    return odoo.execute("dmfg.background.run", "get_result", [run_id])


def _pairs(answer):
    return {a["job_id"]: a["producer_id"] for a in answer["assignments"]}


def _parent_pid(pid):
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("PPid:"):
                return int(line.split()[1])
    return None


@pytest.fixture(scope="module")
def admin(odoo_workers_server):
    return login_factory(odoo_workers_server)("admin", "admin")


@pytest.fixture
def malta(admin):
    """Five producers of 10 places each (job limit), 54 orders: 50 placed,
    in 5 apply steps."""
    names = {
        "Valletta": VALLETTA,
        "Mdina": MDINA,
        "Sliema": SLIEMA,
        "Marsaxlokk": MARSAXLOKK,
        "Mellieha": MELLIEHA,
    }
    network = build_network(
        admin,
        names,
        {"Valletta": VALLETTA, "Mdina": MDINA, "Mellieha": MELLIEHA},
        "Malta lamp",
        producer_values={name: {"max_open_jobs": 10} for name in names},
    )
    yield network
    # The orders stay (cancelling them is slow); closed producers take no more.
    network["orders"] = []
    close_network(admin, network)


def test_a_worker_killed_mid_step_changes_nothing(
    odoo_workers_server, admin, malta, capsys
):
    job_ids = _waiting_jobs(admin, malta, ["Valletta", "Mdina", "Mellieha"], 54)
    plan = admin.execute("dmfg.job", "plan_wave", job_ids)
    planned = _pairs(plan)
    assert len(planned) == 50 and len(plan["unassigned"]) == 4

    run_id = admin.execute("dmfg.job", "dispatch_wave_in_background", job_ids)
    assert isinstance(run_id, int)

    def started_apply_step():
        for step in _run_steps(admin, run_id, [("state", "=", "started")]):
            step_no = int(step["identity_key"].rsplit(":", 1)[1])
            if step_no >= 1 and step["worker_pid"]:
                return step
        assert _run_state(admin, run_id)["state"] != "done", "no step was caught"
        return None

    victim = None
    deadline = time.monotonic() + RUN_TIMEOUT
    while victim is None:
        step = _wait_for("an apply step to start", started_apply_step, interval=POLL)
        # Let it get into its work, then kill its worker if it still runs it.
        time.sleep(0.5)
        [again] = admin.execute(
            "queue.job", "search_read", [("uuid", "=", step["uuid"])], ["state"]
        )
        if again["state"] == "started":
            pid = step["worker_pid"]
            # Only a worker of our own server (a child of its master).
            assert _parent_pid(pid) == odoo_workers_server.pid, pid
            os.kill(pid, signal.SIGKILL)
            victim = step
        assert time.monotonic() < deadline, "no apply step could be caught"
    killed_at = time.monotonic()
    time.sleep(2)
    [dead] = admin.execute(
        "queue.job", "search_read", [("uuid", "=", victim["uuid"])], ["state"]
    )
    assert dead["state"] == "started", "the killed step is stuck until requeued"

    result = _wait_done(admin, run_id)
    recovered = time.monotonic() - killed_at
    steps = _run_steps(admin, run_id)
    with capsys.disabled():
        print(
            f"\n[multiworker fault] killed worker {victim['worker_pid']} in step "
            f"{victim['identity_key']}; run done {recovered:.0f}s later; "
            f"{len(steps)} steps {dict(Counter(s['state'] for s in steps))}"
        )
    assert {s["state"] for s in steps} == {"done"}
    assert len(steps) == _run_state(admin, run_id)["step_total"] > 2
    assert len({s["identity_key"] for s in steps}) == len(steps), "no step twice"
    assert result["state"] == "done"
    assert _pairs(result) == planned
    assert not result.get("not_applied")
    assert sorted(u["job_id"] for u in result["unassigned"]) == sorted(
        u["job_id"] for u in plan["unassigned"]
    )
    jobs = admin.execute(
        "dmfg.job",
        "read",
        job_ids,
        ["state", "producer_id", "procurement_group_id", "product_qty"],
    )
    for job in jobs:
        if job["id"] in planned:
            assert job["state"] == "offered", job
            assert job["producer_id"][0] == planned[job["id"]], job
        else:
            assert (job["state"], job["producer_id"]) == ("unassigned", False), job
    _assert_documents_once(admin, [j for j in jobs if j["id"] in planned])


def _assert_documents_once(odoo, jobs):
    """One purchase order line for the job's quantity, at most one
    manufacturing order, one picking per operation type: per job."""
    groups = {job["procurement_group_id"][0]: job for job in jobs}
    assert len(groups) == len(jobs), "each job has its own procurement group"
    live = ("state", "!=", "cancel")
    lines = odoo.execute(
        "purchase.order.line",
        "search_read",
        [("order_id.group_id", "in", list(groups)), live],
        ["order_id", "product_qty"],
    )
    orders = odoo.execute(
        "purchase.order",
        "search_read",
        [("group_id", "in", list(groups)), live],
        ["group_id"],
    )
    per_group = Counter(o["group_id"][0] for o in orders)
    assert set(per_group) == set(groups)
    assert set(per_group.values()) == {1}, "one purchase order per job"
    assert len(lines) == len(jobs), "one purchase line per job"
    assert {line["product_qty"] for line in lines} == {1.0}
    productions = odoo.execute(
        "mrp.production",
        "search_read",
        [("dmfg_job_id", "in", [j["id"] for j in jobs]), live],
        ["dmfg_job_id"],
    )
    assert (
        max(Counter(p["dmfg_job_id"][0] for p in productions).values(), default=0) <= 1
    )
    pickings = odoo.execute(
        "stock.picking",
        "search_read",
        [("group_id", "in", list(groups)), live],
        ["group_id", "picking_type_id"],
    )
    kinds = Counter((p["group_id"][0], p["picking_type_id"][0]) for p in pickings)
    assert max(kinds.values(), default=0) == 1, "one picking per job and operation"
    assert {p["group_id"][0] for p in pickings} == set(groups), "each job ships"


@pytest.fixture
def cyprus_twins(admin):
    """Two identical networks at the same places (each product bought only
    from its own producers): three producers with 6, 6 and 8 places."""
    twins = []
    for _i in range(2):
        twins.append(
            build_network(
                admin,
                {"Nicosia": NICOSIA, "Larnaca": LARNACA, "Limassol": LIMASSOL},
                {"Nicosia": NICOSIA, "Larnaca": LARNACA, "Limassol": LIMASSOL},
                "Cyprus jug",
                producer_values={
                    "Nicosia": {"max_open_jobs": 6, "service_radius_km": 80},
                    "Larnaca": {"max_open_jobs": 6, "service_radius_km": 80},
                    "Limassol": {"max_open_jobs": 8, "service_radius_km": 80},
                },
            )
        )
    yield twins
    for network in twins:
        network["orders"] = []
        close_network(admin, network)


def test_background_wave_gives_the_same_answer_as_at_once(admin, cyprus_twins):
    """The same 24 orders on twin networks: a wave dispatched at once and one
    in the background give each job (by position) the same producer."""
    customers = ["Limassol", "Nicosia", "Larnaca", "Limassol", "Nicosia"]
    first, second = cyprus_twins
    at_once_ids = _waiting_jobs(admin, first, customers, 24)
    background_ids = _waiting_jobs(admin, second, customers, 24)

    at_once = admin.execute("dmfg.job", "dispatch_wave", at_once_ids)
    run_id = admin.execute("dmfg.job", "dispatch_wave_in_background", background_ids)
    background = _wait_done(admin, run_id)

    def by_position(answer, job_ids, network):
        producers = network["producer_ids"]
        return sorted(
            (job_ids.index(job), producers.index(producer))
            for job, producer in _pairs(answer).items()
        )

    assigned = by_position(at_once, at_once_ids, first)
    assert len(assigned) == 20, "6 + 6 + 8 places for 24 jobs"
    assert by_position(background, background_ids, second) == assigned
    assert sorted(at_once_ids.index(u["job_id"]) for u in at_once["unassigned"]) == (
        sorted(background_ids.index(u["job_id"]) for u in background["unassigned"])
    )
    assert background["totals"] == at_once["totals"]
    for job_ids, network in ((at_once_ids, first), (background_ids, second)):
        jobs = admin.execute("dmfg.job", "read", job_ids, ["producer_id"])
        assert (
            sorted(
                (
                    job_ids.index(j["id"]),
                    network["producer_ids"].index(j["producer_id"][0]),
                )
                for j in jobs
                if j["producer_id"]
            )
            == assigned
        )
