# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer lifecycle: status changes (candidate, trial, active, suspended,
closed) and locating producers on the map.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from odoo import models
from odoo.exceptions import UserError

from .dmfg_producer import ALLOWED_TRANSITIONS, MAX_REASON_LENGTH


class DmfgProducerLifecycle(models.Model):
    _inherit = "dmfg.producer"

    def _dmfg_open_state_wizard(self, new_state):
        self._dmfg_check_transition(new_state)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Change producer status"),
            "res_model": "dmfg.producer.state.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_producer_ids": self.ids,
                "default_new_state": new_state,
            },
        }

    def action_start_trial(self):
        """Open the reason dialog to move the producers to trial."""
        return self._dmfg_open_state_wizard("trial")

    def action_activate(self):
        """Open the reason dialog to make the producers active."""
        return self._dmfg_open_state_wizard("active")

    def action_suspend(self):
        """Open the reason dialog to suspend the producers."""
        return self._dmfg_open_state_wizard("suspended")

    def action_close(self):
        """Open the reason dialog to close the producers."""
        return self._dmfg_open_state_wizard("closed")

    def action_reopen(self):
        """Open the reason dialog to bring closed producers back to candidate."""
        return self._dmfg_open_state_wizard("candidate")

    def _dmfg_state_labels(self):
        """``{state: translated label}`` of the producer statuses."""
        return dict(self._fields["state"]._description_selection(self.env))

    def _dmfg_check_transition(self, new_state):
        """Raise a UserError if a producer cannot move to ``new_state``."""
        labels = self._dmfg_state_labels()
        if new_state not in labels:
            raise UserError(
                self.env._("Unknown producer status: %(state)s", state=new_state)
            )
        for producer in self:
            if producer.state == new_state:
                continue
            if new_state not in ALLOWED_TRANSITIONS[producer.state]:
                raise UserError(
                    self.env._(
                        "Producer %(name)s cannot go from %(old)s to %(new)s.",
                        name=producer.display_name,
                        old=labels[producer.state],
                        new=labels[new_state],
                    )
                )

    def _dmfg_change_state(self, new_state, reason):
        """Move the producers to ``new_state`` and log ``reason`` in the chatter."""
        reason = self.env["dmfg.input"]._dmfg_text(
            reason,
            self.env._("The reason"),
            max_length=MAX_REASON_LENGTH,
            missing=self.env._("Give a reason for the status change."),
        )
        labels = self._dmfg_state_labels()
        moving = self.filtered(lambda p: p.state != new_state)
        old_states = {producer.id: producer.state for producer in moving}
        moving.write({"state": new_state})
        for producer in moving:
            producer.message_post(
                body=self.env._(
                    "Status changed from %(old)s to %(new)s. Reason: %(reason)s",
                    old=labels[old_states[producer.id]],
                    new=labels[new_state],
                    reason=reason,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return moving

    def action_locate(self):
        """Geocode the producers' partners and report the outcome.

        Returns a notification action; a failure leaves the producer as it
        was (see ``res.partner._dmfg_geo_locate``).
        """
        self.check_access("write")
        outcomes = self.partner_id._dmfg_geo_locate()
        return self._dmfg_locate_notification(outcomes)

    def _dmfg_locate_notification(self, outcomes):
        """The notification of a locate: its title says what happened to the
        coordinates (``located`` and ``town`` write them, ``not_found`` and
        ``failed`` leave them unchanged); the message has one line per
        partner."""
        statuses = {status for status, _message in outcomes.values()}
        messages = [message for _status, message in outcomes.values() if message]
        changed = statuses & {"located", "town"}
        unchanged = statuses & {"not_found", "failed"}
        if statuses <= {"located"}:
            kind, title = "success", self.env._("Located")
        elif not changed:
            kind = "danger" if "failed" in statuses else "warning"
            title = self.env._("Not located: coordinates unchanged")
        elif unchanged:
            kind, title = "warning", self.env._("Partly located")
        else:
            kind, title = "warning", self.env._("Located at town level")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": "\n".join(messages) or title,
                "type": kind,
                "sticky": kind != "success",
                # Closing reloads the calling form with the new coordinates.
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
