# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer portal: jobs, design files, stock and availability.

Every route first finds the producer of the logged-in user (its partner's
company is the producer's partner) with the user's own rights, so record
rules apply; a record of another producer answers 404. Only after that check
do the routes read or write with ``sudo()``, always restricted to that
producer. Every POST carries the CSRF token (Odoo checks it) and re-checks
ownership. Business rules live in the models' ``_dmfg_portal_*`` methods and
in the job's action methods; a refused change is rolled back to a savepoint
and its message shown on the page.
"""

from datetime import timedelta

from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.dmfg_job import (
    DEFAULT_UPLOAD_MAX_MB,
    PARAM_UPLOAD_MAX_MB,
    QUALITY_MIMETYPES,
    QUALITY_STATES,
)
from ..models.dmfg_producer import PARAM_APPLY_COUNTS

FLASH_KEY = "dmfg_portal_flash"
# Counters of Odoo's portal cards a producer does not see on /my (its work is
# in the production jobs): subcontracting's manufacturing orders, purchase's
# requests for quotation and orders.
HIDDEN_PRODUCER_COUNTERS = ("production_count", "rfq_count", "purchase_count")
# Design file kinds shown as instructions rather than as making files.
INSTRUCTION_KINDS = ("making", "quality")
STATE_BADGES = {
    "unassigned": "text-bg-light",
    "offered": "text-bg-warning",
    "accepted": "text-bg-info",
    "in_progress": "text-bg-primary",
    "produced": "text-bg-success",
    "done": "text-bg-secondary",
    "cancel": "text-bg-light",
}


class DmfgPortal(CustomerPortal):
    # ------------------------------------------------------------ checks

    def _dmfg_producer(self):
        """The producer of the logged-in user, read with the user's rights."""
        producer_model = request.env["dmfg.producer"]
        if not producer_model.has_access("read"):
            return producer_model
        partner = request.env.user.partner_id.commercial_partner_id
        return producer_model.search([("partner_id", "=", partner.id)], limit=1)

    def _dmfg_producer_or_404(self):
        """The user's producer (found with the user's rights, see
        ``_dmfg_producer``), as superuser: the routes read and write its
        jobs, stock and availability for the user, restricted to it."""
        producer = self._dmfg_producer()
        if not producer:
            raise NotFound()
        # sudo: right after finding the producer with the user's own rights.
        return producer.sudo()

    def _dmfg_job_or_404(self, job_id):
        """``(producer, job, job_sudo)`` when the job is the user's producer's.

        Both the explicit producer comparison and the record rules must agree.
        """
        producer = self._dmfg_producer_or_404()
        job = request.env["dmfg.job"].browse(job_id)
        job_sudo = job.sudo().exists()
        if (
            not job_sudo
            or job_sudo.producer_id != producer
            or not job.has_access("read")
        ):
            raise NotFound()
        return producer, job, job_sudo

    @staticmethod
    def _dmfg_int(value):
        """``value`` as a record id; 0 (no record) when it is not one."""
        try:
            return request.env["dmfg.input"]._dmfg_record_id(value, "id")
        except UserError:
            return 0

    # ------------------------------------------------------- flash, actions

    def _dmfg_flash(self, message, kind="success"):
        request.session[FLASH_KEY] = {"kind": kind, "message": str(message)}

    def _dmfg_pop_flash(self):
        return request.session.pop(FLASH_KEY, None)

    def _dmfg_run(self, redirect, action, success, error_redirect=None):
        """Run ``action``; on a refusal roll it back whole and show why.

        ``success`` is the message shown, or a function of what ``action``
        returned that gives it.
        """
        try:
            with request.env.cr.savepoint():
                result = action()
        except (UserError, ValidationError) as error:
            self._dmfg_flash(error.args[0], "danger")
            return request.redirect(error_redirect or redirect)
        self._dmfg_flash(success(result) if callable(success) else success)
        return request.redirect(redirect)

    def _dmfg_job_action(self, job_id, action, success, redirect=None):
        """A POST on a job: 404 unless it is the user's producer's, then run
        ``action(job)`` with the user's rights (the job's action methods check
        the actor again). A refusal goes back to the job page.

        ``success``: the message, or a function of the job (sudo) giving it.
        """
        _producer, job, job_sudo = self._dmfg_job_or_404(job_id)
        return self._dmfg_run(
            redirect or job_sudo.access_url,
            lambda: action(job),
            success(job_sudo) if callable(success) else success,
            error_redirect=job_sudo.access_url,
        )

    def _dmfg_stream(self, attachment):
        # ``attachment`` comes from a job or revision read after the checks.
        stream = request.env["ir.binary"]._get_stream_from(attachment, "raw")
        return stream.get_response(as_attachment=True)

    # ----------------------------------------------------------- /my home

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        producer = self._dmfg_producer()
        if producer:
            # A producer works from its production jobs only: Odoo's cards
            # for subcontracting and purchase orders (hidden by the template)
            # count nothing, so no other page competes with the jobs.
            for counter in HIDDEN_PRODUCER_COUNTERS:
                if counter in counters:
                    values[counter] = 0
        if "dmfg_job_count" in counters:
            # The user's rights: record rules keep it to its producer's jobs.
            values["dmfg_job_count"] = (
                request.env["dmfg.job"].search_count(
                    [("producer_id", "=", producer.id), ("state", "=", "offered")]
                )
                if producer
                else 0
            )
        if not counters:
            # The page itself, not the counters RPC (which returns counts only).
            values["dmfg_producer"] = producer
        return values

    # ------------------------------------------------------------ /my/jobs

    def _dmfg_job_filters(self, producer):
        own = [("producer_id", "=", producer.id)]
        return {
            "all": {"label": _("All"), "domain": own},
            "to_accept": {
                "label": _("To accept"),
                "domain": own + [("state", "=", "offered")],
            },
            "in_production": {
                "label": _("In production"),
                "domain": own + [("state", "in", ("accepted", "in_progress"))],
            },
            "to_ship": {
                "label": _("To ship"),
                "domain": own + [("state", "=", "produced")],
            },
            "done": {"label": _("Delivered"), "domain": own + [("state", "=", "done")]},
            "declined": {
                "label": _("Declined"),
                "domain": [
                    ("declined_producer_ids", "in", producer.ids),
                    ("producer_id", "!=", producer.id),
                ],
            },
        }

    def _dmfg_job_sortings(self):
        return {
            "date": {"label": _("Newest"), "order": "id desc"},
            "due": {"label": _("Due date"), "order": "date_due asc, id desc"},
            "name": {"label": _("Reference"), "order": "name asc, id asc"},
            "state": {"label": _("Status"), "order": "state asc, id desc"},
        }

    def _dmfg_job_search_inputs(self):
        return {
            "all": {"input": "all", "label": _("Search in All")},
            "name": {"input": "name", "label": _("Search in Reference")},
            "product": {"input": "product", "label": _("Search in Product")},
            "city": {"input": "city", "label": _("Search in Town")},
        }

    def _dmfg_job_search_domain(self, search_in, search):
        domains = {
            "name": [("name", "ilike", search)],
            "product": [("product_id", "ilike", search)],
            "city": [("partner_shipping_id.city", "ilike", search)],
        }
        if search_in in domains:
            return domains[search_in]
        return expression.OR(list(domains.values()))

    @http.route(
        ["/my/jobs", "/my/jobs/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_jobs(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kw
    ):
        producer = self._dmfg_producer_or_404()
        filters = self._dmfg_job_filters(producer)
        sortings = self._dmfg_job_sortings()
        inputs = self._dmfg_job_search_inputs()
        filterby = filterby if filterby in filters else "all"
        sortby = sortby if sortby in sortings else "date"
        search_in = search_in if search_in in inputs else "all"
        domain = filters[filterby]["domain"]
        if search:
            domain = expression.AND(
                [domain, self._dmfg_job_search_domain(search_in, search)]
            )
        # sudo: every filter's domain is restricted to the user's producer.
        job_model = request.env["dmfg.job"].sudo()
        pager = portal_pager(
            url="/my/jobs",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search_in": search_in,
                "search": search,
            },
            total=job_model.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        jobs = job_model.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dmfg_jobs",
                "producer": producer,
                "jobs": jobs,
                "pager": pager,
                "default_url": "/my/jobs",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
                "state_badges": STATE_BADGES,
                "flash": self._dmfg_pop_flash(),
            }
        )
        return request.render("distributed_mfg_portal.portal_my_jobs", values)

    # ------------------------------------------------------- /my/jobs/<id>

    def _dmfg_job_page_values(self, producer, job_sudo):
        files = job_sudo.revision_id.file_ids
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dmfg_job",
                "producer": producer,
                "job": job_sudo,
                "components": job_sudo._dmfg_portal_components(),
                "design_files": files.filtered(
                    lambda f: f.kind not in INSTRUCTION_KINDS
                ),
                "instruction_files": files.filtered(
                    lambda f: f.kind in INSTRUCTION_KINDS
                ),
                "today": fields.Date.context_today(job_sudo),
                "upload_max_mb": self._dmfg_upload_max_mb(),
                "quality_types": ", ".join(QUALITY_MIMETYPES.values()),
                "quality_accept": ",".join(QUALITY_MIMETYPES),
                "quality_states": QUALITY_STATES,
                "state_badges": STATE_BADGES,
                "flash": self._dmfg_pop_flash(),
            }
        )
        # The record for portal.message_thread. Odoo's record pager
        # (_get_page_view_values) is not used: it writes access tokens into
        # its links, and a token would open the job's thread to whoever holds
        # it, even after the job moved to another producer.
        values["object"] = job_sudo
        return values

    def _dmfg_upload_max_mb(self):
        return request.env["dmfg.job"]._dmfg_portal_param(
            PARAM_UPLOAD_MAX_MB, DEFAULT_UPLOAD_MAX_MB
        )

    @http.route(["/my/jobs/<int:job_id>"], type="http", auth="user", website=True)
    def portal_my_job(self, job_id, **kw):
        producer, _job, job_sudo = self._dmfg_job_or_404(job_id)
        values = self._dmfg_job_page_values(producer, job_sudo)
        return request.render("distributed_mfg_portal.portal_my_job", values)

    @http.route(
        ["/my/jobs/<int:job_id>/files/<int:file_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_job_file(self, job_id, file_id, **kw):
        """A file of the job's pinned design revision, and no other."""
        _producer, _job, job_sudo = self._dmfg_job_or_404(job_id)
        design_file = job_sudo.revision_id.file_ids.filtered(lambda f: f.id == file_id)
        if not design_file:
            raise NotFound()
        return self._dmfg_stream(design_file.ir_attachment_id)

    @http.route(
        ["/my/jobs/<int:job_id>/quality/<int:attachment_id>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_job_quality_file(self, job_id, attachment_id, **kw):
        _producer, _job, job_sudo = self._dmfg_job_or_404(job_id)
        attachment = job_sudo.quality_attachment_ids.filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment:
            raise NotFound()
        return self._dmfg_stream(attachment)

    # -------------------------------------------------- job actions (POST)

    @http.route(
        ["/my/jobs/<int:job_id>/accept"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_job_accept(self, job_id, date_promised=None, **kw):
        return self._dmfg_job_action(
            job_id,
            lambda job: job.action_accept(date_promised),
            _("Job accepted. Thank you!"),
        )

    @http.route(
        ["/my/jobs/<int:job_id>/decline"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_job_decline(self, job_id, reason=None, **kw):
        return self._dmfg_job_action(
            job_id,
            lambda job: job.action_decline(reason),
            lambda job: _(
                "Job %(job)s declined: it goes to another producer.", job=job.name
            ),
            redirect="/my/jobs",
        )

    @http.route(
        ["/my/jobs/<int:job_id>/start"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_job_start(self, job_id, **kw):
        return self._dmfg_job_action(
            job_id, lambda job: job.action_start(), _("Production started.")
        )

    @http.route(
        ["/my/jobs/<int:job_id>/produced"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_job_produced(self, job_id, qty=None, lot_name=None, **kw):
        return self._dmfg_job_action(
            job_id,
            lambda job: job.action_mark_produced(qty, lot_name=lot_name),
            _("Marked as produced. Ship it when it is packed."),
        )

    @http.route(
        ["/my/jobs/<int:job_id>/ship"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_job_ship(self, job_id, carrier_name=None, tracking_ref=None, **kw):
        return self._dmfg_job_action(
            job_id,
            lambda job: job.action_ship(carrier_name, tracking_ref),
            _("Shipped: the customer's delivery is recorded."),
        )

    @http.route(
        ["/my/jobs/<int:job_id>/quality"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_job_quality(self, job_id, **kw):
        return self._dmfg_job_action(
            job_id,
            lambda job: job.sudo()._dmfg_portal_add_quality_files(
                self._dmfg_quality_uploads()
            ),
            _("Quality files uploaded."),
        )

    def _dmfg_quality_uploads(self):
        """The uploaded quality files as ``(filename, bytes)``; never more than
        the size limit plus one byte of a file is read."""
        limit = self._dmfg_upload_max_mb() * 1024 * 1024
        return [
            (upload.filename, upload.read(limit + 1))
            for upload in request.httprequest.files.getlist("quality_files")
        ]

    # ----------------------------------------------------------- /my/stock

    @http.route(["/my/stock"], type="http", auth="user", website=True)
    def portal_my_stock(self, **kw):
        producer = self._dmfg_producer_or_404()
        requests = producer.activity_ids.filtered(
            lambda a: a.create_uid.partner_id.commercial_partner_id
            == producer.partner_id
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dmfg_stock",
                "producer": producer,
                "quants": producer._dmfg_portal_quants(),
                "products": producer._dmfg_portal_component_products(),
                "component_requests": requests,
                "apply_counts": bool(
                    request.env["ir.config_parameter"]._dmfg_get_param(
                        PARAM_APPLY_COUNTS
                    )
                ),
                "flash": self._dmfg_pop_flash(),
            }
        )
        return request.render("distributed_mfg_portal.portal_my_stock", values)

    @http.route(
        ["/my/stock/count"], type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_stock_count(self, quant_id=None, quantity=None, **kw):
        producer = self._dmfg_producer_or_404()
        quant = producer.env["stock.quant"].browse(self._dmfg_int(quant_id))
        if not producer._dmfg_portal_has_quant(quant):
            raise NotFound()
        return self._dmfg_run(
            "/my/stock",
            lambda: producer._dmfg_portal_report_count(quant, quantity),
            lambda status: _("Count recorded: the stock is updated.")
            if status == "applied"
            else _("Count recorded: the company will check and apply it."),
        )

    @http.route(
        ["/my/stock/request"], type="http", auth="user", methods=["POST"], website=True
    )
    def portal_my_stock_request(self, product_id=None, qty=None, note=None, **kw):
        producer = self._dmfg_producer_or_404()
        product = producer.env["product.product"].browse(self._dmfg_int(product_id))
        return self._dmfg_run(
            "/my/stock",
            lambda: producer._dmfg_portal_request_components(product, qty, note),
            _("Request sent to the planner."),
        )

    # ----------------------------------------------------- /my/performance

    @http.route(["/my/performance"], type="http", auth="user", website=True)
    def portal_my_performance(self, **kw):
        """The producer's own scorecard (never another producer's)."""
        producer = self._dmfg_producer_or_404()
        values = self._prepare_portal_layout_values()
        values.update({"page_name": "dmfg_performance", "producer": producer})
        return request.render("distributed_mfg_portal.portal_my_performance", values)

    # ---------------------------------------------------- /my/availability

    @http.route(["/my/availability"], type="http", auth="user", website=True)
    def portal_my_availability(self, **kw):
        producer = self._dmfg_producer_or_404()
        today = fields.Date.context_today(producer)
        free = {
            days: producer._get_free_capacity(
                today, today + timedelta(days=days - 1)
            ).get(producer.id, 0.0)
            for days in (7, 30)
        }
        week = producer._dmfg_available_hours(today, today + timedelta(days=6))
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "dmfg_availability",
                "producer": producer,
                "blackouts": producer.blackout_ids.filtered(
                    lambda b: b.date_to >= today
                ),
                "free_hours": free,
                "week_hours": week.get(producer.id, []),
                "today": today,
                "flash": self._dmfg_pop_flash(),
            }
        )
        return request.render("distributed_mfg_portal.portal_my_availability", values)

    @http.route(
        ["/my/availability/capacity"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_availability_capacity(self, hours=None, **kw):
        producer = self._dmfg_producer_or_404()
        return self._dmfg_run(
            "/my/availability",
            lambda: producer._dmfg_portal_set_capacity(hours),
            _("Daily production hours saved."),
        )

    @http.route(
        ["/my/availability/blackout"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_availability_blackout(
        self, date_from=None, date_to=None, reason=None, **kw
    ):
        producer = self._dmfg_producer_or_404()
        return self._dmfg_run(
            "/my/availability",
            lambda: producer._dmfg_portal_add_blackout(date_from, date_to, reason),
            _("Blackout days added: no job will be planned on them."),
        )

    @http.route(
        ["/my/availability/blackout/<int:blackout_id>/delete"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_availability_blackout_delete(self, blackout_id, **kw):
        producer = self._dmfg_producer_or_404()
        blackout = producer.env["dmfg.producer.blackout"].browse(blackout_id)
        if not blackout.exists() or blackout.producer_id != producer:
            raise NotFound()
        return self._dmfg_run(
            "/my/availability",
            lambda: producer._dmfg_portal_remove_blackout(blackout),
            _("Blackout days removed."),
        )
