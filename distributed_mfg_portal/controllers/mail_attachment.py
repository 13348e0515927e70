# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Odoo's chatter upload on a production job obeys the quality-upload rules.

A portal producer uploading through the job's chatter (``/mail/attachment/upload``)
gets the same checks as the job page's quality upload (job accepted, type
sniffed from the bytes, size limit) before anything is stored; the job's
``message_post`` checks again for files posted another way.
"""

from werkzeug.exceptions import BadRequest, NotFound

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.mail.controllers.attachment import AttachmentController

from ..models.dmfg_job import DEFAULT_UPLOAD_MAX_MB, PARAM_UPLOAD_MAX_MB


class DmfgAttachmentController(AttachmentController):
    @http.route()
    def mail_attachment_upload(
        self, ufile, thread_id, thread_model, is_pending=False, **kwargs
    ):
        if thread_model == "dmfg.job" and request.env.user.share:
            try:
                job_id = int(thread_id)
            except (TypeError, ValueError) as error:
                raise BadRequest() from error
            if not 0 < job_id < 2**31:  # PostgreSQL's integer ids
                raise NotFound()
            job_model = request.env["dmfg.job"]
            job = job_model._get_thread_with_access(job_id, mode="read")
            if not job:
                raise NotFound()
            limit = job_model._dmfg_portal_param(
                PARAM_UPLOAD_MAX_MB, DEFAULT_UPLOAD_MAX_MB
            )
            # Never more than the limit plus one byte is read to check it.
            data = ufile.read(limit * 1024 * 1024 + 1)
            ufile.seek(0)
            try:
                job.sudo(False)._dmfg_check_quality_files([(ufile.filename, data)])
            except UserError as error:
                # Odoo's chatter shows this message (its own refusals look
                # the same); nothing was stored.
                return request.make_json_response({"error": error.args[0]})
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )
