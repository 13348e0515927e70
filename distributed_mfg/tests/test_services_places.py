# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Offline town lookup and generated networks (no database)."""

import doctest

from odoo.tests import BaseCase, tagged

from ..services import geo, places


@tagged("dmfg")
class TestPlaces(BaseCase):
    def test_doctests(self):
        """The examples in the module's docstrings hold."""
        result = doctest.testmod(places)
        self.assertGreater(result.attempted, 5)
        self.assertEqual(result.failed, 0)

    def test_find_town_ignores_case_and_accents(self):
        """'SANT CUGAT DEL VALLES' finds Sant Cugat del Vallès with its coordinates."""
        town = places.find_town("SANT CUGAT DEL VALLES", "es")
        self.assertEqual(town.name, "Sant Cugat del Vallès")
        self.assertEqual(town.country_code, "ES")
        self.assertLess(geo.distance_km(41.4722, 2.0864, town.lat, town.lon), 2)
        self.assertGreater(town.population, 50000)

    def test_find_town_prefers_most_populous(self):
        """Without a country the most populous homonym wins."""
        self.assertEqual(places.find_town("barcelona").country_code, "ES")
        # With a country, that country's town even if smaller.
        venezuela = places.find_town("Barcelona", "VE")
        self.assertEqual(venezuela.country_code, "VE")
        self.assertLess(venezuela.population, places.find_town("Barcelona").population)

    def test_find_town_alternate_names(self):
        """Spanish names of Catalan towns are understood."""
        self.assertEqual(places.find_town("Lérida", "ES").name, "Lleida")
        self.assertEqual(places.find_town("Gerona", "ES").name, "Girona")

    def test_small_villages_are_known(self):
        """Villages down to about 500 inhabitants are in the data."""
        town = places.find_town("Castellví de Rosanes", "ES")
        self.assertIsNotNone(town)
        self.assertEqual((town.name, town.country_code), ("Castellví de Rosanes", "ES"))
        self.assertAlmostEqual(town.lat, 41.45, delta=0.05)
        self.assertAlmostEqual(town.lon, 1.90, delta=0.05)
        self.assertLess(town.population, 5000)

    def test_unknown_town(self):
        """Made-up or empty names give None."""
        self.assertIsNone(places.find_town("Xyzzyville"))
        self.assertIsNone(places.find_town("Girona", "FR"))
        self.assertIsNone(places.find_town("   "))

    def test_towns_near(self):
        """Towns within 30 km of Girona include Banyoles, not Barcelona."""
        names = [town.name for town in places.towns_near(41.9831, 2.8249, 30)]
        self.assertIn("Banyoles", names)
        self.assertNotIn("Barcelona", names)
        self.assertEqual(names[0], "Girona")

    def test_generate_sites_deterministic_and_near_towns(self):
        """Same seed, same sites; every site within the jitter of its town."""
        towns = places.towns_near(41.3826, 2.1769, 60, min_population=5000)
        sites = places.generate_sites(300, towns, seed=42, jitter_km=4.0)
        self.assertEqual(
            sites, places.generate_sites(300, towns, seed=42, jitter_km=4.0)
        )
        self.assertNotEqual(
            sites, places.generate_sites(300, towns, seed=43, jitter_km=4.0)
        )
        by_name = {town.name: town for town in towns}
        self.assertEqual([site.key for site in sites], list(range(1, 301)))
        for site in sites:
            town = by_name[site.town]
            self.assertLessEqual(
                geo.distance_km(town.lat, town.lon, site.lat, site.lon), 4.05
            )
        # Big towns get more producers than small ones.
        counts = {}
        for site in sites:
            counts[site.town] = counts.get(site.town, 0) + 1
        self.assertGreater(counts["Barcelona"], counts.get(towns[-1].name, 0))

    def test_generate_sites_bad_input(self):
        """Negative counts or no towns are refused with a clear message."""
        with self.assertRaisesRegex(ValueError, "at least 0"):
            places.generate_sites(-1, [], seed=1)
        with self.assertRaisesRegex(ValueError, "without any town"):
            places.generate_sites(3, [], seed=1)
        self.assertEqual(places.generate_sites(0, [], seed=1), [])
