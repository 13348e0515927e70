# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Local-impact figures (services/impact.py), checked by hand.

Sabadell producer (41.5433, 2.1094), Barcelona customer (Plaça de Catalunya,
41.3870, 2.1700), Madrid central site (Puerta del Sol, 40.4168, -3.7038).

Distances, flat-earth estimate sqrt((dlat*111.0)^2 + (dlon*111.32*cos(lat))^2):

* Sabadell -> Barcelona: dlat 0.1563 -> 17.35 km, dlon 0.0606 at 41.47 deg
  -> 5.05 km; hypot = 18.07 km (geodesic 18.08 km).
* Madrid -> Barcelona: dlat 0.9702 -> 107.7 km, dlon 5.8738 at 40.90 deg
  -> 494.3 km; hypot = 505.9 km (geodesic 506.4 km).
* km saved: 506.4 - 18.1 = 488.3 km.

CO2 of a 10 kg parcel (0.010 t):

* by van from Sabadell: 0.010 x 18.08 x 0.60 = 0.1085 kg CO2e;
* by road freight from Madrid: 0.010 x 506.4 x 0.107 = 0.5418 kg CO2e;
* saved: 0.5418 - 0.1085 = 0.4333 kg CO2e.

Lead time: confirmed 2 March, delivered 6 March = 4 days; central: 5
production + 3 shipping = 8 days; 4 days saved.
"""

import doctest
from datetime import date

from odoo.tests import BaseCase, tagged

from ..services import impact

SABADELL = (41.5433, 2.1094)
BARCELONA = (41.3870, 2.1700)
MADRID = (40.4168, -3.7038)


@tagged("dmfg")
class TestServicesImpact(BaseCase):
    def test_doctests(self):
        result = doctest.testmod(impact)
        self.assertFalse(result.failed)
        self.assertGreater(result.attempted, 5)

    def test_sabadell_barcelona_madrid_by_hand(self):
        """The figures of the module docstring's worked example."""
        figures = impact.compute_impact(
            SABADELL,
            BARCELONA,
            MADRID,
            10.0,
            impact.ImpactFactors(),
            date(2026, 3, 2),
            date(2026, 3, 6),
        )
        self.assertAlmostEqual(figures.distance_km, 18.07, delta=0.1)
        self.assertAlmostEqual(figures.baseline_km, 505.9, delta=1.0)
        self.assertAlmostEqual(
            figures.km_saved, figures.baseline_km - figures.distance_km
        )
        self.assertAlmostEqual(figures.km_saved, 488.3, delta=0.2)
        self.assertAlmostEqual(figures.co2_kg, 0.1085, delta=0.0005)
        self.assertAlmostEqual(figures.baseline_co2_kg, 0.5418, delta=0.001)
        self.assertAlmostEqual(figures.co2_saved_kg, 0.4333, delta=0.001)
        self.assertEqual(figures.lead_days, 4)
        self.assertEqual(figures.baseline_lead_days, 8)
        self.assertEqual(figures.days_saved, 4)

    def test_factors_from_settings(self):
        """Other factors scale the CO2 linearly: double the van factor,
        double the producer's CO2; the days follow the Settings."""
        factors = impact.ImpactFactors(
            van_factor=1.2,
            freight_factor=0.214,
            baseline_production_days=10,
            baseline_shipping_days=4,
        )
        figures = impact.compute_impact(
            SABADELL, BARCELONA, MADRID, 10.0, factors, date(2026, 3, 2), None
        )
        self.assertAlmostEqual(figures.co2_kg, 0.2170, delta=0.001)
        self.assertAlmostEqual(figures.baseline_co2_kg, 1.0837, delta=0.002)
        self.assertEqual(figures.baseline_lead_days, 14)
        self.assertIsNone(figures.lead_days, "not delivered: unknown")
        self.assertIsNone(figures.days_saved)

    def test_missing_data_is_unknown_never_zero(self):
        """No weight: km are known, CO2 unknown. No customer point: nothing
        about distances. No central site: no baseline."""
        factors = impact.ImpactFactors()
        no_weight = impact.compute_impact(SABADELL, BARCELONA, MADRID, 0, factors)
        self.assertIsNotNone(no_weight.km_saved)
        self.assertIsNone(no_weight.co2_kg)
        self.assertIsNone(no_weight.co2_saved_kg)
        self.assertIsNone(no_weight.weight_kg)
        no_customer = impact.compute_impact(SABADELL, (0.0, 0.0), MADRID, 5, factors)
        for name in ("distance_km", "baseline_km", "km_saved", "co2_saved_kg"):
            self.assertIsNone(getattr(no_customer, name), name)
        no_central = impact.compute_impact(SABADELL, BARCELONA, None, 5, factors)
        self.assertIsNotNone(no_central.distance_km)
        self.assertIsNotNone(no_central.co2_kg)
        self.assertIsNone(no_central.baseline_km)
        self.assertIsNone(no_central.km_saved)
        self.assertIsNone(no_central.co2_saved_kg)

    def test_a_producer_farther_than_the_central_site_saves_negative_km(self):
        """The figures stay honest: a producer farther away shows a loss."""
        figures = impact.compute_impact(
            MADRID, BARCELONA, SABADELL, 10, impact.ImpactFactors()
        )
        self.assertLess(figures.km_saved, 0)

    def test_bad_coordinates_are_unknown(self):
        """A point out of range is no place: unknown, not an error that would
        stop the job's write."""
        self.assertIsNone(impact.distance_between((91, 0), BARCELONA))
        self.assertIsNone(impact.distance_between((float("nan"), 2.0), BARCELONA))

    def test_totals_count_only_known_figures(self):
        rows = [
            impact.JobImpact(km_saved=100.0, co2_saved_kg=0.5, days_saved=3),
            impact.JobImpact(km_saved=50.0, co2_saved_kg=None, days_saved=None),
            impact.JobImpact(),
        ]
        result = impact.totals(rows)
        self.assertEqual(result["jobs"], 3)
        self.assertEqual(result["km_saved"], 150.0)
        self.assertEqual(result["co2_saved_kg"], 0.5)
        self.assertEqual(result["days_saved"], 3)
        self.assertEqual(result["jobs_km_known"], 2)
        self.assertEqual(result["jobs_co2_known"], 1)
        self.assertEqual(result["jobs_days_known"], 1)
