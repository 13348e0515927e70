# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared helpers of the demo and test commands.

Finds an installed Odoo 18 (never installs one), starts PostgreSQL when needed and
writes the Odoo configuration file both commands use.
"""

import getpass
import glob
import os
import shutil
import socket
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = ("distributed_mfg", "distributed_mfg_portal")
# Installed beside the addons in the demo and test databases only: the demo
# company is a Spanish one (its chart of accounts, EUR, Spanish VAT). The addons
# do not depend on it; without it their demo falls back to plain 21 % VAT.
DEMO_MODULES = ("l10n_es",)

ODOO_MISSING = """\
ERROR: Odoo 18.0 was not found.

This project is a pair of Odoo addons; it needs an installed Odoo 18.0 (Community)
that this Python ({python}) can import, or the path of its odoo-bin in ODOO_BIN.

Install Odoo 18.0 as its documentation explains, either as a source install
(https://www.odoo.com/documentation/18.0/administration/on_premise/source.html)
into this Python, or from Odoo's official packages
(https://www.odoo.com/documentation/18.0/administration/on_premise/packages.html);
with a source checkout you may also run: ODOO_BIN=<checkout>/odoo-bin {prog}

Then run this command again.
"""


def log(msg):
    print(f"[dmfg] {msg}", flush=True)


def fail(msg, code=2):
    print(msg, file=sys.stderr, flush=True)
    sys.exit(code)


def find_odoo(prog):
    """Return (command prefix to run Odoo, addons path list, pythonpath dir).

    Prefers ODOO_BIN; otherwise the `odoo` package importable by this Python.
    Exits with an explanation when neither works.
    """
    odoo_bin = os.environ.get("ODOO_BIN")
    if odoo_bin:
        if not os.path.isfile(odoo_bin):
            fail(f"ERROR: ODOO_BIN={odoo_bin} does not exist.\n\n" + _missing(prog))
        root = os.path.dirname(os.path.abspath(odoo_bin))
        probe = _probe_odoo([root])
        if not probe:
            fail(
                f"ERROR: ODOO_BIN={odoo_bin} is not a usable Odoo 18.0.\n\n"
                + _missing(prog)
            )
        return [sys.executable, odoo_bin], _addons_path(probe), root
    probe = _probe_odoo([])
    if not probe:
        fail(_missing(prog))
    return [sys.executable, "-m", "odoo"], _addons_path(probe), None


def _missing(prog):
    return ODOO_MISSING.format(python=sys.executable, prog=prog)


def _probe_odoo(extra_path):
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(extra_path + [env.get("PYTHONPATH", "")])
    code = (
        "import odoo, odoo.release as r, os;"
        "print(r.version_info[0], os.path.dirname(os.path.abspath(odoo.__file__)))"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True
    )
    if res.returncode != 0:
        return None
    major, path = res.stdout.split(None, 1)
    if major != "18":
        print(
            f"Found Odoo {major} at {path.strip()}, but 18.0 is needed.",
            file=sys.stderr,
        )
        return None
    return path.strip()


def _addons_path(odoo_dir):
    paths = [os.path.join(odoo_dir, "addons")]
    # A source checkout keeps the standard addons next to the odoo package.
    sibling = os.path.join(os.path.dirname(odoo_dir), "addons")
    if os.path.isdir(os.path.join(sibling, "mrp")):
        paths.append(sibling)
    paths.append(REPO)
    return paths


def run(cmd, **kw):
    return subprocess.run(cmd, check=False, **kw)


def _pg_ready():
    if not shutil.which("pg_isready"):
        return False
    return run(["pg_isready", "-q"], capture_output=True).returncode == 0


def ensure_postgres():
    """Start the local PostgreSQL cluster and make our superuser role if missing."""
    if not _pg_ready():
        log("PostgreSQL is not running: starting it")
        clusters = sorted(glob.glob("/etc/postgresql/*/main"))
        if not clusters or not shutil.which("pg_ctlcluster"):
            fail("ERROR: PostgreSQL is not running and no local cluster was found.")
        version = clusters[-1].split("/")[3]
        run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"])
        for _i in range(30):
            if _pg_ready():
                break
            time.sleep(1)
        else:
            fail("ERROR: PostgreSQL did not start.")
    user = getpass.getuser()
    res = run(
        ["psql", "-d", "postgres", "-tAc", "select 1"], capture_output=True, text=True
    )
    if res.returncode != 0 and "does not exist" in res.stderr:
        log(f"creating PostgreSQL superuser role {user}")
        cmd = ["createuser", "-s", user]
        if user != "postgres" and os.geteuid() == 0:
            cmd = ["su", "postgres", "-c", f"createuser -s {user}"]
        if run(cmd).returncode != 0:
            fail(f"ERROR: could not create PostgreSQL role {user}.")


def db_exists(name):
    # psql interpolates :'name' as a quoted literal when the query comes on stdin.
    res = run(
        ["psql", "-d", "postgres", "-tA", "-v", f"name={name}"],
        input="select 1 from pg_database where datname = :'name';",
        capture_output=True,
        text=True,
    )
    return res.stdout.strip() == "1"


def drop_db(odoo_cmd, conf, name):
    """Drop a database and its filestore through Odoo, so nothing is left behind."""
    code = (
        "import sys, odoo; from odoo.tools import config;"
        "config.parse_config(['-c', sys.argv[1]]);"
        # list_db = False (write_config) also blocks Odoo's database functions, and
        # dropdb alone would leave the filestore behind.
        "config['list_db'] = True;"
        "from odoo.service import db; db.exp_drop(sys.argv[2])"
    )
    env = _env_with_odoo(odoo_cmd)
    run([sys.executable, "-c", code, conf, name], env=env, capture_output=True)
    if db_exists(name):
        run(["dropdb", "--if-exists", name])


def _env_with_odoo(odoo_cmd):
    env = dict(os.environ)
    if odoo_cmd[1] != "-m":
        root = os.path.dirname(os.path.abspath(odoo_cmd[1]))
        env["PYTHONPATH"] = os.pathsep.join([root, env.get("PYTHONPATH", "")])
    return env


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The job runner's channels (OCA queue_job): two jobs at once over the workers,
# one at a time towards the public geocoder, whose rate limit is global, and one
# routing at a time for the jobs queued after a lock conflict.
QUEUE_JOB_CHANNELS = "root:2,root.dmfg_geocoder:1,root.dmfg_routing:1"


# Every other Odoo process the commands start (tests, Odoo's own suites, the
# single-threaded XML-RPC server): no job runner. queue_job starts one in any
# threaded server unless its channels say root:0, and it would run the queued
# jobs of a test database behind the tests' backs.
NO_JOB_RUNNER = {"queue_job": {"channels": "root:0"}}


def server_options(workers=2):
    """Options of a server that runs Odoo as it is scaled: prefork workers, a
    cron thread and queue_job's job runner (``server_wide_modules``)."""
    return {
        "workers": workers,
        "max_cron_threads": 1,
        "server_wide_modules": "base,web,queue_job",
        # Prefork workers restart past these limits; a wave step or a test's
        # burst of orders must not hit them.
        "limit_time_cpu": 600,
        "limit_time_real": 1200,
    }


def write_config(
    path, addons_path, db_name, http_port, logfile=None, extra=None, sections=None
):
    lines = [
        "[options]",
        "addons_path = " + ",".join(addons_path),
        f"db_name = {db_name}",
        f"dbfilter = ^{db_name}$",
        f"http_port = {http_port}",
        "http_interface = 127.0.0.1",
        "workers = 0",
        "max_cron_threads = 0",
        "list_db = False",
        "admin_passwd = dmfg-local-admin",
    ]
    if logfile:
        lines.append(f"logfile = {logfile}")
    extra = extra or {}
    # An extra value replaces the default line of the same option.
    lines = [line for line in lines if line.split(" = ")[0] not in extra]
    for key, value in extra.items():
        lines.append(f"{key} = {value}")
    # Other sections, e.g. {"queue_job": {"channels": QUEUE_JOB_CHANNELS}};
    # by default, no job runner (NO_JOB_RUNNER).
    for section, options in (NO_JOB_RUNNER if sections is None else sections).items():
        lines.append(f"[{section}]")
        lines.extend(f"{key} = {value}" for key, value in options.items())
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    return path
