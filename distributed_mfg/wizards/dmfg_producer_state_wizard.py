# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

from ..models.dmfg_producer import PRODUCER_STATES


class DmfgProducerStateWizard(models.TransientModel):
    _name = "dmfg.producer.state.wizard"
    _description = "Change the status of producers"

    producer_ids = fields.Many2many(
        "dmfg.producer",
        string="Producers",
        required=True,
        help="Producers whose status changes.",
    )
    new_state = fields.Selection(
        PRODUCER_STATES,
        string="New status",
        required=True,
        help="Status the producers move to.",
    )
    reason = fields.Text(
        required=True,
        help="Why the status changes; it is logged in each producer's chatter.",
    )

    def action_confirm(self):
        """Apply the status change and log the reason."""
        self.ensure_one()
        self.producer_ids._dmfg_change_state(self.new_state, self.reason)
        return {"type": "ir.actions.act_window_close"}
