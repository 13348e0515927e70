# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import dataclasses
from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime

from odoo.addons.distributed_mfg.models.dmfg_job import MAX_DUE_DAYS

PARAM_APPLY_COUNTS = "distributed_mfg_portal.apply_counts"
# Job states whose components a producer may ask for.
COMPONENT_JOB_STATES = ("offered", "accepted", "in_progress")
# Longest texts a producer types: a note to a component request, the reason
# of blackout days.
MAX_NOTE_LENGTH = 2000
MAX_BLACKOUT_REASON_LENGTH = 200


class DmfgProducer(models.Model):
    _inherit = "dmfg.producer"

    portal_user_count = fields.Integer(
        string="Portal users",
        compute="_compute_portal_user_count",
        help="Contacts of the producer who can log in to the producer portal.",
    )

    def _compute_portal_user_count(self):
        users = self._dmfg_portal_users_by_producer()
        for producer in self:
            producer.portal_user_count = len(users[producer.id])

    # ------------------------------------------------------------- actions

    def action_grant_portal_access(self):
        """Open Odoo's portal access wizard on the producer's contacts."""
        self.ensure_one()
        if not self.env.user.has_group("distributed_mfg.group_dmfg_manager"):
            raise AccessError(
                self.env._("Only Distributed Manufacturing managers grant access.")
            )
        contacts = (
            self.partner_id.child_ids.filtered(
                lambda p: p.type in ("contact", "other") and not p.is_company
            )
            or self.partner_id
        )
        wizard = self.env["portal.wizard"].create(
            {"partner_ids": [Command.set(contacts.ids)]}
        )
        return wizard._action_open_modal()

    def _dmfg_change_state(self, new_state, reason):
        """Tell the producers' portal users of their new status and why."""
        moving = super()._dmfg_change_state(new_state, reason)
        template = self.env.ref(
            "distributed_mfg_portal.mail_template_producer_status",
            raise_if_not_found=False,
        )
        if not template or not moving:
            return moving
        users = moving._dmfg_portal_users_by_producer()
        for producer in moving:
            partners = users.get(producer.id, self.env["res.users"]).partner_id
            partners = partners.filtered("email")
            if partners:
                template.with_context(dmfg_reason=reason).send_mail(
                    producer.id,
                    email_values={"recipient_ids": [Command.set(partners.ids)]},
                    email_layout_xmlid="mail.mail_notification_light",
                )
        return moving

    # ------------------------------------------------ portal users, planner

    def _dmfg_portal_users(self):
        """Active portal users whose company is one of these producers.

        Returned as superuser, to count and notify them: the network's users
        need not read the accounts of other companies' portal users.
        """
        if not self:
            return self.env["res.users"]
        return (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", True),
                    ("partner_id.commercial_partner_id", "in", self.partner_id.ids),
                ]
            )
        )

    def _dmfg_portal_users_by_producer(self):
        """``{producer id: its active portal users}``, with one search."""
        users = self._dmfg_portal_users()
        by_partner = defaultdict(lambda: self.env["res.users"])
        for user in users:
            by_partner[user.partner_id.commercial_partner_id] |= user
        return {producer.id: by_partner[producer.partner_id] for producer in self}

    def _dmfg_portal_planner(self):
        """Who handles the producer's requests: its salesperson if a manager,
        else the first manager of the network. Call it on the producer read
        as superuser (see :meth:`_dmfg_portal_as_superuser`)."""
        self.ensure_one()
        group = self.env.ref("distributed_mfg.group_dmfg_manager")
        salesperson = self.partner_id.user_id
        if salesperson and group in salesperson.groups_id:
            return salesperson
        managers = group.users.filtered(lambda u: not u.share and u.active)
        return (managers - self.env.ref("base.user_root"))[:1] or self.env.ref(
            "base.user_admin"
        )

    def _dmfg_portal_as_superuser(self):
        """The producer as superuser, for the ``_dmfg_portal_*`` methods.

        They read and write the producer's stock, activities, settings and
        blackout days, on which its portal users have no rights. Checked
        first: the user is one of the producer's people (their partner's
        company is the producer's partner), or the superuser. Whatever they
        read or write next is then restricted to this producer.
        """
        self.ensure_one()
        user = self.env.user
        if not (
            user._is_superuser()
            or self.partner_id == user.partner_id.commercial_partner_id
        ):
            raise AccessError(self.env._("You can only act for your own producer."))
        # sudo: right after the check above (the user's own producer).
        return self.sudo()

    # ----------------------------------------------------------- time zone

    def _dmfg_portal_tz(self):
        """The producer's time zone: its working calendar's, else its
        partner's, else UTC. Portal pages and emails show its times in it."""
        self.ensure_one()
        return self.resource_calendar_id.tz or self.partner_id.tz or "UTC"

    def _dmfg_portal_format_datetime(self, value):
        """``value`` (UTC) as the producer reads it: in its time zone, in
        the short format of the current language, like the emails'
        ``format_datetime(..., dt_format='short')``."""
        self.ensure_one()
        if not value:
            return ""
        return format_datetime(
            self.env, value, tz=self._dmfg_portal_tz(), dt_format="short"
        )

    # --------------------------------------------------------------- stock

    def _dmfg_portal_has_quant(self, quant):
        """Whether ``quant`` exists at the producer's managed location."""
        producer = self._dmfg_portal_as_superuser()
        quant = quant.with_env(producer.env).exists()
        # The domain of _dmfg_portal_quants(), on this one quant only.
        return bool(
            quant
            and producer.location_id
            and quant.filtered_domain(producer._dmfg_portal_quant_domain())
        )

    def _dmfg_portal_finished_products(self):
        """Products the producer makes (sudo): those of its jobs and of the
        subcontracting bills of materials naming it. They are not
        components: the stock page and the component requests leave them
        out (a made product waiting at the producer to be shipped, say)."""
        producer = self._dmfg_portal_as_superuser()
        jobs = producer.env["dmfg.job"].search([("producer_id", "=", producer.id)])
        boms = producer.env["mrp.bom"].search(
            [
                ("type", "=", "subcontract"),
                ("subcontractor_ids", "in", producer.partner_id.ids),
            ]
        )
        templates = boms.filtered(lambda bom: not bom.product_id).product_tmpl_id
        return jobs.product_id | boms.product_id | templates.product_variant_ids

    def _dmfg_portal_quant_domain(self):
        producer = self._dmfg_portal_as_superuser()
        return [
            ("location_id", "child_of", producer.location_id.id),
            ("product_id", "not in", producer._dmfg_portal_finished_products().ids),
        ]

    def _dmfg_portal_quants(self):
        """Quants of components at the producer's managed location (sudo,
        read-only use); finished products waiting there are not listed."""
        producer = self._dmfg_portal_as_superuser()
        quants = producer.env["stock.quant"]
        if not producer.location_id:
            return quants
        return quants.search(
            producer._dmfg_portal_quant_domain(), order="product_id, lot_id, id"
        )

    def _dmfg_portal_report_count(self, quant, counted):
        """The producer counted ``counted`` units of ``quant``.

        The count becomes an inventory adjustment proposal on the quant (the
        company applies it from Inventory > Physical Inventory), or is applied
        at once when the Settings allow it. Returns ``"applied"`` or
        ``"proposed"``.
        """
        producer = self._dmfg_portal_as_superuser()
        # Written as superuser, once checked to be at the producer's location.
        quant = quant.with_env(producer.env)
        if not producer._dmfg_portal_has_quant(quant):
            raise UserError(self.env._("This stock line is not at your location."))
        counted = self.env["dmfg.input"]._dmfg_number(
            counted,
            self.env._("The counted quantity"),
            minimum=0,
            rounding=quant.product_uom_id.rounding,
        )
        old = quant.quantity
        quant.write({"inventory_quantity": counted})
        status = "proposed"
        if self.env["ir.config_parameter"]._dmfg_get_param(PARAM_APPLY_COUNTS):
            # A wizard back means Odoo wants a person to decide (conflict,
            # tracked product without lot): the count stays a proposal.
            if not quant.with_context(inventory_mode=True).action_apply_inventory():
                status = "applied"
        # No f-string inside _(): the translation extractor cannot read those.
        lot = f" ({quant.lot_id.name})" if quant.lot_id else ""
        producer.message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Count reported for %(product)s%(lot)s: %(counted)s %(uom)s "
                "(system: %(old)s). %(status)s",
                product=quant.product_id.display_name,
                lot=lot,
                counted=counted,
                uom=quant.product_uom_id.name,
                old=old,
                status=self.env._("Applied.")
                if status == "applied"
                else self.env._("To apply in Inventory > Physical Inventory."),
            ),
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        return status

    def _dmfg_portal_component_products(self):
        """Products the producer may ask for: components of its open jobs'
        bills of materials and components it already holds, never a
        finished product (see ``_dmfg_portal_finished_products``)."""
        producer = self._dmfg_portal_as_superuser()
        jobs = producer.env["dmfg.job"].search(
            [
                ("producer_id", "=", producer.id),
                ("state", "in", COMPONENT_JOB_STATES),
            ]
        )
        products = jobs.design_id.bom_id.bom_line_ids.product_id
        products |= jobs.production_ids.move_raw_ids.product_id
        products |= producer._dmfg_portal_quants().product_id
        products -= producer._dmfg_portal_finished_products()
        return products.sorted("display_name")

    def _dmfg_portal_request_components(self, product, qty, note=""):
        """Ask the planner for ``qty`` of ``product`` at this producer.

        Creates a to-do activity on the producer for the planner (visible in
        their activities and on the producer) and logs the request.
        """
        producer = self._dmfg_portal_as_superuser()
        product = product.with_env(producer.env)
        if (
            not product.exists()
            or product not in producer._dmfg_portal_component_products()
        ):
            raise UserError(
                self.env._("Choose one of the components of your jobs or your stock.")
            )
        inputs = self.env["dmfg.input"]
        qty = inputs._dmfg_number(
            qty,
            self.env._("The quantity"),
            strict=True,
            rounding=product.uom_id.rounding,
        )
        note = inputs._dmfg_text(
            note,
            self.env._("The note"),
            max_length=MAX_NOTE_LENGTH,
            required=False,
        )
        summary = self.env._(
            "Components requested: %(qty)s %(uom)s %(product)s",
            qty=qty,
            uom=product.uom_id.name,
            product=product.display_name,
        )
        activity = producer.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=summary[:200],
            note=Markup("<p>%s</p><p>%s</p>")
            % (
                self.env._(
                    "%(user)s asks for %(qty)s %(uom)s of %(product)s at %(producer)s.",
                    user=self.env.user.name,
                    qty=qty,
                    uom=product.uom_id.name,
                    product=product.display_name,
                    producer=producer.name,
                ),
                note,
            ),
            user_id=producer._dmfg_portal_planner().id,
        )
        producer.message_post(
            body=Markup("<p>%s</p>") % summary
            + (Markup("<p>%s</p>") % note if note else Markup()),
            subtype_xmlid="mail.mt_note",
            author_id=self.env.user.partner_id.id,
        )
        return activity

    # -------------------------------------------------------- availability

    def _dmfg_portal_set_capacity(self, hours):
        """Set the daily production hours (0 to 24)."""
        self.ensure_one()
        hours = self.env["dmfg.input"]._dmfg_number(
            hours, self.env._("Production hours per day"), minimum=0, maximum=24
        )
        self._dmfg_portal_as_superuser().capacity_hours_per_day = hours
        return hours

    def _dmfg_portal_add_blackout(self, date_from, date_to, reason=""):
        """Add a blackout period; it must not start in the past, nor end
        beyond the days routing plans for (``MAX_DUE_DAYS`` from today)."""
        self.ensure_one()
        inputs = self.env["dmfg.input"]
        today = fields.Date.context_today(self)
        latest = today + timedelta(days=MAX_DUE_DAYS)
        start = inputs._dmfg_date(
            date_from,
            self.env._("The first day"),
            minimum=today,
            maximum=latest,
            missing=self.env._("Give the first day."),
        )
        end = inputs._dmfg_date(
            date_to or date_from,
            self.env._("The last day"),
            maximum=latest,
            missing=self.env._("Give the last day."),
        )
        if end < start:
            raise UserError(
                self.env._(
                    "The last day %(end)s is before the first day %(start)s.",
                    end=end,
                    start=start,
                )
            )
        reason = inputs._dmfg_text(
            reason,
            self.env._("The reason"),
            max_length=MAX_BLACKOUT_REASON_LENGTH,
            required=False,
        )
        producer = self._dmfg_portal_as_superuser()
        return producer.env["dmfg.producer.blackout"].create(
            {
                "producer_id": producer.id,
                "date_from": start,
                "date_to": end,
                "name": reason or False,
            }
        )

    def _dmfg_portal_remove_blackout(self, blackout):
        """Remove one of the producer's blackout periods not yet over."""
        producer = self._dmfg_portal_as_superuser()
        blackout = blackout.with_env(producer.env).exists()
        if not blackout or blackout.producer_id != producer:
            raise UserError(self.env._("This blackout period is not yours."))
        if blackout.date_to < fields.Date.context_today(self):
            raise UserError(self.env._("A past blackout period cannot be removed."))
        blackout.unlink()

    # ------------------------------------------------------- scorecard hook

    @api.model
    def _dmfg_to_job_record(self, job, issues):
        """An offer still unanswered after its acceptance deadline counts as
        expired in the producer's scorecard."""
        record = super()._dmfg_to_job_record(job, issues)
        deadline = job.date_accept_deadline
        if (
            record.outcome == "pending"
            and job.state == "offered"
            and deadline
            and deadline < fields.Datetime.now()
        ):
            return dataclasses.replace(record, outcome="expired")
        return record
