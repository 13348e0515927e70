# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class DmfgWaveWizard(models.TransientModel):
    _name = "dmfg.wave.wizard"
    _description = "Plan and dispatch a wave of jobs"

    waiting_count = fields.Integer(
        string="Jobs waiting for dispatch",
        compute="_compute_waiting_count",
        help="Jobs made in wave dispatch mode that no wave has assigned yet.",
    )
    state = fields.Selection(
        [("draft", "Ready"), ("planned", "Planned"), ("done", "Dispatched")],
        required=True,
        default="draft",
    )
    job_ids = fields.Many2many(
        "dmfg.job",
        string="Jobs in the plan",
        readonly=True,
        help="The waiting jobs the plan covers; Apply dispatches these.",
    )
    plan_html = fields.Html(
        string="Plan",
        readonly=True,
        sanitize=False,
        help="Each job's producer, distance and score, the jobs no producer "
        "can take, and the totals beside one-by-one routing.",
    )

    @api.depends("state")
    def _compute_waiting_count(self):
        count = self.env["dmfg.job"].search_count([("state", "=", "waiting")])
        for wizard in self:
            wizard.waiting_count = count

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Dispatch wave"),
        }

    def action_plan(self):
        """Plan the wave (nothing written) and show it."""
        self.ensure_one()
        jobs = self.env["dmfg.job"].search([("state", "=", "waiting")], order="id")
        if not jobs:
            raise UserError(self.env._("No job is waiting for dispatch."))
        answer = self.env["dmfg.job"].plan_wave(jobs.ids)
        self.write(
            {
                "state": "planned",
                "job_ids": [fields.Command.set(jobs.ids)],
                "plan_html": self._render(answer),
            }
        )
        return self._reopen()

    def _jobs_to_dispatch(self):
        """The plan's jobs still waiting, or every waiting job when unplanned."""
        jobs = self.job_ids.filtered(lambda j: j.state == "waiting")
        if not jobs:
            jobs = self.env["dmfg.job"].search([("state", "=", "waiting")], order="id")
        if not jobs:
            raise UserError(self.env._("No job is waiting for dispatch."))
        return jobs

    def action_dispatch(self):
        """Apply the plan (or plan and apply at once, for Dispatch now)."""
        self.ensure_one()
        jobs = self._jobs_to_dispatch()
        answer = self.env["dmfg.job"].dispatch_wave(jobs.ids)
        self.write({"state": "done", "plan_html": self._render(answer)})
        return self._reopen()

    def action_dispatch_background(self):
        """Dispatch the waiting jobs (those of the plan, if planned) on the job
        queue, and show the run's progress."""
        self.ensure_one()
        jobs = self._jobs_to_dispatch()
        run_id = self.env["dmfg.job"].dispatch_wave_in_background(jobs.ids)
        return self.env["dmfg.background.run"].browse(run_id)._dmfg_action_open()

    def action_open_jobs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_job_action"
        )
        action["domain"] = [("id", "in", self.job_ids.ids)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------ rendering

    def _render(self, answer):
        _ = self.env._
        num = self.env["dmfg.message"]._dmfg_num
        totals, greedy = answer["totals"], answer["greedy_totals"]
        rows = [
            (_("Jobs assigned"), totals["assigned"], greedy["assigned"]),
            (
                _("Jobs no producer can take"),
                totals["unassigned"],
                greedy["unassigned"],
            ),
            (
                _("Total distance (km)"),
                num(totals["distance_km"]),
                num(greedy["distance_km"]),
            ),
            (
                # When capacity is short the wave places more jobs than one
                # by one, some farther: the distance per job compares alike.
                _("Distance per assigned job (km)"),
                num(totals["distance_km"] / max(totals["assigned"], 1), 1),
                num(greedy["distance_km"] / max(greedy["assigned"], 1), 1),
            ),
            (
                _("Total score (lower is better)"),
                num(totals["score"], 3),
                num(greedy["score"], 3),
            ),
            (_("Late jobs"), totals["late_jobs"], greedy["late_jobs"]),
        ]
        html = Markup(
            '<table class="table table-sm o_dmfg_wave_totals"><thead><tr>'
            "<th></th><th>%s</th><th>%s</th></tr></thead><tbody>"
        ) % (_("This wave"), _("One by one"))
        for label, ours, theirs in rows:
            html += Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>") % (
                label,
                ours,
                theirs,
            )
        html += Markup("</tbody></table>")
        if answer["assignments"]:
            html += Markup(
                '<table class="table table-sm o_dmfg_wave_assignments"><thead><tr>'
                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>"
            ) % (_("Job"), _("Producer"), _("Distance (km)"), _("Score"))
            for entry in answer["assignments"]:
                html += Markup(
                    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>"
                ) % (
                    entry["job_name"],
                    entry["producer_name"],
                    num(entry["distance_km"]),
                    num(entry["score"], 3),
                )
            html += Markup("</tbody></table>")
        if answer["unassigned"]:
            html += Markup(
                "<p><strong>%s</strong></p><ul class='o_dmfg_wave_left'>"
            ) % _("No producer can take:")
            for entry in answer["unassigned"]:
                reasons = "; ".join(
                    _(
                        "%(label)s (%(count)s producers)",
                        label=r["label"],
                        count=r["producers"],
                    )
                    for r in entry["reasons"]
                ) or _("no producer in reach")
                html += Markup("<li>%s: %s</li>") % (entry["job_name"], reasons)
            html += Markup("</ul>")
        return html
