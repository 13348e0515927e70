# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dmfg_design_id = fields.Many2one(
        "dmfg.design",
        string="Design",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        help="Design of the distributed manufacturing network this product is "
        "made from: its revisions, files, licence and allowed producers.",
    )

    dmfg_production_hours = fields.Float(
        string="Production hours per unit",
        default=1.0,
        help="Hours of a producer's workshop needed to make one unit; routing "
        "multiplies it by the ordered quantity to check free capacity.",
    )

    def write(self, vals):
        if "dmfg_design_id" not in vals:
            return super().write(vals)
        previous_designs = self.dmfg_design_id
        result = super().write(vals)
        # The design's BoM must keep making one of its products.
        (previous_designs | self.dmfg_design_id)._check_bom_product()
        return result
