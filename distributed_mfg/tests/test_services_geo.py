# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Geodesic distance, bounding box and radius search (no database).

Reference values are hand-checkable: one degree of latitude at the equator
is 110.574 km and one degree of longitude there is 111.320 km on WGS84; the
Catalan distances match the flat-earth estimate
sqrt((dlat * 111.0)**2 + (dlon * 111.32 * cos(lat))**2) to about 1 %.
"""

import doctest
import math
import random

from geopy.distance import geodesic

from odoo.tests import BaseCase, tagged

from ..services import geo

# Town halls (WGS84, degrees).
BARCELONA = (41.3826, 2.1769)
GIRONA = (41.9831, 2.8249)
TARRAGONA = (41.1167, 1.2554)
SABADELL = (41.5486, 2.1075)


def flat_estimate_km(lat1, lon1, lat2, lon2):
    """Equirectangular estimate, good to ~1 % over 100 km at mid latitudes."""
    mean_lat = math.radians((lat1 + lat2) / 2)
    dy = (lat2 - lat1) * 111.0
    dx = (lon2 - lon1) * 111.32 * math.cos(mean_lat)
    return math.hypot(dx, dy)


def destination(lat, lon, distance_km, bearing):
    """Point reached going ``distance_km`` along ``bearing`` (geopy)."""
    point = geodesic(kilometers=distance_km).destination((lat, lon), bearing)
    return point.latitude, point.longitude


@tagged("dmfg")
class TestGeoDistance(BaseCase):
    def test_doctests(self):
        """The examples in the module's docstrings hold."""
        result = doctest.testmod(geo, optionflags=doctest.ELLIPSIS)
        self.assertGreater(result.attempted, 10)
        self.assertEqual(result.failed, 0)

    def test_one_degree_on_equator(self):
        """A degree of latitude / longitude at the equator has its WGS84 length."""
        self.assertAlmostEqual(geo.distance_km(0, 0, 1, 0), 110.574, places=2)
        self.assertAlmostEqual(geo.distance_km(0, 0, 0, 1), 111.320, places=2)

    def test_same_distance_as_geopy(self):
        """The exact distance is geopy's geodesic one (same solver, same
        ellipsoid), without geopy's objects."""
        rng = random.Random(3)
        for _i in range(200):
            a = (rng.uniform(-89, 89), rng.uniform(-180, 180))
            b = (rng.uniform(-89, 89), rng.uniform(-180, 180))
            self.assertAlmostEqual(geo.distance_km(*a, *b), geodesic(a, b).km, places=9)

    def test_barcelona_girona(self):
        """Barcelona to Girona is about 86 km as the crow flies."""
        dist = geo.distance_km(*BARCELONA, *GIRONA)
        self.assertAlmostEqual(dist, 85.8, delta=0.2)
        self.assertAlmostEqual(dist, flat_estimate_km(*BARCELONA, *GIRONA), delta=1)

    def test_barcelona_tarragona(self):
        """Barcelona to Tarragona is about 83 km as the crow flies."""
        dist = geo.distance_km(*BARCELONA, *TARRAGONA)
        self.assertAlmostEqual(dist, 82.7, delta=0.2)
        self.assertAlmostEqual(dist, flat_estimate_km(*BARCELONA, *TARRAGONA), delta=1)

    def test_symmetric_and_zero(self):
        """Distance is symmetric and zero for the same place."""
        self.assertEqual(geo.distance_km(*GIRONA, *GIRONA), 0.0)
        self.assertAlmostEqual(
            geo.distance_km(*BARCELONA, *GIRONA),
            geo.distance_km(*GIRONA, *BARCELONA),
            places=9,
        )

    def test_across_antimeridian(self):
        """Two points either side of 180° are 1° apart, not 359°."""
        self.assertAlmostEqual(geo.distance_km(0, 179.5, 0, -179.5), 111.32, places=2)
        self.assertAlmostEqual(geo.distance_km(0, 180, 0, -180), 0.0, places=6)

    def test_across_pole(self):
        """Going over the pole: two points at 89.5°N on opposite meridians."""
        # One degree of latitude next to the pole is 111.694 km.
        self.assertAlmostEqual(geo.distance_km(89.5, 0, 89.5, 180), 111.69, places=1)
        # At the pole every longitude is the same place.
        self.assertAlmostEqual(geo.distance_km(90, 0, 90, 123), 0.0, places=6)

    def test_antipodes(self):
        """The longest distance is half a meridian, 20,003.93 km."""
        self.assertAlmostEqual(geo.distance_km(0, 0, 0, 180), 20003.93, places=1)
        self.assertAlmostEqual(geo.distance_km(90, 0, -90, 0), 20003.93, places=1)

    def test_bad_coordinates_raise_clear_errors(self):
        """Out-of-range or non-numeric coordinates are refused with their value."""
        with self.assertRaisesRegex(ValueError, r"Latitude .* -90 and 90 .* 90\.5"):
            geo.distance_km(90.5, 0, 0, 0)
        with self.assertRaisesRegex(ValueError, r"Longitude .* -180 and 180 .* -181"):
            geo.distance_km(0, 0, 0, -181)
        with self.assertRaisesRegex(ValueError, "Latitude must be a finite number"):
            geo.check_latitude(float("nan"))
        with self.assertRaisesRegex(ValueError, "Longitude must be a number"):
            geo.check_longitude("2.17")
        with self.assertRaisesRegex(ValueError, "Latitude must be a number"):
            geo.check_latitude(None)
        with self.assertRaisesRegex(ValueError, "Radius must be greater than 0 km"):
            geo.check_radius(-5)
        self.assertEqual(geo.check_latitude(-90), -90.0)
        self.assertEqual(geo.check_longitude(180), 180.0)


@tagged("dmfg")
class TestHaversine(BaseCase):
    def test_haversine_within_half_percent_in_region(self):
        """Haversine matches geopy to 0.5 % across Catalonia-sized distances."""
        rng = random.Random(3)
        worst = 0.0
        for _i in range(500):
            lat1, lon1 = rng.uniform(40.5, 42.9), rng.uniform(0.1, 3.3)
            lat2, lon2 = rng.uniform(40.5, 42.9), rng.uniform(0.1, 3.3)
            exact = geo.distance_km(lat1, lon1, lat2, lon2)
            if exact < 0.01:
                continue
            worst = max(
                worst, abs(geo.haversine_km(lat1, lon1, lat2, lon2) / exact - 1)
            )
        self.assertLess(worst, 0.005)

    def test_haversine_ratio_bounds_hold_worldwide(self):
        """Geodesic/haversine stays within the bounds the prefilter relies on."""
        rng = random.Random(7)
        for _i in range(2000):
            lat1, lon1 = rng.uniform(-90, 90), rng.uniform(-180, 180)
            lat2, lon2 = destination(
                lat1, lon1, rng.uniform(1, 3000), rng.uniform(0, 360)
            )
            ratio = geo.distance_km(lat1, lon1, lat2, lon2) / geo.haversine_km(
                lat1, lon1, lat2, lon2
            )
            self.assertGreaterEqual(ratio, geo.HAVERSINE_MIN_RATIO - 1e-9)
            self.assertLessEqual(ratio, geo.HAVERSINE_MAX_RATIO + 1e-9)
        # Worst case, short north-south hop on the equator: > 0.5 % off.
        ratio = geo.distance_km(0, 0, 0.01, 0) / geo.haversine_km(0, 0, 0.01, 0)
        self.assertAlmostEqual(ratio, geo.HAVERSINE_MIN_RATIO, places=5)


@tagged("dmfg")
class TestBoundingBox(BaseCase):
    def _assert_box_holds_circle(self, lat, lon, radius_km):
        box = geo.bounding_box(lat, lon, radius_km)
        for bearing in range(0, 360, 5):
            plat, plon = destination(lat, lon, radius_km, bearing)
            self.assertTrue(
                box.contains(plat, plon),
                f"{box} misses ({plat}, {plon}) at {radius_km} km, {bearing}°",
            )
        return box

    def test_box_contains_circle_and_is_tight(self):
        """The box around Barcelona holds the whole 50 km circle, with < 2 % slack."""
        box = self._assert_box_holds_circle(*BARCELONA, 50)
        north_km = geo.distance_km(*BARCELONA, box.max_lat, BARCELONA[1])
        east_km = geo.distance_km(*BARCELONA, BARCELONA[0], box.max_lon)
        self.assertLess(north_km, 50 * 1.02)
        self.assertLess(east_km, 50 * 1.02)
        self.assertFalse(box.crosses_antimeridian)
        self.assertEqual(box.lon_ranges(), [(box.min_lon, box.max_lon)])

    def test_box_contains_circle_everywhere(self):
        """Random centres and radii worldwide: no point of the circle is left out."""
        rng = random.Random(11)
        for _i in range(60):
            self._assert_box_holds_circle(
                rng.uniform(-89, 89), rng.uniform(-180, 180), rng.uniform(0.5, 800)
            )

    def test_box_near_pole_spans_all_longitudes(self):
        """A circle reaching the pole gives a box over every longitude."""
        box = self._assert_box_holds_circle(89.8, 10, 50)
        self.assertEqual((box.max_lat, box.min_lon, box.max_lon), (90.0, -180.0, 180.0))
        self.assertAlmostEqual(box.min_lat, 89.8 - 50 / 6335.44 * 180 / math.pi)
        south = geo.bounding_box(-89.9, 0, 20)
        self.assertEqual(
            (south.min_lat, south.min_lon, south.max_lon), (-90.0, -180.0, 180.0)
        )

    def test_box_across_antimeridian_wraps(self):
        """Near 180° the box wraps: two longitude ranges, both sides found."""
        box = self._assert_box_holds_circle(-17.7, 179.9, 30)  # Fiji
        self.assertTrue(box.crosses_antimeridian)
        (east_low, east_high), (west_low, west_high) = box.lon_ranges()
        self.assertEqual((east_high, west_low), (180.0, -180.0))
        self.assertLess(east_low, 179.9)
        self.assertGreater(west_high, -180.0)
        self.assertTrue(box.contains(-17.7, -179.9))
        self.assertFalse(box.contains(-17.7, 0.0))

    def test_huge_radius_spans_world(self):
        """A radius larger than half the globe covers everything."""
        box = geo.bounding_box(0, 0, 25000)
        self.assertEqual(box, geo.BBox(-90.0, 90.0, -180.0, 180.0))

    def test_bounding_box_is_frozen(self):
        """BBox is immutable (safe to share and cache)."""
        box = geo.bounding_box(*BARCELONA, 10)
        with self.assertRaises(AttributeError):
            box.min_lat = 0


@tagged("dmfg")
class TestWithinRadius(BaseCase):
    def test_catalan_towns_sorted_by_distance(self):
        """Towns within 84 km of Barcelona come nearest first, Girona excluded."""
        points = [
            geo.GeoPoint("girona", *GIRONA),
            geo.GeoPoint("tarragona", *TARRAGONA),
            geo.GeoPoint("sabadell", *SABADELL),
            geo.GeoPoint("barcelona", *BARCELONA),
        ]
        result = geo.within_radius(*BARCELONA, points, 84)
        self.assertEqual(
            [key for key, _dist in result], ["barcelona", "sabadell", "tarragona"]
        )
        self.assertEqual(result[0][1], 0.0)
        self.assertAlmostEqual(
            result[2][1], geo.distance_km(*BARCELONA, *TARRAGONA), places=9
        )

    def test_ties_sorted_by_key(self):
        """Producers at the same place are ordered by key."""
        points = [geo.GeoPoint(key, *GIRONA) for key in (7, 3, 5)]
        result = geo.within_radius(*BARCELONA, points, 100)
        self.assertEqual([key for key, _dist in result], [3, 5, 7])

    def test_radius_edge_included(self):
        """A point exactly at the radius is in; a metre further is out."""
        lat, lon = destination(*BARCELONA, 25.0, 60)
        exact = geo.distance_km(*BARCELONA, lat, lon)
        points = [geo.GeoPoint(1, lat, lon)]
        self.assertEqual(len(geo.within_radius(*BARCELONA, points, exact)), 1)
        self.assertEqual(geo.within_radius(*BARCELONA, points, exact - 0.001), [])

    def test_matches_brute_force_geodesic(self):
        """Same keys and distances as checking every point with geopy."""
        rng = random.Random(5)
        for center, spread in ((BARCELONA, 2.0), ((0.0, 179.5), 3.0), ((88.5, 0), 4.0)):
            points = [
                geo.GeoPoint(
                    i,
                    max(-90.0, min(90.0, center[0] + rng.uniform(-spread, spread))),
                    (center[1] + rng.uniform(-spread, spread) + 180.0) % 360.0 - 180.0,
                )
                for i in range(400)
            ]
            radius = rng.uniform(50, 200)
            expected = sorted(
                (
                    (p.key, geodesic(center, (p.lat, p.lon)).km)
                    for p in points
                    if geodesic(center, (p.lat, p.lon)).km <= radius
                ),
                key=lambda item: (item[1], item[0]),
            )
            self.assertTrue(expected, "the sample must contain matches")
            found = geo.within_radius(*center, points, radius)
            self.assertEqual([key for key, _km in found], [k for k, _km in expected])
            for (_key, km), (_same, reference) in zip(found, expected, strict=True):
                self.assertAlmostEqual(km, reference, places=9)

    def test_nearest_within_is_the_head_of_within_radius(self):
        """The nearest N points, found with fewer exact distances, are exactly
        the first N of the full search, ties and crowded towns included."""
        rng = random.Random(8)
        for center, spread in ((BARCELONA, 1.5), ((64.1, -21.9), 2.0), ((0, 179.9), 1)):
            points = [
                geo.GeoPoint(
                    i,
                    center[0] + rng.uniform(-spread, spread),
                    (center[1] + rng.uniform(-spread, spread) + 180.0) % 360.0 - 180.0,
                )
                for i in range(600)
            ]
            # Producers sharing an address: ties decided by key.
            points += [
                geo.GeoPoint(1000 + i, points[0].lat, points[0].lon) for i in range(3)
            ]
            for limit in (1, 5, 50, 700):
                expected = geo.within_radius(*center, points, 150)[:limit]
                self.assertEqual(
                    geo.nearest_within(*center, points, 150, limit), expected
                )
        with self.assertRaisesRegex(ValueError, "at least 1"):
            geo.nearest_within(*BARCELONA, points, 150, 0)

    def test_finds_points_across_antimeridian(self):
        """A producer just east of 180° is found from just west of it."""
        points = [geo.GeoPoint("east", 0, -179.8), geo.GeoPoint("far", 0, 170)]
        result = geo.within_radius(0, 179.8, points, 50)
        self.assertEqual([key for key, _dist in result], ["east"])
        self.assertAlmostEqual(result[0][1], 0.4 * 111.32, delta=0.05)

    def test_geopoint_validates(self):
        """A GeoPoint cannot hold impossible coordinates."""
        with self.assertRaisesRegex(ValueError, "Latitude must be between"):
            geo.GeoPoint(1, 95, 0)
        with self.assertRaisesRegex(ValueError, "Longitude must be between"):
            geo.GeoPoint(1, 0, 185)

    def test_bad_radius_refused(self):
        """A negative search radius is refused; zero finds only the same place."""
        with self.assertRaisesRegex(ValueError, "Radius must be at least 0 km"):
            geo.within_radius(0, 0, [], -1)
        points = [geo.GeoPoint(1, *GIRONA), geo.GeoPoint(2, *BARCELONA)]
        self.assertEqual(geo.within_radius(*GIRONA, points, 0), [(1, 0.0)])
