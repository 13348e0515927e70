# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the planner's views of jobs need: the late marker and the
producer's region to group by (kanban, calendar, pivot, graph)."""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models
from odoo.exceptions import UserError

from .dmfg_job import PLANNER_GROUP

# Jobs no longer waiting for anything: never late.
FINISHED_STATES = ("done", "cancel")


class DmfgJobPlanning(models.Model):
    _inherit = "dmfg.job"

    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        search="_search_is_late",
        groups=PLANNER_GROUP,
        help="The due date has passed and the job is not delivered.",
    )
    producer_state_id = fields.Many2one(
        related="producer_id.state_id",
        string="Producer's region",
        store=True,
        groups=PLANNER_GROUP,
    )
    producer_country_id = fields.Many2one(
        related="producer_id.country_id",
        string="Producer's country",
        store=True,
        groups=PLANNER_GROUP,
    )

    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for job in self:
            job.is_late = bool(
                job.date_due
                and job.date_due < today
                and job.state not in FINISHED_STATES
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search late jobs with = True or = False only."))
        today = fields.Date.context_today(self)
        if (operator == "=") == value:
            return [("date_due", "<", today), ("state", "not in", FINISHED_STATES)]
        return [
            "|",
            "|",
            ("date_due", "=", False),
            ("date_due", ">=", today),
            ("state", "in", FINISHED_STATES),
        ]
