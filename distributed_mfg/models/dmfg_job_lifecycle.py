# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Job lifecycle: the producer's answers and progress (accept, start, produced,
shipped, declined), cancelling, and releasing a producer.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from datetime import date as date_type
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .dmfg_job import (
    DEFAULT_PROMISED_MAX_DAYS,
    JOB_STATES,
    MAX_REASON_LENGTH,
    MAX_REFERENCE_LENGTH,
    MOVABLE_STATES,
    PARAM_PROMISED_MAX_DAYS,
)


class DmfgJobLifecycle(models.Model):
    _inherit = "dmfg.job"

    def action_accept(self, date_promised):
        """The producer accepts the offered job and promises a ready date.

        ``date_promised``: ``YYYY-MM-DD``, from today to the job's due date
        plus the days the Settings allow (60 by default).
        """
        jobs = self._dmfg_check_actor()
        promised = self.env["dmfg.input"]._dmfg_date(
            date_promised,
            self.env._("The promised date"),
            minimum=fields.Date.context_today(self),
            missing=self.env._("Give the promised ready date."),
        )
        for job in jobs:
            job._dmfg_check_state("offered", self.env._("accepted"))
            job._dmfg_check_promised_date(promised)
            if job.supply_state == "waiting" or not job.purchase_order_id:
                raise UserError(
                    self.env._(
                        "Job %(job)s is waiting for components: it can be "
                        "accepted once they are on their way to you.",
                        job=job.name,
                    )
                )
            job.write(
                {
                    "state": "accepted",
                    "date_promised": promised,
                    "date_answered": fields.Datetime.now(),
                }
            )
            job._dmfg_log(self.env._("Accepted, promised for %(date)s.", date=promised))
        return True

    def action_start(self):
        """The producer starts making the accepted job."""
        jobs = self._dmfg_check_actor()
        for job in jobs:
            job._dmfg_check_state("accepted", self.env._("started"))
            job.write({"state": "in_progress"})
            job._dmfg_log(self.env._("Production started."))
        return True

    def action_mark_produced(self, qty, lot_name=False):
        """The producer made ``qty`` units (with a lot/serial when tracked).

        ``qty``: more than 0, at most the job's quantity and at least the
        rounding of its unit.
        """
        jobs = self._dmfg_check_actor()
        inputs = self.env["dmfg.input"]
        lot_name = inputs._dmfg_text(
            lot_name,
            self.env._("The lot or serial number"),
            max_length=MAX_REFERENCE_LENGTH,
            required=False,
        )
        for job in jobs:
            job._dmfg_check_state("in_progress", self.env._("marked produced"))
            produced = inputs._dmfg_number(
                qty,
                self.env._("The produced quantity"),
                strict=True,
                maximum=job.product_qty,
                rounding=job.product_uom_id.rounding,
            )
            if job.product_id.tracking != "none" and not lot_name:
                raise UserError(
                    self.env._(
                        "%(product)s is tracked: give the lot or serial number.",
                        product=job.product_id.display_name,
                    )
                )
            job.write(
                {"state": "produced", "qty_produced": produced, "lot_name": lot_name}
            )
            job._dmfg_log(
                self.env._(
                    "Produced %(qty)s %(uom)s.",
                    qty=produced,
                    uom=job.product_uom_id.name,
                )
            )
        return True

    def action_ship(self, carrier_name, tracking_ref):
        """The producer ships to the customer: validates the dropship transfer."""
        jobs = self._dmfg_check_actor()
        inputs = self.env["dmfg.input"]
        carrier_name, tracking_ref = (
            inputs._dmfg_text(
                value, label, max_length=MAX_REFERENCE_LENGTH, required=False
            )
            for value, label in (
                (carrier_name, self.env._("The carrier")),
                (tracking_ref, self.env._("The tracking reference")),
            )
        )
        if not carrier_name or not tracking_ref:
            raise UserError(
                self.env._("Give the carrier and the tracking reference to ship.")
            )
        for job in jobs:
            job._dmfg_check_state("produced", self.env._("shipped"))
            job._dmfg_set_delivery_tracking(carrier_name, tracking_ref)
            job._dmfg_validate_dropship()
            job.write(
                {
                    "state": "done",
                    "date_shipped": fields.Date.context_today(job),
                    "carrier_name": carrier_name,
                    "tracking_ref": tracking_ref,
                }
            )
            job._dmfg_log(
                self.env._(
                    "Shipped with %(carrier)s, tracking %(ref)s.",
                    carrier=carrier_name,
                    ref=tracking_ref,
                )
            )
        return True

    def action_decline(self, reason):
        """The producer declines: the job moves to the next-best producer.

        ``reason`` is required. Returns True.
        """
        jobs = self._dmfg_check_actor()
        reason = self.env["dmfg.input"]._dmfg_text(
            reason,
            self.env._("The reason"),
            max_length=MAX_REASON_LENGTH,
            missing=self.env._("Give a reason to decline the job."),
        )
        for job in jobs:
            if job.state != "offered":
                raise UserError(
                    self.env._(
                        "Job %(job)s can only be declined while it is offered.",
                        job=job.name,
                    )
                )
            producer = job.producer_id
            job.declined_producer_ids = [fields.Command.link(producer.id)]
            job._dmfg_route_and_assign(
                reason=self.env._(
                    "%(producer)s declined: %(reason)s",
                    producer=producer.display_name,
                    reason=reason,
                )
            )
        return True

    def action_record_quality_issue(self):
        """Open a new quality issue on this delivered job (planners)."""
        self.ensure_one()
        self.env["dmfg.quality.issue"].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record quality issue"),
            "res_model": "dmfg.quality.issue",
            "view_mode": "form",
            "target": "new",
            "context": {"default_job_id": self.id},
        }

    def _dmfg_check_state(self, expected, verb):
        self.ensure_one()
        if self.state != expected:
            raise UserError(
                self.env._(
                    "Job %(job)s is %(state)s: it cannot be %(verb)s now.",
                    job=self.name,
                    state=dict(JOB_STATES)[self.state],
                    verb=verb,
                )
            )

    def _dmfg_check_promised_date(self, promised):
        """Refuse a promised date later than the due date plus the days the
        Settings allow (from today when the job has no due date)."""
        self.ensure_one()
        days = self._dmfg_promised_max_days()
        due = self.date_due or fields.Date.context_today(self)
        latest = min(due, date_type.max - timedelta(days=days)) + timedelta(days=days)
        if promised > latest:
            raise UserError(
                self.env._(
                    "The promised date %(date)s is too late for job %(job)s: "
                    "promise it at most %(days)s days after its due date "
                    "%(due)s, by %(latest)s.",
                    date=promised,
                    job=self.name,
                    days=days,
                    due=due,
                    latest=latest,
                )
            )

    @api.model
    def _dmfg_promised_max_days(self):
        return self.env["dmfg.input"]._dmfg_param_number(
            PARAM_PROMISED_MAX_DAYS,
            DEFAULT_PROMISED_MAX_DAYS,
            self.env._("The setting %(key)s", key=PARAM_PROMISED_MAX_DAYS),
            integer=True,
            minimum=0,
            maximum=3650,
        )

    def _dmfg_get_lot(self):
        """The lot named by the producer for a tracked product, made if new."""
        self.ensure_one()
        if self.product_id.tracking == "none" or not self.lot_name:
            return self.env["stock.lot"]
        lot_model = self.env["stock.lot"]
        values = {
            "name": self.lot_name,
            "product_id": self.product_id.id,
            "company_id": self.company_id.id,
        }
        lot = lot_model.search(
            [(key, "=", value) for key, value in values.items()], limit=1
        )
        return lot or lot_model.create(values)

    def _dmfg_validate_dropship(self):
        """Validate the job's dropship transfer for the produced quantity."""
        self.ensure_one()
        picking = self.picking_ids.filtered(
            lambda p: p.state not in ("done", "cancel")
        )[:1]
        if not picking:
            raise UserError(
                self.env._("Job %(job)s has no transfer to ship.", job=self.name)
            )
        move = picking.move_ids[:1]
        lot = self._dmfg_get_lot()
        if lot:
            # Subcontracting checks that the MO and the shipped goods carry
            # the same lot: give both the producer's one.
            production = self.production_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )[:1]
            production.lot_producing_id = lot
        move.quantity = self.qty_produced
        move.picked = True
        if lot:
            move.move_line_ids.lot_id = lot
        picking.with_context(
            skip_backorder=True, cancel_backorder=False
        ).button_validate()
        if picking.state != "done":
            raise UserError(
                self.env._(
                    "The transfer %(picking)s could not be validated.",
                    picking=picking.name,
                )
            )

    def _dmfg_check_movable(self):
        self.ensure_one()
        if self.state not in MOVABLE_STATES:
            raise UserError(
                self.env._(
                    "Job %(job)s is %(state)s: it can no longer move to another "
                    "producer.",
                    job=self.name,
                    state=dict(JOB_STATES)[self.state],
                )
            )

    def _dmfg_release_producer(self, previous):
        """The job leaves ``previous``: its people learn nothing more of it.

        Its partners stop following the job; the conversation so far becomes
        internal (the back office keeps it, the next producer does not see it)
        and its promised date goes (kept in the tracking history).
        """
        self.ensure_one()
        partner = previous.partner_id.commercial_partner_id
        followers = self.message_partner_ids.filtered(
            lambda p: p.commercial_partner_id == partner
        )
        if followers:
            self.message_unsubscribe(partner_ids=followers.ids)
        self.message_ids.filtered(lambda m: not m.is_internal).write(
            {"is_internal": True}
        )
        self.write({"date_promised": False})

    def _dmfg_cancel(self, reason):
        for job in self.filtered(lambda j: j.state not in ("done", "cancel")):
            job._dmfg_cancel_documents()
            job.write({"state": "cancel"})
            job.message_post(body=reason, subtype_xmlid="mail.mt_note")
            job.activity_unlink(["mail.mail_activity_data_todo"])
