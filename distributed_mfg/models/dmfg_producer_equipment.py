# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class DmfgProducerEquipment(models.Model):
    _name = "dmfg.producer.equipment"
    _description = "Producer equipment"
    _order = "producer_id, sequence, id"

    producer_id = fields.Many2one(
        "dmfg.producer",
        required=True,
        ondelete="cascade",
        index=True,
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
        for equipment in self:
            if min(equipment.size_x_mm, equipment.size_y_mm, equipment.size_z_mm) < 0:
                raise ValidationError(
                    self.env._(
                        "Equipment %(name)s: sizes cannot be negative.",
                        name=equipment.name,
                    )
                )
            if equipment.quantity < 1:
                raise ValidationError(
                    self.env._(
                        "Equipment %(name)s: the quantity must be at least 1.",
                        name=equipment.name,
                    )
                )
