# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The XML-RPC example of README.md runs as written against the demo data."""

import os
import re

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _readme_example():
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as fh:
        text = fh.read()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    return next(block for block in blocks if "preview_routing" in block)


def test_readme_xmlrpc_example_runs(odoo_server, capsys):
    """An integrator copying the README example gets the documented results."""
    code = _readme_example()
    code = code.replace(
        'odoorpc.ODOO("localhost", port=8069)',
        f'odoorpc.ODOO("{odoo_server.host}", port={odoo_server.port})',
    ).replace('"dmfg_demo"', f'"{odoo_server.db}"')
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102
    odoo = namespace["odoo"]
    job = namespace["job"]
    [moved] = odoo.execute("dmfg.job", "read", [job["id"]], ["producer_id"])
    assert moved["producer_id"][0] == job["runner_up_id"][0]
    assert namespace["preview"]["chosen"]["producer_name"]
    printed = capsys.readouterr().out
    assert namespace["preview"]["chosen"]["producer_name"] in printed
