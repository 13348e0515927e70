# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's own tests of some standard modules, on an installed database.

    python3 setup/odoo_suites.py -c CONF -d DB --test-tags /mod1,/mod2 --logfile LOG

runs Odoo's native test runner as `odoo -c CONF -d DB --test-tags ... --stop-after-init`
does on an existing database (same test selection, tags, HTTP server, Chromium and
log), with one difference: the at_install tests run once the registry is complete,
just before the post_install ones, instead of while it loads.

Why: without -i/-u, Odoo runs a module's at_install tests while the registry is only
loaded up to that module, but the database already has the tables of every module
installed after it. Those tests then fail by the dozen on any database with more
modules than the one tested (e.g. mrp_subcontracting's tests cannot create a product:
`null value in column "sale_line_warn"`, a NOT NULL column of the sale module, which
is not in the registry yet), with our addons or without. And they would never run
with our addons' code loaded, which is what we want to check.

parse_odoo_test_log() reads the per-test outcomes back from the log (setup/test).
"""

import re
import sys

# One line of an Odoo log file, and what the native test runner logs in it
# (odoo/tests/result.py): "Starting Class.method ..." when a test starts (logger
# odoo.addons.<module>.tests.<file>); "FAIL: " or "ERROR: " and the test's
# description for a failure or an error (a subtest's is "Subtest Class.method
# (params)"; a failed setUpClass's "setUpClass (odoo.addons.<module>.tests.<file>
# .Class)", logged by odoo.tests.suite); "skipped Class.method : reason"; and the
# totals "N failed, M error(s) of K tests when loading database 'db'" at the end.
LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ "
    r"(?P<logger>[\w.]+): (?P<msg>.*)$"
)
TEST_LOGGER = re.compile(r"^odoo\.addons\.(?P<module>\w+)\.tests\.")
TEST_STARTING = re.compile(r"^Starting (?P<test>[\w.]+\.\w+) \.\.\.$")
TEST_OUTCOME = re.compile(
    r"^(?P<kind>FAIL|ERROR): (?:Subtest )?(?P<test>[\w.]+)(?P<rest>.*)$"
)
TEST_SKIPPED = re.compile(
    r"^skipped (?:Subtest )?(?P<test>[\w.]+\.\w+)(?: \(.*\))? : (?P<reason>.*)$"
)
TEST_TOTALS = re.compile(
    r"^(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<run>\d+) tests "
    r"when loading database"
)
HOLDER_MODULE = re.compile(r"\(odoo\.addons\.(?P<module>\w+)\.tests\.")


def parse_odoo_test_log(text):
    """Per-test outcomes of an Odoo log written by its native test runner.

    Returns a dict: ``ran`` (names "module: Class.method" of the tests started, in
    order, once per start), ``failed`` (name -> first line of its first failure or
    error; a failure outside any test, such as a setUpClass, has a name of its own),
    ``skipped`` (name -> reason), ``totals`` (Odoo's own (failed, errors, run), or
    None when it did not log them) and ``critical`` (messages logged at CRITICAL
    level, e.g. a registry that could not load).
    """
    out = {"ran": [], "failed": {}, "skipped": {}, "totals": None, "critical": []}
    for line in text.splitlines():
        match = LOG_LINE.match(line)
        if not match:
            continue  # a traceback or other continuation line
        level, logger = match.group("level", "logger")
        msg = match.group("msg").rstrip()
        module = TEST_LOGGER.match(logger)
        starting = TEST_STARTING.match(msg)
        skipped = TEST_SKIPPED.match(msg)
        outcome = TEST_OUTCOME.match(msg)
        totals = TEST_TOTALS.match(msg)
        if level == "CRITICAL":
            out["critical"].append(msg)
        elif level == "INFO" and module and starting:
            out["ran"].append(f"{module['module']}: {starting['test']}")
        elif level == "INFO" and module and skipped:
            name = f"{module['module']}: {skipped['test']}"
            out["skipped"].setdefault(name, skipped["reason"])
        elif level == "ERROR" and outcome:
            test, rest = outcome["test"], outcome["rest"]
            holder = HOLDER_MODULE.search(rest)
            if "." not in test and holder:  # setUpClass, tearDownClass...
                name = f"{holder['module']}: {test}{rest}"
            elif module:
                name = f"{module['module']}: {test}"
            else:
                name = f"{logger}: {test}{rest}"
            out["failed"].setdefault(name, f"{outcome['kind']}: {test}{rest}")
        elif totals:
            out["totals"] = tuple(int(totals[k]) for k in ("failed", "errors", "run"))
    return out


def main(argv):
    import odoo

    odoo.tools.config.parse_config(argv, setup_logging=True)
    config = odoo.tools.config
    updating = config["init"] or config["update"]
    if not (config["test_tags"] and config["db_name"]) or updating:
        sys.exit("usage: odoo_suites.py -c CONF -d DB --test-tags TAGS (no -i/-u)")

    from odoo.tests import loader  # after parse_config: test mode is on

    native_make_suite = loader.make_suite

    def make_suite(module_names, position="at_install"):
        if position == "at_install":  # called while the registry loads: wait
            return native_make_suite([], position)
        at_install = native_make_suite(module_names, "at_install")
        post_install = native_make_suite(module_names, "post_install")
        return type(post_install)([*at_install, *post_install])

    loader.make_suite = make_suite
    # Unlike `odoo` itself, never create the database when it does not exist.
    rc = odoo.service.server.start(preload=config["db_name"].split(","), stop=True)
    sys.exit(rc)


if __name__ == "__main__":
    main(sys.argv[1:])
