# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class DmfgJobAssign(models.TransientModel):
    _name = "dmfg.job.assign"
    _description = "Assign a production job to a producer"

    job_id = fields.Many2one("dmfg.job", required=True, ondelete="cascade")
    line_ids = fields.One2many(
        "dmfg.job.assign.line", "wizard_id", string="Candidates", readonly=True
    )
    producer_id = fields.Many2one(
        "dmfg.producer",
        string="Assign to",
        domain="[('id', 'in', eligible_producer_ids)]",
        help="Only producers that pass every hard filter can be chosen.",
    )
    eligible_producer_ids = fields.Many2many(
        "dmfg.producer", compute="_compute_eligible_producer_ids"
    )
    best_producer_id = fields.Many2one("dmfg.producer", readonly=True)
    reason = fields.Text(
        help="Why this producer. Required when it is not the best-ranked one; "
        "logged on the job.",
    )

    @api.depends("line_ids")
    def _compute_eligible_producer_ids(self):
        for wizard in self:
            wizard.eligible_producer_ids = wizard.line_ids.filtered(
                lambda line: not line.excluded
            ).producer_id

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard._dmfg_fill_candidates()
        return wizards

    def _dmfg_fill_candidates(self):
        self.ensure_one()
        # The planner check hands back the job to rank as superuser (ranking
        # reads BoMs, prices and stock a planner may not have the rights to).
        result = self.job_id._dmfg_check_planner()._dmfg_rank_for_job()
        messages = self.env["dmfg.message"]
        lines = [
            {
                "wizard_id": self.id,
                "rank": entry.rank,
                "producer_id": entry.producer_key,
                "score": entry.total_score,
                "distance_km": entry.distance_km,
                "date_ready": entry.ready_date,
                "breakdown": messages._dmfg_scored_text(entry.to_dict()),
            }
            for entry in result.ranked
        ]
        lines += [
            {
                "wizard_id": self.id,
                "rank": 0,
                "producer_id": entry.producer_key,
                "excluded": True,
                "distance_km": entry.distance_km or 0.0,
                "breakdown": messages._dmfg_excluded_text(entry.to_dict()),
            }
            for entry in result.excluded
        ]
        self.env["dmfg.job.assign.line"].create(lines)
        best = result.chosen.producer_key if result.chosen else False
        self.write({"best_producer_id": best, "producer_id": best})

    def action_assign(self):
        self.ensure_one()
        if not self.producer_id:
            raise UserError(self.env._("Choose the producer to assign the job to."))
        reason = (self.reason or "").strip()
        if self.producer_id != self.best_producer_id and not reason:
            raise UserError(
                self.env._(
                    "%(producer)s is not the best-ranked producer: give the reason "
                    "for overriding the routing.",
                    producer=self.producer_id.display_name,
                )
            )
        self.job_id.action_reassign(
            self.producer_id.id, reason or self.env._("Best-ranked producer.")
        )
        return {"type": "ir.actions.act_window_close"}


class DmfgJobAssignLine(models.TransientModel):
    _name = "dmfg.job.assign.line"
    _description = "Ranked producer for a production job"
    _order = "excluded, rank, distance_km, id"

    wizard_id = fields.Many2one("dmfg.job.assign", required=True, ondelete="cascade")
    rank = fields.Integer()
    producer_id = fields.Many2one("dmfg.producer", required=True)
    excluded = fields.Boolean()
    score = fields.Float(digits=(16, 4))
    distance_km = fields.Float(string="Distance (km)", digits=(16, 1))
    date_ready = fields.Date(string="Ready")
    breakdown = fields.Char(string="Breakdown / reason")
