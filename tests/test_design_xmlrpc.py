# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Design library over the external API, against the running server.

An integrator lists designs with their current revision and file names, adds
a revision with a file and releases it; bad input fails cleanly; a portal
user (producer1 of the demo) reads nothing, over odoorpc (JSON-RPC) or plain
XML-RPC.
"""

import base64
import uuid
import xmlrpc.client

import odoorpc
import pytest

STL = b"solid rpc_part\nendsolid rpc_part\n"


def _design_id(rpc, name):
    ids = rpc.env["dmfg.design"].search([("name", "=", name)])
    assert len(ids) == 1, f"demo design {name!r} not found"
    return ids[0]


@pytest.fixture()
def new_design(odoo_rpc):
    """A design of our own, removed afterwards (its revisions stay drafts)."""
    Design = odoo_rpc.env["dmfg.design"]
    design_id = Design.create(
        {"name": f"RPC design {uuid.uuid4().hex[:8]}", "licence": "CERN-OHL-P-2.0"}
    )
    yield design_id
    # Released revisions pin a design: archive it instead of deleting.
    info = Design.get_current_revision_info([design_id])
    if info and info[0]["revision"]:
        Design.write([design_id], {"active": False})
    else:
        Design.unlink([design_id])


def test_integrator_lists_designs_with_current_revision_and_files(odoo_rpc):
    """search_read + get_current_revision_info give designs, revisions, files."""
    designs = odoo_rpc.env["dmfg.design"].search_read(
        [], ["name", "licence", "commercial_use_allowed", "current_revision_id"]
    )
    by_name = {d["name"]: d for d in designs}
    bracket = by_name["Modular shelf bracket"]
    assert bracket["licence"] == "CC-BY-4.0"
    assert bracket["commercial_use_allowed"] is True
    assert bracket["current_revision_id"][1] == "Modular shelf bracket - rev. B"
    assert by_name["Plywood lamp shade"]["commercial_use_allowed"] is False

    info = odoo_rpc.env["dmfg.design"].get_current_revision_info(
        [bracket["id"], by_name["Aluminium phone stand"]["id"]]
    )
    assert [d["name"] for d in info] == [
        "Modular shelf bracket",
        "Aluminium phone stand",
    ]
    revision = info[0]["revision"]
    assert (revision["code"], revision["state"]) == ("B", "released")
    assert [(f["name"], f["kind"]) for f in revision["files"]] == [
        ("shelf_bracket_rev_b.stl", "cad"),
        ("shelf_bracket_rev_b.pdf", "drawing"),
    ]
    assert info[1]["revision"] is False, "the phone stand has only a draft"


def test_integrator_releases_a_revision(odoo_rpc, new_design):
    """Create a revision with a file over RPC, release it, read it back."""
    revision_id = odoo_rpc.env["dmfg.design.revision"].create(
        {"design_id": new_design, "change_note": "From the PLM"}
    )
    odoo_rpc.env["dmfg.design.file"].create(
        {
            "revision_id": revision_id,
            "name": "rpc_part.stl",
            "kind": "cad",
            "datas": base64.b64encode(STL).decode(),
        }
    )
    assert (
        odoo_rpc.execute_kw("dmfg.design.revision", "action_release", [[revision_id]])
        is True
    )

    info = odoo_rpc.env["dmfg.design"].get_current_revision_info([new_design])[0]
    assert info["revision"]["id"] == revision_id
    assert info["revision"]["code"] == "A"
    assert info["revision"]["change_note"] == "From the PLM"
    assert [f["name"] for f in info["revision"]["files"]] == ["rpc_part.stl"]
    assert info["revision"]["files"][0]["file_size"] == len(STL)
    file_id = info["revision"]["files"][0]["id"]
    [read] = odoo_rpc.env["dmfg.design.file"].read([file_id], ["datas"])
    assert base64.b64decode(read["datas"]) == STL


def test_releasing_a_revision_without_file_fails_cleanly(odoo_rpc, new_design):
    """Bad input: releasing an empty revision is a clear fault; nothing changes."""
    Revision = odoo_rpc.env["dmfg.design.revision"]
    revision_id = Revision.create({"design_id": new_design})
    with pytest.raises(odoorpc.error.RPCError) as caught:
        Revision.action_release([revision_id])
    assert "has no file" in str(caught.value)
    assert Revision.read([revision_id], ["state"])[0]["state"] == "draft"
    info = odoo_rpc.env["dmfg.design"].get_current_revision_info([new_design])
    assert info[0]["revision"] is False


def test_bad_bom_over_rpc_fails_cleanly(odoo_rpc, new_design):
    """A BoM of a product outside the design is refused with a clear fault."""
    bom_ids = odoo_rpc.env["mrp.bom"].search(
        [("product_tmpl_id.default_code", "=", "DMFG-LAMP")]
    )
    with pytest.raises(odoorpc.error.RPCError) as caught:
        odoo_rpc.env["dmfg.design"].write([new_design], {"bom_id": bom_ids[0]})
    assert "not one of the design's products" in str(caught.value)
    [design] = odoo_rpc.env["dmfg.design"].read([new_design], ["bom_id"])
    assert design["bom_id"] is False


def test_portal_user_reads_nothing_over_odoorpc(odoo_rpc, rpc_login):
    """producer1 (a demo producer's portal user) gets AccessError everywhere."""
    bracket_id = _design_id(odoo_rpc, "Modular shelf bracket")
    [file_row] = odoo_rpc.env["dmfg.design.file"].search_read(
        [("design_id", "=", bracket_id)], ["ir_attachment_id"], limit=1
    )
    attachment_id = file_row["ir_attachment_id"][0]
    portal = rpc_login("producer1", "producer1")
    calls = [
        ("ir.attachment", "read", [[attachment_id], ["datas"]]),
        (
            "ir.attachment",
            "search_read",
            [[("res_model", "=", "dmfg.design.revision")], ["datas"]],
        ),
        ("dmfg.design.file", "read", [[file_row["id"]], ["datas"]]),
        ("dmfg.design", "search_read", [[], ["name"]]),
        ("dmfg.design", "get_current_revision_info", [[bracket_id]]),
        ("dmfg.design.revision", "search_read", [[], ["code"]]),
    ]
    for model, method, args in calls:
        with pytest.raises(odoorpc.error.RPCError) as caught:
            portal.execute_kw(model, method, args)
        assert "AccessError" in repr(caught.value.info), (model, method)


def test_portal_user_reads_nothing_over_xmlrpc(odoo_server, odoo_rpc):
    """The same refusal through plain /xmlrpc/2/object calls."""
    bracket_id = _design_id(odoo_rpc, "Modular shelf bracket")
    [file_row] = odoo_rpc.env["dmfg.design.file"].search_read(
        [("design_id", "=", bracket_id)], ["ir_attachment_id"], limit=1
    )
    common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
    uid = common.authenticate(odoo_server.db, "producer1", "producer1", {})
    assert uid, "demo portal user producer1 must log in"
    models = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/object")
    calls = [
        ("ir.attachment", "read", [[file_row["ir_attachment_id"][0]], ["datas"]]),
        ("dmfg.design.file", "read", [[file_row["id"]], ["datas"]]),
        ("dmfg.design", "get_current_revision_info", [[bracket_id]]),
    ]
    for model, method, args in calls:
        with pytest.raises(xmlrpc.client.Fault) as caught:
            models.execute_kw(odoo_server.db, uid, "producer1", model, method, args)
        assert "AccessError" in caught.value.faultString or (
            "not allowed" in caught.value.faultString
        ), (model, method, caught.value.faultString[-300:])
