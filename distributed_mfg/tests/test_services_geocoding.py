# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Geocoding service against a local fake Nominatim (no database).

Only the HTTP server is fake: geopy, its RateLimiter and time-outs run.
"""

import time

from odoo.tests import BaseCase, tagged

from ..services import geocoding
from .fake_nominatim import FakeNominatim

GIRONA_CENTRE = (41.98311, 2.82493)
GIRONA_STREET = (41.9853, 2.8226)
KNOWN = {
    ("Carrer de la Força 8", "Girona"): GIRONA_STREET,
    ("", "Girona"): GIRONA_CENTRE,
}
ADDRESS = geocoding.Address(
    street="Carrer de la Força 8",
    zip="17004",
    city="Girona",
    state="Girona",
    country="Spain",
    country_code="ES",
)


def client_for(server, **config):
    values = {"domain": server.domain, "scheme": "http", "timeout": 2.0}
    values.update(config)
    return geocoding.NominatimClient(geocoding.NominatimConfig(**values))


@tagged("dmfg")
class TestGeocodeAddress(BaseCase):
    def test_full_address_located(self):
        """A known street address is located from the service, with our user agent."""
        with FakeNominatim(KNOWN) as server:
            result = geocoding.geocode_address(ADDRESS, client_for(server))
        self.assertEqual(
            result,
            geocoding.GeocodeResult(
                status="located",
                reason="address",
                lat=GIRONA_STREET[0],
                lon=GIRONA_STREET[1],
                source="service",
                town="Girona",
            ),
        )
        _when, params, user_agent = server.requests[0]
        self.assertEqual(params["street"], "Carrer de la Força 8")
        self.assertEqual(params["countrycodes"], "es")
        self.assertEqual(user_agent, geocoding.DEFAULT_USER_AGENT)

    def test_unknown_street_falls_back_to_town_online(self):
        """An unknown street gives the town centre found by the service."""
        address = geocoding.Address(
            city="Girona", street="Nowhere 1", country_code="ES"
        )
        with FakeNominatim(KNOWN) as server:
            result = geocoding.geocode_address(address, client_for(server))
        self.assertEqual(
            (result.status, result.reason, result.source, (result.lat, result.lon)),
            ("town", "street_not_found", "service", GIRONA_CENTRE),
        )
        self.assertEqual(len(server.requests), 2)

    def test_requests_are_rate_limited(self):
        """Two requests to the service are at least one second apart."""
        address = geocoding.Address(
            city="Girona", street="Nowhere 1", country_code="ES"
        )
        with FakeNominatim(KNOWN) as server:
            geocoding.geocode_address(address, client_for(server))
        first, second = (when for when, _params, _agent in server.requests)
        self.assertGreaterEqual(second - first, 0.95)

    def test_unknown_place_offline_town(self):
        """A town the service does not know is taken from the offline data."""
        address = geocoding.Address(city="Vic", country_code="ES")
        with FakeNominatim(KNOWN) as server:
            result = geocoding.geocode_address(address, client_for(server))
        self.assertEqual(
            (result.status, result.reason, result.source, result.town),
            ("town", "service_not_found", "geonames", "Vic"),
        )
        self.assertAlmostEqual(result.lat, 41.93, places=2)

    def test_nothing_known(self):
        """A made-up town is not found; an empty address is not searched."""
        address = geocoding.Address(city="Xyzzyville", country_code="ES")
        with FakeNominatim(KNOWN) as server:
            result = geocoding.geocode_address(address, client_for(server))
            empty = geocoding.geocode_address(
                geocoding.Address(country="Spain", country_code="ES"),
                client_for(server),
            )
        self.assertEqual(result, geocoding.GeocodeResult("not_found", "not_found"))
        self.assertEqual(empty, geocoding.GeocodeResult("not_found", "no_address"))
        self.assertEqual(len(server.requests), 1)

    def test_timeout_falls_back_to_offline_town_quickly(self):
        """A service slower than the time-out is abandoned; town from offline data."""
        with FakeNominatim(KNOWN, mode="slow", delay=3) as server:
            start = time.monotonic()
            result = geocoding.geocode_address(ADDRESS, client_for(server, timeout=0.5))
            elapsed = time.monotonic() - start
        self.assertLess(elapsed, 2.0)
        self.assertEqual(
            (result.status, result.reason, result.source, result.town),
            ("town", "service_unavailable", "geonames", "Girona"),
        )
        self.assertIn("GeocoderTimedOut", result.detail)

    def test_outage_skips_service_for_the_next_addresses(self):
        """After an error the service is not called again during the cool-down."""
        with FakeNominatim(KNOWN, mode="error") as server:
            client = client_for(server)
            first = geocoding.geocode_address(ADDRESS, client)
            second = geocoding.geocode_address(
                geocoding.Address(city="Xyzzyville", country_code="ES"), client
            )
        self.assertEqual((first.status, first.reason), ("town", "service_unavailable"))
        self.assertEqual(second.status, "failed")
        self.assertEqual(second.reason, "service_unavailable")
        self.assertIn("GeocoderServiceError", second.detail)
        # The skipped address is not told the failed one's request.
        self.assertNotIn("Girona", second.detail)
        self.assertNotIn("search", second.detail)
        self.assertEqual(len(server.requests), 1)

    def test_rate_limited_by_service(self):
        """HTTP 429 from the service counts as unavailable, never raises."""
        with FakeNominatim(KNOWN, mode="rate_limited") as server:
            result = geocoding.geocode_address(ADDRESS, client_for(server))
        self.assertEqual((result.status, result.source), ("town", "geonames"))
        self.assertIn("GeocoderRateLimited", result.detail)

    def test_unreachable_host(self):
        """A closed port fails fast and falls back to the offline town."""
        with FakeNominatim(KNOWN) as server:
            domain = server.domain
        client = geocoding.NominatimClient(
            geocoding.NominatimConfig(domain=domain, scheme="http", timeout=2.0)
        )
        start = time.monotonic()
        result = geocoding.geocode_address(ADDRESS, client)
        self.assertLess(time.monotonic() - start, 2.0)
        self.assertEqual((result.status, result.town), ("town", "Girona"))
        self.assertIn("GeocoderUnavailable", result.detail)

    def test_clients_shared_per_configuration(self):
        """One client (one rate limit) per configuration and process."""
        config = geocoding.NominatimConfig(domain="127.0.0.1:9", scheme="http")
        self.assertIs(geocoding.get_client(config), geocoding.get_client(config))
        other = geocoding.NominatimConfig(domain="127.0.0.1:10", scheme="http")
        self.assertIsNot(geocoding.get_client(config), geocoding.get_client(other))
