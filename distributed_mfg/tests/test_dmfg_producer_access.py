# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may read and change producers, processes and materials."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BARCELONA, SABADELL, DmfgProducerCommon


@tagged("post_install", "-at_install", "dmfg")
class TestProducerAccess(DmfgProducerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.producer = cls._create_producer("Taller Access", BARCELONA)

    def test_user_reads(self):
        """A network user sees producers, their equipment and the tags."""
        producer = self.producer.with_user(self.user)
        self.assertEqual(producer.name, "Taller Access")
        self.assertGreaterEqual(producer.env["dmfg.process"].search_count([]), 7)
        self.assertGreaterEqual(producer.env["dmfg.material"].search_count([]), 8)
        views = producer.get_views(
            [(False, "list"), (False, "kanban"), (False, "form"), (False, "search")]
        )
        self.assertEqual(len(views["views"]), 4)

    @mute_logger("odoo.addons.base.models.ir_model")
    def test_user_cannot_change(self):
        """A network user cannot create, edit, delete or change status."""
        Producer = self.env["dmfg.producer"].with_user(self.user)
        partner = self._create_partner("Taller User", SABADELL)
        with self.assertRaises(AccessError):
            Producer.create({"partner_id": partner.id})
        with self.assertRaises(AccessError):
            self.producer.with_user(self.user).service_radius_km = 10
        with self.assertRaises(AccessError):
            self.producer.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            self.producer.with_user(self.user)._dmfg_change_state("trial", "Sneaky")
        with self.assertRaises(AccessError):
            self.producer.with_user(self.user).action_locate()
        with self.assertRaises(AccessError):
            self.env["dmfg.process"].with_user(self.user).create(
                {"name": "Welding", "code": "welding"}
            )
        self.assertEqual(self.producer.state, "candidate")

    def test_manager_onboards_without_stock_rights(self):
        """A manager without inventory rights creates a producer up to active."""
        self.assertFalse(self.manager.has_group("stock.group_stock_user"))
        Producer = self.env["dmfg.producer"].with_user(self.manager)
        partner = Producer.env["res.partner"].create(
            {"name": "Taller Manager", "is_company": True}
        )
        producer = Producer.create(
            {
                "partner_id": partner.id,
                "latitude": SABADELL[0],
                "longitude": SABADELL[1],
                "process_ids": [(6, 0, self.fdm.ids)],
                "equipment_ids": [
                    (0, 0, {"name": "Prusa MK4", "process_id": self.fdm.id})
                ],
            }
        )
        producer._dmfg_change_state("active", "Ready to go")
        self.assertEqual(producer.location_id.usage, "internal")
        self.assertEqual(partner.partner_latitude, SABADELL[0])

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_portal_sees_nothing(self):
        """A portal user can read neither producers nor processes nor materials."""
        for model in (
            "dmfg.producer",
            "dmfg.producer.equipment",
            "dmfg.producer.blackout",
            "dmfg.process",
            "dmfg.material",
        ):
            with self.subTest(model=model):
                try:
                    found = self.env[model].with_user(self.portal_user).search([])
                except AccessError:
                    continue
                # distributed_mfg_portal lets a producer's own users read their
                # producer: a portal user of no producer still finds nothing.
                self.assertFalse(found)
        with self.assertRaises(AccessError):
            self.producer.with_user(self.portal_user).read(["name"])
