# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producers in and out as Open Know-Where, designs as Open Know-How
(issue #17): imports, exports, round trips, rights and the wizard."""

import base64
import io
import os
import zipfile

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common_queue import perform_queued_jobs

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
PRODUCER_FIELDS = [
    "name",
    "state",
    "okw_identifier",
    "city",
    "latitude",
    "longitude",
    "opening_hours",
    "capacity_hours_per_day",
    "lead_time_days",
]


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as fh:
        return fh.read()


def facilities(count, prefix="Bench"):
    """An OKW file of ``count`` facilities around Barcelona."""
    lines = ["facilities:"]
    for index in range(count):
        lines += [
            f"  - id: okw-{prefix}-{index}",
            f"    name: {prefix} Lab {index}",
            "    location:",
            "      address: {city: Barcelona, country: ES}",
            f"      gps-coordinates: {41 + index / 100000:.5f}, 2.1",
            "    manufacturing-processes: [Laser cutting]",
        ]
    return "\n".join(lines) + "\n"


@tagged("post_install", "-at_install", "dmfg")
class TestOpenStandards(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            "okx_manager",
            groups="distributed_mfg.group_dmfg_manager,mrp.group_mrp_manager",
        )
        cls.user = new_test_user(
            cls.env, "okx_user", groups="distributed_mfg.group_dmfg_user"
        )
        cls.portal = new_test_user(cls.env, "okx_portal", groups="base.group_portal")
        cls.Producer = cls.env["dmfg.producer"].with_user(cls.manager)
        cls.Design = cls.env["dmfg.design"].with_user(cls.manager)

    def _counts(self):
        return {
            model: self.env[model].with_context(active_test=False).search_count([])
            for model in (
                "dmfg.producer",
                "res.partner",
                "dmfg.producer.equipment",
                "dmfg.design",
                "dmfg.design.revision",
                "dmfg.design.file",
                "product.template",
                "mrp.bom",
            )
        }

    def _import_facilities(self):
        return self.Producer.import_okw(fixture("okw_facilities.yml"), "map.yml")

    # ------------------------------------------------------------ OKW in

    def test_import_creates_candidate_producers(self):
        """Facilities arrive as candidates with their place, processes,
        equipment and hours; the duplicate is skipped with its reason."""
        result = self._import_facilities()
        self.assertEqual(
            [e["name"] for e in result["created"]],
            ["Fab Lab Terrassa", "Taller Tèxtil Vic", "Makerspace Cerdanyola — Ñandú"],
        )
        self.assertEqual(result["updated"], [])
        self.assertEqual(len(result["skipped"]), 1)
        self.assertIn("facilities[0]", result["skipped"][0]["reasons"][0])
        producers = self.Producer.browse([e["id"] for e in result["created"]])
        self.assertRecordValues(
            producers,
            [
                {
                    "name": "Fab Lab Terrassa",
                    "state": "candidate",
                    "okw_identifier": "okw-test-terrassa-fablab",
                    "city": "Terrassa",
                    "latitude": 41.5632,
                    "longitude": 2.0089,
                    "opening_hours": "Mo-Fr 10:00-20:00",
                    "capacity_hours_per_day": 8.0,
                    "lead_time_days": 3,
                },
                {
                    "name": "Taller Tèxtil Vic",
                    "state": "candidate",
                    "okw_identifier": "okw-test-vic-taller",
                    "city": "Vic",
                    "latitude": 41.93012,
                    "longitude": 2.25486,
                    "opening_hours": False,
                    "capacity_hours_per_day": 8.0,
                    "lead_time_days": 3,
                },
                {
                    "name": "Makerspace Cerdanyola — Ñandú",
                    "state": "candidate",
                    "okw_identifier": "okw-test-cerdanyola",
                    "city": "Cerdanyola del Vallès",
                    "latitude": 41.4916,
                    "longitude": 2.1408,
                    "opening_hours": False,
                    "capacity_hours_per_day": 6.0,
                    "lead_time_days": 5,
                },
            ],
        )
        ref = self.env.ref
        self.assertEqual(
            producers[0].process_ids,
            ref("distributed_mfg.dmfg_process_fdm")
            | ref("distributed_mfg.dmfg_process_laser"),
        )
        self.assertEqual(
            producers[0].material_ids, ref("distributed_mfg.dmfg_material_pla")
        )
        self.assertRecordValues(
            producers[0].equipment_ids,
            [
                {
                    "name": "Prusa MK4",
                    "quantity": 3,
                    "process_id": ref("distributed_mfg.dmfg_process_fdm").id,
                }
            ],
        )
        self.assertEqual(
            producers[1].process_ids, ref("distributed_mfg.dmfg_process_sewing")
        )
        self.assertEqual(producers[1].country_id, ref("base.es"))
        self.assertEqual(
            [w["code"] for w in result["warnings"]],
            ["located_by_town", "unknown_process"],
        )

    def test_import_in_the_background_does_the_same(self):
        """A large file goes to the job queue: the run ends with the same
        answer as an import in the request, and keeps no copy of the file."""
        runs = self.env["dmfg.background.run"].with_user(self.manager)
        run = runs._dmfg_start_import("okw", fixture("okw_facilities.yml"), "map.yml")
        self.assertEqual((run.kind, run.state), ("import", "queued"))
        perform_queued_jobs(self.env)
        self.assertEqual(run.state, "done")
        result = run.get_result()
        self.assertEqual(
            [e["name"] for e in result["created"]],
            ["Fab Lab Terrassa", "Taller Tèxtil Vic", "Makerspace Cerdanyola — Ñandú"],
        )
        self.assertIn("3 created", run.result_summary)
        self.assertFalse(run.params["content"])
        with self.assertRaises(AccessError):
            self.env["dmfg.background.run"].with_user(self.portal)._dmfg_start_import(
                "okw", fixture("okw_facilities.yml"), "map.yml"
            )

    def test_imported_candidates_are_on_the_network_map(self):
        """The imported facilities appear on the network map as candidates,
        the one without coordinates at its town."""
        result = self._import_facilities()
        ids = {e["id"] for e in result["created"]}
        data = self.env["dmfg.network.map"].with_user(self.manager).get_map_data()
        shown = {p["name"]: p for p in data["producers"] if p["id"] in ids}
        self.assertEqual(len(shown), 3)
        self.assertEqual({p["state"] for p in shown.values()}, {"candidate"})
        self.assertEqual(shown["Taller Tèxtil Vic"]["city"], "Vic")

    def test_reimport_updates_and_never_duplicates(self):
        """Importing the same file again updates the same producers."""
        first = self._import_facilities()
        before = self._counts()
        second = self._import_facilities()
        self.assertEqual(second["created"], [])
        self.assertEqual(
            sorted(e["id"] for e in second["updated"]),
            sorted(e["id"] for e in first["created"]),
        )
        self.assertEqual(self._counts(), before)

    def test_reimport_matches_name_and_place_without_identifier(self):
        """A facility without identifier updates the producer with the same
        name at the same place."""
        first = self.Producer.import_okw(
            "name: Ateneu Fabra\nlocation: {gps-coordinates: '41.4, 2.19'}\n"
        )
        second = self.Producer.import_okw(
            "name: ateneu fabra\nopening-hours: Tu-Sa\n"
            "location: {gps-coordinates: '41.4001, 2.1901'}\n"
        )
        self.assertEqual(second["updated"][0]["id"], first["created"][0]["id"])
        producer = self.Producer.browse(first["created"][0]["id"])
        self.assertEqual(producer.opening_hours, "Tu-Sa")

    def test_dry_run_writes_nothing(self):
        """A dry run reports the plan and writes nothing."""
        before = self._counts()
        result = self.Producer.import_okw(
            fixture("okw_facilities.yml"), "map.yml", dry_run=True
        )
        self.assertEqual(len(result["created"]), 3)
        self.assertEqual([e["id"] for e in result["created"]], [False] * 3)
        self.assertTrue(result["dry_run"])
        self.assertEqual(self._counts(), before)

    def test_invalid_file_writes_nothing(self):
        """A file with one bad facility is refused whole, naming the field
        and the line; with dry_run the problems come back as errors."""
        before = self._counts()
        with self.assertRaisesRegex(
            ValidationError, r"line 8: \[1\]\.location\.gps-coordinates"
        ):
            self.Producer.import_okw(fixture("okw_invalid.yml"), "bad.yml")
        self.assertEqual(self._counts(), before)
        result = self.Producer.import_okw(fixture("okw_invalid.yml"), dry_run=True)
        self.assertEqual(
            [(e["field"], e["line"]) for e in result["errors"]],
            [("[1].location.gps-coordinates", 8)],
        )
        self.assertEqual(result["created"], [])

    def test_non_managers_cannot_import_or_export(self):
        """Network users and portal users are refused, and nothing is written."""
        producer = self.env.ref("distributed_mfg.dmfg_producer_barcelona_demo")
        design = self.env.ref("distributed_mfg.dmfg_design_shelf_bracket_demo")
        before = self._counts()
        for user in (self.user, self.portal):
            with self.assertRaises(AccessError):
                self.env["dmfg.producer"].with_user(user).import_okw(
                    fixture("okw_facilities.yml")
                )
            with self.assertRaises(AccessError):
                self.env["dmfg.design"].with_user(user).import_okh(
                    fixture("okh_design.yml")
                )
            with self.assertRaises(AccessError):
                producer.with_user(user).export_okw()
            with self.assertRaises(AccessError):
                design.with_user(user).export_okh()
        self.assertEqual(self._counts(), before)

    def test_export_import_round_trip(self):
        """Producers exported as OKW and imported again (after they were
        removed) come back with the same values."""
        result = self._import_facilities()
        producers = self.Producer.browse([e["id"] for e in result["created"]])
        expected = producers.read(PRODUCER_FIELDS)
        processes = [p.process_ids for p in producers]
        text = producers.export_okw()
        self.assertIn("x-dmfg-capacity:", text)
        self.assertIn("free_hours_next_14_days:", text)
        partners = producers.partner_id
        producers.unlink()
        partners.unlink()
        again = self.Producer.import_okw(text, "export.yml")
        self.assertEqual(len(again["created"]), 3)
        back = self.Producer.browse([e["id"] for e in again["created"]])
        values = back.read(PRODUCER_FIELDS)
        for entry in expected + values:
            entry.pop("id")
        self.assertEqual(values, expected)
        self.assertEqual([p.process_ids for p in back], processes)

    def test_import_query_count_does_not_grow_per_facility(self):
        """Importing 40 facilities costs at most a few queries more per
        facility than importing 10 (batched reads and creations)."""
        self.Producer.import_okw(facilities(2, "Warm"))

        def queries(count, prefix):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.Producer.import_okw(facilities(count, prefix))
            return self.env.cr.sql_log_count - start

        small, large = queries(10, "Small"), queries(40, "Large")
        per_facility = (large - small) / 30
        self.assertLess(per_facility, 12, f"{small} then {large} queries")

    # ------------------------------------------------------------ OKH in

    def test_import_okh_v1_creates_design_product_bom_and_revision(self):
        """An okh.yml becomes a design with its licence and licensor, a
        product, a bill of materials and a released revision of links."""
        result = self.Design.import_okh(fixture("okh_design.yml"), "okh.yml")
        design = self.Design.browse(result["created"][0]["id"])
        self.assertRecordValues(
            design,
            [
                {
                    "name": "Test Phone Stand",
                    "licence": "CERN-OHL-S-2.0",
                    "okh_version": "1.2.0",
                    "okh_identifier": "https://example.org/okh/test-phone-stand",
                    "commercial_use_allowed": True,
                }
            ],
        )
        self.assertEqual(design.designer_id.name, "Núria Test Designer")
        self.assertEqual(
            design.process_ids,
            self.env.ref("distributed_mfg.dmfg_process_fdm")
            | self.env.ref("distributed_mfg.dmfg_process_laser"),
        )
        self.assertEqual(design.product_tmpl_ids.name, "Test Phone Stand")
        self.assertEqual(
            design.bom_id.bom_line_ids.product_id.mapped("name"),
            ["Test stand body", "Test plywood base"],
        )
        revision = design.current_revision_id
        self.assertEqual(revision.code, "A")
        self.assertRecordValues(
            revision.file_ids,
            [
                {
                    "name": "Stand (STL)",
                    "kind": "cad",
                    "type": "url",
                    "url": "https://example.org/okh/test-phone-stand/stand.stl",
                },
                {
                    "name": "How to make it",
                    "kind": "making",
                    "type": "url",
                    "url": "https://example.org/okh/test-phone-stand/howto.pdf",
                },
            ],
        )

    def test_imported_design_can_be_routed(self):
        """An imported design is routed like any other once a producer able
        to make it has a price for its product."""
        result = self.Design.import_okh(fixture("okh_design.yml"), "okh.yml")
        design = self.Design.browse(result["created"][0]["id"])
        producer = design.allowed_producer_ids[:1]
        self.assertTrue(producer, "a demo producer prints and laser-cuts")
        self.env["product.supplierinfo"].create(
            {
                "partner_id": producer.partner_id.id,
                "product_tmpl_id": design.product_tmpl_ids.id,
                "price": 12.0,
            }
        )
        preview = self.env["dmfg.job"].preview_routing(
            design.product_tmpl_ids.product_variant_id.id, 2, False, 41.40, 2.16
        )
        self.assertEqual(preview["chosen"]["producer_name"], producer.name)

    def test_reimport_okh_adds_a_revision(self):
        """The same manifest again makes revision B, not a second design."""
        first = self.Design.import_okh(fixture("okh_design.toml"), "okh.toml")
        self.assertEqual(
            [w["message"] for w in first["warnings"]],
            [
                "tsdc: process 'WEL' is not mapped to a process of the network "
                "(left out; add it under Configuration > Process terms)."
            ],
        )
        designs = self.Design.search_count([])
        second = self.Design.import_okh(fixture("okh_design.toml"), "okh.toml")
        self.assertEqual(second["updated"][0]["id"], first["created"][0]["id"])
        self.assertEqual(self.Design.search_count([]), designs)
        design = self.Design.browse(first["created"][0]["id"])
        self.assertEqual(
            design.revision_ids.sorted("sequence").mapped(lambda r: (r.code, r.state)),
            [("A", "obsolete"), ("B", "released")],
        )

    def test_files_in_an_uploaded_archive_become_attachments(self):
        """A zip with the manifest and one of its files: that file is stored,
        the others stay links."""
        manifest = fixture("okh_design.yml").replace(
            "https://example.org/okh/test-phone-stand/stand.stl", "cad/stand.stl"
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("okh.yml", manifest)
            archive.writestr("cad/stand.stl", b"solid stand\nendsolid stand\n")
        content = base64.b64encode(buffer.getvalue()).decode()
        result = self.Design.import_okh(content, "stand.zip")
        design = self.Design.browse(result["created"][0]["id"])
        files = design.current_revision_id.file_ids
        self.assertRecordValues(
            files,
            [
                {"name": "Stand (STL)", "type": "binary", "kind": "cad"},
                {"name": "How to make it", "type": "url", "kind": "making"},
            ],
        )
        self.assertEqual(files[0].raw, b"solid stand\nendsolid stand\n")

    def test_invalid_manifest_writes_nothing(self):
        """An unknown licence is refused with its field and line."""
        before = self._counts()
        content = fixture("okh_design.yml").replace("CERN-OHL-S-2.0", "Beerware")
        with self.assertRaisesRegex(ValidationError, r"line 8: license\.hardware"):
            self.Design.import_okh(content, "okh.yml")
        self.assertEqual(self._counts(), before)
        self.assertEqual(
            self.Design.import_okh(content, "okh.yml", dry_run=True)["errors"][0][
                "line"
            ],
            8,
        )
        self.assertEqual(self._counts(), before)

    def test_design_round_trip_in_both_formats(self):
        """A design exported as okh.yml or okh.toml, imported as a new
        design, has the same name, licence, version, processes, parts and
        files."""
        result = self.Design.import_okh(fixture("okh_design.yml"), "okh.yml")
        design = self.Design.browse(result["created"][0]["id"])
        for fmt in ("yml", "toml"):
            text = design.export_okh(fmt)[str(design.id)]
            text = text.replace(
                "https://example.org/okh/test-phone-stand\n",
                f"https://example.org/okh/copy-{fmt}\n",
            ).replace(
                '"https://example.org/okh/test-phone-stand"',
                f'"https://example.org/okh/copy-{fmt}"',
            )
            again = self.Design.import_okh(text, f"okh.{fmt}")
            copy = self.Design.browse(again["created"][0]["id"])
            for field in (
                "name",
                "licence",
                "okh_version",
                "description",
                "designer_id",
            ):
                self.assertEqual(copy[field], design[field], (fmt, field))
            self.assertEqual(copy.process_ids, design.process_ids, fmt)
            self.assertEqual(
                copy.bom_id.bom_line_ids.product_id,
                design.bom_id.bom_line_ids.product_id,
            )
            self.assertEqual(
                sorted(copy.current_revision_id.file_ids.mapped("url")),
                sorted(design.current_revision_id.file_ids.mapped("url")),
            )

    # ------------------------------------------------------------ back office

    def test_wizard_previews_then_imports(self):
        """The wizard shows what will happen and writes only on Import."""
        before = self._counts()
        form = Form(self.env["dmfg.open.standard.import"].with_user(self.manager))
        form.kind = "okw"
        form.upload_file = base64.b64encode(fixture("okw_facilities.yml").encode())
        wizard = form.save()
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertTrue(wizard.can_import)
        self.assertIn("Taller Tèxtil Vic", wizard.preview)
        self.assertIn("To create (3)", wizard.preview)
        self.assertIn("Skipped (1)", wizard.preview)
        self.assertEqual(self._counts(), before)
        action = wizard.action_import()
        self.assertEqual(action["res_model"], "dmfg.producer")
        self.assertEqual(self.Producer.search_count(action["domain"]), 3)

    def test_wizard_preview_of_an_invalid_file(self):
        """An invalid pasted text shows its problems and cannot be imported."""
        wizard = (
            self.env["dmfg.open.standard.import"]
            .with_user(self.manager)
            .create({"kind": "okh", "text": "title: [broken\n"})
        )
        wizard.action_preview()
        self.assertFalse(wizard.can_import)
        self.assertIn("cannot be read", wizard.preview)

    def test_import_menu_and_mapping_for_managers_only(self):
        """Network users see neither the import menu nor the process terms."""
        menus = self.env["ir.ui.menu"]
        for xmlid in (
            "distributed_mfg.dmfg_open_standard_import_menu",
            "distributed_mfg.dmfg_process_term_menu",
        ):
            menu = self.env.ref(xmlid)
            self.assertIn(menu.id, menus.with_user(self.manager)._visible_menu_ids())
            self.assertNotIn(menu.id, menus.with_user(self.user)._visible_menu_ids())
        with self.assertRaises(AccessError):
            self.env["dmfg.process.term"].with_user(self.user).create(
                {
                    "term": "Welding",
                    "process_id": self.env.ref(
                        "distributed_mfg.dmfg_process_assembly"
                    ).id,
                }
            )

    def test_mapping_table_maps_a_new_term(self):
        """A term the manager adds is used by the next import."""
        content = "name: Soldadures Vic\nmanufacturing-processes: [Welding]\n"
        plan = self.Producer.import_okw(content, dry_run=True)
        self.assertEqual([w["code"] for w in plan["warnings"]], ["unknown_process"])
        assembly = self.env.ref("distributed_mfg.dmfg_process_assembly")
        self.env["dmfg.process.term"].with_user(self.manager).create(
            {"term": "https://en.wikipedia.org/wiki/Welding", "process_id": assembly.id}
        )
        result = self.Producer.import_okw(content)
        self.assertEqual(result["warnings"], [])
        producer = self.Producer.browse(result["created"][0]["id"])
        self.assertEqual(producer.process_ids, assembly)

    def test_export_actions_download_a_file(self):
        """The Export actions return a download of the file."""
        producer = self.env.ref("distributed_mfg.dmfg_producer_barcelona_demo")
        action = producer.with_user(self.manager).action_export_okw()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment = self.env["ir.attachment"].browse(
            int(action["url"].split("/")[-1].split("?")[0])
        )
        self.assertEqual(attachment.name, "okw-facilities.yml")
        self.assertIn(producer.name, attachment.raw.decode())
        design = self.env.ref("distributed_mfg.dmfg_design_shelf_bracket_demo")
        action = design.with_user(self.manager).action_export_okh_toml()
        self.assertEqual(action["type"], "ir.actions.act_url")
