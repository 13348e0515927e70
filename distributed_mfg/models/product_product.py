# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models

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
        if params.get("subcontractor_ids"):  # as mrp_subcontracting filters
            sellers = sellers.filtered(
                lambda s: s.partner_id in params["subcontractor_ids"]
            )
        return sellers.sorted(lambda s: (s.sequence, -s.min_qty, s.price, s.id))

    def _get_filtered_sellers(
        self, partner_id=False, quantity=0.0, date=None, uom_id=False, params=False
    ):
        # A design made locally has a price line per producer: choosing one
        # producer's price (the job's purchase order line, its seller) reads
        # that producer's lines only, not the whole network's (in a network of
        # 10,000 producers, reading them all made each order 13 times slower).
        if (
            partner_id
            and isinstance(partner_id, models.BaseModel)
            and not (params and SELLERS_PARAM in params)
            and self.product_tmpl_id.dmfg_design_id
        ):
            lines = self.env["product.supplierinfo"]._dmfg_vendor_lines(
                partner_id | partner_id.parent_id, self.product_tmpl_id
            )
            params = {**(params or {}), SELLERS_PARAM: lines}
        return super()._get_filtered_sellers(
            partner_id=partner_id,
            quantity=quantity,
            date=date,
            uom_id=uom_id,
            params=params,
        )

    # Odoo finds the context partner's own code and name for a product by
    # walking every price line of it (product.seller_ids): a design made by a
    # network of 10,000 producers has 10,000, walked when the producer's
    # subcontracting order is made (its finished move's origin), 30 ms per
    # order. For designs, the partner's own lines are read instead, by index
    # and in the same order, which gives the same first line.

    def _dmfg_partner_first_lines(self):
        """``{template id: first price line of the context's partner}`` for
        these products, in the order of ``seller_ids``."""
        partner_id = self.env.context.get("partner_id")
        if not isinstance(partner_id, int) or isinstance(partner_id, bool):
            return {}
        first = {}
        for line in self.env["product.supplierinfo"]._dmfg_vendor_lines(
            self.env["res.partner"].browse(partner_id), self.product_tmpl_id
        ):
            first.setdefault(line.product_tmpl_id.id, line)
        return first

    def _dmfg_designs(self):
        return self.filtered(lambda product: product.product_tmpl_id.dmfg_design_id)

    @api.depends_context("partner_id")
    def _compute_product_code(self):
        designs = self._dmfg_designs()
        res = super(ProductProduct, self - designs)._compute_product_code()
        if not designs:
            return res
        first = {}
        if self.env["ir.model.access"].check("product.supplierinfo", "read", False):
            first = designs._dmfg_partner_first_lines()
        for product in designs:
            line = first.get(product.product_tmpl_id.id)
            product.code = (line and line.product_code) or product.default_code
        return res

    @api.depends_context("partner_id")
    def _compute_partner_ref(self):
        designs = self._dmfg_designs()
        res = super(ProductProduct, self - designs)._compute_partner_ref()
        first = designs._dmfg_partner_first_lines() if designs else {}
        for product in designs:
            line = first.get(product.product_tmpl_id.id)
            if not line:
                product.partner_ref = product.display_name
                continue
            name = line.product_name or product.default_code or product.name
            code = f"[{product.code}] " if product.code else ""
            product.partner_ref = f"{code}{name}"
        return res
