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


@tagged("post_install", "-at_install", "dmfg")
class TestDesignPartnerReference(TransactionCase):
    """A design's code and name for a partner (its finished moves' origin
    on the producer's subcontracting order) read the partner's own price
    lines only: the same answer as Odoo's walk over every line, checked on
    a plain twin product that Odoo computes itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partners = cls.env["res.partner"]
        cls.coder = partners.create({"name": "Coding workshop", "is_company": True})
        cls.namer = partners.create({"name": "Naming workshop", "is_company": True})
        cls.stranger = partners.create({"name": "Other workshop", "is_company": True})
        lines = [
            Command.create({"partner_id": cls.namer.id, "price": 8, "sequence": 5}),
            Command.create(
                {
                    "partner_id": cls.coder.id,
                    "price": 9,
                    "product_code": "CW-2",
                    "product_name": "Lamp, second line",
                    "sequence": 20,
                }
            ),
            Command.create(
                {
                    "partner_id": cls.coder.id,
                    "price": 10,
                    "product_code": "CW-1",
                    "product_name": "Lamp, first line",
                    "sequence": 10,
                }
            ),
            Command.create(
                {
                    "partner_id": cls.namer.id,
                    "price": 7,
                    "product_name": "Lamp as the namer calls it",
                    "sequence": 1,
                }
            ),
        ]
        values = {"default_code": "LAMP", "seller_ids": lines}
        products = cls.env["product.product"]
        cls.design_product = products.create({"name": "Reference lamp", **values})
        cls.plain = products.create({"name": "Reference lamp", **values})
        cls.design_product.product_tmpl_id.dmfg_design_id = cls.env[
            "dmfg.design"
        ].create({"name": "Reference lamp design", "licence": "CC-BY-4.0"})

    def test_same_code_and_name_as_odoo_for_each_partner(self):
        expected = {
            self.coder: ("CW-1", "[CW-1] Lamp, first line"),
            self.namer: ("LAMP", "[LAMP] Lamp as the namer calls it"),
            self.stranger: ("LAMP", "[LAMP] Reference lamp"),
        }
        for partner, (code, reference) in expected.items():
            with self.subTest(partner=partner.name):
                # Price lines in their own order (sequence first), as read
                # from the database, not in the order they were created.
                self.env.invalidate_all()
                design = self.design_product.with_context(partner_id=partner.id)
                plain = self.plain.with_context(partner_id=partner.id)
                self.assertEqual((plain.code, plain.partner_ref), (code, reference))
                self.assertEqual((design.code, design.partner_ref), (code, reference))
        self.assertEqual(self.design_product.partner_ref, self.plain.partner_ref)
        self.assertEqual(self.design_product.partner_ref, "[LAMP] Reference lamp")
