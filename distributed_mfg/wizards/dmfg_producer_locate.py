# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services import geocoding

LOCATE_STATUSES = [
    (geocoding.LOCATED, "Located"),
    (geocoding.TOWN, "Town level"),
    (geocoding.NOT_FOUND, "Not found"),
    (geocoding.FAILED, "Failed"),
]
# Producers geocoded per click: Nominatim allows 1 request per second and an
# address may take 2 requests, so a chunk stays well under a request time-out.
DEFAULT_CHUNK_SIZE = 10


class DmfgProducerLocate(models.TransientModel):
    _name = "dmfg.producer.locate"
    _description = "Locate producers (batch geocoding)"

    def _default_producer_ids(self):
        context = self.env.context
        if context.get("active_model") == "dmfg.producer":
            return [fields.Command.set(context.get("active_ids") or [])]
        return []

    producer_ids = fields.Many2many(
        "dmfg.producer",
        string="Producers",
        default=lambda self: self._default_producer_ids(),
        help="Producers whose partner address will be geocoded.",
    )
    chunk_size = fields.Integer(
        string="Producers per step",
        default=DEFAULT_CHUNK_SIZE,
        help="How many producers each step geocodes (about one to two seconds "
        "each: the geocoding service allows one request per second).",
    )
    state = fields.Selection(
        [("draft", "Ready"), ("running", "In progress"), ("done", "Done")],
        required=True,
        default="draft",
    )
    line_ids = fields.One2many(
        "dmfg.producer.locate.line",
        "wizard_id",
        string="Results",
        readonly=True,
    )
    total_count = fields.Integer(compute="_compute_counts")
    done_count = fields.Integer(compute="_compute_counts")
    progress = fields.Float(
        compute="_compute_counts", help="Share of the producers already processed."
    )
    progress_label = fields.Char(compute="_compute_counts")
    located_count = fields.Integer(string="Located", compute="_compute_counts")
    town_count = fields.Integer(string="Town level", compute="_compute_counts")
    not_found_count = fields.Integer(string="Not found", compute="_compute_counts")
    failed_count = fields.Integer(string="Failed", compute="_compute_counts")
    problem_summary = fields.Text(
        string="To check",
        compute="_compute_counts",
        help="Producers left without coordinates, and why.",
    )

    @api.depends("producer_ids", "line_ids.status", "line_ids.message")
    def _compute_counts(self):
        for wizard in self:
            lines = wizard.line_ids
            total = len(wizard.producer_ids)
            done = len(lines)
            wizard.total_count = total
            wizard.done_count = done
            wizard.progress = 100.0 * done / total if total else 100.0
            wizard.progress_label = f"{done} / {total}"
            by_status = {
                status: lines.filtered(lambda line, s=status: line.status == s)
                for status, _label in LOCATE_STATUSES
            }
            wizard.located_count = len(by_status[geocoding.LOCATED])
            wizard.town_count = len(by_status[geocoding.TOWN])
            wizard.not_found_count = len(by_status[geocoding.NOT_FOUND])
            wizard.failed_count = len(by_status[geocoding.FAILED])
            problems = by_status[geocoding.FAILED] | by_status[geocoding.NOT_FOUND]
            wizard.problem_summary = "\n".join(problems.mapped("message")) or False

    def _get_pending_producers(self):
        """Selected producers not processed yet, in a stable order."""
        self.ensure_one()
        return (self.producer_ids - self.line_ids.producer_id).sorted("id")

    def action_locate_next(self):
        """Geocode the next chunk of producers and reopen the wizard."""
        self.ensure_one()
        if not self.producer_ids:
            raise UserError(self.env._("Select the producers to locate first."))
        chunk_size = self.env["dmfg.input"]._dmfg_number(
            self.chunk_size,
            self.env._("The number of producers per step"),
            minimum=1,
            integer=True,
        )
        self.producer_ids.check_access("write")
        chunk = self._get_pending_producers()[:chunk_size]
        outcomes = chunk.partner_id._dmfg_geo_locate()
        self.env["dmfg.producer.locate.line"].create(
            [
                {
                    "wizard_id": self.id,
                    "producer_id": producer.id,
                    "status": outcomes[producer.partner_id.id][0],
                    "message": outcomes[producer.partner_id.id][1],
                }
                for producer in chunk
            ]
        )
        self.state = "running" if self._get_pending_producers() else "done"
        return self._action_reopen()

    def action_locate_background(self):
        """Locate the selected producers on the job queue (one step at a time
        towards the geocoder, whatever the number of workers) and show the
        run's progress."""
        self.ensure_one()
        run = self.env["dmfg.background.run"]._dmfg_start_locate(self.producer_ids)
        return run._dmfg_action_open()

    def _action_reopen(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Locate producers"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }

    def action_open_producers(self):
        """Show the producers of the batch (e.g. to fix the failed ones)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_producer_action"
        )
        problems = self.line_ids.filtered(
            lambda line: line.status in (geocoding.NOT_FOUND, geocoding.FAILED)
        )
        action["domain"] = [("id", "in", (problems or self.line_ids).producer_id.ids)]
        return action


class DmfgProducerLocateLine(models.TransientModel):
    _name = "dmfg.producer.locate.line"
    _description = "Locate producers: result of one producer"
    _order = "id"

    wizard_id = fields.Many2one(
        "dmfg.producer.locate", required=True, ondelete="cascade", index=True
    )
    producer_id = fields.Many2one("dmfg.producer", required=True, ondelete="cascade")
    status = fields.Selection(LOCATE_STATUSES, required=True)
    message = fields.Char()
