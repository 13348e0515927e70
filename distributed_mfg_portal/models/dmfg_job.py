# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import datetime, time, timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.distributed_mfg.services import offers

PARAM_ACCEPTANCE_HOURS = "distributed_mfg_portal.acceptance_hours"
PARAM_REMINDER_HOURS = "distributed_mfg_portal.reminder_hours"
PARAM_UPLOAD_MAX_MB = "distributed_mfg_portal.upload_max_mb"
PARAM_MIN_ACCEPTANCE_HOURS = "distributed_mfg_portal.min_acceptance_hours"
DEFAULT_ACCEPTANCE_HOURS = 48
DEFAULT_REMINDER_HOURS = 12
DEFAULT_UPLOAD_MAX_MB = 10
# Quality files producers may upload, by the type sniffed from their bytes
# (the browser's type and the file name are not trusted). No SVG: it can carry
# scripts.
QUALITY_MIMETYPES = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "image/gif": "GIF",
    "application/pdf": "PDF",
}
# States in which the producer may upload quality files.
QUALITY_STATES = ("accepted", "in_progress", "produced", "done")


class DmfgJob(models.Model):
    _name = "dmfg.job"
    _inherit = ["dmfg.job", "portal.mixin"]
    # Producers only read their jobs; they still talk with the company in the
    # job's thread on the portal.
    _mail_post_access = "read"

    date_offered = fields.Datetime(
        string="Offered on",
        readonly=True,
        copy=False,
        help="When the job was last offered to its producer.",
    )
    date_accept_deadline = fields.Datetime(
        string="Accept by",
        readonly=True,
        copy=False,
        index=True,
        help="The producer should accept or decline the offer before this "
        "moment; its users get a reminder before it (Settings).",
    )
    is_reminder_sent = fields.Boolean(
        string="Reminder sent",
        readonly=True,
        copy=False,
        help="The acceptance reminder of the current offer was emailed.",
    )
    # Never read by producers over RPC: jobs are not shared by token.
    access_token = fields.Char(groups="base.group_user")
    quality_attachment_ids = fields.Many2many(
        "ir.attachment",
        "dmfg_job_quality_attachment_rel",
        "job_id",
        "attachment_id",
        string="Quality files",
        copy=False,
        help="Photos and PDF documents the producer uploaded from the portal "
        "to show the quality of the work.",
    )

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for job in self:
            job.access_url = f"/my/jobs/{job.id}"
        return result

    # ---------------------------------------------------- routing hook

    def _dmfg_assign(self, result, entry, reason=None):
        result_assign = super()._dmfg_assign(result, entry, reason=reason)
        self._dmfg_portal_offer()
        return result_assign

    def _dmfg_portal_offer(self):
        """Start the acceptance clock and email the offer to the producer.

        The answer window is the setting's, shrunk to half the time left
        before the due date when that is near (never under the minimum
        setting): the next producer keeps time if this one lets it expire.
        """
        now = fields.Datetime.now()
        hours = self._dmfg_portal_param(
            PARAM_ACCEPTANCE_HOURS, DEFAULT_ACCEPTANCE_HOURS
        )
        min_hours = self._dmfg_portal_param(
            PARAM_MIN_ACCEPTANCE_HOURS, offers.DEFAULT_MIN_HOURS
        )
        for job in self:
            due_end = now
            if job.date_due:
                due_end = datetime.combine(job.date_due, time(23, 59, 59))
            window = offers.answer_window_hours(
                (due_end - now).total_seconds() / 3600, hours, min_hours
            )
            job.write(
                {
                    "date_offered": now,
                    # Whole seconds, as stored.
                    "date_accept_deadline": (now + timedelta(hours=window)).replace(
                        microsecond=0
                    )
                    if window
                    else False,
                    "is_reminder_sent": False,
                }
            )
        self._dmfg_portal_notify("distributed_mfg_portal.mail_template_job_offered")

    def _dmfg_portal_notify(self, template_xmlid, producer=None):
        """Email the job to the producer's portal users and log it.

        ``producer``: whom to tell instead of the job's producer (one that
        just lost the job).
        """
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        # The producers' portal users in one search, not one per job.
        users = (producer or self.producer_id)._dmfg_portal_users_by_producer()
        for job in self:
            recipient = producer or job.producer_id
            partners = users.get(recipient.id, self.env["res.users"]).partner_id
            partners = partners.filtered("email")
            if not partners:
                continue
            template.send_mail(
                job.id,
                email_values={"recipient_ids": [Command.set(partners.ids)]},
                email_layout_xmlid="mail.mail_notification_light",
            )
            job.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Emailed to %(names)s: %(email)s.",
                    email=template.name,
                    names=format_list(self.env, partners.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _cron_dmfg_portal_remind(self):
        """Remind producers of offers whose acceptance deadline is near."""
        now = fields.Datetime.now()
        lead = self._dmfg_portal_param(PARAM_REMINDER_HOURS, DEFAULT_REMINDER_HOURS)
        jobs = self.sudo().search(
            [
                ("state", "=", "offered"),
                ("is_reminder_sent", "=", False),
                ("date_accept_deadline", ">", now),
                ("date_accept_deadline", "<=", now + timedelta(hours=lead)),
            ]
        )
        jobs._dmfg_portal_notify("distributed_mfg_portal.mail_template_job_reminder")
        jobs.write({"is_reminder_sent": True})
        return True

    @api.model
    def _dmfg_portal_param(self, key, default):
        """A whole number of the portal's settings, ``default`` when unset or
        not one (0 to 8760: hours in a year, megabytes)."""
        try:
            return self.env["dmfg.input"]._dmfg_param_number(
                key, default, key, integer=True, minimum=0, maximum=8760
            )
        except UserError:
            return default

    # --------------------------------------------------- portal helpers

    def _dmfg_portal_components(self):
        """Components expected by the job's MO and what the producer holds.

        Returns a list of dicts (product, uom, qty expected, qty at hand at the
        producer's managed location), one grouped stock query.
        """
        self.ensure_one()
        moves = self.production_ids.move_raw_ids.filtered(
            lambda move: move.state != "cancel"
        )
        location = self.producer_id.location_id
        at_hand = {}
        if moves and location:
            at_hand = self.env["dmfg.supply"]._dmfg_on_hand(moves.product_id, location)
        lines = {}
        for move in moves:
            line = lines.setdefault(
                move.product_id.id,
                {
                    "product": move.product_id,
                    "uom": move.product_uom,
                    "expected": 0.0,
                    "at_hand": at_hand.get(move.product_id.id, 0.0),
                },
            )
            line["expected"] += move.product_uom_qty
        return list(lines.values())

    def _dmfg_check_quality_files(self, uploads):
        """Check producer files against the quality-upload rules.

        ``uploads``: list of ``(filename, bytes)``. The job must be accepted
        (or further), each file non-empty, within the size limit (Settings)
        and a photo or PDF by the type sniffed from its bytes. Raises a
        ``UserError`` naming the first refused file; returns
        ``[(name, bytes, mimetype)]``.
        """
        self.ensure_one()
        if self.state not in QUALITY_STATES:
            raise UserError(
                self.env._(
                    "Quality files can be added once job %(job)s is accepted.",
                    job=self.name,
                )
            )
        uploads = [(name, data) for name, data in uploads if name or data]
        if not uploads:
            raise UserError(self.env._("Choose at least one photo or PDF to upload."))
        max_mb = self._dmfg_portal_param(PARAM_UPLOAD_MAX_MB, DEFAULT_UPLOAD_MAX_MB)
        checked = []
        for name, data in uploads:
            if not data:
                raise UserError(self.env._("The file %(name)s is empty.", name=name))
            if len(data) > max_mb * 1024 * 1024:
                raise UserError(
                    self.env._(
                        "The file %(name)s is too large: the limit is %(max)s MB.",
                        name=name,
                        max=max_mb,
                    )
                )
            mimetype = guess_mimetype(data)
            if mimetype not in QUALITY_MIMETYPES:
                raise UserError(
                    self.env._(
                        "The file %(name)s is not a photo or a PDF (%(type)s): "
                        "upload %(allowed)s files only.",
                        name=name,
                        type=mimetype,
                        allowed=", ".join(QUALITY_MIMETYPES.values()),
                    )
                )
            checked.append((name, data, mimetype))
        return checked

    def _dmfg_portal_add_quality_files(self, uploads):
        """Attach producer uploads to the job, after checking type and size.

        ``uploads``: list of ``(filename, bytes)``. All files are checked
        before anything is written. Returns the new attachments.
        """
        self.ensure_one()
        values = [
            {
                "name": name or self.env._("Quality file"),
                "raw": data,
                "mimetype": mimetype,
                # Pending chatter uploads of the user: posting them below
                # moves them onto the job (mail only lets a portal user post
                # attachments it uploaded this way).
                "res_model": "mail.compose.message",
                "res_id": 0,
            }
            for name, data, mimetype in self._dmfg_check_quality_files(uploads)
        ]
        attachments = self.env["ir.attachment"].create(values)
        self.message_post(
            body=self.env._(
                "Quality files uploaded: %(names)s",
                names=", ".join(attachments.mapped("name")),
            ),
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        self.quality_attachment_ids = [Command.link(a.id) for a in attachments]
        return attachments

    # ------------------------------------------- chatter and portal access

    def _dmfg_check_chatter_files(self, attachments=None, attachment_ids=None):
        """Files a portal user posts in the job's thread obey the quality rules.

        Odoo's chatter (upload, then post) and ``message_post`` over RPC would
        otherwise take any file type and size, in any state.
        """
        if not self.env.user.share or not (attachments or attachment_ids):
            return
        files = [(item[0], item[1]) for item in attachments or []]
        # sudo: the user's own pending uploads, read only to check them.
        for attachment in self.env["ir.attachment"].sudo().browse(attachment_ids or []):
            files.append((attachment.name, attachment.raw or b""))
        self._dmfg_check_quality_files(files)

    def message_post(self, **kwargs):
        if self.env.user.share:
            self._dmfg_check_chatter_files(
                kwargs.get("attachments"), kwargs.get("attachment_ids")
            )
        return super().message_post(**kwargs)

    def _message_update_content(self, message, body, attachment_ids=None, **kwargs):
        if self.env.user.share:
            new_ids = set(attachment_ids or []) - set(message.attachment_ids.ids)
            self._dmfg_check_chatter_files(attachment_ids=list(new_ids))
        return super()._message_update_content(
            message, body, attachment_ids=attachment_ids, **kwargs
        )

    @api.model
    def _get_thread_with_access(self, thread_id, mode="read", **kwargs):
        # No access by token or signed link: only the producer's logged-in
        # users (record rules) reach a job's thread, so access ends when the
        # job leaves them.
        for key in ("token", "hash", "pid"):
            kwargs.pop(key, None)
        return super()._get_thread_with_access(thread_id, mode, **kwargs)

    def _portal_ensure_token(self):
        # Jobs are never shared by token (see _get_thread_with_access).
        return False

    def get_portal_url(
        self,
        suffix=None,
        report_type=None,
        download=None,
        query_string=None,
        anchor=None,
    ):
        """The job's portal page, for a logged-in user: never with a token."""
        self.ensure_one()
        self.check_access("read")
        query = "&".join(
            part
            for part in (
                f"report_type={report_type}" if report_type else "",
                "download=true" if download else "",
                (query_string or "").lstrip("&?"),
            )
            if part
        )
        return "{}{}{}{}".format(
            self.access_url,
            suffix or "",
            f"?{query}" if query else "",
            f"#{anchor}" if anchor else "",
        )

    def _dmfg_release_producer(self, previous):
        result = super()._dmfg_release_producer(previous)
        # Its quality files stay in the chatter for the back office only, and
        # any token handed out earlier stops matching.
        self.write({"quality_attachment_ids": [Command.clear()], "access_token": False})
        return result
