# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import models

#: ``params`` key of ``_select_seller``: the price lines to choose among.
SELLERS_PARAM = "dmfg_sellers"


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _prepare_sellers(self, params=False):
        # Routing ranks a few candidates of a network whose every producer may
        # have a price line for the product: it reads the candidates' lines in
        # one query and passes them here, so that Odoo's seller selection
        # (dates, minimum quantity, UoM, company, partner) chooses among them
        # without reading the product's other lines. Same filter and order as
        # Odoo's ``product.product._prepare_sellers``.
        sellers = params.get(SELLERS_PARAM) if params else None
        if sellers is None:
            return super()._prepare_sellers(params)
        sellers = sellers.filtered(
            lambda s: s.product_tmpl_id == self.product_tmpl_id
            and s.partner_id.active
            and (not s.product_id or s.product_id == self)
        )
        return sellers.sorted(lambda s: (s.sequence, -s.min_qty, s.price, s.id))
