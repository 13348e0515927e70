# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Read every addon manifest once, in the main thread, before a browser test.

Odoo's HTTP server reads all manifests (``odoo.http.root.statics``, cached
afterwards) on its first request for a static file. In a browser test that
request runs in one server thread while others compile code, and CPython 3.11
(3.11.7 here) may then fail the manifest parse with "SystemError: AST
constructor recursion depth mismatch" (AST parsing in threads, see
python/cpython#106905): the page gets a 500 and the tour fails at random.
Reading them here first leaves the server nothing to parse.
"""

from odoo import http

# The lazy property computes and caches the manifests on first access.
STATIC_PATHS = http.root.statics
