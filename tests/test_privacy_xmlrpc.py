# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Privacy by design, tried as a hostile producer, customer and salesperson.

Everything goes through Odoo's external APIs against the real test server
(XML-RPC with odoorpc, JSON-RPC ``/web/dataset/call_kw``) and its HTTP routes,
not through our pages. A small network on Madeira (away from the demo network)
has two producers, each with a portal user, a customer with a street address,
an email and exact coordinates, and a salesperson without the Distributed
Manufacturing group.

What each role may read is README's "Privacy" section; the tests read *every*
field the ORM lets the role read (``read`` without a field list), with the
contexts that make Odoo print addresses and emails in display names, and look
for anything outside that whitelist.
"""

import base64
import datetime
import json
import uuid

import odoorpc
import pytest
import requests
import web_session

FUNCHAL = (32.6669, -16.9241)
CAMARA_DE_LOBOS = (32.6486, -16.9775)
MACHICO = (32.7167, -16.7667)
STREET = "Rua do Segredo 42"
# Contexts under which Odoo puts a partner's address, email or the
# customer's name in display names.
LEAKY_CONTEXT = {
    "show_address": 1,
    "show_email": 1,
    "show_vat": 1,
    "address_inline": 1,
    "sale_show_partner_name": 1,
}
REFUSAL = "rpc-expected-refusal"


def _create(odoo, model, values):
    return odoo.execute(model, "create", values)


def _read_everything(client, model, ids):
    """Every value the user may read on ``ids``, with the leaky contexts, as
    one string. Fields Odoo refuses (access errors) are no leak: when the
    whole read is refused, each field is read on its own."""
    kwargs = {"context": LEAKY_CONTEXT}
    try:
        rows = client.execute_kw(model, "read", [ids], kwargs)
    except odoorpc.error.RPCError:
        names = client.execute_kw(model, "fields_get", [], {"attributes": ["type"]})
        rows = []
        for name in sorted(names):
            try:
                rows.append(client.execute_kw(model, "read", [ids, [name]], kwargs))
            except odoorpc.error.RPCError:
                continue
    return json.dumps(rows, default=str)


@pytest.fixture(scope="module")
def net(odoo_rpc):
    """Two producers with portal users, a customer, a salesperson, a product."""
    tag = uuid.uuid4().hex[:6]
    env = odoo_rpc
    fdm = env.env.ref("distributed_mfg.dmfg_process_fdm").id
    route = env.env.ref("distributed_mfg.route_produce_locally").id
    portal = env.env.ref("base.group_portal").id
    portugal = env.env.ref("base.pt").id
    data = {"tag": tag, "orders": []}
    for key, name, (lat, lon) in (
        ("near", f"Funchal Fab {tag}", CAMARA_DE_LOBOS),
        ("far", f"Machico Makers {tag}", MACHICO),
    ):
        partner = _create(
            env,
            "res.partner",
            {
                "name": name,
                "is_company": True,
                "city": name.split()[0],
                "country_id": portugal,
                "partner_latitude": lat,
                "partner_longitude": lon,
            },
        )
        producer = _create(
            env,
            "dmfg.producer",
            {
                "partner_id": partner,
                "state": "active",
                "service_radius_km": 60,
                "max_open_jobs": 20,
                "process_ids": [(6, 0, [fdm])],
            },
        )
        login = f"dmfg_{key}_{tag}"
        contact = _create(
            env,
            "res.partner",
            {
                "name": f"{key} worker {tag}",
                "parent_id": partner,
                "email": f"{login}@example.com",
            },
        )
        _create(
            env,
            "res.users",
            {
                "name": f"{key} worker {tag}",
                "login": login,
                "password": login,
                "partner_id": contact,
                "groups_id": [(6, 0, [portal])],
            },
        )
        data[key] = {
            "producer": producer,
            "partner": partner,
            "name": name,
            "login": login,
            "contact": contact,
        }
    product = _create(
        env,
        "product.product",
        {
            "name": f"Madeira lamp {tag}",
            "type": "consu",
            "route_ids": [(6, 0, [route])],
            "dmfg_production_hours": 1.0,
            "seller_ids": [
                (0, 0, {"partner_id": data["near"]["partner"], "price": 21}),
                (0, 0, {"partner_id": data["far"]["partner"], "price": 19}),
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
            "subcontractor_ids": [
                (6, 0, [data["near"]["partner"], data["far"]["partner"]])
            ],
        },
    )
    design = _create(
        env,
        "dmfg.design",
        {
            "name": f"Madeira lamp {tag}",
            "licence": "CC-BY-4.0",
            "sharing_scope": "all",
            "process_ids": [(6, 0, [fdm])],
        },
    )
    env.execute("product.template", "write", [template], {"dmfg_design_id": design})
    env.execute("dmfg.design", "write", [design], {"bom_id": bom})
    customer_name = f"Private Customer {tag}"
    customer = _create(
        env,
        "res.partner",
        {
            "name": customer_name,
            "street": STREET,
            "city": "Funchal",
            "zip": "9000-042",
            "country_id": portugal,
            "email": f"customer_{tag}@example.com",
            "phone": "+351 291 000 042",
            "partner_latitude": FUNCHAL[0],
            "partner_longitude": FUNCHAL[1],
        },
    )
    customer_login = f"dmfg_customer_{tag}"
    _create(
        env,
        "res.users",
        {
            "name": customer_name,
            "login": customer_login,
            "password": customer_login,
            "partner_id": customer,
            "groups_id": [(6, 0, [portal])],
        },
    )
    sales_login = f"dmfg_sales_{tag}"
    salesman = _create(
        env,
        "res.users",
        {
            "name": f"Salesperson {tag}",
            "login": sales_login,
            "password": sales_login,
            "groups_id": [(6, 0, [env.env.ref("sales_team.group_sale_salesman").id])],
        },
    )
    data.update(
        product=product,
        customer=customer,
        customer_name=customer_name,
        customer_email=f"customer_{tag}@example.com",
        customer_login=customer_login,
        sales_login=sales_login,
        salesman=salesman,
    )
    yield data
    # Without the warning wizard, cancelling cancels the jobs too: none of
    # them stays offered to a producer closed below.
    env.execute_kw(
        "sale.order",
        "action_cancel",
        [data["orders"]],
        {"context": {"disable_cancel_warning": True}},
    )
    env.execute(
        "dmfg.producer",
        "write",
        [data["near"]["producer"], data["far"]["producer"]],
        {"state": "closed"},
    )


def _new_job(odoo_rpc, net):
    """Confirm an order of the salesperson: its job goes to the near producer."""
    order = _create(
        odoo_rpc,
        "sale.order",
        {
            "partner_id": net["customer"],
            "user_id": net["salesman"],
            "order_line": [
                (0, 0, {"product_id": net["product"], "product_uom_qty": 1})
            ],
        },
    )
    net["orders"].append(order)
    odoo_rpc.execute("sale.order", "action_confirm", [order])
    [job] = odoo_rpc.execute(
        "dmfg.job",
        "search_read",
        [("sale_order_id", "=", order)],
        ["producer_id", "state", "purchase_order_id", "runner_up_id"],
    )
    assert job["producer_id"][0] == net["near"]["producer"]
    assert job["runner_up_id"][0] == net["far"]["producer"]
    assert job["state"] == "offered"
    return order, job


def _producer_documents(client, job_id):
    """What a producer reaches of a job through Odoo's vendor portal."""
    orders = client.execute("purchase.order", "search", [("origin", "ilike", "")])
    pickings = client.execute("stock.picking", "search", [])
    moves = client.execute("stock.move", "search", [])
    productions = client.execute("mrp.production", "search", [])
    lines = client.execute(
        "purchase.order.line", "search", [("order_id", "in", orders)]
    )
    return {
        "dmfg.job": [job_id],
        "purchase.order": orders,
        "purchase.order.line": lines,
        "stock.picking": pickings,
        "stock.move": moves,
        "mrp.production": productions,
    }


def _assert_absent(secret, dump, who):
    """Fail naming the values around ``secret`` if it is in ``dump``."""
    at = dump.find(secret)
    assert (
        at < 0
    ), f"{secret!r} leaks to {who}: ...{dump[max(at - 300, 0) : at + 80]}..."


def _dump_all(client, docs):
    return "\n".join(
        _read_everything(client, model, ids) for model, ids in docs.items() if ids
    )


def test_offered_job_shows_town_and_area_only(odoo_server, odoo_rpc, rpc_login, net):
    """On an offered job (and its PO, MO and dropship), a producer reads
    the town and a ~1 km point, its own price, and nothing of the customer's
    address, email, name or exact point, nor of other producers."""
    _order, job = _new_job(odoo_rpc, net)
    client = rpc_login(net["near"]["login"], net["near"]["login"])
    docs = _producer_documents(client, job["id"])
    assert docs["purchase.order"], "the producer reads its purchase order"
    assert docs["stock.picking"], "the producer reads its dropship transfer"
    dump = _dump_all(client, docs)
    for secret in (
        STREET,
        net["customer_email"],
        net["customer_name"],
        "291 000 042",
        net["far"]["name"],
        str(FUNCHAL[0]),
        str(FUNCHAL[1]),
    ):
        _assert_absent(secret, dump, "the producer")
    [row] = client.execute(
        "dmfg.job",
        "read",
        [job["id"]],
        [
            "customer_city",
            "customer_area_latitude",
            "customer_area_longitude",
            "delivery_address",
            "producer_price_unit",
            "distance_km",
        ],
    )
    assert row["customer_city"] == "Funchal"
    assert row["customer_area_latitude"] == pytest.approx(FUNCHAL[0], abs=0.006)
    assert row["customer_area_latitude"] != FUNCHAL[0]
    assert row["delivery_address"] is False
    assert row["producer_price_unit"] == 21
    # Outside the whitelist: refused when asked for by name.
    for field in (
        "partner_shipping_id",
        "customer_latitude",
        "routing_result",
        "routing_summary",
        "routing_html",
        "runner_up_id",
        "score",
        "declined_producer_ids",
        "sale_order_id",
        "access_token",
    ):
        with pytest.raises(odoorpc.error.RPCError, match="not have enough rights"):
            client.execute("dmfg.job", "read", [job["id"]], [field])
    # The same through JSON-RPC, as the web client calls it.
    session = web_session.login(odoo_server, net["near"]["login"])
    result = _call_kw(
        session,
        "dmfg.job",
        "read",
        [[job["id"]]],
        {"context": LEAKY_CONTEXT},
    )
    assert STREET not in json.dumps(result)
    assert net["far"]["name"] not in json.dumps(result)
    error = _call_kw(
        session, "dmfg.job", "read", [[job["id"]], ["partner_shipping_id"]], {}
    )
    assert error["error"]["data"]["name"] == "odoo.exceptions.AccessError"


def test_address_shows_once_accepted_and_goes_when_the_job_leaves(
    odoo_rpc, rpc_login, net
):
    """Accepting reveals the address and contact; once the job moves on, the
    former producer reads nothing of it, follows nothing, and the new one sees
    neither the earlier conversation nor its promised date."""
    _order, job = _new_job(odoo_rpc, net)
    near = rpc_login(net["near"]["login"], net["near"]["login"])
    near.execute_kw(
        "dmfg.job",
        "message_post",
        [[job["id"]]],
        {
            "body": f"{REFUSAL}: near producer's private note",
            "message_type": "comment",
            "subtype_xmlid": "mail.mt_comment",
        },
    )
    near.execute("dmfg.job", "action_accept", [job["id"]], _soon())
    dump = _dump_all(near, _producer_documents(near, job["id"]))
    assert STREET in dump, "the accepted job gives the producer the address"
    [row] = near.execute("dmfg.job", "read", [job["id"]], ["delivery_address"])
    assert STREET in row["delivery_address"]
    assert net["customer_email"] in row["delivery_address"]
    followers = odoo_rpc.execute(
        "dmfg.job", "read", [job["id"]], ["message_partner_ids"]
    )[0]["message_partner_ids"]
    assert net["near"]["contact"] in followers

    odoo_rpc.execute(
        "dmfg.job",
        "action_reassign",
        [job["id"]],
        net["far"]["producer"],
        "The far producer holds the components",
    )
    # The former producer: no job, no follower, no documents with the address.
    assert near.execute("dmfg.job", "search", [("id", "=", job["id"])]) == []
    with pytest.raises(odoorpc.error.RPCError):
        near.execute("dmfg.job", "read", [job["id"]], ["name"])
    followers = odoo_rpc.execute(
        "dmfg.job", "read", [job["id"]], ["message_partner_ids"]
    )[0]["message_partner_ids"]
    assert net["near"]["contact"] not in followers
    # Its (cancelled) purchase order and transfer no longer show the address.
    orders = near.execute("purchase.order", "search", [])
    assert orders
    dump = _read_everything(near, "purchase.order", orders)
    assert STREET not in dump
    assert net["customer_name"] not in dump
    # The new producer: neither the earlier conversation nor promised date.
    far = rpc_login(net["far"]["login"], net["far"]["login"])
    [row] = far.execute(
        "dmfg.job", "read", [job["id"]], ["date_promised", "delivery_address"]
    )
    assert row["date_promised"] is False
    assert row["delivery_address"] is False
    messages = far.execute(
        "mail.message",
        "search_read",
        [("model", "=", "dmfg.job"), ("res_id", "=", job["id"])],
        ["body"],
    )
    assert not any("private note" in (m["body"] or "") for m in messages)
    # The back office keeps it all.
    admin_messages = odoo_rpc.execute(
        "mail.message",
        "search_read",
        [("model", "=", "dmfg.job"), ("res_id", "=", job["id"])],
        ["body"],
    )
    assert any("private note" in (m["body"] or "") for m in admin_messages)


def test_decline_ends_access_and_no_token_opens_a_job(
    odoo_server, odoo_rpc, rpc_login, net
):
    """No access token can be minted; after a decline the producer's session
    and its link open nothing, logged in or not."""
    _order, job = _new_job(odoo_rpc, net)
    near = rpc_login(net["near"]["login"], net["near"]["login"])
    url = near.execute("dmfg.job", "get_portal_url", [job["id"]])
    assert "access_token" not in url
    base = odoo_server.url
    session = web_session.login(odoo_server, net["near"]["login"])
    assert session.get(base + f"/my/jobs/{job['id']}", timeout=60).status_code == 200
    near.execute("dmfg.job", "action_decline", [job["id"]], "Too busy")
    assert session.get(base + f"/my/jobs/{job['id']}", timeout=60).status_code == 404
    # A token set by the back office opens nothing either, not even the
    # thread's public messages.
    odoo_rpc.execute("dmfg.job", "write", [job["id"]], {"access_token": "known-token"})
    odoo_rpc.execute_kw(
        "dmfg.job",
        "message_post",
        [[job["id"]]],
        {"body": "A public reply", "message_type": "comment"},
    )
    anonymous = requests.Session()
    page = anonymous.get(
        base + f"/my/jobs/{job['id']}?access_token=known-token",
        allow_redirects=False,
        timeout=60,
    )
    assert page.status_code in (302, 303)
    assert "/web/login" in page.headers["Location"]
    thread = anonymous.post(
        base + "/mail/thread/messages",
        json={
            "jsonrpc": "2.0",
            "params": {
                "thread_model": "dmfg.job",
                "thread_id": job["id"],
                "token": "known-token",
            },
        },
        timeout=60,
    ).json()
    assert "error" in thread, thread


def test_chatter_upload_obeys_the_quality_rules(odoo_server, odoo_rpc, rpc_login, net):
    """A portal producer cannot put an executable on a job through Odoo's
    chatter (upload route or message_post over RPC)."""
    _order, job = _new_job(odoo_rpc, net)
    near = rpc_login(net["near"]["login"], net["near"]["login"])
    exe = b"MZ" + b"\x00" * 2048
    with pytest.raises(odoorpc.error.RPCError, match="accepted|photo or a PDF"):
        near.execute_kw(
            "dmfg.job",
            "message_post",
            [[job["id"]]],
            {
                "body": f"{REFUSAL}: tool",
                "message_type": "comment",
                "attachments": [("tool.exe", base64.b64encode(exe).decode())],
            },
        )
    base = odoo_server.url
    session = web_session.login(odoo_server, net["near"]["login"])
    count = odoo_rpc.execute(
        "ir.attachment", "search_count", [("name", "=", "tool.exe")]
    )
    answer = session.post(
        base + "/mail/attachment/upload",
        data={
            "thread_id": job["id"],
            "thread_model": "dmfg.job",
            "is_pending": "true",
            "csrf_token": web_session.csrf_token(session),
        },
        files={"ufile": ("tool.exe", exe, "application/octet-stream")},
        timeout=60,
    )
    assert answer.status_code < 500
    assert "error" in answer.json()
    assert (
        odoo_rpc.execute("ir.attachment", "search_count", [("name", "=", "tool.exe")])
        == count
    )


def test_customer_sees_made_locally_and_nothing_of_the_network(
    odoo_server, odoo_rpc, rpc_login, net
):
    """The customer reads its order lines: the "made locally" line, never the
    producer, the runner-up, the score or the routing."""
    order, _job = _new_job(odoo_rpc, net)
    client = rpc_login(net["customer_login"], net["customer_login"])
    lines = client.execute("sale.order.line", "search", [("order_id", "=", order)])
    assert lines
    dump = _read_everything(client, "sale.order.line", lines) + _read_everything(
        client, "sale.order", [order]
    )
    for secret in (net["near"]["name"], net["far"]["name"], "score", "Runner"):
        _assert_absent(secret, dump, "the customer")
    [line] = client.execute("sale.order.line", "read", lines, ["dmfg_local_summary"])
    assert line["dmfg_local_summary"].startswith("Made locally in Funchal")
    for field in (
        "dmfg_producer_id",
        "dmfg_runner_up_id",
        "dmfg_routing_summary",
        "dmfg_distance_km",
        "dmfg_producer_name",
    ):
        with pytest.raises(odoorpc.error.RPCError, match="not have enough rights"):
            client.execute("sale.order.line", "read", lines, [field])
    base = odoo_server.url
    session = web_session.login(odoo_server, net["customer_login"])
    page = session.get(base + f"/my/orders/{order}", timeout=60)
    assert page.status_code == 200
    assert "Made locally in Funchal" in page.text
    assert net["near"]["name"] not in page.text


def test_salesperson_reads_its_order_facts_and_nothing_else(odoo_rpc, rpc_login, net):
    """A salesperson without our group reads on its order the producer's name,
    town, ready date and job state, and is refused producers, jobs, stock at
    producers and our RPC methods."""
    order, _job = _new_job(odoo_rpc, net)
    client = rpc_login(net["sales_login"], net["sales_login"])
    lines = client.execute("sale.order.line", "search", [("order_id", "=", order)])
    [line] = client.execute(
        "sale.order.line",
        "read",
        lines,
        [
            "dmfg_producer_name",
            "dmfg_producer_city",
            "dmfg_date_ready",
            "dmfg_job_state",
        ],
    )
    assert line["dmfg_producer_name"] == net["near"]["name"]
    assert line["dmfg_producer_city"] == "Funchal"
    assert line["dmfg_date_ready"]
    assert line["dmfg_job_state"] == "offered"
    dump = _read_everything(client, "sale.order.line", lines)
    assert net["far"]["name"] not in dump
    for field in (
        "dmfg_job_id",
        "dmfg_producer_id",
        "dmfg_runner_up_id",
        "dmfg_routing_summary",
    ):
        with pytest.raises(odoorpc.error.RPCError, match="not have enough rights"):
            client.execute("sale.order.line", "read", lines, [field])
    for model, method, args in (
        ("dmfg.producer", "search", [[]]),
        ("dmfg.job", "search", [[]]),
        ("dmfg.producer", "search_near", [FUNCHAL[0], FUNCHAL[1], 50]),
        ("dmfg.producer", "get_stock", [[net["near"]["producer"]]]),
        ("dmfg.job", "preview_routing", [net["product"], 1, False, *FUNCHAL]),
    ):
        with pytest.raises(odoorpc.error.RPCError):
            client.execute(model, method, *args)
    [location] = odoo_rpc.execute(
        "dmfg.producer", "read", [net["near"]["producer"]], ["location_id"]
    )
    assert location["location_id"], "an active producer has its stock location"
    # Stock the company keeps at the producer: the back office sees it.
    [component] = odoo_rpc.execute(
        "product.product", "search", [("is_storable", "=", True)], 0, 1
    )
    quant = odoo_rpc.execute(
        "stock.quant",
        "create",
        {
            "product_id": component,
            "location_id": location["location_id"][0],
            "inventory_quantity": 3,
        },
    )
    odoo_rpc.execute("stock.quant", "action_apply_inventory", [quant])
    assert odoo_rpc.execute(
        "stock.quant",
        "search_count",
        [("location_id", "=", location["location_id"][0])],
    )
    assert (
        client.execute(
            "stock.quant",
            "search_count",
            [("location_id", "=", location["location_id"][0])],
        )
        == 0
    )
    assert (
        client.execute(
            "stock.quant",
            "search_count",
            [("location_id.dmfg_producer_id", "!=", False)],
        )
        == 0
    )


def _soon():
    """A promised date producers may give: within the job's due window."""
    return (datetime.date.today() + datetime.timedelta(days=7)).isoformat()


# ----------------------------------------------------------- HTTP helpers


def _call_kw(session, model, method, args, kwargs):
    """The web client's JSON-RPC call: the answer's ``result`` or ``error``."""
    return session.post(
        session.dmfg_url + "/web/dataset/call_kw",
        json={
            "jsonrpc": "2.0",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs,
            },
        },
        timeout=60,
    ).json()


def test_producer_reads_no_scorecard_through_the_api(rpc_login, net):
    """A producer reads no scorecard field, neither its own nor another's:
    its own numbers are on /my/performance only."""
    client = rpc_login(net["near"]["login"], net["near"]["login"])
    for producer in (net["near"]["producer"], net["far"]["producer"]):
        for field in ("score_factor", "score_on_time_rate", "performance_override"):
            with pytest.raises(odoorpc.error.RPCError):
                client.execute("dmfg.producer", "read", [producer], [field])
    with pytest.raises(odoorpc.error.RPCError):
        client.execute("dmfg.quality.issue", "search_read", [], ["reason"])


def test_background_runs_are_the_planners_only(odoo_rpc, rpc_login, net):
    """A planner's background run (here a replenishment, queued: no job runner
    serves this server) is read by the company's managers; producers and
    salespeople read neither the runs nor the job queue, over XML-RPC and
    JSON-RPC."""
    planner = rpc_login("planner", "planner")
    run_id = planner.execute(
        "dmfg.producer", "replenish_in_background", [net["near"]["producer"]]
    )
    [run] = planner.execute("dmfg.background.run", "read", [run_id], ["state"])
    assert run["state"] == "queued"
    assert (
        planner.execute("dmfg.background.run", "get_result", [run_id])["state"]
        == "queued"
    )
    # The queue itself stays the administrator's (OCA's Job Queue Manager).
    with pytest.raises(odoorpc.error.RPCError):
        planner.execute("queue.job", "search_read", [], ["uuid"])
    for login in (net["near"]["login"], net["sales_login"]):
        client = rpc_login(login, login)
        for method, args in (
            ("search_read", [[], ["name", "result"]]),
            ("read", [[run_id], ["name"]]),
            ("get_result", [[run_id]]),
        ):
            with pytest.raises(odoorpc.error.RPCError):
                client.execute("dmfg.background.run", method, *args)
        with pytest.raises(odoorpc.error.RPCError):
            client.json(
                "/web/dataset/call_kw",
                {
                    "model": "dmfg.background.run",
                    "method": "search_read",
                    "args": [[]],
                    "kwargs": {"fields": ["name"]},
                },
            )
        with pytest.raises(odoorpc.error.RPCError):
            client.execute("queue.job", "search_read", [], ["uuid"])
    # Not left queued for a job runner that serves this database later.
    odoo_rpc.execute(
        "queue.job",
        "write",
        odoo_rpc.execute(
            "queue.job",
            "search",
            [("identity_key", "=like", f"dmfg.background.run:{run_id}:%")],
        ),
        {"state": "cancelled"},
    )
