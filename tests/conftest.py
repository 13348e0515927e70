# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures for the server-level suites: real Odoo servers in subprocesses.

The database comes from ``DMFG_TEST_DB`` (set by ``setup/test``): it must already
have both addons installed with demo data. ``odoo_server`` is a plain server
(no workers, no cron) on a free port, logging to
``$DMFG_ARTIFACTS/rpc-server-<port>.log``; ``odoo_workers_server`` runs Odoo as
it is scaled (prefork workers, cron thread, queue_job's job runner) on the same
database, logging to ``workers-server-<port>.log``. The test command checks both
logs for warnings.
"""

import os
import signal
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


def pytest_collection_modifyitems(items):
    """The tests on the multi-worker server run last (in their order): its cron
    thread and job runner then never act on another suite's data while that
    suite runs (the scheduled wave, switched on by a suite's Settings, would
    dispatch its waiting jobs), and the server lives only as long as needed."""
    items.sort(key=lambda item: "odoo_workers_server" in item.fixturenames)


def _database():
    db = os.environ.get("DMFG_TEST_DB")
    if not db:
        pytest.fail(
            "DMFG_TEST_DB is not set: run these suites through setup/test, or set it "
            "to a database with distributed_mfg and distributed_mfg_portal installed."
        )
    return db


def _artifacts():
    artifacts = os.environ.get("DMFG_ARTIFACTS") or tempfile.mkdtemp(prefix="dmfg-")
    os.makedirs(artifacts, exist_ok=True)
    return artifacts


def _script_command(odoo_cmd):
    """The command of Odoo run as a script file, for a prefork server.

    With workers, Odoo's master starts its long-polling (gevent) process as
    ``sys.executable sys.argv[0] gevent ...``; under ``python -m odoo``,
    ``sys.argv[0]`` is ``odoo/__main__.py``, which cannot run as a script: the
    gevent process dies at once and the master starts it again, in a loop.
    So: Odoo's ``odoo-bin`` beside the package, or the ``odoo`` script pip
    installs beside this Python."""
    if odoo_cmd[1:] != ["-m", "odoo"]:
        return odoo_cmd  # already a script (ODOO_BIN)
    probe = subprocess.run(
        [sys.executable, "-c", "import odoo; print(odoo.__path__[0])"],
        capture_output=True,
        text=True,
        check=True,
    )
    candidates = (
        os.path.join(os.path.dirname(probe.stdout.strip()), "odoo-bin"),
        os.path.join(os.path.dirname(sys.executable), "odoo"),
    )
    for script in candidates:
        if os.path.isfile(script):
            return [sys.executable, script]
    pytest.fail(
        "no Odoo script to run a server with workers (tried "
        + ", ".join(candidates)
        + "): set ODOO_BIN to Odoo's odoo-bin."
    )


def _start_server(label, port=None, extra=None, sections=None, env=None):
    """Start Odoo (``label``-<port>.conf/.log in the artifacts) and wait until it
    answers XML-RPC; returns ``(process, SimpleNamespace)``. The process leads its
    own process group, so that stopping it stops its workers too."""
    db = _database()
    odoo_cmd, addons_path, _root = dmfg_env.find_odoo("setup/test")
    if (extra or {}).get("workers"):
        odoo_cmd = _script_command(odoo_cmd)
    if os.environ.get("DMFG_ADDONS_PATH"):
        addons_path = os.environ["DMFG_ADDONS_PATH"].split(",")
    port = port or dmfg_env.free_port()
    artifacts = _artifacts()
    logfile = os.path.join(artifacts, f"{label}-{port}.log")
    conf = dmfg_env.write_config(
        os.path.join(artifacts, f"{label}-{port}.conf"),
        addons_path,
        db,
        port,
        logfile=logfile,
        extra=extra,
        sections=sections,
    )
    proc = subprocess.Popen(
        odoo_cmd + ["-c", conf, "-d", db],
        env=dict(os.environ, **(env or {})),
        start_new_session=True,
    )
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
                _stop_server(proc)
                pytest.fail(f"the Odoo server did not come up in time; see {logfile}")
            time.sleep(1)
    try:
        _hermetic_geocoder(url, db)
    except Exception:
        _stop_server(proc)
        raise
    server = SimpleNamespace(
        host="127.0.0.1", port=port, db=db, url=url, logfile=logfile, pid=proc.pid
    )
    return proc, server


def _stop_server(proc):
    """SIGTERM (Odoo stops its workers and job runner), then SIGKILL to the
    process group of the server (its own, see :func:`_start_server`)."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="session")
def odoo_server():
    """Start Odoo on a free port against the test database; stop it at the end."""
    proc, server = _start_server("rpc-server")
    try:
        yield server
    finally:
        _stop_server(proc)


@pytest.fixture(scope="session")
def odoo_workers_server():
    """Odoo as it runs scaled: 2 prefork workers, a cron thread and queue_job's
    job runner (``dmfg_env.server_options``), on free ports, against the same
    test database as :func:`odoo_server` (two servers on one database is how
    Odoo runs behind a load balancer). Its log is
    ``$DMFG_ARTIFACTS/workers-server-<port>.log``; ``pid`` is the master's."""
    port = dmfg_env.free_port()
    # The job runner (in the master) runs each job through an HTTP request to
    # the server's own port, which a worker serves.
    env = {"ODOO_QUEUE_JOB_HOST": "127.0.0.1", "ODOO_QUEUE_JOB_PORT": str(port)}
    gevent_port = dmfg_env.free_port()
    proc, server = _start_server(
        "workers-server",
        port=port,
        extra={**dmfg_env.server_options(2), "gevent_port": gevent_port},
        sections={"queue_job": {"channels": dmfg_env.QUEUE_JOB_CHANNELS}},
        env=env,
    )
    try:
        _settle_crons(server)
        yield server
    finally:
        _stop_server(proc)


def _settle_crons(server, timeout=SERVER_START_TIMEOUT):
    """Wait until the cron thread has run every scheduled action that is due.

    On a fresh test database every cron is due when this server starts (the
    other server runs none); their first pass would otherwise overlap the
    first test's work and make what it measures depend on that timing."""
    uid = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/common").authenticate(
        server.db, "admin", "admin", {}
    )
    models = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/object")
    deadline = time.time() + timeout
    while True:
        # The cron worker first sleeps a minute; Odoo wakes it with this
        # notification when a cron changes (ir.cron._notifydb): do the same
        # (again each round, in case the worker was not listening yet).
        subprocess.run(
            ["psql", "-d", "postgres", "-qc", f"NOTIFY cron_trigger, '{server.db}'"],
            check=False,
            capture_output=True,
        )
        now = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
        due = models.execute_kw(
            server.db,
            uid,
            "admin",
            "ir.cron",
            "search_count",
            [[("active", "=", True), ("nextcall", "<=", now)]],
        )
        if not due:
            return
        if time.time() > deadline:
            pytest.fail(f"{due} scheduled actions still due after {timeout}s")
        time.sleep(2)


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


def login_factory(server):
    """Factory: an odoorpc.ODOO connection to ``server`` logged in as ``login``."""

    def _login(login, password):
        client = odoorpc.ODOO(server.host, port=server.port, timeout=300)
        client.login(server.db, login, password)
        return client

    return _login


@pytest.fixture(scope="session")
def rpc_login(odoo_server):
    """Factory: an odoorpc.ODOO connection logged in as ``login``."""
    return login_factory(odoo_server)


@pytest.fixture(scope="session")
def odoo_rpc(rpc_login):
    """An odoorpc.ODOO connection logged in as the demo administrator."""
    return rpc_login("admin", "admin")
