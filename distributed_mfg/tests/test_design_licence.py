# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Licence gate: non-commercial designs never reach a confirmed sale order."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common_design import DesignCommon


@tagged("post_install", "-at_install", "dmfg")
class TestLicenceGate(DesignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create({"name": "Test customer"})
        cls.salesman = new_test_user(
            cls.env, "dmfg_design_salesman", groups="sales_team.group_sale_salesman"
        )

    def _order(self, template, user=None):
        return (
            self.env["sale.order"]
            .with_user(user or self.env.user)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": template.product_variant_id.id,
                                "product_uom_qty": 2,
                            }
                        )
                    ],
                }
            )
        )

    def test_check_names_the_design_and_licence(self):
        """The gate's error names the design and its licence."""
        design = self._design(name="Lamp shade", licence="CC-BY-NC-4.0")
        self.assertFalse(design.commercial_use_allowed)
        self.assertEqual(design.commercial_use_reason, "licence_non_commercial")
        with self.assertRaises(UserError) as caught:
            design._dmfg_check_commercial_use()
        message = str(caught.exception)
        self.assertIn("Lamp shade", message)
        self.assertIn("CC-BY-NC-4.0", message)
        self.assertIn("Creative Commons Attribution-NonCommercial 4.0", message)

    def test_non_commercial_design_blocks_sale_order_confirmation(self):
        """Confirming an order for a non-commercial design fails; nothing confirmed."""
        self._design(name="Lamp shade", licence="CC-BY-NC-4.0")
        order = self._order(self.product, user=self.salesman)
        with self.assertRaises(UserError) as caught:
            order.action_confirm()
        message = str(caught.exception)
        self.assertIn(f"Sale order {order.name} cannot be processed", message)
        self.assertIn("Lamp shade", message)
        self.assertIn("CC-BY-NC-4.0", message)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)

    def test_commercial_design_confirms(self):
        """An order for a CC-BY design confirms normally, even by a salesperson
        who cannot read designs."""
        self._design(licence="CC-BY-4.0")
        order = self._order(self.product, user=self.salesman)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_product_without_design_is_not_gated(self):
        """Products outside the design library are sold as usual."""
        order = self._order(self.other_product)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_proprietary_design_depends_on_the_licensor(self):
        """Our own proprietary design may be sold; a third party's may not."""
        own = self._design(
            licence="LicenseRef-Proprietary", designer_id=self.env.company.partner_id.id
        )
        self.assertRecordValues(
            own,
            [
                {
                    "commercial_use_allowed": True,
                    "commercial_use_reason": "proprietary_own",
                }
            ],
        )
        own.designer_id = self.customer
        self.assertRecordValues(
            own,
            [
                {
                    "commercial_use_allowed": False,
                    "commercial_use_reason": "proprietary_third_party",
                }
            ],
        )


@tagged("post_install", "-at_install", "dmfg")
class TestCommercialUseOverride(DesignCommon):
    def test_override_needs_a_reason(self):
        """An override without a recorded reason is refused."""
        design = self._design(licence="CC-BY-NC-4.0")
        with self.assertRaisesText(ValidationError, "give the reason"):
            design.write({"commercial_use_override": "allow"})
        with self.assertRaisesText(ValidationError, "give the reason"):
            design.write(
                {
                    "commercial_use_override": "allow",
                    "commercial_use_override_reason": "  ",
                }
            )
        self.assertFalse(design.commercial_use_allowed)

    def test_manager_override_with_reason_allows_sale_and_is_logged(self):
        """A manager's override with a reason lifts the gate and is logged."""
        design = self._design(licence="CC-BY-NC-4.0")
        self.env.cr.precommit.run()  # as if created in an earlier transaction
        design.write(
            {
                "commercial_use_override": "allow",
                "commercial_use_override_reason": "Written agreement with the designer",
            }
        )
        self.assertRecordValues(
            design,
            [
                {
                    "commercial_use_allowed": True,
                    "commercial_use_reason": "override_allow",
                }
            ],
        )
        self.assertTrue(design._dmfg_check_commercial_use())
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        tracked = design.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "commercial_use_override_reason"
        )
        self.assertEqual(tracked.new_value_text, "Written agreement with the designer")
        self.assertEqual(tracked.mail_message_id.author_id, self.manager.partner_id)

        design.write({"commercial_use_override": False})
        self.assertRecordValues(
            design,
            [
                {
                    "commercial_use_allowed": False,
                    "commercial_use_override_reason": False,
                }
            ],
        )

    def test_override_can_forbid_an_open_licence(self):
        """A manager may also forbid commercial use of an open design."""
        design = self._design(licence="MIT")
        design.write(
            {
                "commercial_use_override": "forbid",
                "commercial_use_override_reason": "Trademark dispute",
            }
        )
        self.assertFalse(design.commercial_use_allowed)
        with self.assertRaisesText(UserError, "Forbidden by a manager's override"):
            design._dmfg_check_commercial_use()

    def test_user_cannot_override(self):
        """A Distributed Manufacturing user cannot override the licence."""
        design = self._design(licence="CC-BY-NC-4.0")
        with self.assertRaises(AccessError):
            design.with_user(self.user).write(
                {
                    "commercial_use_override": "allow",
                    "commercial_use_override_reason": "I say so",
                }
            )
        self.assertFalse(design.commercial_use_allowed)

    def test_override_check_holds_beyond_the_acl(self):
        """Even with write access on designs, only managers may override."""
        design = self._design(licence="CC-BY-NC-4.0")
        with self.assertRaisesText(
            AccessError, "Only a Distributed Manufacturing manager"
        ):
            design.with_user(self.user)._dmfg_check_override_rights()
