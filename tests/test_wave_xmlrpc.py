# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Wave dispatch over XML-RPC, as the README shows it: switch to waves,
confirm orders, plan the wave (nothing written), dispatch it.

The fixture network sits on Madeira, away from the demo network: producers in
Funchal and Machico (one job each), customers in Funchal and Machico.
"""

import odoorpc
import pytest
from remote_network import build_network, close_network, new_order, set_dispatch_mode

FUNCHAL = (32.6669, -16.9241)
MACHICO = (32.7185, -16.7661)
CAMARA = (32.6486, -16.9775)  # Câmara de Lobos, 6 km west of Funchal


@pytest.fixture(scope="module")
def madeira(odoo_rpc):
    network = build_network(
        odoo_rpc,
        {"Funchal": FUNCHAL, "Machico": MACHICO},
        {"Camara": CAMARA, "Machico": MACHICO},
        "Madeira tile",
        producer_values={
            "Funchal": {"max_open_jobs": 1},
            "Machico": {"max_open_jobs": 1},
        },
    )
    set_dispatch_mode(odoo_rpc, "wave")
    yield network
    set_dispatch_mode(odoo_rpc, "immediate")
    close_network(odoo_rpc, network)


def _order(odoo, madeira, customer):
    order = new_order(odoo, madeira, customer)
    [job] = odoo.execute(
        "dmfg.job", "search_read", [("sale_order_id", "=", order)], ["state"]
    )
    return job


def test_plan_then_dispatch_a_wave(odoo_rpc, madeira):
    """Câmara de Lobos orders first: one by one it takes Funchal (6 km) and
    Machico's customer gets Machico; both fine. The wave gives the same
    here, and says so with plain data an integrator can read."""
    first = _order(odoo_rpc, madeira, "Camara")
    second = _order(odoo_rpc, madeira, "Machico")
    assert first["state"] == second["state"] == "waiting"
    job_ids = [first["id"], second["id"]]
    plan = odoo_rpc.execute("dmfg.job", "plan_wave", job_ids)
    assert set(plan) == {"assignments", "unassigned", "totals", "greedy_totals"}
    by_job = {a["job_id"]: a for a in plan["assignments"]}
    assert by_job[first["id"]]["producer_id"] == madeira["Funchal"]
    assert by_job[second["id"]]["producer_id"] == madeira["Machico"]
    assert by_job[first["id"]]["distance_km"] == pytest.approx(6.0, abs=1.0)
    assert plan["totals"]["assigned"] == 2
    assert plan["totals"]["distance_km"] <= plan["greedy_totals"]["distance_km"]
    states = odoo_rpc.execute("dmfg.job", "read", job_ids, ["state"])
    assert {s["state"] for s in states} == {"waiting"}, "planning writes nothing"

    done = odoo_rpc.execute("dmfg.job", "dispatch_wave", job_ids)
    assert done["assignments"] == plan["assignments"]
    jobs = odoo_rpc.execute(
        "dmfg.job", "read", job_ids, ["state", "producer_id", "purchase_order_id"]
    )
    assert [(j["state"], j["producer_id"][0]) for j in jobs] == [
        ("offered", madeira["Funchal"]),
        ("offered", madeira["Machico"]),
    ]
    assert all(j["purchase_order_id"] for j in jobs)


def test_a_full_network_leaves_the_job_out_with_reasons(odoo_rpc, madeira):
    """Both producers hold their one job: the next wave leaves the new job
    unassigned, saying the producers are at their job limit."""
    job = _order(odoo_rpc, madeira, "Camara")
    answer = odoo_rpc.execute("dmfg.job", "dispatch_wave", [job["id"]])
    assert answer["assignments"] == []
    [left] = answer["unassigned"]
    assert left["job_id"] == job["id"]
    assert "job_limit" in [r["code"] for r in left["reasons"]]
    [read] = odoo_rpc.execute("dmfg.job", "read", [job["id"]], ["state"])
    assert read["state"] == "unassigned"


def test_producers_cannot_plan_waves(rpc_login, madeira):
    client = rpc_login("producer1", "producer1")
    with pytest.raises(odoorpc.error.RPCError, match="managers"):
        client.execute("dmfg.job", "plan_wave", False)
