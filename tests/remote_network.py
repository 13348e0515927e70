# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A producer network built over XML-RPC, away from the demo network.

Each suite that routes orders builds its own, in its own region, so that no
suite's producers take another's orders: producers (a partner each, at given
coordinates, making FDM), one product made locally that every producer sells
(its subcontracting bill of materials and shared design), and customers.
"""

import uuid


def create(odoo, model, values):
    return odoo.execute(model, "create", values)


def build_network(
    odoo,
    producers,
    customers,
    product_name,
    partner_suffix="Fab",
    producer_values=None,
    prices=None,
    hours=1.0,
):
    """Create the network; returns a dict of ids.

    ``producers`` and ``customers`` map a name to ``(latitude, longitude)``.
    ``producer_values`` maps a producer's name to more ``dmfg.producer``
    values (job limit, radius, capacity...), ``prices`` to its unit price
    (10 by default). Keys of the answer: each producer's name (the producer)
    and name + ``"_partner"``, ``"customer_<name>"``, ``"product"``, ``"tag"``
    and ``"orders"`` (an empty list for the sale orders to clean up,
    see :func:`close_network`). The first producer holds the subcontracting
    bill of materials.
    """
    tag = uuid.uuid4().hex[:6]
    fdm = odoo.env.ref("distributed_mfg.dmfg_process_fdm").id
    route = odoo.env.ref("distributed_mfg.route_produce_locally").id
    ids = {"orders": [], "tag": tag}
    for name, (lat, lon) in producers.items():
        partner = create(
            odoo,
            "res.partner",
            {
                "name": f"{name} {partner_suffix} {tag}",
                "is_company": True,
                "partner_latitude": lat,
                "partner_longitude": lon,
            },
        )
        values = {
            "partner_id": partner,
            "state": "active",
            "service_radius_km": 60,
            "process_ids": [(6, 0, [fdm])],
        }
        values.update((producer_values or {}).get(name, {}))
        ids[name] = create(odoo, "dmfg.producer", values)
        ids[name + "_partner"] = partner
    product = create(
        odoo,
        "product.product",
        {
            "name": f"{product_name} {tag}",
            "type": "consu",
            "route_ids": [(6, 0, [route])],
            "dmfg_production_hours": hours,
            "seller_ids": [
                (
                    0,
                    0,
                    {
                        "partner_id": ids[name + "_partner"],
                        "price": (prices or {}).get(name, 10),
                    },
                )
                for name in producers
            ],
        },
    )
    template = odoo.execute("product.product", "read", [product], ["product_tmpl_id"])[
        0
    ]["product_tmpl_id"][0]
    first = ids[next(iter(producers)) + "_partner"]
    bom = create(
        odoo,
        "mrp.bom",
        {
            "product_tmpl_id": template,
            "type": "subcontract",
            "subcontractor_ids": [(6, 0, [first])],
        },
    )
    design = create(
        odoo,
        "dmfg.design",
        {
            "name": f"{product_name} {tag}",
            "licence": "CC-BY-4.0",
            "sharing_scope": "all",
            "process_ids": [(6, 0, [fdm])],
        },
    )
    odoo.execute("product.template", "write", [template], {"dmfg_design_id": design})
    odoo.execute("dmfg.design", "write", [design], {"bom_id": bom})
    for name, (lat, lon) in customers.items():
        ids[f"customer_{name}"] = create(
            odoo,
            "res.partner",
            {
                "name": f"{name} customer {tag}",
                "partner_latitude": lat,
                "partner_longitude": lon,
            },
        )
    ids["product"] = product
    ids["producer_ids"] = [ids[name] for name in producers]
    return ids


def new_order(odoo, network, customer, confirm=True):
    """A one-line sale order of the network's product for ``customer`` (a
    name given to :func:`build_network`), confirmed; returns its id."""
    order = create(
        odoo,
        "sale.order",
        {
            "partner_id": network[f"customer_{customer}"],
            "order_line": [
                (0, 0, {"product_id": network["product"], "product_uom_qty": 1})
            ],
        },
    )
    network["orders"].append(order)
    if confirm:
        odoo.execute("sale.order", "action_confirm", [order])
    return order


def close_network(odoo, network):
    """Cancel the network's orders (and so their jobs) and close its producers,
    so that later suites do not meet them."""
    if network["orders"]:
        # Without the warning wizard, so that the jobs are cancelled too.
        odoo.execute_kw(
            "sale.order",
            "action_cancel",
            [network["orders"]],
            {"context": {"disable_cancel_warning": True}},
        )
    odoo.execute("dmfg.producer", "write", network["producer_ids"], {"state": "closed"})


def set_dispatch_mode(odoo, mode):
    """Switch dispatch between 'immediate' and 'wave' as Settings does."""
    settings = odoo.execute(
        "res.config.settings", "create", {"dmfg_dispatch_mode": mode}
    )
    odoo.execute("res.config.settings", "execute", [settings])
