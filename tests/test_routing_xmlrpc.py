# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Routing over XML-RPC: preview, confirm, read jobs, reassign, access.

The fixture network sits on São Miguel (Azores), away from the demo network.
"""

import uuid

import odoorpc
import pytest
from remote_network import build_network, close_network, create

PONTA_DELGADA = (37.7412, -25.6756)
RIBEIRA_GRANDE = (37.8210, -25.5148)
LAGOA = (37.7445, -25.5728)


@pytest.fixture(scope="module")
def network(odoo_rpc):
    """Two producers, a design made locally and a customer, created over RPC."""
    data = build_network(
        odoo_rpc,
        {"Lagoa": LAGOA, "Ribeira": RIBEIRA_GRANDE},
        {"Ponta Delgada": PONTA_DELGADA},
        "Azores vase",
        partner_suffix="Makers",
        producer_values={
            "Lagoa": {"service_radius_km": 40},
            "Ribeira": {"service_radius_km": 40},
        },
        prices={"Ribeira": 12, "Lagoa": 14},
    )
    data["customer"] = data["customer_Ponta Delgada"]
    yield data
    close_network(odoo_rpc, data)


def test_preview_ranks_producers_by_distance(odoo_rpc, network):
    """The preview returns the ranked producers with their breakdown."""
    result = odoo_rpc.execute(
        "dmfg.job", "preview_routing", network["product"], 2, network["customer"]
    )
    names = [entry["producer_name"].split(" Makers")[0] for entry in result["ranked"]]
    assert names == ["Lagoa", "Ribeira"]
    assert result["chosen"]["distance_km"] == pytest.approx(9.0, abs=1.0)
    assert set(result["chosen"]["breakdown"]) == {
        "distance",
        "lead_time",
        "price",
        "performance",
        "stock",
    }


def test_confirm_read_and_reassign_a_job(odoo_rpc, network):
    """An integrator confirms an order, reads its job and moves it."""
    order = create(
        odoo_rpc,
        "sale.order",
        {
            "partner_id": network["customer"],
            "order_line": [
                (0, 0, {"product_id": network["product"], "product_uom_qty": 1})
            ],
        },
    )
    network["orders"].append(order)
    odoo_rpc.execute("sale.order", "action_confirm", [order])
    [job] = odoo_rpc.execute(
        "dmfg.job",
        "search_read",
        [("sale_order_id", "=", order)],
        ["producer_id", "state", "distance_km", "runner_up_id", "purchase_order_id"],
    )
    assert job["producer_id"][0] == network["Lagoa"]
    assert job["state"] == "offered"
    assert job["runner_up_id"][0] == network["Ribeira"]
    assert job["purchase_order_id"]
    odoo_rpc.execute(
        "dmfg.job",
        "action_reassign",
        [job["id"]],
        network["Ribeira"],
        "Closer to stock",
    )
    [moved] = odoo_rpc.execute(
        "dmfg.job", "read", [job["id"]], ["producer_id", "purchase_order_id"]
    )
    assert moved["producer_id"][0] == network["Ribeira"]
    [old_po] = odoo_rpc.execute(
        "purchase.order", "read", [job["purchase_order_id"][0]], ["state"]
    )
    assert old_po["state"] == "cancel"


def test_bad_input_gives_clear_faults_and_writes_nothing(odoo_rpc, network):
    """Unknown product, zero quantity, bad coordinates: faults, no job."""
    count = odoo_rpc.execute("dmfg.job", "search_count", [])
    cases = [
        ((987654321, 1, False, 41.0, 2.0), "Unknown product"),
        ((network["product"], 0, network["customer"]), "greater than 0"),
        ((network["product"], 1, False, 123.0, 2.0), "Invalid customer coordinates"),
    ]
    for args, message in cases:
        with pytest.raises(odoorpc.error.RPCError, match=message):
            odoo_rpc.execute("dmfg.job", "preview_routing", *args)
    assert odoo_rpc.execute("dmfg.job", "search_count", []) == count


def test_portal_user_and_plain_employee_are_refused(rpc_login, odoo_rpc, network):
    """A portal user and an employee without the group cannot preview."""
    login = f"dmfg_employee_{uuid.uuid4().hex[:6]}"
    odoo_rpc.execute(
        "res.users",
        "create",
        {"name": "Plain employee", "login": login, "password": login},
    )
    for user, password in (("producer1", "producer1"), (login, login)):
        client = rpc_login(user, password)
        with pytest.raises(
            odoorpc.error.RPCError, match="Only Distributed Manufacturing users"
        ):
            client.execute(
                "dmfg.job", "preview_routing", network["product"], 1, False, 41.0, 2.0
            )
