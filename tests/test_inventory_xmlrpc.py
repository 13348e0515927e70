# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An integrator reads the stock at producers and replenishes one producer.

Plain XML-RPC/JSON-RPC calls through odoorpc. Names carry
``rpc-expected-refusal`` when a call is meant to be refused (the server logs
such refusals as warnings, which the test command lets through).

The fixture: two producers (Sabadell, Mataró) with their own components (a
unique PLA spool bought from the vendor nearest to the producer, unique
screws resupplied from the central warehouse), vendors in Terrassa and
Girona, and reordering rules at both producers.
"""

import uuid

import odoorpc
import pytest

SABADELL = (41.54329, 2.10942)
MATARO = (41.54211, 2.4445)
TERRASSA = (41.5632, 2.0089)
GIRONA = (41.9794, 2.8214)
REFUSAL = "rpc-expected-refusal"


def _create(rpc, model, values, context=None):
    kwargs = {"context": context} if context else {}
    return rpc.execute_kw(model, "create", [values], kwargs)


@pytest.fixture(scope="module")
def inventory(odoo_rpc):
    """Producers, components, vendors and rules; cleaned up at the end."""
    rpc = odoo_rpc
    tag = uuid.uuid4().hex[:6]
    created = {"partners": [], "producers": [], "products": []}

    def partner(name, point):
        partner_id = _create(
            rpc,
            "res.partner",
            {
                "name": f"{name} {tag}",
                "is_company": True,
                "partner_latitude": point[0],
                "partner_longitude": point[1],
            },
        )
        created["partners"].append(partner_id)
        return partner_id

    producers = {}
    for name, point in (("Sabadell", SABADELL), ("Mataro", MATARO)):
        producer_id = _create(
            rpc,
            "dmfg.producer",
            {"partner_id": partner(f"RPC Stock {name}", point), "state": "active"},
        )
        created["producers"].append(producer_id)
        producers[name] = producer_id
    pla = _create(
        rpc,
        "product.product",
        {
            "name": f"RPC PLA spool {tag}",
            "is_storable": True,
            "dmfg_supply_mode": "buy",
            "standard_price": 4.0,
        },
    )
    screw = _create(
        rpc,
        "product.product",
        {
            "name": f"RPC screw {tag}",
            "is_storable": True,
            "dmfg_supply_mode": "central",
            "standard_price": 0.1,
        },
    )
    created["products"] += [pla, screw]
    [template] = rpc.execute("product.product", "read", [pla], ["product_tmpl_id"])
    vendors = {}
    for name, point, price in (("Terrassa", TERRASSA, 11.0), ("Girona", GIRONA, 7.0)):
        vendors[name] = partner(f"RPC Filaments {name}", point)
        _create(
            rpc,
            "product.supplierinfo",
            {
                "partner_id": vendors[name],
                "product_tmpl_id": template["product_tmpl_id"][0],
                "price": price,
            },
        )
    locations = {
        name: rpc.execute("dmfg.producer", "read", [pid], ["location_id"])[0][
            "location_id"
        ][0]
        for name, pid in producers.items()
    }
    central = rpc.env.ref("stock.warehouse0").lot_stock_id.id
    # Stock counted through Odoo's inventory adjustments.
    quant_ids = [
        _create(
            rpc,
            "stock.quant",
            {"product_id": product, "location_id": location, "inventory_quantity": qty},
            context={"inventory_mode": True},
        )
        for product, location, qty in (
            (screw, central, 500.0),
            (screw, locations["Sabadell"], 30.0),
            (pla, locations["Sabadell"], 1.0),
            (screw, locations["Mataro"], 5.0),
        )
    ]
    rpc.execute_kw(
        "stock.quant",
        "action_apply_inventory",
        [quant_ids],
        {"context": {"inventory_mode": True}},
    )
    rules = {}
    for name, product, min_qty, max_qty in (
        ("Sabadell", pla, 2, 6),
        ("Sabadell", screw, 50, 200),
        ("Mataro", screw, 50, 200),
    ):
        rules[(name, product)] = _create(
            rpc,
            "stock.warehouse.orderpoint",
            {
                "dmfg_producer_id": producers[name],
                "product_id": product,
                "product_min_qty": min_qty,
                "product_max_qty": max_qty,
            },
        )
    data = {
        "producers": producers,
        "locations": locations,
        "vendors": vendors,
        "pla": pla,
        "screw": screw,
        "rules": rules,
        "central": central,
    }
    yield rpc, data
    _cleanup(rpc, created, data)


def _cleanup(rpc, created, data):
    orders = rpc.execute(
        "purchase.order",
        "search",
        [("partner_id", "in", list(data["vendors"].values()))],
    )
    if orders:
        rpc.execute("purchase.order", "button_cancel", orders)
    pickings = rpc.execute(
        "stock.picking",
        "search",
        [
            ("product_id", "in", [data["pla"], data["screw"]]),
            ("state", "not in", ("done", "cancel")),
        ],
    )
    if pickings:
        rpc.execute("stock.picking", "action_cancel", pickings)
    # Count the test stock back to zero, so that the locations can go.
    ctx = {"context": {"inventory_mode": True}}
    quants = rpc.execute(
        "stock.quant",
        "search",
        [("product_id", "in", [data["pla"], data["screw"]]), ("quantity", "!=", 0)],
    )
    if quants:
        rpc.execute_kw("stock.quant", "write", [quants, {"inventory_quantity": 0}], ctx)
        rpc.execute_kw("stock.quant", "action_apply_inventory", [quants], ctx)
    rpc.execute("dmfg.producer", "unlink", created["producers"])
    rpc.execute(
        "stock.location", "write", list(data["locations"].values()), {"active": False}
    )
    rpc.execute("product.product", "write", created["products"], {"active": False})
    rpc.execute("res.partner", "write", created["partners"], {"active": False})


def test_read_stock_per_producer(inventory):
    """get_stock and the report's quants give the stock of each producer."""
    rpc, data = inventory
    sabadell, mataro = data["producers"]["Sabadell"], data["producers"]["Mataro"]
    stock = rpc.execute("dmfg.producer", "get_stock", [sabadell, mataro])
    assert sorted(
        (line["product_id"], line["quantity"]) for line in stock[str(sabadell)]
    ) == sorted([(data["screw"], 30.0), (data["pla"], 1.0)])
    assert [(line["product_id"], line["quantity"]) for line in stock[str(mataro)]] == [
        (data["screw"], 5.0)
    ]
    screw_line = next(
        line for line in stock[str(sabadell)] if line["product_id"] == data["screw"]
    )
    assert screw_line["value"] == pytest.approx(3.0)
    groups = rpc.execute_kw(
        "stock.quant",
        "read_group",
        [
            [("dmfg_producer_id", "in", [sabadell, mataro])],
            ["quantity:sum"],
            ["dmfg_producer_id"],
        ],
        {"lazy": False},
    )
    assert {g["dmfg_producer_id"][0]: g["quantity"] for g in groups} == {
        sabadell: 31.0,
        mataro: 5.0,
    }


def test_replenish_one_producer(inventory):
    """Only Sabadell's rules order: nearest vendor for PLA, transfer for screws."""
    rpc, data = inventory
    sabadell = data["producers"]["Sabadell"]
    summary = rpc.execute("dmfg.producer", "replenish", [sabadell])
    assert summary["producer_ids"] == [sabadell]
    assert sorted(
        (line["product_id"], line["qty"]) for line in summary["ordered"]
    ) == sorted([(data["pla"], 5.0), (data["screw"], 170.0)])
    assert summary["failed"] == []
    [order] = rpc.execute(
        "purchase.order",
        "read",
        summary["purchase_order_ids"],
        [
            "partner_id",
            "dest_address_id",
            "dmfg_producer_id",
            "dmfg_vendor_distance_km",
        ],
    )
    assert order["partner_id"][0] == data["vendors"]["Terrassa"]
    assert order["dmfg_producer_id"][0] == sabadell
    assert order["dmfg_vendor_distance_km"] == pytest.approx(8.7, abs=0.1)
    [picking] = rpc.execute(
        "stock.picking",
        "read",
        summary["picking_ids"],
        ["location_id", "location_dest_id"],
    )
    assert picking["location_id"][0] == data["central"]
    assert picking["location_dest_id"][0] == data["locations"]["Sabadell"]
    # Mataró's rule (5 screws < 50) was not run.
    mataro_moves = rpc.execute(
        "stock.move",
        "search",
        [
            ("location_dest_id", "=", data["locations"]["Mataro"]),
            ("state", "not in", ("done", "cancel")),
        ],
    )
    assert mataro_moves == []
    # Again: what is on its way counts, nothing more.
    again = rpc.execute("dmfg.producer", "replenish", [sabadell])
    assert again["ordered"] == []


def test_bad_input_is_refused(inventory, rpc_login):
    """Negative count, a producer rule elsewhere, a non-manager: clear refusals."""
    rpc, data = inventory
    sabadell = data["producers"]["Sabadell"]
    with pytest.raises(odoorpc.error.RPCError, match="cannot be negative"):
        _create(
            rpc,
            "stock.quant",
            {
                "product_id": data["pla"],
                "location_id": data["locations"]["Sabadell"],
                "inventory_quantity": -3.0,
            },
            context={"inventory_mode": True},
        )
    with pytest.raises(odoorpc.error.RPCError, match="managed location"):
        _create(
            rpc,
            "stock.warehouse.orderpoint",
            {
                "dmfg_producer_id": sabadell,
                "product_id": data["pla"],
                "location_id": data["central"],
            },
        )
    with pytest.raises(odoorpc.error.RPCError, match="at least one producer"):
        rpc.execute("dmfg.producer", "replenish", [])
    login = f"rpc-stock-user-{uuid.uuid4().hex[:6]}"
    user_group = rpc.env.ref("distributed_mfg.group_dmfg_user").id
    rpc.execute(
        "res.users",
        "create",
        {
            "name": f"{REFUSAL} network user",
            "login": login,
            "password": login,
            "groups_id": [(6, 0, [user_group])],
        },
    )
    as_user = rpc_login(login, login)
    with pytest.raises(odoorpc.error.RPCError, match="Only Distributed Manufacturing"):
        as_user.execute("dmfg.producer", "replenish", [sabadell])
    # The user may read the stock, without its value.
    stock = as_user.execute("dmfg.producer", "get_stock", [sabadell])
    assert all(line["value"] is False for line in stock[str(sabadell)])
