# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The running server answers XML-RPC with both addons installed."""

import ast
import os

import odoorpc
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ("distributed_mfg", "distributed_mfg_portal")


def _version(addon):
    with open(os.path.join(REPO, addon, "__manifest__.py"), encoding="utf-8") as fh:
        return ast.literal_eval(fh.read())["version"]


def test_integrator_reads_installed_module_state(odoo_rpc):
    """An integrator logged in over XML-RPC sees both addons installed, at
    their manifests' versions."""
    modules = odoo_rpc.execute(
        "ir.module.module",
        "search_read",
        [("name", "in", list(ADDONS))],
        ["name", "state", "latest_version"],
    )
    found = {m["name"]: (m["state"], m["latest_version"]) for m in modules}
    assert found == {addon: ("installed", _version(addon)) for addon in ADDONS}


def test_wrong_password_is_refused(odoo_server):
    """A wrong password gets no session."""
    client = odoorpc.ODOO(odoo_server.host, port=odoo_server.port)
    with pytest.raises(odoorpc.error.RPCError):
        client.login(odoo_server.db, "admin", "not-the-password")
