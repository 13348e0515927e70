# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    dmfg_producer_id = fields.Many2one(
        "dmfg.producer",
        check_company=True,
        string="Delivered to producer",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The producer of the network this order delivers to: the vendor "
        "was chosen as the one nearest to it.",
    )
    dmfg_vendor_distance_km = fields.Float(
        string="Vendor distance (km)",
        digits=(16, 1),
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Distance between the vendor and the producer it delivers to.",
    )

    def _add_supplier_to_product(self):
        # Odoo learns whether the vendor already has a price line for each
        # product by reading every price line of the product (seller_ids): a
        # design made by a network of 10,000 producers has 10,000, read at
        # each confirmation (30 ms). When every product line already has a
        # price line of this vendor or its company (always so for a job's
        # order: routing took the price from it), Odoo adds nothing: one
        # indexed search says so, under the same record rules.
        partners = self.partner_id | self.partner_id.parent_id
        templates = self.order_line.product_id.product_tmpl_id
        if len(self) == 1 and partners and templates:
            lines = self.env["product.supplierinfo"]._dmfg_vendor_lines(
                partners, templates
            )
            if lines.product_tmpl_id == templates:
                return None
        return super()._add_supplier_to_product()
