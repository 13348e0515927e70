# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Open Know-Where files read, checked, matched and written (no database)."""

import doctest
import json
import os

from odoo.tests import BaseCase, tagged

from ..services import okw, places, standards

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
PROCESSES = {
    "fused filament fabrication": 1,
    "laser cutting": 2,
    "sewing": 3,
    "cnc milling": 4,
}
MATERIALS = {"pla": 7}


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as fh:
        return fh.read()


def problems_of(content, filename=""):
    """``[(code, field, line)]`` of a file the reader refuses."""
    try:
        okw.parse_facilities(content, filename)
    except standards.FormatError as error:
        return [(p.code, p.field, p.line) for p in error.problems]
    raise AssertionError("the file was accepted")


@tagged("dmfg")
class TestOkwService(BaseCase):
    maxDiff = None

    def test_doctests(self):
        """The examples in the modules' docstrings hold."""
        for module in (standards, okw):
            result = doctest.testmod(module)
            self.assertEqual(result.failed, 0, module.__name__)

    def test_reads_the_fields_the_network_uses(self):
        """Name, address, coordinates, contact, processes, equipment,
        materials and hours of a facility arrive as plain values."""
        facility = okw.parse_facilities(fixture("okw_facilities.yml"))[0]
        self.assertEqual(
            {key: facility[key] for key in facility if key not in ("equipment",)},
            {
                "path": "facilities[0]",
                "line": 5,
                "identifier": "okw-test-terrassa-fablab",
                "name": "Fab Lab Terrassa",
                "status": "Active",
                "description": "Community fab lab with printers and a laser cutter.",
                "opening_hours": "Mo-Fr 10:00-20:00",
                "street": "Carrer de la Rasa 14",
                "district": "",
                "city": "Terrassa",
                "region": "Catalonia",
                "country": "ES",
                "zip": "08221",
                "latitude": 41.5632,
                "longitude": 2.0089,
                "email": "hola@fablab-terrassa.example",
                "phone": "+34 937 000 001",
                "website": "https://fablab-terrassa.example",
                "process_terms": [
                    "https://en.wikipedia.org/wiki/Fused_filament_fabrication",
                    "https://en.wikipedia.org/wiki/Laser_cutting",
                ],
                "material_terms": ["PLA"],
                "capacity": {},
            },
        )
        self.assertEqual(
            facility["equipment"],
            [
                {
                    "name": "Prusa MK4",
                    "process_term": "https://en.wikipedia.org/wiki/"
                    "Fused_filament_fabrication",
                    "quantity": 3,
                }
            ],
        )

    def test_one_facility_or_a_list(self):
        """A file may hold one facility (a mapping) or a list of them."""
        single = okw.parse_facilities("name: Ateneu Fabra\n")
        self.assertEqual([f["name"] for f in single], ["Ateneu Fabra"])
        listed = okw.parse_facilities("- name: A\n- name: B\n")
        self.assertEqual([(f["name"], f["line"]) for f in listed], [("A", 1), ("B", 2)])

    def test_json_is_read_with_lines(self):
        """JSON files are read too, and their problems have a line."""
        content = json.dumps([{"name": "A"}, {"name": "B", "location": 5}], indent=1)
        self.assertEqual(
            problems_of(content, "map.json"), [("type", "[1].location", 7)]
        )

    def test_invalid_values_name_field_and_line(self):
        """Each bad value is reported with its field and line, all at once."""
        self.assertEqual(
            problems_of(fixture("okw_invalid.yml")),
            [("range", "[1].location.gps-coordinates", 8)],
        )
        content = (
            "facilities:\n"
            "  - location: {city: Vic}\n"
            "  - name: B\n"
            "    facility-status: Open\n"
            "    equipment: 12\n"
        )
        self.assertEqual(
            problems_of(content),
            [
                ("required", "facilities[0].name", 2),
                ("choice", "facilities[1].facility-status", 4),
                ("type", "facilities[1].equipment", 5),
            ],
        )

    def test_syntax_errors_have_a_line(self):
        """A file that is not YAML says where it breaks."""
        self.assertEqual(
            problems_of("- name: A\n- name: [B\n- name: C\n"), [("syntax", "", 3)]
        )
        self.assertEqual(problems_of(""), [("empty", "", 0)])
        self.assertEqual(problems_of("42"), [("type", "", 1)])

    def test_aliases_do_not_blow_up(self):
        """Self-referencing and exponential YAML aliases are refused quickly."""
        bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
        for level in "bcdefghij":
            previous = chr(ord(level) - 1)
            bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}]\n"
        bomb += "name: *j\n"
        self.assertEqual(problems_of(bomb), [("type", "name", 11)])
        self.assertEqual(problems_of("&a [*a]"), [("type", "[0]", 1)])

    def test_plan_creates_reports_and_skips(self):
        """New facilities are created; the duplicate is skipped; unknown
        processes are reported, not guessed; a facility without coordinates
        is placed in its town."""
        facilities = okw.parse_facilities(fixture("okw_facilities.yml"))
        plan = okw.plan_import(
            facilities, [], PROCESSES, MATERIALS, {"ES": "ES", "Spain": "ES"}
        )
        self.assertEqual(
            [(e["action"], e["facility"]["name"]) for e in plan],
            [
                ("create", "Fab Lab Terrassa"),
                ("create", "Taller Tèxtil Vic"),
                ("skip", "Fab Lab Terrassa"),
                ("create", "Makerspace Cerdanyola — Ñandú"),
            ],
        )
        self.assertEqual(
            [(e["process_ids"], e["material_ids"]) for e in plan if "process_ids" in e],
            [([1, 2], [7]), ([3], []), ([4], [])],
        )
        self.assertEqual(
            [(n.code, n.line, n.value) for n in plan[1]["notes"]],
            [
                ("located_by_town", 36, "Vic"),
                ("unknown_process", 36, "https://en.wikipedia.org/wiki/Glassblowing"),
            ],
        )
        vic = places.find_town("Vic", "ES")
        self.assertEqual(
            (plan[1]["facility"]["latitude"], plan[1]["facility"]["longitude"]),
            (vic.lat, vic.lon),
        )
        self.assertEqual(
            [(n.code, n.value) for n in plan[2]["notes"]],
            [("duplicate", "facilities[0]")],
        )
        self.assertEqual(plan[0]["equipment"][0]["process_id"], 1)

    def test_plan_matches_by_identifier_then_name_and_place(self):
        """A producer with the facility's identifier is updated; without
        one, the same name within ~100 m matches; elsewhere it does not."""
        facilities = okw.parse_facilities(fixture("okw_facilities.yml"))
        existing = [
            okw.ExistingProducer(11, "okw-test-vic-taller", "Other name", 0, 0),
            okw.ExistingProducer(
                12, "", "MAKERSPACE Cerdanyola - Nandu", 41.4917, 2.1409
            ),
            okw.ExistingProducer(13, "", "Fab Lab Terrassa", 40.0, 2.0),
        ]
        plan = okw.plan_import(facilities, existing, PROCESSES, MATERIALS)
        self.assertEqual(
            [(e["action"], e["producer_id"]) for e in plan],
            [("create", False), ("update", 11), ("skip", False), ("update", 12)],
        )

    def test_not_located_is_reported(self):
        """A town the offline data does not know leaves the facility without
        coordinates, and says so."""
        facilities = okw.parse_facilities(
            "name: Nowhere Lab\nlocation: {address: {city: Nowhere-sur-Rien}}\n"
        )
        plan = okw.plan_import(facilities, [], {}, {})
        self.assertEqual(plan[0]["action"], "create")
        self.assertEqual(
            [(n.code, n.value) for n in plan[0]["notes"]],
            [("not_located", "Nowhere-sur-Rien")],
        )
        self.assertIsNone(plan[0]["facility"]["latitude"])

    def test_export_reads_back_the_same(self):
        """A facility written by facility_values() reads back with the same
        values, and carries the live capacity in x-dmfg-capacity."""
        producer = {
            "identifier": "dmfg-producer-7",
            "name": "Taller Ñandú",
            "street": "Carrer Major 3",
            "city": "Girona",
            "zip": "17001",
            "country": "ES",
            "latitude": 41.98,
            "longitude": 2.82,
            "email": "hola@example.org",
            "phone": "+34 600 000 000",
            "website": "https://example.org",
            "opening_hours": "Mo-Sa 09:00-14:00",
            "description": "Sewing workshop.",
            "processes": ["Sewing"],
            "materials": ["Cotton fabric"],
            "equipment": [{"name": "Juki DDL", "process": "Sewing", "quantity": 2}],
            "capacity": {
                "hours_per_day": 6.0,
                "free_hours_next_14_days": 42.5,
                "lead_time_days": 4,
            },
        }
        for fmt in ("yaml", "json"):
            text = okw.dump([okw.facility_values(producer)], fmt)
            back = okw.parse_facilities(text, f"x.{fmt}")[0]
            self.assertEqual(
                {
                    key: back[key]
                    for key in (
                        "identifier",
                        "name",
                        "street",
                        "city",
                        "zip",
                        "country",
                        "latitude",
                        "longitude",
                        "email",
                        "phone",
                        "website",
                        "opening_hours",
                        "description",
                        "process_terms",
                        "material_terms",
                    )
                },
                {
                    **{
                        key: producer[key]
                        for key in (
                            "identifier",
                            "name",
                            "street",
                            "city",
                            "zip",
                            "country",
                            "latitude",
                            "longitude",
                            "email",
                            "phone",
                            "website",
                            "opening_hours",
                            "description",
                        )
                    },
                    "process_terms": ["Sewing"],
                    "material_terms": ["Cotton fabric"],
                },
            )
            self.assertEqual(
                back["equipment"],
                [{"name": "Juki DDL", "process_term": "Sewing", "quantity": 2}],
            )
            self.assertEqual(
                back["capacity"], {"hours_per_day": 6.0, "lead_time_days": 4}
            )
            self.assertIn("x-dmfg-capacity", text)
            self.assertIn("free_hours_next_14_days", text)
