# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class StockQuant(models.Model):
    _inherit = "stock.quant"

    dmfg_producer_id = fields.Many2one(
        related="location_id.dmfg_producer_id",
        string="Producer",
        store=True,
        index="btree_not_null",
        help="The producer of the network holding this stock at its managed "
        "location.",
    )

    @api.constrains("inventory_quantity", "location_id")
    def _check_dmfg_producer_count(self):
        for quant in self:
            if (
                quant.dmfg_producer_id
                and quant.inventory_quantity_set
                and quant.inventory_quantity < 0
            ):
                raise ValidationError(
                    self.env._(
                        "The counted quantity of %(product)s at producer "
                        "%(producer)s cannot be negative (%(qty)s): count what is "
                        "physically there, 0 if nothing.",
                        product=quant.product_id.display_name,
                        producer=quant.dmfg_producer_id.sudo().display_name,
                        qty=quant.inventory_quantity,
                    )
                )
