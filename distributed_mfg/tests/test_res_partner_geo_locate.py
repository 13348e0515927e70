# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner geocoding with a local fake Nominatim (only HTTP is replaced)."""

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..services import geocoding
from .common_geo import FORCA_8, GIRONA_CENTRE, KNOWN, SERVICE_GIRONA, GeoLocateCase
from .fake_nominatim import FakeNominatim


@tagged("post_install", "-at_install", "dmfg")
class TestPartnerGeoLocate(GeoLocateCase):
    def test_located_at_address(self):
        """A known address is located: coordinates and date written."""
        partner = self._partner("Taller Força", "Girona", "Carrer de la Força 8")
        with FakeNominatim(KNOWN) as server:
            self._use_server(server)
            outcomes = partner._dmfg_geo_locate()
        self.assertEqual(
            outcomes,
            {partner.id: ("located", "Taller Força: located at its address.")},
        )
        self.assertRecordValues(
            partner,
            [
                {
                    "partner_latitude": FORCA_8[0],
                    "partner_longitude": FORCA_8[1],
                    "date_localization": fields.Date.context_today(partner),
                }
            ],
        )
        self.assertEqual(server.requests[0][1]["countrycodes"], "es")

    def test_unknown_street_placed_at_town(self):
        """An unknown street gives the town centre and says so."""
        partner = self._partner("Taller Nou", "Girona", "Carrer Inventat 99")
        with FakeNominatim(KNOWN) as server:
            self._use_server(server)
            status, message = partner._dmfg_geo_locate()[partner.id]
        self.assertEqual(status, "town")
        self.assertEqual(
            message,
            "Taller Nou: street not found, placed at the centre of Girona.",
        )
        self.assertEqual(
            (partner.partner_latitude, partner.partner_longitude), SERVICE_GIRONA
        )

    def test_service_down_town_fallback_says_so(self):
        """Service unreachable: town coordinates from offline data, with a warning."""
        partner = self._partner("Taller Força", "Girona", "Carrer de la Força 8")
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            status, message = partner._dmfg_geo_locate()[partner.id]
        self.assertEqual(status, "town")
        self.assertEqual(
            message,
            "Taller Força: the geocoding service could not be reached; placed at "
            "the centre of Girona from offline town data.",
        )
        self.assertEqual(
            (partner.partner_latitude, partner.partner_longitude), GIRONA_CENTRE
        )

    def test_timeout_never_hangs(self):
        """A service slower than the time-out is abandoned; town fallback."""
        partner = self._partner("Taller Lent", "Girona", "Carrer de la Força 8")
        with FakeNominatim(KNOWN, mode="slow", delay=3) as server:
            self._use_server(server, timeout=0.5)
            status, message = partner._dmfg_geo_locate()[partner.id]
        self.assertEqual(status, "town")
        self.assertIn("could not be reached", message)
        self.assertNotIn("GeocoderTimedOut", message)

    def test_not_found_keeps_previous_coordinates(self):
        """An unknown place is reported and the old coordinates stay."""
        partner = self._partner(
            "Taller Perdut",
            "Xyzzyville",
            partner_latitude=41.5,
            partner_longitude=2.1,
        )
        with FakeNominatim(KNOWN) as server:
            self._use_server(server)
            outcomes = partner._dmfg_geo_locate()
        self.assertEqual(
            outcomes[partner.id],
            (
                "not_found",
                "Taller Perdut: address not found; check the city and the country.",
            ),
        )
        self.assertEqual(
            (partner.partner_latitude, partner.partner_longitude), (41.5, 2.1)
        )

    def test_no_address(self):
        """A partner without any address is not searched at all."""
        partner = self._partner("Sense Adreça", False)
        with FakeNominatim(KNOWN) as server:
            self._use_server(server)
            status, message = partner._dmfg_geo_locate()[partner.id]
        self.assertEqual(status, "not_found")
        self.assertIn("no address to locate", message)
        self.assertEqual(server.requests, [])

    def test_batch_with_failure_writes_only_the_good_ones(self):
        """Service down: the known town is placed, the unknown one fails alone."""
        good = self._partner("Taller Vic", "Vic")
        bad = self._partner(
            "Taller Fantasma",
            "Xyzzyville",
            partner_latitude=40.0,
            partner_longitude=1.0,
        )
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            outcomes = (good | bad)._dmfg_geo_locate()
        self.assertEqual(outcomes[good.id][0], "town")
        self.assertEqual(outcomes[bad.id][0], "failed")
        self.assertEqual(
            outcomes[bad.id][1],
            "Taller Fantasma: the geocoding service could not be reached; "
            "coordinates unchanged. Try again later.",
        )
        self.assertAlmostEqual(good.partner_latitude, 41.93, places=2)
        self.assertEqual((bad.partner_latitude, bad.partner_longitude), (40.0, 1.0))
        self.assertEqual(len(server.requests), 1, "cool-down: one failed call only")

    def test_service_down_keeps_existing_coordinates(self):
        """Service unreachable and the partner already placed: its coordinates
        stay (offline data know only the town centre) and the message says
        so, in plain words."""
        partner = self._partner(
            "Taller Força",
            "Girona",
            "Carrer de la Força 8",
            partner_latitude=FORCA_8[0],
            partner_longitude=FORCA_8[1],
        )
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            outcomes = partner._dmfg_geo_locate()
        self.assertEqual(
            outcomes[partner.id],
            (
                "failed",
                "Taller Força: the geocoding service could not be reached; "
                "coordinates unchanged. Try again later.",
            ),
        )
        self.assertEqual((partner.partner_latitude, partner.partner_longitude), FORCA_8)

    def test_service_down_messages_name_only_their_partner(self):
        """After a failure the service cools down; the next partners' messages
        never quote the failed request (another partner's street) nor the
        technical error."""
        first = self._partner("Taller Primer", "Girona", "Carrer de la Força 8")
        second = self._partner(
            "Taller Segon",
            "Vic",
            "Carrer Major 1",
            partner_latitude=41.93,
            partner_longitude=2.25,
        )
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            outcomes = (first | second)._dmfg_geo_locate()
        self.assertEqual(len(server.requests), 1, "cool-down: one failed call only")
        for partner, other in ((first, second), (second, first)):
            message = outcomes[partner.id][1]
            self.assertTrue(message.startswith(partner.name + ":"), message)
            self.assertNotIn(other.name, message)
            for leak in ("Força", "Major", "HTTP", "Geocoder", "search?", "127.0.0.1"):
                self.assertNotIn(leak, message)
        self.assertEqual(outcomes[first.id][0], "town")
        self.assertEqual(outcomes[second.id][0], "failed")

    def test_messages_are_translated(self):
        """The messages follow the user's language (Spanish here)."""
        # Code translations are read from the addon's es.po.
        self.env["res.lang"]._activate_lang("es_ES")
        partner = self._partner(
            "Taller Força", "Girona", partner_latitude=41.9, partner_longitude=2.8
        )
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            outcomes = partner.with_context(lang="es_ES")._dmfg_geo_locate()
        status, message = outcomes[partner.id]
        self.assertEqual(status, "failed")
        self.assertTrue(message.startswith("Taller Força: "), message)
        self.assertNotIn("could not be reached", message)
        self.assertIn("servicio de geocodificación", message)

    def test_locate_notification_says_what_happened(self):
        """The producer's Locate button: coordinates unchanged is never called
        "town level"; town level only when town coordinates were written."""
        placed = self.env["dmfg.producer"].create(
            {
                "partner_id": self._partner(
                    "Taller Força",
                    "Girona",
                    "Carrer de la Força 8",
                    partner_latitude=FORCA_8[0],
                    partner_longitude=FORCA_8[1],
                ).id
            }
        )
        new, other = self.env["dmfg.producer"].create(
            [
                {"partner_id": self._partner("Taller Vic", "Vic").id},
                {"partner_id": self._partner("Taller Girona", "Girona").id},
            ]
        )
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            kept = placed.action_locate()["params"]
            town = new.action_locate()["params"]
            both = (placed | other).action_locate()["params"]
        self.assertEqual(
            (kept["title"], kept["type"]),
            ("Not located: coordinates unchanged", "danger"),
        )
        self.assertNotIn("town", kept["message"])
        self.assertEqual(both["title"], "Partly located")
        self.assertEqual(town["title"], "Located at town level")
        self.assertIn("Taller Vic", town["message"])
        self.assertEqual((placed.latitude, placed.longitude), FORCA_8)

    def test_other_provider_failing_still_falls_back(self):
        """With Google and no API key, the town still comes from offline data."""
        google = self.env.ref("base_geolocalize.geoprovider_google_map")
        self.env["ir.config_parameter"].set_param(
            "base_geolocalize.geo_provider", google.id
        )
        partner = self._partner("Taller Vic", "Vic")
        status, message = partner._dmfg_geo_locate()[partner.id]
        self.assertEqual(status, "town")
        self.assertIn("could not be reached; placed at the centre of Vic", message)

    def test_geolocate_button_uses_provider_with_fallback(self):
        """The partner form's Geolocate button works with the service down."""
        partner = self._partner("Taller Vic", "Vic", "Carrer Major 1")
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            partner.with_context(force_geo_localize=True).geo_localize()
        self.assertAlmostEqual(partner.partner_latitude, 41.93, places=2)
        self.assertAlmostEqual(partner.partner_longitude, 2.255, places=2)

    def test_rejected_write_leaves_partner_untouched(self):
        """Coordinates refused by a producer constraint: failed, nothing written."""
        partner = self._partner(
            "Taller Vic", "Vic", partner_latitude=41.93, partner_longitude=2.25
        )
        producer = self.env["dmfg.producer"].create({"partner_id": partner.id})
        impossible = geocoding.GeocodeResult(
            "located", "address", 95.0, 2.25, "service", "Vic"
        )
        status, message = partner._dmfg_apply_geo_result(impossible)
        self.assertEqual(status, "failed")
        self.assertIn("coordinates found but not saved", message)
        self.assertIn("latitude must be between -90 and 90", message)
        partner.invalidate_recordset()
        producer.invalidate_recordset()
        self.assertEqual((partner.partner_latitude, producer.latitude), (41.93, 41.93))
        self.assertFalse(partner.date_localization)

    def test_geo_find_free_text(self):
        """Core geo_find works with our provider; an outage gives None, logged."""
        geocoder = self.env["base.geocoder"]
        address = geocoder.geo_query_address(
            street="Carrer de la Força 8", zip="17004", city="Girona", country="Spain"
        )
        with FakeNominatim(KNOWN) as server:
            self._use_server(server)
            self.assertEqual(geocoder.geo_find(address), FORCA_8)
        with FakeNominatim(KNOWN, mode="error") as server:
            self._use_server(server)
            with self.assertLogs(
                "odoo.addons.distributed_mfg.models.base_geocoder", "WARNING"
            ) as logs:
                self.assertIsNone(geocoder.geo_find(address))
        self.assertIn("Geocoding service unavailable", logs.output[0])

    def test_portal_user_cannot_locate(self):
        """A portal user cannot geocode (write) partners."""
        partner = self._partner("Taller Vic", "Vic")
        portal = new_test_user(self.env, "dmfg_geo_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            partner.with_user(portal)._dmfg_geo_locate()
        self.assertFalse(partner.partner_latitude)


@tagged("post_install", "-at_install", "dmfg")
class TestDefaultProvider(TransactionCase):
    def test_default_provider_set_unless_chosen(self):
        """Our provider becomes the default, but never replaces an admin choice."""
        params = self.env["ir.config_parameter"]
        ours = self.env.ref("distributed_mfg.base_geo_provider_dmfg_nominatim")
        google = self.env.ref("base_geolocalize.geoprovider_google_map")
        self.assertEqual(ours.name, "OpenStreetMap (rate-limited, with timeout)")
        # Set at install (nobody had chosen a provider in this database).
        self.assertEqual(self.env["base.geocoder"]._get_provider(), ours)
        params.set_param("base_geolocalize.geo_provider", False)
        self.env["base.geocoder"]._dmfg_set_default_provider()
        self.assertEqual(self.env["base.geocoder"]._get_provider(), ours)
        params.set_param("base_geolocalize.geo_provider", google.id)
        self.env["base.geocoder"]._dmfg_set_default_provider()
        self.assertEqual(self.env["base.geocoder"]._get_provider(), google)

    def test_timeout_and_rate_limit_configuration(self):
        """Time-out is configurable; the 1 request/second floor is not."""
        params = self.env["ir.config_parameter"]
        params.set_param("distributed_mfg.nominatim_timeout", "3")
        params.set_param("distributed_mfg.nominatim_min_delay_seconds", "0.1")
        config = self.env["base.geocoder"]._dmfg_get_config()
        self.assertEqual((config.timeout, config.min_delay_seconds), (3.0, 1.0))
        self.assertEqual(config.domain, "nominatim.openstreetmap.org")
        self.assertIn("distributed_mfg", config.user_agent)
