# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

# Bounds of the portal's number settings, checked when saved.
SETTING_BOUNDS = {
    "dmfg_portal_acceptance_hours": {"minimum": 0, "maximum": 8760, "integer": True},
    "dmfg_portal_reminder_hours": {"minimum": 0, "maximum": 8760, "integer": True},
    "dmfg_portal_upload_max_mb": {"minimum": 1, "maximum": 1024, "integer": True},
    "dmfg_portal_min_acceptance_hours": {
        "minimum": 0,
        "maximum": 8760,
        "integer": True,
    },
    "dmfg_portal_max_moves": {"minimum": 0, "maximum": 100, "integer": True},
}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dmfg_portal_apply_counts = fields.Boolean(
        string="Apply producers' counts directly",
        config_parameter="distributed_mfg_portal.apply_counts",
        help="When set, a stock count reported by a producer on the portal "
        "updates the stock at once. Otherwise it waits as an inventory "
        "adjustment proposal (Inventory > Physical Inventory) that the "
        "company applies.",
    )
    dmfg_portal_acceptance_hours = fields.Integer(
        string="Acceptance deadline (hours)",
        config_parameter="distributed_mfg_portal.acceptance_hours",
        default=48,
        help="Hours a producer has to accept or decline a job offered to it. "
        "0 means no deadline (and no reminder).",
    )
    dmfg_portal_reminder_hours = fields.Integer(
        string="Reminder before the deadline (hours)",
        config_parameter="distributed_mfg_portal.reminder_hours",
        default=12,
        help="The producer's users get a reminder email this many hours "
        "before the acceptance deadline of an offer still waiting.",
    )
    dmfg_portal_min_acceptance_hours = fields.Integer(
        string="Shortest answer window (hours)",
        config_parameter="distributed_mfg_portal.min_acceptance_hours",
        default=4,
        help="When the due date is near, a producer gets only half the time "
        "left to answer (so the next one still has time), but never less than "
        "this.",
    )
    dmfg_portal_max_moves = fields.Integer(
        string="Automatic moves per job",
        config_parameter="distributed_mfg_portal.max_moves",
        default=3,
        help="An offer that expires moves on to the next-best producer by "
        "itself; after this many moves the job becomes unassigned and the "
        "planner gets an activity. 0 means no limit.",
    )
    dmfg_portal_move_late_unstarted = fields.Boolean(
        string="Move late jobs not started",
        config_parameter="distributed_mfg_portal.move_late_unstarted",
        help="When a producer's promised date passes and it has not started "
        "the job, the job moves on to the next-best producer like an expired "
        "offer. Otherwise the producer gets a reminder and the planner an "
        "activity.",
    )
    dmfg_portal_upload_max_mb = fields.Integer(
        string="Maximum quality file size (MB)",
        config_parameter="distributed_mfg_portal.upload_max_mb",
        default=10,
        help="Largest photo or PDF a producer may upload to a job.",
    )

    def set_values(self):
        self._dmfg_check_bounds(SETTING_BOUNDS)
        return super().set_values()
