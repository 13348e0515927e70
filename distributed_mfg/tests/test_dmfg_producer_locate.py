# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Batch "Locate producers" wizard (fake Nominatim at the HTTP boundary)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common_geo import KNOWN, GeoLocateCase
from .fake_nominatim import FakeNominatim


@tagged("post_install", "-at_install", "dmfg")
class TestProducerLocateWizard(GeoLocateCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env, "dmfg_locate_manager", groups="distributed_mfg.group_dmfg_manager"
        )
        cls.user = new_test_user(
            cls.env, "dmfg_locate_user", groups="distributed_mfg.group_dmfg_user"
        )

    def _producers(self, *specs):
        producers = self.env["dmfg.producer"]
        for name, city in specs:
            producers |= self.env["dmfg.producer"].create(
                {"partner_id": self._partner(name, city).id}
            )
        return producers

    def _open_wizard(self, producers, user=None):
        model = self.env["dmfg.producer.locate"].with_user(user or self.manager)
        return model.with_context(
            active_model="dmfg.producer", active_ids=producers.ids
        ).create({"chunk_size": 2})

    def test_chunks_with_progress_and_summary(self):
        """Three producers, two per step: progress 2 / 3, then a summary."""
        producers = self._producers(
            ("Taller Girona", "Girona"),
            ("Taller Vic", "Vic"),
            ("Taller Fantasma", "Xyzzyville"),
        )
        wizard = self._open_wizard(producers)
        self.assertEqual(wizard.producer_ids, producers)
        self.assertEqual((wizard.state, wizard.progress_label), ("draft", "0 / 3"))
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            action = wizard.action_locate_next()
            self.assertEqual(
                (action["res_model"], action["res_id"], action["target"]),
                ("dmfg.producer.locate", wizard.id, "new"),
            )
            self.assertEqual(wizard.state, "running")
            self.assertEqual(wizard.progress_label, "2 / 3")
            self.assertAlmostEqual(wizard.progress, 200 / 3)
            wizard.action_locate_next()
        self.assertEqual(wizard.state, "done")
        self.assertRecordValues(
            wizard,
            [
                {
                    "progress_label": "3 / 3",
                    "located_count": 0,
                    "town_count": 2,
                    "not_found_count": 0,
                    "failed_count": 1,
                }
            ],
        )
        self.assertIn("Taller Fantasma", wizard.problem_summary)
        self.assertNotIn("Taller Vic", wizard.problem_summary)
        self.assertEqual(wizard.line_ids.mapped("status"), ["town", "town", "failed"])
        self.assertTrue(all(producers[:2].mapped("has_coordinates")))
        self.assertFalse(producers[2].has_coordinates)
        # "Show producers" opens the ones to fix.
        action = wizard.action_open_producers()
        self.assertEqual(action["domain"], [("id", "in", producers[2].ids)])

    def test_located_and_not_found_counts(self):
        """Service up: exact address located, unknown town not found."""
        located = self.env["dmfg.producer"].create(
            {
                "partner_id": self._partner(
                    "Taller Força", "Girona", "Carrer de la Força 8"
                ).id
            }
        )
        lost = self._producers(("Taller Perdut", "Xyzzyville"))
        wizard = self._open_wizard(located | lost)
        with FakeNominatim(KNOWN) as server:
            self._use_server(server)
            wizard.action_locate_next()
        self.assertEqual(
            (wizard.state, wizard.located_count, wizard.not_found_count),
            ("done", 1, 1),
        )
        self.assertEqual(
            wizard.problem_summary,
            "Taller Perdut: address not found; check the city and the country.",
        )

    def test_service_down_reports_each_producer_plainly(self):
        """Service down: a producer already placed keeps its coordinates and
        is not counted "town level"; each line speaks of its own producer,
        in plain words (no exception, no other producer's street)."""
        placed = self.env["dmfg.producer"].create(
            {
                "partner_id": self._partner(
                    "Taller Força",
                    "Girona",
                    "Carrer de la Força 8",
                    partner_latitude=41.9853,
                    partner_longitude=2.8226,
                ).id
            }
        )
        new = self.env["dmfg.producer"].create(
            {"partner_id": self._partner("Taller Vic", "Vic", "Carrer Major 1").id}
        )
        wizard = self._open_wizard(placed | new)
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            wizard.action_locate_next()
        self.assertRecordValues(
            wizard, [{"state": "done", "town_count": 1, "failed_count": 1}]
        )
        lines = {line.producer_id: line for line in wizard.line_ids}
        self.assertEqual(lines[placed].status, "failed")
        self.assertEqual(
            lines[placed].message,
            "Taller Força: the geocoding service could not be reached; "
            "coordinates unchanged. Try again later.",
        )
        self.assertEqual(lines[new].status, "town")
        self.assertEqual(
            lines[new].message,
            "Taller Vic: the geocoding service could not be reached; placed at "
            "the centre of Vic from offline town data.",
        )
        self.assertEqual((placed.latitude, placed.longitude), (41.9853, 2.8226))
        self.assertEqual(wizard.problem_summary, lines[placed].message)

    def test_bound_to_producer_list_for_managers(self):
        """The action appears in the producers' Action menu, for managers."""
        action = self.env.ref("distributed_mfg.dmfg_producer_locate_action")
        self.assertEqual(action.binding_model_id.model, "dmfg.producer")
        self.assertIn("list", action.binding_view_types)
        self.assertEqual(
            action.groups_id, self.env.ref("distributed_mfg.group_dmfg_manager")
        )

    def test_user_cannot_run_wizard(self):
        """A Distributed Manufacturing user (not manager) cannot locate in batch."""
        producers = self._producers(("Taller Vic", "Vic"))
        with self.assertRaises(AccessError):
            self._open_wizard(producers, user=self.user)

    def test_empty_selection_refused(self):
        """Running the wizard without producers gives a clear error."""
        wizard = self.env["dmfg.producer.locate"].with_user(self.manager).create({})
        with self.assertRaisesRegex(UserError, "Select the producers"):
            wizard.action_locate_next()


@tagged("post_install", "-at_install", "dmfg")
class TestProducerLocateWizardUi(HttpCase):
    def test_locate_producers_from_list_in_browser(self):
        """A manager selects producers, runs Locate: steps chain up to a summary."""
        spain = self.env.ref("base.es")
        provider = self.env.ref("distributed_mfg.base_geo_provider_dmfg_nominatim")
        params = self.env["ir.config_parameter"]
        params.set_param("base_geolocalize.geo_provider", provider.id)
        producers = self.env["dmfg.producer"]
        for name, city in (
            ("Tour Taller Girona", "Girona"),
            ("Tour Taller Vic", "Vic"),
            ("Tour Taller Xyzzy", "Xyzzyville"),
        ):
            partner = self.env["res.partner"].create(
                {"name": name, "is_company": True, "city": city, "country_id": spain.id}
            )
            producers |= producers.create({"partner_id": partner.id})
        new_test_user(
            self.env,
            "dmfg_locate_tour",
            groups="distributed_mfg.group_dmfg_manager",
            password="dmfg_locate_tour",
        )
        with FakeNominatim(KNOWN, mode="error") as server:
            params.set_param("distributed_mfg.nominatim_domain", server.domain)
            params.set_param("distributed_mfg.nominatim_scheme", "http")
            self.start_tour(
                "/odoo", "dmfg_locate_producers_tour", login="dmfg_locate_tour"
            )
        self.assertEqual(producers.mapped("has_coordinates"), [True, True, False])
        wizard = self.env["dmfg.producer.locate"].search([], order="id desc", limit=1)
        self.assertEqual(wizard.line_ids.mapped("status"), ["town", "town", "failed"])
