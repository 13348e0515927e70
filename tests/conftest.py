# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures for the server-level suites: a real Odoo server in a subprocess.

The database comes from ``DMFG_TEST_DB`` (set by ``setup/test``): it must already
have both addons installed with demo data. The server listens on a free port and
writes its log to ``$DMFG_ARTIFACTS/rpc-server-<port>.log`` (checked for warnings
by the test command).
"""

import os
import subprocess
import sys
import tempfile
import time
import xmlrpc.client
from types import SimpleNamespace

import odoorpc
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "setup"))

import dmfg_env  # noqa: E402

SERVER_START_TIMEOUT = 180


def _database():
    db = os.environ.get("DMFG_TEST_DB")
    if not db:
        pytest.fail(
            "DMFG_TEST_DB is not set: run these suites through setup/test, or set it "
            "to a database with distributed_mfg and distributed_mfg_portal installed."
        )
    return db


@pytest.fixture(scope="session")
def odoo_server():
    """Start Odoo on a free port against the test database; stop it at the end."""
    db = _database()
    odoo_cmd, addons_path, _root = dmfg_env.find_odoo("setup/test")
    if os.environ.get("DMFG_ADDONS_PATH"):
        addons_path = os.environ["DMFG_ADDONS_PATH"].split(",")
    port = dmfg_env.free_port()
    artifacts = os.environ.get("DMFG_ARTIFACTS") or tempfile.mkdtemp(prefix="dmfg-")
    os.makedirs(artifacts, exist_ok=True)
    logfile = os.path.join(artifacts, f"rpc-server-{port}.log")
    conf = dmfg_env.write_config(
        os.path.join(artifacts, f"rpc-server-{port}.conf"),
        addons_path,
        db,
        port,
        logfile=logfile,
    )
    proc = subprocess.Popen(odoo_cmd + ["-c", conf, "-d", db])
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + SERVER_START_TIMEOUT
    while True:
        if proc.poll() is not None:
            pytest.fail(f"the Odoo server exited with {proc.returncode}; see {logfile}")
        try:
            xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").version()
            break
        except (OSError, xmlrpc.client.Error):
            if time.time() > deadline:
                proc.kill()
                pytest.fail(f"the Odoo server did not come up in time; see {logfile}")
            time.sleep(1)
    _hermetic_geocoder(url, db)
    yield SimpleNamespace(host="127.0.0.1", port=port, db=db, url=url, logfile=logfile)
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()


def _hermetic_geocoder(url, db):
    """Point the geocoder at a closed local port: no test reaches the internet.

    Geocoding then falls back to the offline town data, as on these machines.
    """
    uid = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/common").authenticate(
        db, "admin", "admin", {}
    )
    models = xmlrpc.client.ServerProxy(url + "/xmlrpc/2/object")
    for key, value in (
        ("distributed_mfg.nominatim_domain", "127.0.0.1:9"),
        ("distributed_mfg.nominatim_scheme", "http"),
    ):
        models.execute_kw(
            db, uid, "admin", "ir.config_parameter", "set_param", [key, value]
        )


@pytest.fixture(scope="session")
def rpc_login(odoo_server):
    """Factory: an odoorpc.ODOO connection logged in as ``login``."""

    def _login(login, password):
        client = odoorpc.ODOO(odoo_server.host, port=odoo_server.port, timeout=300)
        client.login(odoo_server.db, login, password)
        return client

    return _login


@pytest.fixture(scope="session")
def odoo_rpc(rpc_login):
    """An odoorpc.ODOO connection logged in as the demo administrator."""
    return rpc_login("admin", "admin")
