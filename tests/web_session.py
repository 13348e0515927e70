# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A browser-like HTTP session on the test server, for the suites that go
through Odoo's web routes (portal forms, JSON-RPC, mail routes) rather than
XML-RPC."""

import re

import requests


def login(server, login, password=None):
    """A session of ``login`` on ``server`` (the ``odoo_server`` fixture);
    ``session.dmfg_url`` is the server's address."""
    session = requests.Session()
    answer = session.post(
        server.url + "/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {
                "db": server.db,
                "login": login,
                "password": password or login,
            },
        },
        timeout=60,
    ).json()
    assert answer.get("result", {}).get("uid"), answer
    session.dmfg_url = server.url
    return session


def csrf_token(session):
    """The CSRF token of the session, read from its portal home page."""
    page = session.get(session.dmfg_url + "/my", timeout=60).text
    match = re.search(r'csrf_token: "([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, "no CSRF token on /my"
    return match.group(1)
