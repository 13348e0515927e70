# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures of the design library tests.

Processes and materials are created here (not taken from the data files) so
that only the producers of these tests qualify for the test designs: the
assertions hold exactly with or without the demo network.
"""

import base64
from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

STL = (
    b"solid part\n  facet normal 0 0 1\n    outer loop\n"
    b"      vertex 0 0 0\n      vertex 1 0 0\n      vertex 0 1 0\n"
    b"    endloop\n  endfacet\nendsolid part\n"
)
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


class DesignCommon(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "dmfg_design_manager",
            groups="distributed_mfg.group_dmfg_manager,mrp.group_mrp_manager",
        )
        cls.user = new_test_user(
            cls.env, "dmfg_design_user", groups="distributed_mfg.group_dmfg_user"
        )
        cls.portal = new_test_user(
            cls.env, "dmfg_design_portal", groups="base.group_portal"
        )
        Process = cls.env["dmfg.process"]
        cls.process_print = Process.create({"name": "Test printing", "code": "t_print"})
        cls.process_laser = Process.create({"name": "Test laser", "code": "t_laser"})
        Material = cls.env["dmfg.material"]
        cls.material_pla = Material.create({"name": "Test PLA", "code": "t_pla"})
        cls.material_ply = Material.create({"name": "Test plywood", "code": "t_ply"})
        cls.printer = cls._producer(
            "Test Print Farm", "active", cls.process_print, cls.material_pla
        )
        cls.laser_shop = cls._producer(
            "Test Laser Shop",
            "active",
            cls.process_laser | cls.process_print,
            cls.material_ply,
        )
        cls.trial_printer = cls._producer(
            "Test Trial Printer", "trial", cls.process_print, cls.material_pla
        )
        cls.suspended_printer = cls._producer(
            "Test Suspended Printer", "suspended", cls.process_print, cls.material_pla
        )
        cls.candidate_printer = cls._producer(
            "Test Candidate Printer", "candidate", cls.process_print, cls.material_pla
        )
        cls.test_producers = (
            cls.printer
            | cls.laser_shop
            | cls.trial_printer
            | cls.suspended_printer
            | cls.candidate_printer
        )
        cls.component = cls.env["product.product"].create(
            {"name": "Test filament", "type": "consu", "is_storable": True}
        )
        cls.product = cls._made_product("Test bracket")
        cls.other_product = cls._made_product("Test hook")
        cls.bom = cls._bom(cls.product)
        cls.other_bom = cls._bom(cls.other_product)

    @classmethod
    def _producer(cls, name, state, processes, materials):
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "email": f"{name.lower().replace(' ', '.')}@example.com",
                "partner_latitude": 41.39,
                "partner_longitude": 2.17,
            }
        )
        return cls.env["dmfg.producer"].create(
            {
                "partner_id": partner.id,
                "state": state,
                "process_ids": [Command.set(processes.ids)],
                "material_ids": [Command.set(materials.ids)],
            }
        )

    @classmethod
    def _made_product(cls, name):
        return cls.env["product.template"].create(
            {"name": name, "type": "consu", "is_storable": True, "list_price": 10.0}
        )

    @classmethod
    def _bom(cls, template):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": template.id,
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create(
                        {"product_id": cls.component.id, "product_qty": 0.05}
                    )
                ],
            }
        )

    def _design(self, user=None, **values):
        vals = {
            "name": "Test bracket design",
            "licence": "CC-BY-4.0",
            "product_tmpl_ids": [Command.link(self.product.id)],
            "bom_id": self.bom.id,
            "process_ids": [Command.set(self.process_print.ids)],
            "material_ids": [Command.set(self.material_pla.ids)],
            "sharing_scope": "qualified",
        }
        vals.update(values)
        return self.env["dmfg.design"].with_user(user or self.manager).create(vals)

    def _revision(self, design, files=(("part.stl", "cad", STL),), note="Change"):
        revision = (
            self.env["dmfg.design.revision"]
            .with_user(design.env.user)
            .create({"design_id": design.id, "change_note": note})
        )
        for name, kind, content in files:
            self._add_file(revision, name, kind, content)
        return revision

    def _add_file(self, revision, name, kind="cad", content=STL):
        return (
            self.env["dmfg.design.file"]
            .with_user(revision.env.user)
            .create(
                {
                    "revision_id": revision.id,
                    "name": name,
                    "kind": kind,
                    "datas": base64.b64encode(content),
                }
            )
        )

    @contextmanager
    def assertRaisesText(self, exception, text):
        """assertRaises (with Odoo's savepoint and cache reset) + message check."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))
