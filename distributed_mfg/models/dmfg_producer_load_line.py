# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A producer's load over the coming weeks, for the graph and pivot views.

The lines are computed when the planner opens them (the producer's "Weekly
load" button): per week, the hours booked by open jobs and the hours still
free, which add up to the week's capacity.
"""

from odoo import fields, models

LOAD_KINDS = [("booked", "Booked"), ("free", "Free")]


class DmfgProducerLoadLine(models.TransientModel):
    _name = "dmfg.producer.load.line"
    _description = "Producer load per week"
    _order = "week_start, kind"

    producer_id = fields.Many2one(
        "dmfg.producer", required=True, readonly=True, ondelete="cascade"
    )
    week_start = fields.Date(
        string="Week", required=True, readonly=True, help="Monday of the week."
    )
    kind = fields.Selection(LOAD_KINDS, required=True, readonly=True)
    hours = fields.Float(
        readonly=True,
        help="Booked: hours of the open jobs due this week (overdue jobs count "
        "in the first week). Free: the rest of the week's capacity.",
    )
    capacity_hours = fields.Float(
        string="Capacity (hours)",
        readonly=True,
        aggregator="max",
        help="Hours the producer's working calendar offers this week.",
    )
    load_percent = fields.Float(
        string="Load (%)",
        readonly=True,
        aggregator="max",
        help="Share of the week's capacity booked by open jobs.",
    )
