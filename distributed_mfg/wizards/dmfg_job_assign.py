# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.dmfg_job import MAX_REASON_LENGTH


class DmfgJobAssign(models.TransientModel):
    """Assign or move a job by hand, from the ranking computed when the
    dialog opens (non-stored fields: what the planner sees is the ranking of
    now, before anything is saved)."""

    _name = "dmfg.job.assign"
    _description = "Assign a production job to a producer"

    job_id = fields.Many2one("dmfg.job", required=True, ondelete="cascade")
    step = fields.Selection(
        [("choose", "Choose"), ("confirm", "Confirm")],
        default="choose",
        required=True,
    )
    candidates_html = fields.Html(
        string="Candidates", compute="_compute_ranking", sanitize=False
    )
    eligible_producer_ids = fields.Many2many(
        "dmfg.producer", compute="_compute_ranking"
    )
    best_producer_id = fields.Many2one(
        "dmfg.producer", string="Best-ranked", compute="_compute_ranking"
    )
    producer_id = fields.Many2one(
        "dmfg.producer",
        string="Assign to",
        domain="[('id', 'in', eligible_producer_ids)]",
        help="Only producers that pass every hard filter can be chosen.",
    )
    is_override = fields.Boolean(compute="_compute_is_override")
    reason = fields.Text(
        help="Why this producer. Required when it is not the best-ranked one; "
        "logged on the job.",
    )
    cancel_html = fields.Html(
        string="To be cancelled", compute="_compute_cancel_html", sanitize=False
    )

    @api.depends("job_id")
    @api.depends_context("lang")
    def _compute_ranking(self):
        for wizard in self:
            job = wizard.job_id
            if not job:
                wizard.candidates_html = False
                wizard.eligible_producer_ids = False
                wizard.best_producer_id = False
                continue
            # The planner check hands back the job to rank as superuser
            # (ranking reads BoMs, prices and stock a planner may not read).
            planner_job = job._dmfg_check_planner()
            result = planner_job._dmfg_rank_for_job()
            data = result.to_dict()
            # What would make it work first: with nobody ranked, it is what
            # the planner can act on (the same hints as on the job's page).
            html = planner_job._dmfg_render_hints(
                planner_job._dmfg_routing_explanation(data)
            ) + job._dmfg_render_candidates(data)
            skipped = planner_job.declined_producer_ids | planner_job.producer_id
            if skipped:
                html = (
                    Markup("<p class='text-muted'>%s</p>")
                    % self.env._(
                        "Not ranked again: %(producers)s (the job's producer, or "
                        "producers that declined it).",
                        producers=", ".join(skipped.mapped("name")),
                    )
                    + html
                )
            wizard.candidates_html = html
            wizard.eligible_producer_ids = [
                entry.producer_key for entry in result.ranked
            ]
            wizard.best_producer_id = (
                result.chosen.producer_key if result.chosen else False
            )

    @api.depends("producer_id", "best_producer_id")
    def _compute_is_override(self):
        for wizard in self:
            wizard.is_override = bool(
                wizard.producer_id and wizard.producer_id != wizard.best_producer_id
            )

    @api.depends("job_id", "step")
    @api.depends_context("lang")
    def _compute_cancel_html(self):
        for wizard in self:
            wizard.cancel_html = wizard.job_id._dmfg_render_documents_to_cancel()

    def _dmfg_check_choice(self):
        """The chosen producer and the reason, checked: a UserError when
        nobody is chosen, or another than the best-ranked without a reason."""
        self.ensure_one()
        if not self.producer_id:
            raise UserError(
                self.env._(
                    'Choose the producer to assign job %(job)s to in "Assign to": '
                    "nothing was changed.",
                    job=self.job_id.name,
                )
            )
        reason = self.env["dmfg.input"]._dmfg_text(
            self.reason or "",
            self.env._("The reason"),
            max_length=MAX_REASON_LENGTH,
            required=False,
        )
        if self.is_override and not reason:
            raise UserError(
                self.env._(
                    "%(producer)s is not the best-ranked producer (%(best)s): give "
                    "the reason for overriding the routing.",
                    producer=self.producer_id.display_name,
                    best=self.best_producer_id.display_name,
                )
            )
        if self.producer_id not in self.eligible_producer_ids:
            raise UserError(
                self.env._(
                    "%(producer)s cannot take job %(job)s now: it is not among the "
                    "ranked producers (see why in the excluded producers).",
                    producer=self.producer_id.display_name,
                    job=self.job_id.name,
                )
            )
        return reason

    def _dmfg_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign a producer"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_assign(self):
        """Assign the job to the chosen producer; when documents made for
        the previous producer would be cancelled, first show them and ask
        for confirmation."""
        self.ensure_one()
        reason = self._dmfg_check_choice()
        to_cancel = self.job_id._dmfg_documents_to_cancel()[0]
        if self.step != "confirm" and to_cancel:
            self.step = "confirm"
            return self._dmfg_reopen()
        if self.is_override:
            reason = self.env._(
                "Ranking overridden (best-ranked: %(best)s): %(reason)s",
                best=self.best_producer_id.display_name,
                reason=reason,
            )
        else:
            reason = reason or self.env._("Best-ranked producer.")
        self.job_id.action_reassign(self.producer_id.id, reason)
        return {"type": "ir.actions.act_window_close"}

    def action_back(self):
        """Back to the choice, nothing cancelled."""
        self.ensure_one()
        self.step = "choose"
        return self._dmfg_reopen()
