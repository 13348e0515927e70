# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A producer reaches only its own jobs, files, stock and availability.

The matrix: producer A (Sabadell) tries every URL, download and POST action
of producer B (Mataró), then the same records through /web/dataset/call_kw.
Everything is refused (404, AccessError) and nothing of B changes. A customer
with a portal login sees none of it; an anonymous visitor is sent to log in.
"""

from datetime import timedelta

from odoo import fields
from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import PNG, DmfgPortalCase


@tagged("post_install", "-at_install", "dmfg")
class TestPortalAccess(DmfgPortalCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.job_a = cls._make_job(producer=cls.sabadell)
        # Producer B's jobs, one in each state an action applies to.
        cls.b_offered = cls._make_job(producer=cls.mataro)
        cls.b_accepted = cls._make_job(producer=cls.mataro, state="accepted")
        cls.b_in_progress = cls._make_job(producer=cls.mataro, state="in_progress")
        cls.b_produced = cls._make_job(producer=cls.mataro, state="produced")
        cls.b_jobs = cls.b_offered | cls.b_accepted | cls.b_in_progress | cls.b_produced
        cls.b_accepted._dmfg_portal_add_quality_files([("weld.png", PNG)])
        cls.b_quality = cls.b_accepted.quality_attachment_ids
        cls.b_blackout = cls.env["dmfg.producer.blackout"].create(
            {
                "producer_id": cls.mataro.id,
                "date_from": "2099-08-01",
                "date_to": "2099-08-15",
                "name": "Summer",
            }
        )
        cls.b_quant = cls.env["stock.quant"].search(
            [("location_id", "=", cls.mataro.location_id.id)]
        )
        cls.a_quant = cls.env["stock.quant"].search(
            [("location_id", "=", cls.sabadell.location_id.id)]
        )

    # ------------------------------------------------------------ helpers

    def _snapshot(self):
        """What producer B owns, as plain values, to prove nothing changed."""
        self.env.invalidate_all()
        jobs = self.b_jobs.read(
            [
                "state",
                "producer_id",
                "date_promised",
                "qty_produced",
                "lot_name",
                "carrier_name",
                "tracking_ref",
                "declined_producer_ids",
                "quality_attachment_ids",
                "message_ids",
            ]
        )
        producer = self.mataro.read(["capacity_hours_per_day", "blackout_ids"])
        quant = self.b_quant.read(["quantity", "inventory_quantity_set"])
        return {"jobs": jobs, "producer": producer, "quant": quant}

    def _b_get_urls(self):
        revision_file = self.revision.file_ids[0]
        return [f"/my/jobs/{job.id}" for job in self.b_jobs] + [
            f"/my/jobs/{self.b_offered.id}/files/{revision_file.id}",
            f"/my/jobs/{self.b_accepted.id}/quality/{self.b_quality.id}",
        ]

    def _b_posts(self):
        return [
            (f"/my/jobs/{self.b_offered.id}/accept", {"date_promised": "2099-01-01"}),
            (f"/my/jobs/{self.b_offered.id}/decline", {"reason": "Not mine"}),
            (f"/my/jobs/{self.b_accepted.id}/start", {}),
            (f"/my/jobs/{self.b_in_progress.id}/produced", {"qty": "1"}),
            (
                f"/my/jobs/{self.b_produced.id}/ship",
                {"carrier_name": "SEUR", "tracking_ref": "X"},
            ),
            ("/my/stock/count", {"quant_id": self.b_quant.id, "quantity": "0"}),
            (f"/my/availability/blackout/{self.b_blackout.id}/delete", {}),
        ]

    def _rpc(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    # -------------------------------------------------------------- tests

    def test_own_records_answer_200(self):
        """Control: producer A opens its own job, file, stock, availability."""
        self._login(self.sabadell_user)
        revision_file = self.revision.file_ids[0]
        for url in (
            "/my/jobs",
            f"/my/jobs/{self.job_a.id}",
            f"/my/jobs/{self.job_a.id}/files/{revision_file.id}",
            "/my/stock",
            "/my/availability",
        ):
            self.assertEqual(self.url_open(url).status_code, 200, url)

    @mute_logger("odoo.http")
    def test_matrix_other_producer_urls_and_posts_are_404(self):
        """Producer A gets 404 on every page, download and action of B;
        nothing of B changes."""
        before = self._snapshot()
        self._login(self.sabadell_user)
        for url in self._b_get_urls():
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(b"%PDF", response.content, url)
        for url, data in self._b_posts():
            response = self._post(url, data, allow_redirects=False)
            self.assertEqual(response.status_code, 404, url)
        response = self._post(
            f"/my/jobs/{self.b_accepted.id}/quality",
            files={"quality_files": ("x.png", PNG, "image/png")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._snapshot(), before)

    @mute_logger("odoo.http")
    def test_design_file_of_another_revision_is_404(self):
        """Even on its own job, a file outside the pinned revision is refused."""
        self._login(self.sabadell_user)
        other_file = self.other_revision.file_ids
        response = self.url_open(f"/my/jobs/{self.job_a.id}/files/{other_file.id}")
        self.assertEqual(response.status_code, 404)
        quality = self.url_open(f"/my/jobs/{self.job_a.id}/quality/{self.b_quality.id}")
        self.assertEqual(quality.status_code, 404)

    @mute_logger("odoo.http")
    def test_matrix_json_rpc_is_refused(self):
        """The same records through /web/dataset/call_kw: AccessError, or not
        listed; nothing of B changes."""
        before = self._snapshot()
        self._login(self.sabadell_user)
        job = self.b_offered.id
        refused = [
            ("dmfg.job", "read", [[job], ["name", "partner_shipping_id"]]),
            ("dmfg.job", "action_accept", [[job], "2099-01-01"]),
            ("dmfg.job", "action_decline", [[job], "Not mine"]),
            ("dmfg.job", "action_start", [[self.b_accepted.id]]),
            ("dmfg.job", "action_mark_produced", [[self.b_in_progress.id], 1]),
            ("dmfg.job", "action_ship", [[self.b_produced.id], "SEUR", "X"]),
            ("dmfg.job", "message_post", [[job]], {"body": "hello"}),
            ("dmfg.job", "write", [[job], {"state": "done"}]),
            ("dmfg.job", "get_portal_url", [[job]]),
            ("dmfg.producer", "read", [[self.mataro.id], ["name"]]),
            (
                "dmfg.producer",
                "write",
                [[self.mataro.id], {"capacity_hours_per_day": 0}],
            ),
            (
                "dmfg.producer",
                "get_free_capacity",
                [[self.mataro.id], "2099-01-01", "2099-01-31"],
            ),
            ("dmfg.producer", "action_grant_portal_access", [[self.mataro.id]]),
            ("dmfg.producer.blackout", "read", [[self.b_blackout.id], ["name"]]),
            ("dmfg.producer.blackout", "unlink", [[self.b_blackout.id]]),
            (
                "dmfg.producer.blackout",
                "create",
                [
                    {
                        "producer_id": self.mataro.id,
                        "date_from": "2099-01-01",
                        "date_to": "2099-01-02",
                    }
                ],
            ),
            ("dmfg.design.file", "read", [self.revision.file_ids.ids, ["name"]]),
            (
                "ir.attachment",
                "read",
                [self.revision.file_ids.ir_attachment_id.ids, ["datas"]],
            ),
            ("ir.attachment", "read", [self.b_quality.ids, ["datas"]]),
            ("stock.quant", "read", [self.b_quant.ids, ["quantity"]]),
        ]
        for model, method, args, *kwargs in refused:
            with self.assertRaises(JsonRpcException, msg=f"{model}.{method}") as caught:
                self._rpc(model, method, args, *(kwargs or [{}]))
            self.assertEqual(
                str(caught.exception),
                "odoo.exceptions.AccessError",
                f"{model}.{method}",
            )
        listed = self._rpc("dmfg.job", "search_read", [[]], {"fields": ["name"]})
        self.assertEqual([row["id"] for row in listed], [self.job_a.id])
        producers = self._rpc(
            "dmfg.producer", "search_read", [[]], {"fields": ["name"]}
        )
        self.assertEqual([row["id"] for row in producers], [self.sabadell.id])
        self.assertEqual(self._snapshot(), before)

    @mute_logger("odoo.http")
    def test_matrix_message_thread_is_refused(self):
        """Producer A can neither read nor post in B's job thread."""
        self.b_offered.message_post(
            body="Secret for Mataró",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        messages = self.b_offered.message_ids
        self._login(self.sabadell_user)
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "dmfg.job",
                    "thread_id": self.b_offered.id,
                    "post_data": {
                        "body": "hello",
                        "message_type": "comment",
                        "subtype_xmlid": "mail.mt_comment",
                    },
                },
            )
        self.assertEqual(str(caught.exception), "werkzeug.exceptions.NotFound")
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "dmfg.job", "thread_id": self.b_offered.id},
        )
        self.assertEqual(fetched["messages"], [])
        self.assertEqual(self.b_offered.message_ids, messages)

    def test_producer_talks_with_the_company_in_its_job_thread(self):
        """Control: on its own job the producer posts and reads messages."""
        self._login(self.sabadell_user)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "dmfg.job",
                "thread_id": self.job_a.id,
                "post_data": {
                    "body": "Ready Friday",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        message = self.job_a.message_ids[0]
        self.assertEqual(message.author_id, self.sabadell_user.partner_id)
        self.assertIn("Ready Friday", message.body)
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {"thread_model": "dmfg.job", "thread_id": self.job_a.id},
        )
        self.assertIn(message.id, fetched["messages"])

    def test_json_rpc_on_own_job_works(self):
        """Control: the producer reads its own job and accepts it over RPC."""
        self._login(self.sabadell_user)
        rows = self._rpc("dmfg.job", "read", [[self.job_a.id], ["name", "state"]])
        self.assertEqual(rows[0]["state"], "offered")
        soon = fields.Date.context_today(self.env.user) + timedelta(days=3)
        self._rpc("dmfg.job", "action_accept", [[self.job_a.id], str(soon)])
        self.assertEqual(self.job_a.state, "accepted")

    @mute_logger("odoo.http")
    def test_customer_portal_user_sees_nothing(self):
        """A portal user who is no producer (here the job's own customer):
        no cards, every page 404, nothing over RPC."""
        self._login(self.customer_user)
        home = self.url_open("/my")
        self.assertEqual(home.status_code, 200)
        self.assertNotIn('href="/my/jobs"', home.text)
        for url in (
            "/my/jobs",
            "/my/stock",
            "/my/availability",
            f"/my/jobs/{self.job_a.id}",
            f"/my/jobs/{self.job_a.id}/files/{self.revision.file_ids[0].id}",
        ):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        response = self._post(
            f"/my/jobs/{self.job_a.id}/accept",
            {"date_promised": "2099-01-01"},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            self._rpc("dmfg.job", "search_read", [[]], {"fields": ["name"]}), []
        )
        with self.assertRaises(JsonRpcException):
            self._rpc("dmfg.job", "read", [[self.job_a.id], ["name"]])
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["dmfg_job_count"]}
        )
        self.assertEqual(counters, {"dmfg_job_count": 0})
        self.assertEqual(self.job_a.state, "offered")

    def test_anonymous_visitor_is_sent_to_login(self):
        """Without a session every page redirects to the login form, and a
        POST changes nothing."""
        revision_file = self.revision.file_ids[0]
        for url in (
            "/my/jobs",
            f"/my/jobs/{self.job_a.id}",
            f"/my/jobs/{self.job_a.id}/files/{revision_file.id}",
            "/my/stock",
            "/my/availability",
        ):
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303), url)
            self.assertIn("/web/login", response.headers["Location"], url)
        response = self.url_open(
            f"/my/jobs/{self.job_a.id}/accept",
            data={"date_promised": "2099-01-01"},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
        self.assertEqual(self.job_a.state, "offered")

    @mute_logger("odoo.http")
    def test_post_without_csrf_token_is_refused(self):
        """A POST without the CSRF token is refused (400) and changes nothing,
        even on the producer's own job."""
        self._login(self.sabadell_user)
        for url, data in (
            (f"/my/jobs/{self.job_a.id}/accept", {"date_promised": "2099-01-01"}),
            (f"/my/jobs/{self.job_a.id}/decline", {"reason": "no"}),
            ("/my/stock/count", {"quant_id": self.a_quant.id, "quantity": "1"}),
            ("/my/availability/capacity", {"hours": "2"}),
        ):
            response = self._post(url, data, csrf=False, allow_redirects=False)
            self.assertEqual(response.status_code, 400, url)
        self.assertEqual(self.job_a.state, "offered")
        self.assertFalse(self.job_a.declined_producer_ids)
        self.assertFalse(self.a_quant.inventory_quantity_set)
        self.assertEqual(self.sabadell.capacity_hours_per_day, 8.0)
