# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Wave dispatch over XML-RPC, as the README shows it: switch to waves,
confirm orders, plan the wave (nothing written), dispatch it.

The fixture network sits on Madeira, away from the demo network: producers in
Funchal and Machico (one job each), customers in Funchal and Machico.
"""

import uuid

import odoorpc
import pytest

FUNCHAL = (32.6669, -16.9241)
MACHICO = (32.7185, -16.7661)
CAMARA = (32.6486, -16.9775)  # Câmara de Lobos, 6 km west of Funchal


def _create(odoo, model, values):
    return odoo.execute(model, "create", values)


@pytest.fixture(scope="module")
def madeira(odoo_rpc):
    tag = uuid.uuid4().hex[:6]
    env = odoo_rpc
    fdm = env.env.ref("distributed_mfg.dmfg_process_fdm").id
    route = env.env.ref("distributed_mfg.route_produce_locally").id
    ids = {"orders": []}
    for name, (lat, lon) in {"Funchal": FUNCHAL, "Machico": MACHICO}.items():
        partner = _create(
            env,
            "res.partner",
            {
                "name": f"{name} Fab {tag}",
                "is_company": True,
                "partner_latitude": lat,
                "partner_longitude": lon,
            },
        )
        ids[name] = _create(
            env,
            "dmfg.producer",
            {
                "partner_id": partner,
                "state": "active",
                "max_open_jobs": 1,
                "service_radius_km": 60,
                "process_ids": [(6, 0, [fdm])],
            },
        )
        ids[name + "_partner"] = partner
    product = _create(
        env,
        "product.product",
        {
            "name": f"Madeira tile {tag}",
            "type": "consu",
            "route_ids": [(6, 0, [route])],
            "dmfg_production_hours": 1.0,
            "seller_ids": [
                (0, 0, {"partner_id": ids["Funchal_partner"], "price": 10}),
                (0, 0, {"partner_id": ids["Machico_partner"], "price": 10}),
            ],
        },
    )
    template = env.execute("product.product", "read", [product], ["product_tmpl_id"])[
        0
    ]["product_tmpl_id"][0]
    bom = _create(
        env,
        "mrp.bom",
        {
            "product_tmpl_id": template,
            "type": "subcontract",
            "subcontractor_ids": [(6, 0, [ids["Funchal_partner"]])],
        },
    )
    design = _create(
        env,
        "dmfg.design",
        {
            "name": f"Madeira tile {tag}",
            "licence": "CC-BY-4.0",
            "sharing_scope": "all",
            "process_ids": [(6, 0, [fdm])],
        },
    )
    env.execute("product.template", "write", [template], {"dmfg_design_id": design})
    env.execute("dmfg.design", "write", [design], {"bom_id": bom})
    for name, (lat, lon) in {"Camara": CAMARA, "Machico": MACHICO}.items():
        ids[f"customer_{name}"] = _create(
            env,
            "res.partner",
            {
                "name": f"{name} customer {tag}",
                "partner_latitude": lat,
                "partner_longitude": lon,
            },
        )
    ids["product"] = product
    settings = env.execute(
        "res.config.settings", "create", {"dmfg_dispatch_mode": "wave"}
    )
    env.execute("res.config.settings", "execute", [settings])
    yield ids
    settings = env.execute(
        "res.config.settings", "create", {"dmfg_dispatch_mode": "immediate"}
    )
    env.execute("res.config.settings", "execute", [settings])
    env.execute_kw(
        "sale.order",
        "action_cancel",
        [ids["orders"]],
        {"context": {"disable_cancel_warning": True}},
    )
    env.execute(
        "dmfg.producer", "write", [ids["Funchal"], ids["Machico"]], {"state": "closed"}
    )


def _order(odoo, madeira, customer):
    order = _create(
        odoo,
        "sale.order",
        {
            "partner_id": madeira[f"customer_{customer}"],
            "order_line": [
                (0, 0, {"product_id": madeira["product"], "product_uom_qty": 1})
            ],
        },
    )
    madeira["orders"].append(order)
    odoo.execute("sale.order", "action_confirm", [order])
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
