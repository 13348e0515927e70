# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a producer sees on its portal pages."""

from odoo.tests import tagged

from .common import PDF, STL, DmfgPortalCase


@tagged("post_install", "-at_install", "dmfg")
class TestPortalPages(DmfgPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job = cls._make_job(qty=2)

    def test_home_shows_the_producer_cards_with_jobs_waiting(self):
        """/my shows the jobs, stock and availability cards; the counter
        counts the offers waiting for an answer."""
        self._login(self.sabadell_user)
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
        for url in ("/my/jobs", "/my/stock", "/my/availability"):
            self.assertIn(f'href="{url}"', response.text)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["dmfg_job_count"]}
        )
        self.assertEqual(counters, {"dmfg_job_count": 1})

    def test_job_list_filters_and_search(self):
        """The list filters by step and searches by reference, product, town."""
        accepted = self._make_job(state="accepted")
        self._login(self.sabadell_user)
        cases = {
            "/my/jobs": [self.job, accepted],
            "/my/jobs?filterby=to_accept": [self.job],
            "/my/jobs?filterby=in_production": [accepted],
            "/my/jobs?filterby=to_ship": [],
            f"/my/jobs?search={accepted.name}&search_in=name": [accepted],
            "/my/jobs?search=lamp&search_in=product": [self.job, accepted],
            "/my/jobs?search=Barcelona&search_in=city": [self.job, accepted],
            "/my/jobs?search=Girona&search_in=city": [],
            "/my/jobs?sortby=due": [self.job, accepted],
        }
        for url, jobs in cases.items():
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            shown = {
                job.name for job in (self.job | accepted) if job.name in response.text
            }
            self.assertEqual(shown, {job.name for job in jobs}, url)

    def test_job_list_pages_and_sorts(self):
        """85 jobs: 80 on the first page, the rest on page 2; sorting by
        reference puts the smallest first."""
        jobs = self._add_jobs(84) | self.job
        self._login(self.sabadell_user)
        first = self.url_open("/my/jobs?sortby=name")
        self.assertEqual(first.text.count("o_dmfg_portal_job_row"), 80)
        self.assertIn("/my/jobs/page/2", first.text)
        second = self.url_open("/my/jobs/page/2?sortby=name")
        self.assertEqual(second.text.count("o_dmfg_portal_job_row"), 5)
        names = sorted(jobs.mapped("name"))
        self.assertLess(first.text.index(names[0]), first.text.index(names[1]))
        self.assertIn(names[-1], second.text)
        self.assertNotIn(names[-1], first.text)

    def test_job_page_shows_what_to_make_files_and_components(self):
        """Product, quantity, price, files of the pinned revision, components
        expected and at hand; only the town of the customer before accepting."""
        self._login(self.sabadell_user)
        response = self.url_open(self.job.access_url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.product.display_name, page)
        self.assertIn("drawing.pdf", page)
        self.assertIn("part.stl", page)
        for design_file in self.revision.file_ids:
            self.assertIn(f"/my/jobs/{self.job.id}/files/{design_file.id}", page)
        self.assertIn(self.component.display_name, page)
        self.assertIn("20.00", page)  # the producer's price per unit
        self.assertIn("Barcelona", page)
        self.assertNotIn("Carrer de Mallorca", page)
        self.assertIn('id="discussion"', page)
        # No access token: a token would open the job's thread to anyone
        # holding it, even after the job moved to another producer.
        self.url_open("/my/jobs")
        self.assertFalse(self.job.access_token)

    def test_full_address_after_acceptance(self):
        """Once accepted, the job page shows the customer's delivery address."""
        job = self._make_job(state="accepted")
        self._login(self.sabadell_user)
        page = self.url_open(job.access_url).text
        self.assertIn("Carrer de Mallorca", page)

    def test_design_file_download(self):
        """The producer downloads the files of the job's pinned revision."""
        self._login(self.sabadell_user)
        files = {f.name: f for f in self.revision.file_ids}
        for name, data in (("drawing.pdf", PDF), ("part.stl", STL)):
            response = self.url_open(f"/my/jobs/{self.job.id}/files/{files[name].id}")
            self.assertEqual(response.status_code, 200, name)
            self.assertEqual(response.content, data, name)
            self.assertIn("attachment", response.headers["Content-Disposition"])

    def test_stock_and_availability_pages(self):
        """Stock lists the quants at the producer; availability its hours."""
        self._login(self.sabadell_user)
        stock = self.url_open("/my/stock")
        self.assertEqual(stock.status_code, 200)
        self.assertIn(self.component.display_name, stock.text)
        self.assertIn("10.00", stock.text)
        availability = self.url_open("/my/availability")
        self.assertEqual(availability.status_code, 200)
        self.assertIn('name="hours"', availability.text)
