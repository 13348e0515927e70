# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Open Know-Where and Open Know-How over the external API (issue #17).

The demo planner (a network manager) previews, imports, re-imports and
exports facilities and a design over odoorpc (JSON-RPC); an invalid file is
refused with its line; the demo portal user producer1 can neither import
nor export, over plain XML-RPC. What the tests create is removed at the end.
"""

import uuid
import xmlrpc.client

import odoorpc
import pytest


def _facilities(tag):
    return (
        "facilities:\n"
        f"  - id: rpc-{tag}-1\n"
        f"    name: RPC Fab Lab {tag}\n"
        "    location:\n"
        "      address: {city: Sabadell, country: ES}\n"
        "      gps-coordinates: 41.5463, 2.1086\n"
        "    manufacturing-processes: [Laser cutting]\n"
        f"  - id: rpc-{tag}-2\n"
        f"    name: RPC Taller Ñ {tag}\n"
        "    location:\n"
        "      address: {city: Manresa, country: ES}\n"
        "    manufacturing-processes: [Sewing, Glassblowing]\n"
    )


def _manifest(tag):
    return (
        f'name = "RPC lamp {tag}"\n'
        f'repo = "https://example.org/rpc-lamp-{tag}"\n'
        'version = "1.0.0"\n'
        'license = "CERN-OHL-P-2.0"\n'
        'licensor = "RPC Designer <rpc@example.org>"\n'
        'function = "A lamp."\n'
        'tsdc = "3DP"\n'
        'manufacturing-instructions = "https://example.org/rpc-lamp/build.md"\n'
    )


@pytest.fixture()
def planner(rpc_login):
    return rpc_login("planner", "planner")


@pytest.fixture()
def cleanup(odoo_rpc):
    """Ids to remove at the end: ``{"producers": [...], "designs": [...]}``."""
    made = {"producers": [], "designs": []}
    yield made
    env = odoo_rpc.env
    if made["producers"]:
        partners = [
            row["partner_id"][0]
            for row in env["dmfg.producer"].read(made["producers"], ["partner_id"])
        ]
        env["dmfg.producer"].unlink(made["producers"])
        env["res.partner"].unlink(partners)
    if made["designs"]:
        env["dmfg.design"].write(made["designs"], {"active": False})


def test_manager_previews_imports_reimports_and_exports_facilities(planner, cleanup):
    """dry_run writes nothing; the import makes candidates; the same file
    again updates them; the export holds them with their capacity."""
    tag = uuid.uuid4().hex[:8]
    Producer = planner.env["dmfg.producer"]
    preview = Producer.import_okw(_facilities(tag), "map.yml", True)
    assert [e["name"] for e in preview["created"]] == [
        f"RPC Fab Lab {tag}",
        f"RPC Taller Ñ {tag}",
    ]
    assert Producer.search([("okw_identifier", "like", f"rpc-{tag}-")]) == []
    assert [w["code"] for w in preview["warnings"]] == [
        "located_by_town",
        "unknown_process",
    ]

    result = Producer.import_okw(_facilities(tag), "map.yml")
    ids = [e["id"] for e in result["created"]]
    cleanup["producers"] += ids
    rows = Producer.read(ids, ["state", "latitude", "city"])
    assert [(r["state"], r["city"]) for r in rows] == [
        ("candidate", "Sabadell"),
        ("candidate", "Manresa"),
    ]
    assert rows[1]["latitude"] != 0  # placed in its town

    again = Producer.import_okw(_facilities(tag), "map.yml")
    assert again["created"] == []
    assert sorted(e["id"] for e in again["updated"]) == sorted(ids)

    text = Producer.export_okw(ids)
    assert f"RPC Taller Ñ {tag}" in text
    assert "x-dmfg-capacity:" in text


def test_manager_imports_and_exports_a_design(planner, cleanup):
    """An okh.toml makes a design with a released revision; both export
    formats name it."""
    tag = uuid.uuid4().hex[:8]
    Design = planner.env["dmfg.design"]
    result = Design.import_okh(_manifest(tag), "okh.toml")
    design_id = result["created"][0]["id"]
    cleanup["designs"].append(design_id)
    info = Design.get_current_revision_info([design_id])[0]
    assert info["licence"] == "CERN-OHL-P-2.0"
    assert info["revision"]["code"] == "A"
    exported = Design.export_okh([design_id], "toml")
    assert f'name = "RPC lamp {tag}"' in exported[str(design_id)]
    assert 'tsdc = ["3DP"]' in exported[str(design_id)]
    exported = Design.export_okh([design_id])
    assert f"title: RPC lamp {tag}" in exported[str(design_id)]


def test_invalid_file_is_refused_with_its_line(planner):
    """A facility with a latitude of 141 is refused, naming line and field."""
    with pytest.raises(odoorpc.error.RPCError) as caught:
        planner.env["dmfg.producer"].import_okw(
            "- name: RPC bad\n  location:\n    gps-coordinates: 141, 2\n", "bad.yml"
        )
    data = caught.value.info["data"]
    assert data["name"] == "odoo.exceptions.ValidationError"
    assert "line 3: [0].location.gps-coordinates" in data["message"]


def test_portal_user_can_neither_import_nor_export(odoo_server, odoo_rpc):
    """producer1 (portal) is refused every call over plain XML-RPC."""
    tag = uuid.uuid4().hex[:8]
    common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
    uid = common.authenticate(odoo_server.db, "producer1", "producer1", {})
    models = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/object")
    producer = odoo_rpc.env.ref("distributed_mfg.dmfg_producer_barcelona_demo").id
    design = odoo_rpc.env.ref("distributed_mfg.dmfg_design_shelf_bracket_demo").id
    calls = [
        ("dmfg.producer", "import_okw", [_facilities(tag)]),
        ("dmfg.producer", "export_okw", [[producer]]),
        ("dmfg.design", "import_okh", [_manifest(tag), "okh.toml"]),
        ("dmfg.design", "export_okh", [[design], "yml"]),
    ]
    for model, method, args in calls:
        with pytest.raises(xmlrpc.client.Fault) as caught:
            models.execute_kw(odoo_server.db, uid, "producer1", model, method, args)
        assert "Only a Distributed Manufacturing manager" in caught.value.faultString, (
            model,
            method,
        )
    assert odoo_rpc.env["dmfg.producer"].search([("okw_identifier", "like", tag)]) == []
