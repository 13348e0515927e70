# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the benchmark scripts: one Odoo environment, rolled back."""

import contextlib
import os
import statistics
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_addons_path():
    """Odoo's addons (from the installed Odoo or ODOO_BIN) plus this repository."""
    sys.path.insert(0, os.path.join(REPO, "setup"))
    import dmfg_env

    _cmd, addons_path, _root = dmfg_env.find_odoo(sys.argv[0])
    return ",".join(addons_path)


def measure(env, func, repeat):
    """Median seconds and max SQL queries of ``func()`` on a cold ORM cache."""
    times, queries, result = [], [], None
    for _run in range(repeat):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
        queries.append(env.cr.sql_log_count - before)
    return statistics.median(times), max(queries), result


@contextlib.contextmanager
def rolled_back_env(database, addons_path):
    """A superuser environment whose transaction is always rolled back."""
    import odoo
    from odoo import SUPERUSER_ID, api
    from odoo.tools import config

    config.parse_config(
        ["-d", database, "--addons-path", addons_path, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        try:
            yield api.Environment(cr, SUPERUSER_ID, {})
        finally:
            cr.rollback()
            print("\nRolled back: the database is unchanged.")
