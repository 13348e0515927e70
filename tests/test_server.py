# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The running server answers XML-RPC with both addons installed."""

import odoorpc
import pytest


def test_integrator_reads_installed_module_state(odoo_rpc):
    """An integrator logged in over XML-RPC sees both addons installed."""
    modules = odoo_rpc.execute(
        "ir.module.module",
        "search_read",
        [("name", "in", ["distributed_mfg", "distributed_mfg_portal"])],
        ["name", "state", "latest_version"],
    )
    found = {m["name"]: (m["state"], m["latest_version"]) for m in modules}
    assert found == {
        "distributed_mfg": ("installed", "18.0.1.0.0"),
        "distributed_mfg_portal": ("installed", "18.0.1.0.0"),
    }


def test_wrong_password_is_refused(odoo_server):
    """A wrong password gets no session."""
    client = odoorpc.ODOO(odoo_server.host, port=odoo_server.port)
    with pytest.raises(odoorpc.error.RPCError):
        client.login(odoo_server.db, "admin", "not-the-password")
