# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may read and change designs, revisions and files (ORM level)."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_design import PDF, STL, DesignCommon


@tagged("post_install", "-at_install", "dmfg")
class TestDesignAccess(DesignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.design = cls.env["dmfg.design"].create(
            {
                "name": "Access design",
                "licence": "CC-BY-4.0",
                "process_ids": cls.process_print.ids,
                "material_ids": cls.material_pla.ids,
            }
        )
        cls.revision = cls.env["dmfg.design.revision"].create(
            {"design_id": cls.design.id}
        )
        cls.file = cls.env["dmfg.design.file"].create(
            {
                "revision_id": cls.revision.id,
                "name": "secret.stl",
                "kind": "cad",
                "raw": STL,
            }
        )
        cls.revision.action_release()

    def test_user_reads_designs_revisions_and_files(self):
        """A Distributed Manufacturing user reads the library, files included."""
        design = self.design.with_user(self.user)
        self.assertEqual(design.current_revision_id.code, "A")
        self.assertEqual(self.file.with_user(self.user).raw, STL)
        self.assertEqual(self.file.ir_attachment_id.with_user(self.user).raw, STL)
        self.assertEqual(
            design.get_current_revision_info()[0]["revision"]["files"][0]["name"],
            "secret.stl",
        )

    def test_user_cannot_change_the_library(self):
        """A user cannot create, write or delete designs, revisions or files."""
        Design = self.env["dmfg.design"].with_user(self.user)
        with self.assertRaises(AccessError):
            Design.create({"name": "Mine", "licence": "MIT"})
        with self.assertRaises(AccessError):
            self.design.with_user(self.user).write({"name": "Renamed"})
        with self.assertRaises(AccessError):
            self.design.with_user(self.user).unlink()
        with self.assertRaises(AccessError):
            self.env["dmfg.design.revision"].with_user(self.user).create(
                {"design_id": self.design.id}
            )
        with self.assertRaises(AccessError):
            self.revision.with_user(self.user).action_release()
        draft = self.env["dmfg.design.revision"].create({"design_id": self.design.id})
        with self.assertRaises(AccessError):
            self.env["dmfg.design.file"].with_user(self.user).create(
                {"revision_id": draft.id, "name": "x.pdf", "raw": PDF}
            )
        self.assertEqual(self.design.name, "Access design")

    def test_portal_user_reads_nothing(self):
        """A portal user (a producer) reads no design, revision, file or bytes."""
        for record in (self.design, self.revision, self.file):
            with self.assertRaises(AccessError, msg=record._name):
                record.with_user(self.portal).read(["display_name"])
        with self.assertRaises(AccessError):
            self.file.ir_attachment_id.with_user(self.portal).read(["raw"])
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.portal).search_read(
                [("res_model", "=", "dmfg.design.revision")], ["datas"]
            )
        with self.assertRaises(AccessError):
            self.design.with_user(self.portal).get_current_revision_info()

    def test_producer_portal_user_reads_nothing_either(self):
        """Being an allowed producer's contact gives no ORM access to the files."""
        contact = self.env["res.partner"].create(
            {"name": "Print farm worker", "parent_id": self.printer.partner_id.id}
        )
        self.portal.partner_id = contact
        self.assertIn(self.printer, self.design.allowed_producer_ids)
        with self.assertRaises(AccessError):
            self.file.with_user(self.portal).read(["datas"])
        with self.assertRaises(AccessError):
            self.file.ir_attachment_id.with_user(self.portal).read(["datas"])
