# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The README commands: without Odoo they refuse and say how to get it; setup/test
reads Odoo's own test logs test by test."""

import importlib.machinery
import importlib.util
import os
import re
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


def _setup_module(name, filename):
    """A module of setup/ (some have no .py suffix), imported without running it."""
    setup_dir = os.path.join(REPO, "setup")
    if setup_dir not in sys.path:
        sys.path.insert(0, setup_dir)
    path = os.path.join(setup_dir, filename)
    loader = importlib.machinery.SourceFileLoader(name, path)
    spec = importlib.util.spec_from_loader(name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


# Lines as Odoo 18's native test runner writes them (note the trailing spaces).
ODOO_TEST_LOG = """\
2026-12-02 01:39:50,425 553 INFO db odoo.addons.mrp_subcontracting.tests.test_sub: \
Starting TestSub.test_a ... 
2026-12-02 01:39:50,605 553 ERROR db odoo.addons.mrp_subcontracting.tests.test_sub: \
ERROR: TestSub.test_a
Traceback (most recent call last):
ERROR: null value in column "x" violates not-null constraint
2026-12-02 01:39:51,000 553 INFO db odoo.addons.mrp_subcontracting.tests.test_sub: \
Starting TestSub.test_b ... 
2026-12-02 01:39:52,000 553 INFO db odoo.addons.sale_stock.tests.test_y: \
Starting TestY.test_c ... 
2026-12-02 01:39:52,100 553 ERROR db odoo.addons.sale_stock.tests.test_y: \
FAIL: Subtest TestY.test_c (i=1)
AssertionError: 1 != 2
2026-12-02 01:39:52,200 553 ERROR db odoo.addons.sale_stock.tests.test_y: \
FAIL: Subtest TestY.test_c (i=2)
2026-12-02 01:39:53,000 553 ERROR db odoo.tests.suite: \
ERROR: setUpClass (odoo.addons.purchase_stock.tests.test_z.TestZ)
2026-12-02 01:39:54,000 553 INFO db odoo.addons.sale_stock.tests.test_y: \
Starting TestY.test_d ... 
2026-12-02 01:39:54,100 553 INFO db odoo.addons.sale_stock.tests.test_y: \
skipped TestY.test_d : no printer
2026-12-02 01:39:55,000 553 ERROR db odoo.tests.result: \
2 failed, 2 error(s) of 4 tests when loading database 'db' 
"""


def test_odoo_test_log_is_read_test_by_test():
    """setup/test counts Odoo's own tests by name from the runner's log."""
    parse = _setup_module("odoo_suites", "odoo_suites.py").parse_odoo_test_log
    out = parse(ODOO_TEST_LOG)
    assert out["ran"] == [
        "mrp_subcontracting: TestSub.test_a",
        "mrp_subcontracting: TestSub.test_b",
        "sale_stock: TestY.test_c",
        "sale_stock: TestY.test_d",
    ]
    assert set(out["failed"]) == {
        "mrp_subcontracting: TestSub.test_a",
        "sale_stock: TestY.test_c",
        "purchase_stock: setUpClass (odoo.addons.purchase_stock.tests.test_z.TestZ)",
    }
    assert out["skipped"] == {"sale_stock: TestY.test_d": "no printer"}
    assert out["totals"] == (2, 2, 4)
    assert out["critical"] == []
    assert parse("")["totals"] is None  # no totals: setup/test fails the step


def test_allowed_odoo_failures_name_a_test_of_the_suites():
    """Each allowed failure of Odoo's own suites names one test and says why."""
    setup_test = _setup_module("setup_test", "test")
    for name, reason in setup_test.ODOO_SUITES_ALLOWED.items():
        module, _sep, test = name.partition(": ")
        assert module in setup_test.ODOO_SUITES, name
        assert re.fullmatch(r"\w+\.test\w*", test), name
        assert len(reason) > 20, name


def _log_line(level, logger, msg):
    return f"2026-12-02 01:39:50,425 553 {level} db {logger}: {msg} \n"


def test_odoo_suites_count_each_test_and_fail_on_nothing_run():
    """Each of Odoo's tests is one check; allowed failures pass; no test fails."""
    setup_test = _setup_module("setup_test", "test")
    log = ""
    for module in setup_test.ODOO_SUITES:  # one passing test per module
        log += _log_line(
            "INFO", f"odoo.addons.{module}.tests.test_a", "Starting T.test_ok ..."
        )
    for name in setup_test.ODOO_SUITES_ALLOWED:  # the allowed ones fail
        module, _sep, test = name.partition(": ")
        logger = f"odoo.addons.{module}.tests.test_b"
        log += _log_line("INFO", logger, f"Starting {test} ...")
        log += _log_line("ERROR", logger, f"FAIL: {test}")
    run = len(setup_test.ODOO_SUITES) + len(setup_test.ODOO_SUITES_ALLOWED)
    allowed = len(setup_test.ODOO_SUITES_ALLOWED)
    totals = f"{allowed} failed, 0 error(s) of {run} tests when loading database 'db'"
    log += _log_line("ERROR", "odoo.tests.result", totals)

    summary = setup_test.Summary()
    setup_test.count_odoo_suites(log, 1, summary, "log")
    assert summary.failed == 0, summary.problems
    assert summary.passed == run + allowed + 3

    # Another failure, or a skip, is one failed check named after the test.
    extra = _log_line("ERROR", "odoo.addons.sale_stock.tests.test_a", "FAIL: T.test_ok")
    summary = setup_test.Summary()
    setup_test.count_odoo_suites(log + extra, 1, summary, "log")
    assert [p.split(":")[:2] for p in summary.problems] == [
        ["sale_stock", " T.test_ok"]
    ]

    # Nothing ran (e.g. no such module): every check of the step fails.
    summary = setup_test.Summary()
    setup_test.count_odoo_suites("", 0, summary, "log")
    assert summary.passed == 1  # only "the runner exited cleanly"
    assert any("ran for every module" in p for p in summary.problems)
    assert any("totals" in p for p in summary.problems)
