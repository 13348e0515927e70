# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bad input never gives an HTTP 500, an unhandled fault or a write (issue 10).

Every portal POST route of ``distributed_mfg_portal/controllers/portal.py``
(as the demo producer ``producer1``, over real HTTP with a session and the
CSRF token) and every public RPC method of our models (as the planner or
``producer1``, over JSON-RPC with odoorpc) receives a corpus of bad values:
nan, inf, 1e308, -1, 0, quantities below the unit's rounding, empty values,
a 10,000-character string, wrong types (lists, dicts, bools), NUL bytes,
past and far-future dates and non-dates. One parameter is bad at a time, the
others are valid, so each check is reached.

Each call must end in a refusal (HTTP: any status below 500; RPC: a
UserError, ValidationError, AccessError or MissingError fault with a
message), and the database must be exactly as before: the row count, the
highest id and the latest ``write_date`` of every table a call could touch
are compared before and after each call, straight in PostgreSQL. Calls that
only name a record that does not exist or is not the caller's may also
succeed, as long as they write nothing.

Two guard tests read the addons' source and fail when a public method of our
models or a portal POST route has no entry here, so a new RPC method or form
cannot escape the fuzzing. Refused calls are logged by Odoo as warnings of
``odoo.http``, which the test command allows in this server's log.
"""

import ast
import datetime
import os
import sys
import uuid

import odoorpc
import psycopg2
import pytest
import requests

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "setup"))

import dmfg_env  # noqa: E402
import web_session  # noqa: E402

REFUSAL = "rpc-expected-refusal"
ALLOWED_FAULTS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
}
# Where our models and wizards live (their public methods are RPC methods).
MODEL_DIRS = [
    "distributed_mfg/models",
    "distributed_mfg/wizards",
    "distributed_mfg_portal/models",
    "distributed_mfg_portal/wizards",
]
PORTAL_CONTROLLER = "distributed_mfg_portal/controllers/portal.py"
MISSING_ID = 2**31 - 1

# ---------------------------------------------------------------- corpus

NAN = float("nan")
INF = float("inf")
LONG = "x" * 10000
TODAY = datetime.date.today()
PAST = str(TODAY - datetime.timedelta(days=30))
FAR = "9999-12-31"

# Not a number at all, whatever the bounds (RPC sends any JSON type).
RPC_NOT_NUMBERS = [
    NAN,
    INF,
    -INF,
    1e308,
    -1e308,
    "nan",
    "-inf",
    "1e400",
    "",
    "   ",
    None,
    True,
    "abc",
    "1,5",
    "1\x00",
    LONG,
    [1],
    [],
    {"value": 1},
    {},
]
# A quantity: more than 0, at least the unit's rounding (Units: 0.01).
RPC_QTY = RPC_NOT_NUMBERS + [0, -1, "0", "-2", 0.0001, "0.001"]
# A record id.
RPC_ID = RPC_NOT_NUMBERS + [0, -1, 0.5, 2**31, "2.5", MISSING_ID]
# A latitude (a longitude adds 200).
RPC_LATITUDE = RPC_NOT_NUMBERS + [91, -90.5, 1e9]
RPC_LONGITUDE = RPC_NOT_NUMBERS + [181, -200]
RPC_RADIUS = RPC_NOT_NUMBERS + [-1, 20005, 1e9]
# A date.
RPC_DATES = [
    "",
    "  ",
    None,
    False,
    True,
    "abc",
    "31/12/2099",
    "2026-02-30",
    "0000-01-01",
    "2026-13-01",
    20260101,
    1e308,
    NAN,
    LONG,
    ["2026-01-01"],
    {"date": "2026-01-01"},
    [],
    "2026-01-01\x00",
]
RPC_FUTURE_DATES = RPC_DATES + [PAST, FAR]
# A required text (a reason); an optional one (a lot number, a note).
RPC_OPTIONAL_TEXTS = [LONG, ["text"], {"a": 1}, 42, 1.5, True, [], {}, "bad\x00text"]
RPC_TEXTS = RPC_OPTIONAL_TEXTS + ["", "   ", None, False]
# A search domain.
RPC_DOMAINS = [
    "abc",
    42,
    True,
    {"a": 1},
    ["abc"],
    [("no_such_field", "=", 1)],
    [("name", "no-such-operator", 1)],
    [1, 2, 3],
    ["&"],
    [[["name"]]],
    LONG,
]

# Over HTTP a form sends strings only (or nothing).
HTTP_NOT_NUMBERS = [
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "-1e308",
    "1e400",
    "",
    "   ",
    "abc",
    "1,5",
    "[1]",
    "{}",
    "None",
    "False",
    "0x10",
    "1\x00",
    LONG,
    None,  # the field left out of the form
]
HTTP_QTY = HTTP_NOT_NUMBERS + ["0", "-1", "0.0001", "0.001"]
HTTP_COUNT = HTTP_NOT_NUMBERS + ["-1", "-0.5", "0.0001", "2e9"]
HTTP_HOURS = HTTP_NOT_NUMBERS + ["-1", "24.5", "25"]
HTTP_IDS = ["abc", "-1", "0", "1e308", "nan", "", "99999999999", "2.5", LONG, None]
HTTP_DATES = [
    "",
    "  ",
    None,
    "abc",
    "31/12/2099",
    "2026-02-30",
    "0000-01-01",
    "20260101",
    "1e308",
    "nan",
    LONG,
    "[]",
    "2026-01-01\x00",
    PAST,
    FAR,
]
HTTP_OPTIONAL_TEXTS = [LONG, "bad\x00text"]
HTTP_TEXTS = HTTP_OPTIONAL_TEXTS + ["", "   ", None]


# ---------------------------------------------------------------- guards


def _class_models(node):
    """``(model name, parent models)`` of an Odoo model class node, or None."""
    values = {}
    for stmt in node.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1:
            target = stmt.targets[0]
            if isinstance(target, ast.Name) and target.id in ("_name", "_inherit"):
                try:
                    values[target.id] = ast.literal_eval(stmt.value)
                except ValueError:
                    continue
    inherit = values.get("_inherit") or []
    inherit = [inherit] if isinstance(inherit, str) else list(inherit)
    name = values.get("_name") or (inherit[0] if inherit else None)
    if not name:
        return None
    return name, [parent for parent in inherit if parent != name]


def _public_methods(node):
    return {
        stmt.name
        for stmt in node.body
        if isinstance(stmt, ast.FunctionDef) and not stmt.name.startswith("_")
    }


def _our_public_methods():
    """``{(model, method): parents of the model}`` of the public methods our
    addons define (parents: every model our classes of it inherit)."""
    found = {}
    parents = {}
    for folder in MODEL_DIRS:
        path = os.path.join(REPO, folder)
        if not os.path.isdir(path):
            continue
        for filename in sorted(os.listdir(path)):
            if not filename.endswith(".py"):
                continue
            with open(os.path.join(path, filename), encoding="utf-8") as fh:
                tree = ast.parse(fh.read())
            for node in tree.body:
                if not isinstance(node, ast.ClassDef):
                    continue
                model = _class_models(node)
                if not model:
                    continue
                parents.setdefault(model[0], set()).update(model[1])
                for method in _public_methods(node):
                    found[(model[0], method)] = parents[model[0]]
    return found


def _odoo_methods(models):
    """``{model: method names}`` Odoo itself defines for these models (their
    own classes, plus every model's BaseModel methods)."""
    _cmd, addons_path, _root = dmfg_env.find_odoo("tests")
    odoo_dir = os.path.dirname(addons_path[0])
    with open(os.path.join(odoo_dir, "models.py"), encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    base = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == "BaseModel":
            base = {s.name for s in node.body if isinstance(s, ast.FunctionDef)}
    methods = {model: set(base) for model in models}
    quoted = {model: (f'"{model}"', f"'{model}'") for model in models}
    for folder in addons_path:
        if os.path.realpath(folder) == os.path.realpath(REPO):
            continue
        for root, _dirs, files in os.walk(folder):
            for filename in files:
                if not filename.endswith(".py") or "/tests" in root:
                    continue
                path = os.path.join(root, filename)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    text = fh.read()
                names = [m for m, q in quoted.items() if q[0] in text or q[1] in text]
                if names:
                    _collect_odoo_methods(text, names, methods)
    return methods


def _collect_odoo_methods(text, names, methods):
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        model = _class_models(node)
        if not model:
            continue
        for name in names:
            # The model's own classes and extensions, not its descendants.
            if name == model[0]:
                methods[name] |= {
                    s.name for s in node.body if isinstance(s, ast.FunctionDef)
                }


def our_rpc_methods():
    """``(model, method)`` of every public method our addons add to Odoo:
    defined in our source, not starting with ``_``, and not a method Odoo
    itself defines on the model or its parents (create, write, set_values,
    action_confirm of sale orders...)."""
    ours = _our_public_methods()
    models = {model for model, _method in ours}
    models |= {parent for parents in ours.values() for parent in parents}
    odoo = _odoo_methods(models)
    return sorted(
        (model, method)
        for (model, method), parents in ours.items()
        if method not in odoo[model]
        and not any(method in odoo[parent] for parent in parents)
    )


def portal_post_routes():
    """The first path of every POST route of the producer portal controller."""
    with open(os.path.join(REPO, PORTAL_CONTROLLER), encoding="utf-8") as fh:
        tree = ast.parse(fh.read())
    routes = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        for decorator in node.decorator_list:
            if not (
                isinstance(decorator, ast.Call)
                and getattr(decorator.func, "attr", "") == "route"
            ):
                continue
            keywords = {k.arg: k.value for k in decorator.keywords}
            methods = keywords.get("methods")
            if methods is None or "POST" not in ast.literal_eval(methods):
                continue
            paths = ast.literal_eval(decorator.args[0])
            routes.append(paths[0] if isinstance(paths, list) else paths)
    return sorted(routes)


# -------------------------------------------------------- the world


@pytest.fixture(scope="module")
def world(odoo_server, odoo_rpc, rpc_login):
    """Jobs of producer1 in each state, a blackout, ids of demo records.

    Made by the administrator; the jobs are cancelled and the blackouts
    removed at the end.
    """
    admin = odoo_rpc
    ref = admin.env.ref
    execute = admin.execute
    producer1 = ref("distributed_mfg.dmfg_producer_barcelona_demo").id
    producer2 = ref("distributed_mfg.dmfg_producer_sabadell_demo").id
    product = ref(
        "distributed_mfg.product_template_shelf_bracket_demo"
    ).product_variant_id.id
    uom = ref("uom.product_uom_unit").id
    customer = execute("res.partner", "search", [("name", "=", "Joel Willis")])[0]
    tag = uuid.uuid4().hex[:8]

    def job(producer, state):
        return execute(
            "dmfg.job",
            "create",
            {
                "name": f"JOB {REFUSAL} fuzz {state} {tag}",
                "producer_id": producer,
                "state": state,
                "partner_shipping_id": customer,
                "customer_latitude": 41.40,
                "customer_longitude": 2.19,
                "product_id": product,
                "product_qty": 2.0,
                "product_uom_id": uom,
                "date_due": str(TODAY + datetime.timedelta(days=10)),
            },
        )

    jobs = {state: job(producer1, state) for state in ("offered", "in_progress")}
    jobs["produced"] = job(producer1, "produced")
    jobs["other"] = job(producer2, "offered")
    location = execute("dmfg.producer", "read", [producer1], ["location_id"])[0]
    quant = execute(
        "stock.quant",
        "search_read",
        [("location_id", "=", location["location_id"][0])],
        ["product_id"],
        0,
        1,
    )[0]

    def blackout(producer, start, end):
        return execute(
            "dmfg.producer.blackout",
            "create",
            {
                "producer_id": producer,
                "date_from": str(start),
                "date_to": str(end),
                "name": f"{REFUSAL} {tag}",
            },
        )

    week = datetime.timedelta(days=7)
    blackouts = {
        "past": blackout(producer1, TODAY - 2 * week, TODAY - week),
        "other": blackout(producer2, TODAY + week, TODAY + 2 * week),
    }
    world = {
        "admin": admin,
        "planner": rpc_login("planner", "planner"),
        "producer1": rpc_login("producer1", "producer1"),
        "producer1_id": producer1,
        "producer2_id": producer2,
        "far_producer_id": ref("distributed_mfg.dmfg_producer_lleida_demo").id,
        "product": product,
        "customer": customer,
        "jobs": jobs,
        "quant": quant["id"],
        "component": quant["product_id"][0],
        "blackouts": blackouts,
        "design": ref("distributed_mfg.dmfg_design_shelf_bracket_demo").id,
        "revision": ref("distributed_mfg.dmfg_design_revision_shelf_bracket_b_demo").id,
    }
    yield world
    execute("dmfg.job", "write", list(jobs.values()), {"state": "cancel"})
    execute("dmfg.producer.blackout", "unlink", list(blackouts.values()))


# ------------------------------------------------- the database snapshot

# Tables a call on our models or portal could write to.
WATCHED_TABLES = [
    "dmfg_job",
    "dmfg_job_leftover",
    "dmfg_producer",
    "dmfg_producer_blackout",
    "dmfg_producer_equipment",
    "dmfg_process_term",
    "product_template",
    "product_product",
    "mrp_bom",
    "mrp_bom_line",
    "dmfg_design",
    "dmfg_design_revision",
    "dmfg_design_file",
    "res_partner",
    "res_company",
    "ir_config_parameter",
    "stock_quant",
    "stock_move",
    "stock_move_line",
    "stock_picking",
    "stock_lot",
    "stock_location",
    "stock_warehouse_orderpoint",
    "purchase_order",
    "purchase_order_line",
    "mrp_production",
    "sale_order",
    "sale_order_line",
    "procurement_group",
    "mail_message",
    "mail_activity",
    "mail_followers",
    "mail_mail",
    "mail_notification",
    "ir_attachment",
]


class Snapshot:
    """Row count, highest id and latest write_date of the watched tables."""

    def __init__(self, db):
        self.conn = psycopg2.connect(dbname=db)
        self.conn.autocommit = True
        with self.conn.cursor() as cr:
            cr.execute(
                "SELECT table_name, array_agg(column_name::text) "
                "FROM information_schema.columns WHERE table_schema = 'public' "
                "AND table_name = ANY(%s) GROUP BY table_name",
                [WATCHED_TABLES],
            )
            columns = dict(cr.fetchall())
        parts = []
        for table in sorted(columns):
            stamp = "max(write_date)" if "write_date" in columns[table] else "NULL"
            # Asset bundles are generated on a first page view: not a write
            # of the call.
            where = (
                " WHERE coalesce(url, '') NOT LIKE '/web/assets/%%'"
                if table == "ir_attachment"
                else ""
            )
            parts.append(
                f"(SELECT row('{table}', count(*), max(id), {stamp})::text "
                f"FROM {table}{where})"
            )
        self.query = "SELECT " + ", ".join(parts)

    def take(self):
        with self.conn.cursor() as cr:
            cr.execute(self.query)
            return cr.fetchone()

    def close(self):
        self.conn.close()


@pytest.fixture(scope="module")
def snapshot(odoo_server):
    snap = Snapshot(odoo_server.db)
    yield snap
    snap.close()


def _diff(before, after):
    return [f"{a} -> {b}" for a, b in zip(before, after, strict=True) if a != b]


def _short(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ------------------------------------------------------------ RPC cases


class Case:
    """One bad call: ``who`` calls ``model.method(*args, **kwargs)`` on
    ``ids`` (None for a model method). ``may_succeed``: the call may also
    succeed (an unknown record, a read), provided it writes nothing."""

    def __init__(self, who, model, method, ids, args, kwargs=None, may_succeed=False):
        self.who = who
        self.model = model
        self.method = method
        self.ids = ids
        self.args = list(args)
        self.kwargs = kwargs or {}
        self.may_succeed = may_succeed

    def __str__(self):
        args = ", ".join(_short(a) for a in self.args)
        return f"{self.who}: {self.model}.{self.method}({self.ids}, {args})"


def _vary(who, model, method, ids, valid, corpora):
    """One case per bad value of each parameter, the others valid.

    ``valid``: the valid positional arguments; ``corpora``: ``{position:
    bad values}``.
    """
    cases = []
    for position, values in corpora.items():
        for value in values:
            args = list(valid)
            args[position] = value
            cases.append(Case(who, model, method, ids, args))
    return cases


def _no_argument(model, method, planner_ids, producer_ids):
    """A method without arguments: the planner on a record that does not
    exist, producer1 on a record that is not its own (or not for it)."""
    return [
        Case("planner", model, method, planner_ids, [], may_succeed=True),
        Case("producer1", model, method, producer_ids, [], may_succeed=True),
    ]


def _preview_routing(w):
    valid = [w["product"], 1, False, 41.39, 2.17, False]
    cases = _vary(
        "planner",
        "dmfg.job",
        "preview_routing",
        None,
        valid,
        {
            0: RPC_ID,
            1: RPC_QTY,
            3: RPC_LATITUDE,
            4: RPC_LONGITUDE,
            5: [d for d in RPC_FUTURE_DATES if d not in ("", "  ", None, False)],
        },
    )
    # A customer id given (not False/None) must be one.
    bad_partners = [v for v in RPC_ID if v not in (None, "", "   ")]
    cases += _vary(
        "planner", "dmfg.job", "preview_routing", None, valid, {2: bad_partners}
    )
    return cases


def _job_cases(w):
    jobs = w["jobs"]
    cases = _preview_routing(w)
    cases += _vary(
        "planner",
        "dmfg.job",
        "action_reassign",
        [jobs["offered"]],
        [w["producer2_id"], "Fuzz"],
        {0: RPC_ID, 1: RPC_TEXTS},
    )
    cases += _vary(
        "producer1",
        "dmfg.job",
        "action_accept",
        [jobs["offered"]],
        [str(TODAY)],
        {0: RPC_FUTURE_DATES},
    )
    cases += _vary(
        "producer1",
        "dmfg.job",
        "action_mark_produced",
        [jobs["in_progress"]],
        [1, "LOT-FUZZ"],
        {0: RPC_QTY + [3, "2.5"], 1: RPC_OPTIONAL_TEXTS},
    )
    cases += _vary(
        "producer1",
        "dmfg.job",
        "action_ship",
        [jobs["produced"]],
        ["SEUR", "TRACK-1"],
        {0: RPC_TEXTS, 1: RPC_TEXTS},
    )
    cases += _vary(
        "producer1",
        "dmfg.job",
        "action_decline",
        [jobs["offered"]],
        ["Too busy"],
        {0: RPC_TEXTS},
    )
    # Another producer's job, with valid values: refused, nothing written.
    for method, args in (
        ("action_accept", [str(TODAY)]),
        ("action_decline", ["Not mine"]),
        ("action_mark_produced", [1]),
        ("action_ship", ["SEUR", "T"]),
    ):
        cases.append(Case("producer1", "dmfg.job", method, [jobs["other"]], args))
    # An offered job cannot be started (wrong state): refused.
    cases.append(Case("producer1", "dmfg.job", "action_start", [jobs["offered"]], []))
    for method in (
        "action_start",
        "action_view_purchase",
        "action_view_pickings",
        "action_view_productions",
        "action_open_assign_wizard",
        "action_reroute",
        "action_check_components",
        "action_open_leftover_wizard",
        "action_record_quality_issue",
    ):
        cases += _no_argument("dmfg.job", method, [MISSING_ID], [jobs["other"]])
    return cases


def _producer_cases(w):
    own, other = [w["producer1_id"]], [w["producer2_id"]]
    cases = _vary(
        "planner",
        "dmfg.producer",
        "search_near",
        None,
        [41.39, 2.17, 30, None],
        {0: RPC_LATITUDE, 1: RPC_LONGITUDE, 2: RPC_RADIUS, 3: RPC_DOMAINS},
    )
    cases += _vary(
        "planner",
        "dmfg.producer",
        "get_free_capacity",
        own,
        [str(TODAY), str(TODAY + datetime.timedelta(days=6))],
        {
            0: RPC_DATES,
            1: RPC_DATES
            + [
                str(TODAY - datetime.timedelta(days=1)),
                str(TODAY + datetime.timedelta(days=800)),
                FAR,
            ],
        },
    )
    cases.append(
        Case("producer1", "dmfg.producer", "get_free_capacity", other, [PAST, PAST])
    )
    for method in (
        "action_start_trial",
        "action_activate",
        "action_suspend",
        "action_close",
        "action_reopen",
        "action_locate",
        "action_view_jobs",
        "action_view_stock",
        "action_view_dmfg_allowed_designs",
        "action_count_stock",
        "action_replenish",
        "replenish",
        "replenish_in_background",
        "get_stock",
        "action_grant_portal_access",
        "action_update_scorecard",
        "action_view_weekly_load",
    ):
        cases += _no_argument("dmfg.producer", method, [MISSING_ID], other)
        cases.append(
            Case("producer1", "dmfg.producer", method, own, [], may_succeed=True)
        )
    return cases


def _design_cases(w):
    cases = []
    for method in (
        "action_view_products",
        "action_view_allowed_producers",
        "action_view_revisions",
        "get_current_revision_info",
    ):
        cases += _no_argument("dmfg.design", method, [MISSING_ID], [w["design"]])
    for method in ("action_release", "action_view_files"):
        cases += _no_argument(
            "dmfg.design.revision", method, [MISSING_ID], [w["revision"]]
        )
    return cases


class WizardCase(Case):
    """Create the wizard (as ``who``) with ``values``, then call ``method``."""

    def __init__(self, who, model, method, values, update=None, may_succeed=False):
        super().__init__(who, model, method, "new", [], may_succeed=may_succeed)
        self.values = values
        self.update = update or {}

    def __str__(self):
        values = {k: _short(v) for k, v in self.values.items()}
        update = {k: _short(v) for k, v in self.update.items()}
        return (
            f"{self.who}: {self.model}.create({values}).write({update})"
            f".{self.method}()"
        )


def _wizard_cases(w):
    producers = [(6, 0, [w["producer1_id"]])]
    offered = w["jobs"]["offered"]
    cases = [
        WizardCase(
            "planner",
            "dmfg.producer.near.wizard",
            "action_search",
            {"place_type": "city", "city": "Sabadell", "radius_km": bad},
        )
        for bad in (NAN, INF, -INF, 1e308, -1, 0, 20005)
    ]
    cases += [
        WizardCase(
            "planner",
            "dmfg.producer.near.wizard",
            "action_search",
            {"place_type": "city", "city": city, "radius_km": 30},
        )
        for city in ("", "   ", LONG, "Nowhere-on-earth")
    ]
    cases += [
        WizardCase(
            "planner",
            "dmfg.producer.locate",
            "action_locate_next",
            {"producer_ids": producer_ids, "chunk_size": size},
        )
        for producer_ids, size in ((producers, 0), (producers, -1), ([], 10))
    ]
    cases.append(
        WizardCase(
            "planner",
            "dmfg.producer.locate",
            "action_locate_background",
            {"producer_ids": []},
        )
    )
    cases += _no_argument(
        "dmfg.producer.locate", "action_open_producers", [MISSING_ID], [MISSING_ID]
    )
    cases += [
        WizardCase(
            "planner",
            "dmfg.producer.state.wizard",
            "action_confirm",
            {"producer_ids": producers, "new_state": "suspended", "reason": reason},
        )
        for reason in ("   ", LONG)
    ]
    # Lleida is beyond the routing distance of a Barcelona customer: never the
    # best-ranked producer (the wizard proposes that one), so a reason is due.
    cases += [
        WizardCase(
            "planner",
            "dmfg.job.assign",
            "action_assign",
            {"job_id": offered},
            update={"producer_id": w["far_producer_id"], "reason": reason},
        )
        for reason in ("   ", LONG)
    ]
    # Back to the choice in the assign dialog: a dialog that does not exist.
    cases += _no_argument("dmfg.job.assign", "action_back", [MISSING_ID], [MISSING_ID])
    cases.append(
        WizardCase(
            "planner",
            "dmfg.job.leftover.transfer",
            "action_confirm",
            {"job_id": offered},
        )
    )
    return cases


class WriteCase(Case):
    """``who`` writes ``values`` on ``ids`` of ``model`` (our constraints)."""

    def __init__(self, who, model, ids, values):
        super().__init__(who, model, "write", ids, [values])


def _field_cases(w):
    """Number fields of our models and settings, written with bad values."""
    own = [w["producer1_id"]]
    cases = []
    for field, extra in (
        ("service_radius_km", [0, -1, 20005]),
        ("capacity_hours_per_day", [-1, 25]),
        ("performance_factor", [-1, 101]),
        ("latitude", [91, -91]),
        ("longitude", [181, -181]),
    ):
        for value in [NAN, INF, -INF, 1e308, -1e308] + extra:
            cases.append(WriteCase("planner", "dmfg.producer", own, {field: value}))
    for field, values in (("lead_time_days", [-1, 3651]), ("max_open_jobs", [-1])):
        for value in values:
            cases.append(WriteCase("planner", "dmfg.producer", own, {field: value}))
    for values in ({"dmfg_max_distance_km": bad} for bad in (NAN, INF, -1, 1e308)):
        cases.append(WizardCase("admin", "res.config.settings", "execute", values))
    for field in (
        "dmfg_weight_distance",
        "dmfg_weight_lead_time",
        "dmfg_weight_price",
        "dmfg_weight_performance",
        "dmfg_weight_stock",
    ):
        for bad in (NAN, INF, -INF, -1, 1e308):
            cases.append(
                WizardCase("admin", "res.config.settings", "execute", {field: bad})
            )
    for field, bads in (
        ("dmfg_default_due_days", (0, -1, 100000)),
        ("dmfg_candidate_limit", (0, -1, 100000)),
        ("dmfg_promised_max_days", (-1, 100000)),
        ("dmfg_wave_interval_minutes", (0, -1, 100000)),
        ("dmfg_portal_acceptance_hours", (-1, 100000)),
        ("dmfg_portal_reminder_hours", (-1, 100000)),
        ("dmfg_portal_upload_max_mb", (0, -1, 100000)),
        ("dmfg_score_window_jobs", (-1, 100000)),
        ("dmfg_score_window_days", (-1, 100000)),
        ("dmfg_score_trial_jobs", (0, -1, 100000)),
        ("dmfg_score_suspend_below", (NAN, INF, -1, 3)),
        ("dmfg_score_suspend_min_jobs", (0, -1, 100000)),
        ("dmfg_impact_van_factor", (NAN, INF, -1, 1e308)),
        ("dmfg_impact_freight_factor", (NAN, INF, -1, 101)),
        ("dmfg_impact_production_days", (-1, 100000)),
        ("dmfg_impact_shipping_days", (-1, 100000)),
    ):
        for bad in bads:
            cases.append(
                WizardCase("admin", "res.config.settings", "execute", {field: bad})
            )
    return cases


def _cockpit_cases(w):
    """The network map's data (planners; producers refused) and the sale
    order's jobs button (a sale order that does not exist, or producer1,
    who reads no sale order)."""
    cases = [
        Case("planner", "dmfg.network.map", "get_map_data", None, [], may_succeed=True),
        Case("producer1", "dmfg.network.map", "get_map_data", None, []),
    ]
    orders = w["admin"].execute_kw("sale.order", "search", [[]], {"limit": 1})
    cases += _no_argument("sale.order", "action_view_dmfg_jobs", [MISSING_ID], orders)
    return cases


def _wave_cases(w):
    """Wave dispatch (planners; producers refused): job ids that are not a
    list of waiting jobs' ids, and the wave dialog on no waiting job."""
    offered = w["jobs"]["offered"]
    cases = []
    for method in ("plan_wave", "dispatch_wave"):
        for bad in ("all", 3, True, {"a": 1}, LONG, [offered], [MISSING_ID]):
            cases.append(Case("planner", "dmfg.job", method, None, [bad]))
        for bad in RPC_ID:
            if bad not in (None, False):
                cases.append(Case("planner", "dmfg.job", method, None, [[bad]]))
        cases.append(Case("producer1", "dmfg.job", method, None, [False]))
        # No job waits in the demo: an empty wave, nothing written.
        cases.append(
            Case("planner", "dmfg.job", method, None, [False], may_succeed=True)
        )
    cases += _no_argument(
        "dmfg.wave.wizard", "action_open_jobs", [MISSING_ID], [MISSING_ID]
    )
    for bad in ("all", 3, True, {"a": 1}, LONG, [offered], [MISSING_ID]):
        cases.append(
            Case("planner", "dmfg.job", "dispatch_wave_in_background", None, [bad])
        )
    cases.append(
        Case("producer1", "dmfg.job", "dispatch_wave_in_background", None, [False])
    )
    # No job waits in the demo: refused, nothing queued.
    cases.append(
        Case("planner", "dmfg.job", "dispatch_wave_in_background", None, [False])
    )
    for method in ("get_result", "action_refresh", "action_view_queue_jobs"):
        cases += _no_argument("dmfg.background.run", method, [MISSING_ID], [MISSING_ID])
    for method in ("action_plan", "action_dispatch", "action_dispatch_background"):
        cases.append(WizardCase("planner", "dmfg.wave.wizard", method, {}))
        cases.append(WizardCase("producer1", "dmfg.wave.wizard", method, {}))

    return cases


def _impact_cases(w):
    """The network's impact totals (planners; producers refused) and the
    dashboard's buttons."""
    valid = ["2026-01-01", "2026-12-31"]
    cases = _vary(
        "planner",
        "dmfg.job",
        "impact_totals",
        None,
        valid,
        {0: RPC_DATES, 1: RPC_DATES + [FAR, "2025-12-31"]},
    )
    cases.append(Case("producer1", "dmfg.job", "impact_totals", None, valid))
    cases += [
        Case(
            "planner",
            "dmfg.impact.dashboard",
            "action_open_dashboard",
            None,
            [],
            may_succeed=True,
        ),
        Case("producer1", "dmfg.impact.dashboard", "action_open_dashboard", None, []),
    ]
    for method in ("action_open_impact_report", "action_open_open_jobs"):
        cases += _no_argument(
            "dmfg.impact.dashboard", method, [MISSING_ID], [MISSING_ID]
        )
    return cases


# Files that are not valid Open Know-Where / Open Know-How (issue #17).
BAD_OKW = RPC_TEXTS + [
    "- name: A\n- name: [B\n",
    "- name: Lab\n  location:\n    gps-coordinates: 91, 2\n",
    "- name: Lab\n  location:\n    gps-coordinates: nan, inf\n",
    "name: [1, 2]\n",
    "facility-status: Open\nname: Lab\n",
    "&a [*a]",
    "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nname: *c\n",
    "[" * 5000,
    '{"name": "Lab", "equipment": 12}',
]
BAD_OKH = RPC_TEXTS + [
    "title: Stand\n",
    "title: Stand\ndescription: D\nproject-link: https://x.example\n"
    "license: Beerware\n",
    "title: Stand\ndescription: D\nproject-link: https://x.example\n"
    "license: {hardware: CC-BY-4.0}\nbom: [{quantity: nan}]\n",
    'name = "Lamp"\nrepo = \n',
    "[" * 5000,
]


def _open_standard_cases(w):
    """OKW/OKH imports and exports (issue #17): bad files refused, dry runs
    writing nothing, producer1 (portal) refused everything."""
    own, design = [w["producer1_id"]], [w["design"]]
    cases = []
    for model, method, bad_files, name in (
        ("dmfg.producer", "import_okw", BAD_OKW, "map.yml"),
        ("dmfg.design", "import_okh", BAD_OKH, "okh.toml"),
    ):
        for bad in bad_files:
            cases.append(Case("planner", model, method, None, [bad, name]))
            cases.append(
                Case(
                    "planner", model, method, None, [bad, name, True], may_succeed=True
                )
            )
            cases.append(Case("producer1", model, method, None, [bad]))
        for bad_name in (LONG, ["x"], {"a": 1}, 42):
            cases.append(Case("planner", model, method, None, [BAD_OKW[-1], bad_name]))
    # A design with its files, sent as a zip archive in base64.
    for bad in (
        "!!",
        "bm90IGEgemlw",
        "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==",
        LONG,
        42,
        None,
    ):
        cases.append(
            Case("planner", "dmfg.design", "import_okh", None, [bad, "design.zip"])
        )
    cases.append(Case("producer1", "dmfg.producer", "export_okw", own, []))
    cases.append(
        Case("planner", "dmfg.producer", "export_okw", own, [LONG], may_succeed=True)
    )
    cases += [
        Case("planner", "dmfg.design", "export_okh", design, [bad], may_succeed=True)
        for bad in (LONG, ["toml"], {"a": 1}, None, 42)
    ]
    cases.append(Case("producer1", "dmfg.design", "export_okh", design, ["toml"]))
    cases += _no_argument("dmfg.producer", "action_export_okw", [MISSING_ID], own)
    for method in ("action_export_okh", "action_export_okh_toml"):
        cases += _no_argument("dmfg.design", method, [MISSING_ID], design)
    wizard = "dmfg.open.standard.import"
    for kind, bad_files in (("okw", BAD_OKW), ("okh", BAD_OKH)):
        for bad in bad_files:
            if not isinstance(bad, str):
                continue
            values = {"kind": kind, "text": bad}
            cases.append(WizardCase("planner", wizard, "action_import", values))
            cases.append(
                WizardCase("planner", wizard, "action_import_background", values)
            )
            cases.append(
                WizardCase(
                    "planner", wizard, "action_preview", values, may_succeed=True
                )
            )
    cases.append(
        WizardCase(
            "planner", wizard, "action_import", {"kind": "okw", "upload_file": "!!"}
        )
    )
    cases += _no_argument(wizard, "action_back", [MISSING_ID], [MISSING_ID])
    return cases


RPC_BUILDERS = [
    _wave_cases,
    _impact_cases,
    _job_cases,
    _producer_cases,
    _design_cases,
    _wizard_cases,
    _cockpit_cases,
    _open_standard_cases,
]


def _rpc_cases(w):
    cases = []
    for builder in RPC_BUILDERS:
        cases += builder(w)
    return cases


def _run_rpc(w, case):
    """Run one case: ``(outcome, detail)``, outcome ``ok``, ``refused`` or
    ``bad`` (an unhandled fault or a transport error)."""
    client = w[case.who]
    try:
        if isinstance(case, WizardCase):
            wizard = client.execute_kw(case.model, "create", [case.values], {})
            if case.update:
                client.execute_kw(case.model, "write", [[wizard], case.update], {})
            client.execute_kw(case.model, case.method, [[wizard]], {})
        elif case.ids is None:
            client.execute_kw(case.model, case.method, case.args, case.kwargs)
        else:
            client.execute_kw(
                case.model, case.method, [case.ids, *case.args], case.kwargs
            )
    except odoorpc.error.RPCError as error:
        data = (error.info or {}).get("data") or {}
        name = data.get("name")
        message = data.get("message") or ""
        if name in ALLOWED_FAULTS and message.strip():
            return "refused", name
        return "bad", f"{name}: {(data.get('debug') or message)[-600:]}"
    except Exception as error:  # noqa: BLE001 - any other outcome is the finding
        return "bad", f"{type(error).__name__}: {str(error)[:300]}"
    return "ok", ""


# --------------------------------------------------------------- tests


def _check(snapshot, run, cases):
    """Run every case between two snapshots; the list of problems."""
    problems = []
    for case in cases:
        before = snapshot.take()
        outcome, detail = run(case)
        after = snapshot.take()
        if outcome == "bad":
            problems.append(f"{case}: unhandled: {detail}")
        elif outcome == "ok" and not case.may_succeed:
            problems.append(f"{case}: accepted a bad value")
        changed = _diff(before, after)
        if changed:
            problems.append(f"{case}: wrote {changed}")
    return problems


def _report(capsys, label, cases, problems):
    with capsys.disabled():
        print(f"\n{label}: {len(cases)} calls tried, {len(problems)} problems")
    assert not problems, "\n".join(problems[:40])


def test_rpc_methods_refuse_bad_input(world, snapshot, capsys):
    """Every public RPC method of our models, with every bad value: a clear
    fault (UserError, ValidationError, AccessError, MissingError), never an
    unhandled one, and nothing written."""
    cases = _rpc_cases(world)
    problems = _check(snapshot, lambda case: _run_rpc(world, case), cases)
    _report(capsys, "bad-input fuzz, RPC methods", cases, problems)


def test_number_fields_and_settings_refuse_bad_numbers(world, snapshot, capsys):
    """Our models' number fields and the Settings refuse nan, inf, 1e308 and
    values out of bounds with a clear fault; nothing is written."""
    cases = _field_cases(world)
    problems = _check(snapshot, lambda case: _run_rpc(world, case), cases)
    _report(capsys, "bad-input fuzz, fields and settings", cases, problems)


def test_every_public_rpc_method_is_fuzzed(world):
    """A public method added to one of our models must get fuzz cases here."""
    fuzzed = {(case.model, case.method) for case in _rpc_cases(world)}
    missing = [method for method in our_rpc_methods() if method not in fuzzed]
    assert not missing, f"public methods without bad-input cases: {missing}"


# ------------------------------------------------------ portal (HTTP)


class Post:
    """One bad form: POST ``data`` (None values are left out) to ``path``."""

    def __init__(self, route, path, data, files=None, may_succeed=False):
        self.route = route
        self.path = path
        self.data = {k: v for k, v in data.items() if v is not None}
        self.files = files
        self.may_succeed = may_succeed

    def __str__(self):
        data = {k: _short(v) for k, v in self.data.items()}
        return f"POST {self.path} {data}"


def _posts(route, path, valid, corpora):
    posts = []
    for field, values in corpora.items():
        for value in values:
            data = dict(valid)
            data[field] = value
            posts.append(Post(route, path, data))
    return posts


def _portal_posts(w):
    jobs = w["jobs"]
    offered, in_progress = jobs["offered"], jobs["in_progress"]
    produced, other = jobs["produced"], jobs["other"]
    posts = _posts(
        "/my/jobs/<int:job_id>/accept",
        f"/my/jobs/{offered}/accept",
        {},
        {"date_promised": HTTP_DATES},
    )
    posts += _posts(
        "/my/jobs/<int:job_id>/decline",
        f"/my/jobs/{offered}/decline",
        {},
        {"reason": HTTP_TEXTS},
    )
    posts += _posts(
        "/my/jobs/<int:job_id>/produced",
        f"/my/jobs/{in_progress}/produced",
        {"qty": "1", "lot_name": "LOT-FUZZ"},
        {"qty": HTTP_QTY + ["3", "2.5"], "lot_name": HTTP_OPTIONAL_TEXTS},
    )
    posts += _posts(
        "/my/jobs/<int:job_id>/ship",
        f"/my/jobs/{produced}/ship",
        {"carrier_name": "SEUR", "tracking_ref": "TRACK-1"},
        {"carrier_name": HTTP_TEXTS, "tracking_ref": HTTP_TEXTS},
    )
    posts.append(Post("/my/jobs/<int:job_id>/start", f"/my/jobs/{offered}/start", {}))
    # Another producer's job, a job that does not exist: 404, whatever the form.
    for action, data in (
        ("accept", {"date_promised": str(TODAY)}),
        ("decline", {"reason": "Not mine"}),
        ("start", {}),
        ("produced", {"qty": "1"}),
        ("ship", {"carrier_name": "SEUR", "tracking_ref": "T"}),
        ("quality", {}),
    ):
        route = f"/my/jobs/<int:job_id>/{action}"
        for job_id in (other, MISSING_ID, 99999999999999):
            posts.append(Post(route, f"/my/jobs/{job_id}/{action}", data))
    quality = f"/my/jobs/{in_progress}/quality"
    for files in (
        None,
        [("quality_files", ("empty.png", b"", "image/png"))],
        [("quality_files", ("tool.exe", b"MZ" + b"\x00" * 4096, "image/png"))],
        [("quality_files", (LONG + ".png", b"\x00" * 10, "image/png"))],
    ):
        posts.append(Post("/my/jobs/<int:job_id>/quality", quality, {}, files=files))
    posts += _posts(
        "/my/stock/count",
        "/my/stock/count",
        {"quant_id": str(w["quant"]), "quantity": "5"},
        {"quantity": HTTP_COUNT, "quant_id": HTTP_IDS},
    )
    posts += _posts(
        "/my/stock/request",
        "/my/stock/request",
        {"product_id": str(w["component"]), "qty": "2", "note": "fuzz"},
        {
            "qty": HTTP_QTY,
            "product_id": HTTP_IDS + [str(w["product"])],
            "note": HTTP_OPTIONAL_TEXTS,
        },
    )
    posts += _posts(
        "/my/availability/capacity",
        "/my/availability/capacity",
        {},
        {"hours": HTTP_HOURS},
    )
    start = str(TODAY + datetime.timedelta(days=30))
    end = str(TODAY + datetime.timedelta(days=31))
    posts += _posts(
        "/my/availability/blackout",
        "/my/availability/blackout",
        {"date_from": start, "date_to": end, "reason": "fuzz"},
        {
            "date_from": HTTP_DATES,
            "date_to": [d for d in HTTP_DATES if d not in ("", "  ", None)]
            + [str(TODAY + datetime.timedelta(days=29))],
            "reason": HTTP_OPTIONAL_TEXTS,
        },
    )
    route = "/my/availability/blackout/<int:blackout_id>/delete"
    for blackout in (w["blackouts"]["past"], w["blackouts"]["other"], MISSING_ID):
        posts.append(Post(route, f"/my/availability/blackout/{blackout}/delete", {}))
    return posts


def test_portal_posts_refuse_bad_input(odoo_server, world, snapshot, capsys):
    """Every POST form of the producer portal, with every bad value: never an
    HTTP 500, and nothing written."""
    session = web_session.login(odoo_server, "producer1")
    token = web_session.csrf_token(session)
    # Render the pages and a 404 once: their asset bundles are made now.
    for path in ("/my/jobs", "/my/stock", "/my/availability", "/my/jobs/0/x"):
        session.get(odoo_server.url + path, timeout=60)
    posts = _portal_posts(world)

    def run(post):
        try:
            answer = session.post(
                odoo_server.url + post.path,
                data={**post.data, "csrf_token": token},
                files=post.files,
                allow_redirects=False,
                timeout=120,
            )
        except requests.RequestException as error:
            return "bad", f"{type(error).__name__}: {error}"
        if answer.status_code >= 500:
            return "bad", f"HTTP {answer.status_code}"
        if answer.status_code == 400:
            return "bad", "HTTP 400 (session or CSRF token refused)"
        return "refused", answer.status_code

    problems = _check(snapshot, run, posts)
    _report(capsys, "bad-input fuzz, portal forms", posts, problems)


def test_every_portal_post_route_is_fuzzed(world):
    """A POST route added to the producer portal must get fuzz cases here."""
    fuzzed = {post.route for post in _portal_posts(world)}
    missing = [route for route in portal_post_routes() if route not in fuzzed]
    assert not missing, f"portal POST routes without bad-input cases: {missing}"
