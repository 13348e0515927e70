# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Both README commands refuse to run without Odoo and say how to get it."""

import os
import subprocess
import sys
import venv

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module")
def python_without_odoo(tmp_path_factory):
    """A Python that cannot import odoo: a fresh venv without site-packages."""
    path = tmp_path_factory.mktemp("no-odoo")
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(path)
    return str(path / "bin" / "python")


@pytest.mark.parametrize("command", ["demo", "test"])
def test_command_without_odoo_explains_and_fails(python_without_odoo, command):
    """Without an importable Odoo (and no ODOO_BIN) the command exits non-zero."""
    env = {k: v for k, v in os.environ.items() if k not in ("ODOO_BIN", "PYTHONPATH")}
    res = subprocess.run(
        [python_without_odoo, os.path.join(REPO, "setup", command)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode != 0
    assert "Odoo 18.0 was not found" in res.stderr
    assert "source.html" in res.stderr  # points at Odoo's source install guide
    # Nothing was started or created.
    assert "creating" not in res.stdout


def test_command_with_a_wrong_odoo_bin_fails(tmp_path):
    """ODOO_BIN pointing at nothing usable is refused, not ignored."""
    env = dict(os.environ, ODOO_BIN=str(tmp_path / "odoo-bin"))
    res = subprocess.run(
        [sys.executable, os.path.join(REPO, "setup", "demo")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode != 0
    assert "ODOO_BIN" in res.stderr
