# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmfgProducerEquipment(models.Model):
    _name = "dmfg.producer.equipment"
    _description = "Producer equipment"
    _order = "producer_id, sequence, id"
    _check_company_auto = True

    producer_id = fields.Many2one(
        "dmfg.producer",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="producer_id.company_id", store=True, index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(
        string="Machine",
        required=True,
        help="Make and model of the machine, e.g. 'Prusa MK4'.",
    )
    process_id = fields.Many2one(
        "dmfg.process",
        string="Process",
        help="Manufacturing process the machine runs.",
    )
    size_x_mm = fields.Float(
        string="X (mm)",
        help="Build volume or maximum part size along X, in millimetres "
        "(0: unknown).",
    )
    size_y_mm = fields.Float(
        string="Y (mm)",
        help="Build volume or maximum part size along Y, in millimetres "
        "(0: unknown).",
    )
    size_z_mm = fields.Float(
        string="Z (mm)",
        help="Build volume or maximum part height (Z), in millimetres; 0 for "
        "flat work such as laser cutting or unknown.",
    )
    quantity = fields.Integer(
        default=1,
        help="Number of identical machines the producer has.",
    )

    @api.constrains("size_x_mm", "size_y_mm", "size_z_mm", "quantity")
    def _check_sizes(self):
        inputs = self.env["dmfg.input"]
        for equipment in self:
            label = self.env._("Equipment %(name)s: a size (mm)", name=equipment.name)
            for size in (equipment.size_x_mm, equipment.size_y_mm, equipment.size_z_mm):
                inputs._dmfg_number(size, label, minimum=0, error=ValidationError)
            inputs._dmfg_number(
                equipment.quantity,
                self.env._("Equipment %(name)s: the quantity", name=equipment.name),
                minimum=1,
                integer=True,
                error=ValidationError,
            )
