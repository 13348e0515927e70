# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Open Know-How manifests (v1 YAML, OKH-LOSH TOML) read and written (no
database)."""

import doctest
import io
import os
import zipfile

from odoo.tests import BaseCase, tagged

from ..services import licence, okh, standards

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
LICENCES = list(licence.LICENCES)


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as fh:
        return fh.read()


def problems_of(content, filename=""):
    try:
        okh.parse_design(content, filename, LICENCES)
    except standards.FormatError as error:
        return [(p.code, p.field, p.line) for p in error.problems]
    raise AssertionError("the manifest was accepted")


@tagged("dmfg")
class TestOkhService(BaseCase):
    maxDiff = None

    def test_doctests(self):
        """The examples in the module's docstrings hold."""
        self.assertEqual(doctest.testmod(okh).failed, 0)

    def test_reads_an_okh_v1_manifest(self):
        """Title, description, version, licence, licensor, documentation,
        processes and parts of an okh.yml."""
        design = okh.parse_design(fixture("okh_design.yml"), "okh.yml", LICENCES)
        self.assertEqual(
            design,
            {
                "format": "yml",
                "identifier": "https://example.org/okh/test-phone-stand",
                "link": "https://example.org/okh/test-phone-stand",
                "title": "Test Phone Stand",
                "description": "A printed phone stand with a laser-cut plywood base.",
                "version": "1.2.0",
                "licence": "CERN-OHL-S-2.0",
                "licensor": {
                    "name": "Núria Test Designer",
                    "email": "nuria@example.org",
                    "affiliation": "",
                },
                "documents": [
                    {
                        "kind": "cad",
                        "path": "https://example.org/okh/test-phone-stand/stand.stl",
                        "title": "Stand (STL)",
                        "list": "design-files",
                    },
                    {
                        "kind": "making",
                        "path": "https://example.org/okh/test-phone-stand/howto.pdf",
                        "title": "How to make it",
                        "list": "making-instructions",
                    },
                ],
                "process_terms": ["3D printing", "laser cutting"],
                "parts": [
                    {
                        "name": "Test stand body",
                        "quantity": 1.0,
                        "process_terms": [],
                        "material": "",
                    },
                    {
                        "name": "Test plywood base",
                        "quantity": 1.0,
                        "process_terms": [],
                        "material": "",
                    },
                ],
            },
        )

    def test_reads_an_okh_losh_manifest(self):
        """name/repo/function/tsdc and [[part]] tables of an okh.toml."""
        design = okh.parse_design(fixture("okh_design.toml"), "okh.toml", LICENCES)
        self.assertEqual(design["format"], "toml")
        self.assertEqual(design["title"], "Test Lamp")
        self.assertEqual(design["licence"], "CERN-OHL-W-2.0")
        self.assertEqual(
            design["licensor"], {"name": "Jordi Test", "email": "jordi@example.org"}
        )
        self.assertEqual(design["process_terms"], ["3DP", "WEL"])
        self.assertEqual(
            [(d["kind"], d["path"]) for d in design["documents"]],
            [
                ("making", "https://example.org/okh/test-lamp/build.md"),
                ("cad", "https://example.org/okh/test-lamp/shade.step"),
            ],
        )
        self.assertEqual(
            [(p["name"], p["material"]) for p in design["parts"]],
            [("Test lamp shade", "PLA"), ("Test lamp arm", "")],
        )

    def test_missing_and_bad_fields_name_field_and_line(self):
        """Required fields, an unknown licence and a wrong type are reported
        with their field and line."""
        content = (
            "title: Stand\n"
            "license:\n"
            "  hardware: Beerware-Forever\n"
            "design-files: 3\n"
        )
        self.assertEqual(
            problems_of(content),
            [
                ("required", "description", 1),
                ("required", "project-link", 1),
                ("licence", "license.hardware", 3),
                ("type", "design-files", 4),
            ],
        )
        toml = 'name = "Lamp"\nrepo = "https://x.example"\nversion = "1"\nlicense = 5\n'
        self.assertEqual(
            problems_of(toml, "okh.toml"),
            [("required", "function", 1), ("type", "license", 4)],
        )

    def test_toml_syntax_error_has_a_line(self):
        """A broken okh.toml says on which line."""
        self.assertEqual(
            problems_of('name = "Lamp"\nrepo = \n', "okh.toml"), [("syntax", "", 2)]
        )

    def test_licence_is_matched_case_insensitively(self):
        """'cc-by-4.0' is the SPDX id CC-BY-4.0."""
        design = okh.parse_design(
            "title: T\ndescription: D\nproject-link: https://x.example\n"
            "license: cc-by-4.0\n",
            "",
            LICENCES,
        )
        self.assertEqual(design["licence"], "CC-BY-4.0")

    def test_both_formats_read_back_the_same(self):
        """A design written as okh.yml or okh.toml reads back the same."""
        design = okh.parse_design(fixture("okh_design.toml"), "okh.toml", LICENCES)
        for fmt in ("yml", "toml"):
            back = okh.parse_design(okh.dump(design, fmt), f"okh.{fmt}", LICENCES)
            for key in ("title", "link", "description", "version", "licence"):
                self.assertEqual(back[key], design[key], (fmt, key))
            self.assertEqual(back["licensor"]["name"], "Jordi Test")
            self.assertEqual(back["process_terms"], design["process_terms"])
            self.assertEqual(
                sorted(d["path"] for d in back["documents"]),
                sorted(d["path"] for d in design["documents"]),
            )
            self.assertEqual(
                [(p["name"], p["quantity"]) for p in back["parts"]],
                [(p["name"], p["quantity"]) for p in design["parts"]],
            )

    def test_archive_gives_manifest_and_files(self):
        """A zip holds the manifest and the files its relative paths name;
        an archive without manifest or not a zip is refused."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("stand/okh.yml", "title: T\n")
            archive.writestr("stand/cad/stand.stl", b"solid s\nendsolid s\n")
            archive.writestr("stand/extra/okh.toml", "name = 'deeper'\n")
        text, name, files = okh.read_archive(buffer.getvalue())
        self.assertEqual((text, name), ("title: T\n", "okh.yml"))
        self.assertEqual(files["cad/stand.stl"], b"solid s\nendsolid s\n")
        self.assertEqual(okh.local_path("./cad/stand.stl"), "cad/stand.stl")
        empty = io.BytesIO()
        with zipfile.ZipFile(empty, "w") as archive:
            archive.writestr("readme.md", "hi")
        for raw, code in ((empty.getvalue(), "required"), (b"not a zip", "syntax")):
            with self.assertRaises(standards.FormatError) as caught:
                okh.read_archive(raw)
            self.assertEqual(caught.exception.problems[0].code, code)
