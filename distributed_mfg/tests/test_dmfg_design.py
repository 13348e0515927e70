# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Design library flows: revisions, files, release, sharing with producers."""

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common_design import PDF, STL, DesignCommon


@tagged("post_install", "-at_install", "dmfg")
class TestDesignRevisions(DesignCommon):
    def test_manager_releases_a_revision_and_sees_qualified_producers(self):
        """A manager builds a design with two revisions, releases one and sees
        which producers may make it."""
        design = self._design()
        rev_a = self._revision(
            design, files=[("bracket.stl", "cad", STL), ("bracket.pdf", "drawing", PDF)]
        )
        rev_b = self._revision(design, files=[("bracket_b.stl", "cad", STL)])
        self.assertEqual((rev_a | rev_b).mapped("code"), ["A", "B"])
        self.assertFalse(design.current_revision_id)

        self.assertTrue(rev_a.action_release())

        self.assertRecordValues(
            rev_a | rev_b,
            [
                {
                    "state": "released",
                    "is_current": True,
                    "released_by_id": self.manager.id,
                },
                {"state": "draft", "is_current": False, "released_by_id": False},
            ],
        )
        self.assertEqual(design.current_revision_id, rev_a)
        self.assertEqual(
            rev_a.file_ids.mapped("kind"), ["cad", "drawing"], "files keep their kind"
        )
        # Qualified = trial or active with the print process and PLA: not the
        # laser shop (no PLA), nor the suspended or candidate printers.
        self.assertEqual(design.allowed_producer_ids, self.printer | self.trial_printer)
        self.assertEqual(design.allowed_producer_count, 2)
        action = design.action_view_allowed_producers()
        self.assertEqual(
            self.env["dmfg.producer"].search(action["domain"]),
            self.printer | self.trial_printer,
        )

    def test_releasing_b_obsoletes_a_and_notifies_allowed_producers(self):
        """Releasing B makes A obsolete and mails the producers allowed to make it."""
        design = self._design()
        rev_a = self._revision(design)
        rev_b = self._revision(design, note="Thicker legs")
        rev_a.action_release()

        rev_b.action_release()

        self.assertRecordValues(
            rev_a | rev_b,
            [
                {"code": "A", "state": "obsolete", "is_current": False},
                {"code": "B", "state": "released", "is_current": True},
            ],
        )
        self.assertEqual(design.current_revision_id, rev_b)
        message = self.env["mail.message"].search(
            [
                ("model", "=", "dmfg.design"),
                ("res_id", "=", design.id),
                (
                    "subtype_id",
                    "=",
                    self.env.ref("distributed_mfg.mt_dmfg_design_revision_released").id,
                ),
            ],
            order="id desc",
            limit=1,
        )
        self.assertEqual(
            message.partner_ids,
            (self.printer | self.trial_printer).partner_id,
            "the allowed producers are the recipients",
        )
        self.assertIn("Revision B of Test bracket design is released", message.body)
        self.assertIn("replaces revision A", message.body)
        self.assertIn("Thicker legs", message.body)
        notified = self.env["mail.notification"].search(
            [("mail_message_id", "=", message.id), ("notification_type", "=", "email")]
        )
        self.assertEqual(
            notified.res_partner_id, (self.printer | self.trial_printer).partner_id
        )

    def test_release_without_file_is_refused(self):
        """A revision without any file cannot be released."""
        design = self._design()
        revision = self._revision(design, files=[])
        with self.assertRaisesText(UserError, "has no file"):
            revision.action_release()
        self.assertEqual(revision.state, "draft")
        self.assertFalse(design.current_revision_id)

    def test_only_one_current_revision(self):
        """Two released revisions of one design are refused, however written."""
        design = self._design()
        rev_a = self._revision(design)
        rev_b = self._revision(design)
        rev_c = self._revision(design)
        rev_a.action_release()
        with self.assertRaisesText(
            ValidationError, "only one revision can be released"
        ):
            rev_b.sudo().write({"state": "released"})
        with self.assertRaisesText(UserError, "Only one revision per design"):
            (rev_b | rev_c).action_release()
        self.assertEqual(
            (rev_a | rev_b | rev_c).mapped("state"), ["released", "draft", "draft"]
        )

    def test_released_revision_cannot_be_released_again(self):
        """Only drafts are released; an obsolete revision stays obsolete."""
        design = self._design()
        rev_a = self._revision(design)
        rev_b = self._revision(design)
        rev_a.action_release()
        rev_b.action_release()
        with self.assertRaisesText(UserError, "only a draft revision can be released"):
            rev_a.action_release()
        self.assertEqual(rev_a.state, "obsolete")

    def test_revision_codes_follow_the_alphabet(self):
        """Revisions are lettered A, B, C per design, whatever the other designs."""
        design = self._design()
        other = self._design(
            name="Other design",
            product_tmpl_ids=[Command.link(self.other_product.id)],
            bom_id=self.other_bom.id,
        )
        revisions = (
            self.env["dmfg.design.revision"]
            .with_user(self.manager)
            .create(
                [
                    {"design_id": design.id},
                    {"design_id": other.id},
                    {"design_id": design.id},
                ]
            )
        )
        revisions |= self._revision(design)
        self.assertEqual(revisions.mapped("code"), ["A", "A", "B", "C"])
        self.assertEqual(revisions[3].display_name, "Test bracket design - rev. C")

    def test_files_of_a_released_revision_are_frozen(self):
        """Jobs keep the released files: they cannot be added, changed or removed."""
        design = self._design()
        revision = self._revision(design)
        revision.action_release()
        with self.assertRaisesText(UserError, "its files cannot change"):
            self._add_file(revision, "extra.pdf", "drawing", PDF)
        with self.assertRaisesText(UserError, "its files cannot change"):
            revision.file_ids.unlink()
        with self.assertRaisesText(UserError, "its files cannot change"):
            revision.file_ids.write({"name": "renamed.stl"})
        with self.assertRaisesText(UserError, "cannot be deleted"):
            revision.unlink()
        self.assertEqual(revision.file_ids.name, "part.stl")

    def test_file_is_an_attachment_of_the_revision(self):
        """Each file is a private ir.attachment on its revision."""
        design = self._design()
        revision = self._revision(design, files=[("part.stl", "cad", STL)])
        attachment = revision.file_ids.ir_attachment_id
        self.assertRecordValues(
            attachment,
            [
                {
                    "res_model": "dmfg.design.revision",
                    "res_id": revision.id,
                    "public": False,
                    "name": "part.stl",
                    "raw": STL,
                }
            ],
        )
        with self.assertRaisesText(UserError, "cannot be made public"):
            revision.file_ids.write({"public": True})
        revision.file_ids.unlink()
        self.assertFalse(attachment.exists(), "removing the file removes its bytes")

    def test_draft_design_can_be_deleted_released_one_is_kept(self):
        """A design with a released revision is archived, not deleted."""
        draft_design = self._design()
        self._revision(draft_design)
        draft_design.unlink()
        self.assertFalse(draft_design.exists())
        released = self._design(name="Released design")
        self._revision(released).action_release()
        with self.assertRaisesText(UserError, "Archive the design instead"):
            released.unlink()


@tagged("post_install", "-at_install", "dmfg")
class TestDesignValidation(DesignCommon):
    def test_bom_of_another_product_is_refused(self):
        """The BoM must make one of the design's products."""
        with self.assertRaisesText(ValidationError, "not one of the design's products"):
            self._design(bom_id=self.other_bom.id)

    def test_removing_the_bom_product_from_the_design_is_refused(self):
        """Unlinking the product that the BoM makes breaks the rule too."""
        design = self._design()
        with self.assertRaisesText(ValidationError, "not one of the design's products"):
            design.write({"product_tmpl_ids": [Command.unlink(self.product.id)]})
        with self.assertRaisesText(ValidationError, "not one of the design's products"):
            self.product.write({"dmfg_design_id": False})
        self.assertEqual(self.product.dmfg_design_id, design)

    def test_product_form_shows_the_design(self):
        """The product knows its design, and the design's smart button finds it."""
        design = self._design()
        self.assertEqual(self.product.dmfg_design_id, design)
        self.assertEqual(design.product_count, 1)
        action = design.action_view_products()
        self.assertEqual(
            self.env["product.template"].search(action["domain"]), self.product
        )


@tagged("post_install", "-at_install", "dmfg")
class TestDesignSharing(DesignCommon):
    def test_scope_all_shares_with_every_trial_and_active_producer(self):
        """'All' ignores capabilities but never shares with suspended or candidates."""
        design = self._design(sharing_scope="all")
        self.assertEqual(
            design.allowed_producer_ids & self.test_producers,
            self.printer | self.laser_shop | self.trial_printer,
        )

    def test_scope_selected_shares_with_eligible_selected_producers(self):
        """'Selected' shares only with the picked producers still in the network."""
        design = self._design(
            sharing_scope="selected",
            selected_producer_ids=[
                Command.set((self.laser_shop | self.suspended_printer).ids)
            ],
        )
        self.assertEqual(design.allowed_producer_ids, self.laser_shop)

    def test_producer_state_change_updates_sharing(self):
        """Suspending a producer withdraws it from the design at once."""
        design = self._design()
        self.assertIn(self.printer, design.allowed_producer_ids)
        self.printer.write({"state": "suspended"})
        design.invalidate_recordset(["allowed_producer_ids"])
        self.assertNotIn(self.printer, design.allowed_producer_ids)

    def test_producer_sees_the_designs_it_may_make(self):
        """The reverse list on the producer matches the designs' lists."""
        printed = self._design()
        lasered = self._design(
            name="Laser design",
            product_tmpl_ids=[Command.link(self.other_product.id)],
            bom_id=self.other_bom.id,
            process_ids=[Command.set(self.process_laser.ids)],
            material_ids=[Command.set(self.material_ply.ids)],
        )
        self.assertEqual(
            self.laser_shop.dmfg_allowed_design_ids & (printed | lasered), lasered
        )
        self.assertEqual(
            self.printer.dmfg_allowed_design_ids & (printed | lasered), printed
        )
        self.assertFalse(
            self.suspended_printer.dmfg_allowed_design_ids & (printed | lasered)
        )
        found = self.env["dmfg.design"].search(
            [("allowed_producer_ids", "in", self.laser_shop.ids)]
        )
        self.assertEqual(found & (printed | lasered), lasered)
        action = self.laser_shop.action_view_dmfg_allowed_designs()
        self.assertIn(lasered, self.env["dmfg.design"].search(action["domain"]))

    def test_search_designs_by_allowed_producer(self):
        """Searching designs by producer matches each design's own list, for
        every supported operator (and refuses the others)."""
        printed = self._design()
        lasered = self._design(
            name="Laser design",
            product_tmpl_ids=[Command.link(self.other_product.id)],
            bom_id=self.other_bom.id,
            process_ids=[Command.set(self.process_laser.ids)],
            material_ids=[Command.set(self.material_ply.ids)],
        )
        nobody = self._design(
            name="Unshared design",
            product_tmpl_ids=[],
            bom_id=False,
            sharing_scope="selected",
            selected_producer_ids=[Command.set(self.suspended_printer.ids)],
        )
        mine = printed | lasered | nobody
        Design = self.env["dmfg.design"]

        def found(operator, value):
            return Design.search([("allowed_producer_ids", operator, value)]) & mine

        self.assertEqual(found("in", self.laser_shop.ids), lasered)
        self.assertEqual(found("=", self.printer.id), printed)
        self.assertEqual(
            found("in", (self.printer | self.laser_shop).ids), printed | lasered
        )
        self.assertEqual(found("not in", self.laser_shop.ids), printed | nobody)
        self.assertEqual(found("!=", self.trial_printer.id), lasered | nobody)
        # Never-eligible producers are allowed nothing, even when selected.
        self.assertFalse(found("in", self.suspended_printer.ids))
        self.assertEqual(found("not in", self.suspended_printer.ids), mine)
        self.assertEqual(found("=", False), nobody)
        self.assertEqual(found("!=", False), printed | lasered)
        with self.assertRaises(UserError):
            found("ilike", "Print")

    def test_sharing_decisions_explain_refusals(self):
        """Each refused producer comes with its reasons."""
        design = self._design()
        decisions = {
            d.producer_id: d
            for d in design._dmfg_sharing_decisions(self.test_producers)
        }
        self.assertEqual(decisions[self.printer.id].reasons, ())
        self.assertEqual(decisions[self.laser_shop.id].reasons, ("missing_material",))
        self.assertEqual(
            decisions[self.laser_shop.id].missing_material_ids,
            frozenset(self.material_pla.ids),
        )
        self.assertEqual(
            decisions[self.suspended_printer.id].reasons, ("state_not_eligible",)
        )


@tagged("post_install", "-at_install", "dmfg")
class TestDesignIntegratorApi(DesignCommon):
    def test_current_revision_info_is_plain_data(self):
        """Integrators get plain dicts: design, licence, revision and file names."""
        design = self._design()
        revision = self._revision(
            design, files=[("part.stl", "cad", STL), ("drawing.pdf", "drawing", PDF)]
        )
        self.maxDiff = None
        no_revision = design.get_current_revision_info()
        self.assertIs(no_revision[0]["revision"], False)

        revision.action_release()
        info = design.get_current_revision_info()
        files = revision.file_ids
        self.assertEqual(
            info,
            [
                {
                    "id": design.id,
                    "name": "Test bracket design",
                    "licence": "CC-BY-4.0",
                    "commercial_use_allowed": True,
                    "product_tmpl_ids": self.product.ids,
                    "bom_id": self.bom.id,
                    "allowed_producer_ids": (self.printer | self.trial_printer).ids,
                    "revision": {
                        "id": revision.id,
                        "code": "A",
                        "state": "released",
                        "release_date": info[0]["revision"]["release_date"],
                        "change_note": "Change",
                        "files": [
                            {
                                "id": files[0].id,
                                "name": "part.stl",
                                "kind": "cad",
                                "mimetype": files[0].mimetype,
                                "file_size": len(STL),
                                "checksum": files[0].checksum,
                            },
                            {
                                "id": files[1].id,
                                "name": "drawing.pdf",
                                "kind": "drawing",
                                "mimetype": "application/pdf",
                                "file_size": len(PDF),
                                "checksum": files[1].checksum,
                            },
                        ],
                    },
                }
            ],
        )
        self.assertRegex(info[0]["revision"]["release_date"], r"^\d{4}-\d\d-\d\d \d\d:")
