# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models

LEFTOVER_STATES = [
    ("kept", "Kept at the producer"),
    ("returned", "Returned to the warehouse"),
    ("forwarded", "Forwarded to the new producer"),
]


class DmfgJobLeftover(models.Model):
    _name = "dmfg.job.leftover"
    _description = "Components left at a previous producer of a job"
    _order = "job_id, id"
    _check_company_auto = True

    job_id = fields.Many2one(
        "dmfg.job",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="job_id.company_id", store=True)
    producer_id = fields.Many2one(
        "dmfg.producer",
        string="Left at",
        check_company=True,
        required=True,
        readonly=True,
        help="The producer the job left after these components were delivered.",
    )
    location_id = fields.Many2one(
        "stock.location",
        string="Location",
        check_company=True,
        required=True,
        readonly=True,
        help="The producer's managed location where the components are.",
    )
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, check_company=True
    )
    product_uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    quantity = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity delivered for the job, in the product's unit.",
    )
    state = fields.Selection(
        LEFTOVER_STATES,
        string="Status",
        required=True,
        default="kept",
        readonly=True,
        help="Kept: free stock of the producer, available for its next jobs. "
        "Returned or forwarded: moved by the transfer shown.",
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Transfer",
        check_company=True,
        readonly=True,
        help="The transfer that returns or forwards the components; a planner "
        "validates it when the goods leave the producer.",
    )
