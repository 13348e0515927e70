# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The job list costs the same number of queries for 5 or 50 jobs."""

from odoo.tests import tagged

from .common import DmfgPortalCase


@tagged("post_install", "-at_install", "dmfg")
class TestPortalQueries(DmfgPortalCase):
    def _queries(self, url):
        self.url_open(url)  # warm the caches (routing map, assets, ormcache)
        start = self.cr.sql_log_count
        response = self.url_open(url)
        queries = self.cr.sql_log_count - start
        self.assertEqual(response.status_code, 200)
        return queries, response.text.count("o_dmfg_portal_job_row")

    def test_job_list_queries_do_not_grow_with_jobs(self):
        """Listing 50 jobs takes no more queries than listing 5."""
        urls = ("/my/jobs", "/my/jobs?filterby=in_production&sortby=due")
        self._login(self.sabadell_user)
        self._add_jobs(5)
        few = {url: self._queries(url) for url in urls}
        self._add_jobs(45)
        many = {url: self._queries(url) for url in urls}
        for url in urls:
            (few_queries, few_rows), (many_queries, many_rows) = few[url], many[url]
            self.assertLess(few_rows, many_rows, url)
            self.assertLessEqual(many_queries, few_queries, url)
