# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class ProductSupplierinfo(models.Model):
    _inherit = "product.supplierinfo"

    # Routing reads the price lines of the nearest producers for one product:
    # without an index on the vendor, PostgreSQL reads every price line of
    # that product, one per producer of the network (12 ms among 100,000).
    partner_id = fields.Many2one(index=True)

    @api.model
    def _dmfg_vendor_lines(self, partners, templates):
        """The price lines of ``partners`` for ``templates``, in Odoo's
        seller order: one query through the vendor index. A design made by a
        network has a price line per producer, so reading a product's
        ``seller_ids`` to find a few vendors' lines reads the network's."""
        return self.search(
            [
                ("partner_id", "in", partners.ids),
                ("product_tmpl_id", "in", templates.ids),
            ]
        )
