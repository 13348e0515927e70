# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Confirming a purchase order adds the vendor to the product's price lines
as Odoo does, without reading every price line of the product."""

from odoo import Command
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install", "dmfg")
class TestPurchaseVendorLines(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partners = cls.env["res.partner"]
        cls.known = partners.create({"name": "Known workshop", "is_company": True})
        cls.contact = partners.create(
            {"name": "Known's buyer", "parent_id": cls.known.id}
        )
        cls.newcomer = partners.create({"name": "New workshop", "is_company": True})
        cls.lamp = cls.env["product.product"].create(
            {
                "name": "Vendor-lines lamp",
                "seller_ids": [
                    Command.create({"partner_id": cls.known.id, "price": 9})
                ],
            }
        )
        cls.shade = cls.env["product.product"].create({"name": "Vendor-lines shade"})

    def _confirm(self, partner, products):
        order = self.env["purchase.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "product_qty": 1, "price_unit": 12}
                    )
                    for product in products
                ],
            }
        )
        order.button_confirm()
        self.assertEqual(order.state, "purchase")

    def _vendors(self, product):
        return product.product_tmpl_id.seller_ids.partner_id

    def test_known_vendor_gets_no_second_line(self):
        self._confirm(self.known, self.lamp)
        self._confirm(self.contact, self.lamp)  # its company has the line
        self.assertEqual(len(self.lamp.product_tmpl_id.seller_ids), 1)

    def test_new_vendor_added_as_odoo_does(self):
        self._confirm(self.newcomer, self.lamp)
        self.assertEqual(self._vendors(self.lamp), self.known | self.newcomer)
        line = self.lamp.product_tmpl_id.seller_ids.filtered(
            lambda s: s.partner_id == self.newcomer
        )
        self.assertEqual(line.price, 12)

    def test_only_the_products_without_this_vendor_get_a_line(self):
        """A vendor known for one product of the order and not the other:
        the other gets its line, the first no second one."""
        self._confirm(self.contact, self.lamp | self.shade)
        self.assertEqual(self._vendors(self.shade), self.known)
        self.assertEqual(len(self.lamp.product_tmpl_id.seller_ids), 1)
