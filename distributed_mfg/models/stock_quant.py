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
            if quant.dmfg_producer_id and quant.inventory_quantity_set:
                # sudo below: a stock user counting need not read the network;
                # this refusal shows only the producer's name.
                self.env["dmfg.input"]._dmfg_number(
                    quant.inventory_quantity,
                    self.env._(
                        "The counted quantity of %(product)s at producer %(producer)s",
                        product=quant.product_id.display_name,
                        producer=quant.dmfg_producer_id.sudo().display_name,
                    ),
                    minimum=0,
                    error=ValidationError,
                )
