# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A producer moves its jobs forward from the portal; bad input is refused
with a clear message on the page and nothing half-written."""

from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import PDF, PNG, DmfgPortalCase


@tagged("post_install", "-at_install", "dmfg")
class TestPortalActions(DmfgPortalCase):
    def _tomorrow(self):
        return fields.Date.context_today(self.env.user) + timedelta(days=2)

    def test_accept_start_produce_ship_delivers_the_sale_order(self):
        """Each POST moves the job on; shipping validates the dropship and
        the company's sale order line is delivered."""
        job = self._make_job(qty=2)
        order_line = job.sale_line_id
        self._login(self.sabadell_user)
        steps = [
            ("accept", {"date_promised": str(self._tomorrow())}, "accepted"),
            ("start", {}, "in_progress"),
            ("produced", {"qty": "2"}, "produced"),
            ("ship", {"carrier_name": "SEUR", "tracking_ref": "SEUR-777"}, "done"),
        ]
        for action, data, state in steps:
            response = self._post(f"/my/jobs/{job.id}/{action}", data)
            self.assertEqual(response.status_code, 200, action)
            self.assertTrue(response.url.endswith(job.access_url), action)
            self.assertIn("o_dmfg_portal_flash", response.text, action)
            self.assertIn("alert-success", response.text, action)
            self.assertEqual(job.state, state, action)
        self.assertRecordValues(
            job,
            [
                {
                    "date_promised": self._tomorrow(),
                    "qty_produced": 2.0,
                    "carrier_name": "SEUR",
                    "tracking_ref": "SEUR-777",
                }
            ],
        )
        self.assertEqual(order_line.qty_delivered, 2.0)
        self.assertEqual(job.picking_ids.state, "done")
        # The producer's steps are in the job's history, by its user.
        authors = job.message_ids.filtered(
            lambda m: "Shipped with SEUR" in (m.body or "")
        ).author_id
        self.assertEqual(authors, self.sabadell_user.partner_id)

    def test_decline_moves_the_job_to_the_next_producer(self):
        """Declining with a reason re-routes the job to Mataró at once; it
        leaves Sabadell's list and shows under its Declined filter."""
        job = self._make_job()
        self._login(self.sabadell_user)
        response = self._post(f"/my/jobs/{job.id}/decline", {"reason": "No filament"})
        self.assertTrue(response.url.endswith("/my/jobs"))
        self.assertIn(f"Job {job.name} declined", response.text)
        self.assertIn("alert-success", response.text)
        self.assertEqual(job.producer_id, self.mataro)
        self.assertEqual(job.state, "offered")
        self.assertEqual(job.declined_producer_ids, self.sabadell)
        self.assertIn("No filament", " ".join(job.message_ids.mapped("body")))
        declined = self.url_open("/my/jobs?filterby=declined")
        self.assertIn(job.name, declined.text)
        self.assertNotIn(f'href="/my/jobs/{job.id}"', declined.text)
        self.assertEqual(self.url_open(f"/my/jobs/{job.id}").status_code, 404)

    def test_decline_without_reason_is_refused(self):
        """No reason: the page says so and the job stays offered to Sabadell."""
        job = self._make_job()
        self._login(self.sabadell_user)
        response = self._post(f"/my/jobs/{job.id}/decline", {"reason": "  "})
        self.assertTrue(response.url.endswith(job.access_url))
        self.assertIn("Give a reason to decline the job.", response.text)
        self.assertIn("alert-danger", response.text)
        self.assertEqual(job.producer_id, self.sabadell)
        self.assertFalse(job.declined_producer_ids)

    def test_accept_with_a_past_date_is_refused(self):
        """A promised date in the past, or none: clear message, still offered."""
        job = self._make_job()
        self._login(self.sabadell_user)
        yesterday = fields.Date.context_today(self.env.user) - timedelta(days=2)
        response = self._post(
            f"/my/jobs/{job.id}/accept", {"date_promised": str(yesterday)}
        )
        self.assertIn("is in the past", response.text)
        response = self._post(f"/my/jobs/{job.id}/accept", {"date_promised": ""})
        self.assertIn("Give the promised ready date.", response.text)
        self.assertEqual(job.state, "offered")
        self.assertFalse(job.date_promised)

    def test_ship_before_produced_is_refused(self):
        """Shipping an accepted job: clear message, no transfer validated."""
        job = self._make_job(state="accepted")
        self._login(self.sabadell_user)
        response = self._post(
            f"/my/jobs/{job.id}/ship", {"carrier_name": "SEUR", "tracking_ref": "X1"}
        )
        self.assertIn("it cannot be shipped now", response.text)
        self.assertEqual(job.state, "accepted")
        self.assertFalse(job.tracking_ref)
        self.assertNotEqual(job.picking_ids.state, "done")

    def test_quantity_above_the_job_is_refused(self):
        """Marking 3 produced on a job of 2: clear message, nothing recorded."""
        job = self._make_job(qty=2, state="in_progress")
        self._login(self.sabadell_user)
        response = self._post(f"/my/jobs/{job.id}/produced", {"qty": "3"})
        self.assertIn("must be between 0 and 2.0", response.text)
        response = self._post(f"/my/jobs/{job.id}/produced", {"qty": "two"})
        self.assertIn("must be a number", response.text)
        self.assertEqual(job.state, "in_progress")
        self.assertEqual(job.qty_produced, 0.0)

    def test_tracked_product_needs_a_lot(self):
        """For a lot-tracked product the page asks for the lot; without it
        the step is refused, with it the lot is kept on the job."""
        job = self._make_job(state="in_progress")
        self.product.tracking = "lot"
        self._login(self.sabadell_user)
        self.assertIn('name="lot_name"', self.url_open(job.access_url).text)
        response = self._post(f"/my/jobs/{job.id}/produced", {"qty": "1"})
        self.assertIn("is tracked: give the lot or serial number", response.text)
        self.assertEqual(job.state, "in_progress")
        self._post(f"/my/jobs/{job.id}/produced", {"qty": "1", "lot_name": "L-042"})
        self.assertRecordValues(job, [{"state": "produced", "lot_name": "L-042"}])

    def test_ship_without_tracking_is_refused(self):
        """Carrier and tracking reference are both needed to ship."""
        job = self._make_job(state="produced")
        self._login(self.sabadell_user)
        response = self._post(
            f"/my/jobs/{job.id}/ship", {"carrier_name": "SEUR", "tracking_ref": ""}
        )
        self.assertIn("Give the carrier and the tracking reference", response.text)
        self.assertEqual(job.state, "produced")

    def test_upload_quality_photo_and_pdf(self):
        """Photos and PDFs attach to the job, appear on its page and in its
        back-office history; the producer downloads them back."""
        job = self._make_job(state="accepted")
        self._login(self.sabadell_user)
        response = self._post(
            f"/my/jobs/{job.id}/quality",
            files=[
                ("quality_files", ("front.png", PNG, "image/png")),
                ("quality_files", ("report.pdf", PDF, "application/pdf")),
            ],
        )
        self.assertIn("Quality files uploaded.", response.text)
        self.assertEqual(
            sorted(job.quality_attachment_ids.mapped("name")),
            ["front.png", "report.pdf"],
        )
        self.assertEqual(
            sorted(job.quality_attachment_ids.mapped("mimetype")),
            ["application/pdf", "image/png"],
        )
        self.assertEqual(job.quality_attachment_ids.mapped("res_id"), [job.id, job.id])
        note = job.message_ids.filtered("attachment_ids")[:1]
        self.assertEqual(note.attachment_ids, job.quality_attachment_ids)
        png = job.quality_attachment_ids.filtered(lambda a: a.name == "front.png")
        self.assertIn(f"/my/jobs/{job.id}/quality/{png.id}", response.text)
        download = self.url_open(f"/my/jobs/{job.id}/quality/{png.id}")
        self.assertEqual(download.content, PNG)

    def test_upload_wrong_type_or_too_large_is_refused(self):
        """An SVG, a text file renamed .png, or a file above the limit: clear
        message and nothing attached, even the valid file sent with them."""
        job = self._make_job(state="accepted")
        self.env["ir.config_parameter"].sudo().set_param(
            "distributed_mfg_portal.upload_max_mb", 1
        )
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        self._login(self.sabadell_user)
        cases = [
            ([("evil.svg", svg, "image/svg+xml")], "is not a photo or a PDF"),
            ([("photo.png", b"just text", "image/png")], "is not a photo or a PDF"),
            (
                [
                    ("ok.png", PNG, "image/png"),
                    ("huge.pdf", PDF + b"0" * (1024 * 1024), "application/pdf"),
                ],
                "too large: the limit is 1 MB",
            ),
        ]
        for files, message in cases:
            response = self._post(
                f"/my/jobs/{job.id}/quality",
                files=[("quality_files", file) for file in files],
            )
            self.assertIn(message, response.text)
            self.assertIn("alert-danger", response.text)
        self.assertFalse(job.quality_attachment_ids)
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", "dmfg.job"), ("res_id", "=", job.id)]
            )
        )

    def test_upload_before_acceptance_is_refused(self):
        """Quality files come with the work: not on an offer."""
        job = self._make_job()
        self._login(self.sabadell_user)
        response = self._post(
            f"/my/jobs/{job.id}/quality",
            files=[("quality_files", ("front.png", PNG, "image/png"))],
        )
        self.assertIn("once job", response.text)
        self.assertFalse(job.quality_attachment_ids)

    def test_offer_email_links_to_the_job(self):
        """Offering a job emails the producer's portal users a direct link;
        a decline emails the next producer."""
        job = self._make_job()
        mails = self.env["mail.mail"].search(
            [("model", "=", "dmfg.job"), ("res_id", "=", job.id)]
        )
        self.assertEqual(len(mails), 1)
        self.assertEqual(mails.recipient_ids, self.sabadell_user.partner_id)
        self.assertIn(f"/my/jobs/{job.id}", mails.body_html)
        self.assertIn(job.name, mails.subject)
        self.assertTrue(job.date_accept_deadline > fields.Datetime.now())
        job.with_user(self.sabadell_user).action_decline("Too busy")
        mails = (
            self.env["mail.mail"].search(
                [("model", "=", "dmfg.job"), ("res_id", "=", job.id)]
            )
            - mails
        )
        self.assertEqual(mails.recipient_ids, self.mataro_user.partner_id)

    def test_reminder_before_the_acceptance_deadline(self):
        """The cron reminds once, only offers whose deadline is near."""
        near = self._make_job()
        far = self._make_job()
        now = fields.Datetime.now()
        near.date_accept_deadline = now + timedelta(hours=2)
        far.date_accept_deadline = now + timedelta(hours=40)
        mail_model = self.env["mail.mail"]
        before = mail_model.search([("model", "=", "dmfg.job")])
        self.env["dmfg.job"]._cron_dmfg_portal_remind()
        self.env["dmfg.job"]._cron_dmfg_portal_remind()
        sent = mail_model.search([("model", "=", "dmfg.job")]) - before
        self.assertEqual(sent.mapped("res_id"), [near.id])
        self.assertIn("Reminder", sent.subject)
        self.assertIn(f"/my/jobs/{near.id}", sent.body_html)
        self.assertTrue(near.is_reminder_sent)
        self.assertFalse(far.is_reminder_sent)

    def test_reminder_of_several_producers_goes_to_each_own_users(self):
        """One cron run over offers of Sabadell and Mataró: each reminder is
        emailed to the users of the job's own producer only."""
        sabadell_job = self._make_job()
        mataro_job = self._make_job(producer=self.mataro)
        (sabadell_job | mataro_job).date_accept_deadline = (
            fields.Datetime.now() + timedelta(hours=2)
        )
        mail_model = self.env["mail.mail"]
        before = mail_model.search([("model", "=", "dmfg.job")])
        self.env["dmfg.job"]._cron_dmfg_portal_remind()
        sent = mail_model.search([("model", "=", "dmfg.job")]) - before
        self.assertEqual(len(sent), 2)
        for job, user in (
            (sabadell_job, self.sabadell_user),
            (mataro_job, self.mataro_user),
        ):
            mail = sent.filtered(lambda m, job=job: m.res_id == job.id)
            self.assertEqual(mail.recipient_ids, user.partner_id, job.name)
            self.assertIn(f"/my/jobs/{job.id}", mail.body_html)
