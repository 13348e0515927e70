# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Distances and radius search on the WGS84 ellipsoid (pure Python, no Odoo).

Units: degrees for coordinates (latitude north positive, longitude east
positive), kilometres for distances and radii.

* :func:`distance_km` is the exact geodesic distance (geographiclib, the
  solver geopy's ``geodesic`` uses).
* :func:`haversine_km` is a fast spherical approximation used only as a
  *prefilter*: on WGS84 the geodesic distance is always within
  [``HAVERSINE_MIN_RATIO``, ``HAVERSINE_MAX_RATIO``] times the haversine
  distance (the ratio of the ellipsoid's radii of curvature to the mean
  radius), so a point whose haversine distance exceeds
  ``radius / HAVERSINE_MIN_RATIO`` cannot be within the radius. Results of
  :func:`within_radius` are therefore exactly those of a brute-force
  geodesic filter, at a fraction of the cost.
* :func:`bounding_box` gives a latitude/longitude box that contains every
  point within a radius; callers use it to prefilter in SQL on indexed
  columns, then call :func:`within_radius` on the candidates.
"""

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from geographiclib.geodesic import Geodesic

# WGS84 (km)
WGS84_A = 6378.137
WGS84_F = 1 / 298.257223563
WGS84_E2 = WGS84_F * (2 - WGS84_F)
#: Smallest radius of curvature on WGS84: meridional radius at the equator.
MIN_RADIUS_OF_CURVATURE = WGS84_A * (1 - WGS84_E2)
#: Largest radius of curvature on WGS84: at the poles.
MAX_RADIUS_OF_CURVATURE = WGS84_A / math.sqrt(1 - WGS84_E2)
#: IUGG mean Earth radius, used by :func:`haversine_km`.
MEAN_EARTH_RADIUS_KM = 6371.0088
#: Bounds of geodesic / haversine distance for any pair of points.
HAVERSINE_MIN_RATIO = MIN_RADIUS_OF_CURVATURE / MEAN_EARTH_RADIUS_KM
HAVERSINE_MAX_RATIO = MAX_RADIUS_OF_CURVATURE / MEAN_EARTH_RADIUS_KM
#: Half the length of a meridian (pole to pole): no two points are further.
MAX_DISTANCE_KM = 20003.94
# The solver geopy's ``geodesic`` uses, with the same ellipsoid in km: called
# directly in bulk it gives identical distances at half the cost.
_WGS84_GEODESIC = Geodesic(WGS84_A, WGS84_F)


# ---------------------------------------------------------------- validators


def _check_number(value, what):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, got {value!r}.")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}.")
    return float(value)


def check_latitude(lat):
    """Return ``lat`` as a float, or raise ValueError if not in [-90, 90].

    >>> check_latitude(41.3874)
    41.3874
    >>> check_latitude(91)
    Traceback (most recent call last):
    ...
    ValueError: Latitude must be between -90 and 90 degrees, got 91.
    """
    value = _check_number(lat, "Latitude")
    if not -90.0 <= value <= 90.0:
        raise ValueError(f"Latitude must be between -90 and 90 degrees, got {lat!r}.")
    return value


def check_longitude(lon):
    """Return ``lon`` as a float, or raise ValueError if not in [-180, 180].

    >>> check_longitude(-180)
    -180.0
    >>> check_longitude(200.5)
    Traceback (most recent call last):
    ...
    ValueError: Longitude must be between -180 and 180 degrees, got 200.5.
    """
    value = _check_number(lon, "Longitude")
    if not -180.0 <= value <= 180.0:
        raise ValueError(
            f"Longitude must be between -180 and 180 degrees, got {lon!r}."
        )
    return value


def check_radius(radius_km, allow_zero=False):
    """Return ``radius_km`` as a float, or raise ValueError if not > 0 km.

    ``allow_zero`` accepts 0 (a search radius of 0 km finds points at the
    exact same place).

    >>> check_radius(25)
    25.0
    >>> check_radius(0)
    Traceback (most recent call last):
    ...
    ValueError: Radius must be greater than 0 km, got 0.
    """
    value = _check_number(radius_km, "Radius")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(
            f"Radius must be {'at least' if allow_zero else 'greater than'} 0 km, "
            f"got {radius_km!r}."
        )
    return value


# ----------------------------------------------------------------- distances


def distance_km(lat1, lon1, lat2, lon2):
    """Geodesic distance in km between two points on WGS84.

    Barcelona (Plaça de Catalunya) to Girona (Plaça del Vi):

    >>> round(distance_km(41.3870, 2.1700, 41.9842, 2.8239), 1)
    85.8
    >>> distance_km(41.3870, 2.1700, 41.3870, 2.1700)
    0.0
    """
    # geographiclib straight away: geopy's geodesic gives the same figure but
    # builds point and distance objects first (routing calls this per candidate).
    return _WGS84_GEODESIC.Inverse(
        check_latitude(lat1),
        check_longitude(lon1),
        check_latitude(lat2),
        check_longitude(lon2),
        Geodesic.DISTANCE,
    )["s12"]


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km on a sphere of the mean Earth radius.

    Fast (about 50 times faster than :func:`distance_km`) but off by up to
    0.56 % (see ``HAVERSINE_MIN_RATIO``); at mid latitudes it stays within
    0.5 % of the geodesic. Inputs are not validated (bulk use).

    >>> round(haversine_km(41.3870, 2.1700, 41.9842, 2.8239), 1)
    85.8
    """
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    h = (
        math.sin((phi2 - phi1) / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * MEAN_EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# -------------------------------------------------------------- bounding box


@dataclass(frozen=True)
class BBox:
    """Latitude/longitude box in degrees.

    ``min_lon > max_lon`` means the box crosses the antimeridian: it covers
    longitudes ``>= min_lon`` *or* ``<= max_lon``. Use :meth:`lon_ranges` to
    get one or two plain ``(low, high)`` ranges for SQL.
    """

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    @property
    def crosses_antimeridian(self):
        """True when the box wraps around longitude ±180."""
        return self.min_lon > self.max_lon

    def lon_ranges(self):
        """One or two ``(low, high)`` longitude ranges, each with low <= high.

        >>> BBox(0, 1, 179.0, -179.0).lon_ranges()
        [(179.0, 180.0), (-180.0, -179.0)]
        >>> BBox(0, 1, 2.0, 3.0).lon_ranges()
        [(2.0, 3.0)]
        """
        if self.crosses_antimeridian:
            return [(self.min_lon, 180.0), (-180.0, self.max_lon)]
        return [(self.min_lon, self.max_lon)]

    def contains(self, lat, lon):
        """True when the point lies in the box (edges included)."""
        if not self.min_lat <= lat <= self.max_lat:
            return False
        return any(low <= lon <= high for low, high in self.lon_ranges())


def bounding_box(lat, lon, radius_km):
    """Box containing every point within ``radius_km`` (geodesic) of a point.

    The box is conservative (never misses a point, may include a few
    outside the radius): latitude extent uses the smallest radius of
    curvature of WGS84, longitude extent the parallel at the box's
    latitude furthest from the equator.

    Special cases:

    * if the circle reaches a pole (or the radius is huge) the latitude
      is clamped to ±90 and the box spans every longitude (-180, 180);
    * if the longitude range passes ±180 it wraps, and the box is returned
      with ``min_lon > max_lon`` (see :class:`BBox`).

    >>> box = bounding_box(41.3870, 2.1700, 50)
    >>> round(box.min_lat, 3), round(box.max_lat, 3)
    (40.935, 41.839)
    >>> round(box.min_lon, 3), round(box.max_lon, 3)
    (1.567, 2.773)
    >>> box = bounding_box(89.9, 0, 50)
    >>> round(box.min_lat, 3), box.max_lat, box.min_lon, box.max_lon
    (89.448, 90.0, -180.0, 180.0)
    >>> bounding_box(0, 179.9, 50).crosses_antimeridian
    True
    """
    lat = check_latitude(lat)
    lon = check_longitude(lon)
    radius_km = check_radius(radius_km, allow_zero=True)
    # Any path of length r changes the latitude by at most r / M_min.
    dlat = math.degrees(radius_km / MIN_RADIUS_OF_CURVATURE)
    min_lat = lat - dlat
    max_lat = lat + dlat
    if min_lat <= -90.0 or max_lat >= 90.0:
        return BBox(max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0)
    # Parallels shrink towards the poles: use the one furthest from the
    # equator that the circle can reach, with the prime-vertical radius >= a.
    cos_far = math.cos(math.radians(max(abs(min_lat), abs(max_lat))))
    dlon = math.degrees(radius_km / (WGS84_A * cos_far))
    if dlon >= 180.0:
        return BBox(min_lat, max_lat, -180.0, 180.0)
    min_lon = lon - dlon
    max_lon = lon + dlon
    if min_lon < -180.0:
        min_lon += 360.0
    if max_lon > 180.0:
        max_lon -= 360.0
    return BBox(min_lat, max_lat, min_lon, max_lon)


# ------------------------------------------------------------- radius search


@dataclass(frozen=True)
class GeoPoint:
    """A keyed place: ``key`` is any hashable, sortable id (e.g. a record id)."""

    key: Hashable
    lat: float
    lon: float

    def __post_init__(self):
        check_latitude(self.lat)
        check_longitude(self.lon)


def within_radius(lat, lon, points: Iterable[GeoPoint], radius_km):
    """Points within ``radius_km`` (geodesic, edge included) of a place.

    Returns ``[(key, distance_km), ...]`` sorted by distance, then key.
    The distances are exact (:func:`distance_km`); the haversine is only
    used to skip points that are certainly too far.

    >>> points = [
    ...     GeoPoint("girona", 41.9842, 2.8239),
    ...     GeoPoint("tarragona", 41.1189, 1.2445),
    ...     GeoPoint("sabadell", 41.5433, 2.1094),
    ... ]
    >>> [(k, round(d, 1)) for k, d in within_radius(41.3870, 2.1700, points, 90)]
    [('sabadell', 18.1), ('tarragona', 83.1), ('girona', 85.8)]
    >>> within_radius(41.3870, 2.1700, points, 10)
    []
    """
    lat = check_latitude(lat)
    lon = check_longitude(lon)
    radius_km = check_radius(radius_km, allow_zero=True)
    box = bounding_box(lat, lon, radius_km)
    # Beyond this haversine distance the geodesic one is surely > radius.
    prefilter_km = radius_km / HAVERSINE_MIN_RATIO * (1 + 1e-9)
    inverse = _WGS84_GEODESIC.Inverse
    found = []
    for point in points:
        if not box.contains(point.lat, point.lon):
            continue
        if haversine_km(lat, lon, point.lat, point.lon) > prefilter_km:
            continue
        dist = inverse(lat, lon, point.lat, point.lon, Geodesic.DISTANCE)["s12"]
        if dist <= radius_km:
            found.append((point.key, dist))
    found.sort(key=lambda item: (item[1], item[0]))
    return found


def reach_beyond_degrees(box, degrees):
    """Kilometres every point is beyond when it lies ``degrees`` or more from
    the centre in the plain longitude/latitude plane (``sqrt(dlat² + dlon²)``,
    what a PostgreSQL ``point <-> point`` index orders by), both inside
    ``box`` (one that does not cross the antimeridian).

    A lower bound of the geodesic distance: with ``c`` the smallest cosine of
    the box's latitudes, the haversine distance of such a point is at least
    ``2 R asin(c sin(degrees / 2))`` (``sin²`` of the square root is concave
    there), and the geodesic one at least that times
    ``HAVERSINE_MIN_RATIO``.

    >>> box = bounding_box(41.39, 2.17, 150)
    >>> round(reach_beyond_degrees(box, 1.0), 1)  # a degree of longitude there: 81.8
    81.2
    >>> reach_beyond_degrees(box, 0.0)
    0.0
    """
    cos_min = min(
        math.cos(math.radians(box.min_lat)), math.cos(math.radians(box.max_lat))
    )
    half = min(math.radians(degrees) / 2, math.pi / 2)
    sine = min(1.0, max(cos_min, 0.0) * math.sin(half))
    return HAVERSINE_MIN_RATIO * 2 * MEAN_EARTH_RADIUS_KM * math.asin(sine) * (1 - 1e-9)


def nearest_within(lat, lon, points: Iterable[GeoPoint], radius_km, limit):
    """The ``limit`` points nearest to a place within ``radius_km``: the first
    ``limit`` items of :func:`within_radius`, exactly, at less cost.

    The haversine orders the points; the exact geodesic is computed only for
    those that may still be among the nearest: the ``limit``-th haversine
    distance ``h`` bounds the ``limit``-th geodesic one by
    ``h * HAVERSINE_MAX_RATIO``, which no point whose haversine distance
    exceeds ``h * HAVERSINE_MAX_RATIO / HAVERSINE_MIN_RATIO`` can reach.

    >>> points = [
    ...     GeoPoint("girona", 41.9842, 2.8239),
    ...     GeoPoint("tarragona", 41.1189, 1.2445),
    ...     GeoPoint("sabadell", 41.5433, 2.1094),
    ... ]
    >>> [k for k, _d in nearest_within(41.3870, 2.1700, points, 90, 2)]
    ['sabadell', 'tarragona']
    """
    if limit < 1:
        raise ValueError(f"The number of points must be at least 1, got {limit!r}.")
    lat = check_latitude(lat)
    lon = check_longitude(lon)
    radius_km = check_radius(radius_km, allow_zero=True)
    prefilter_km = radius_km / HAVERSINE_MIN_RATIO * (1 + 1e-9)
    near = []
    for point in points:
        km = haversine_km(lat, lon, point.lat, point.lon)
        if km <= prefilter_km:
            near.append((km, point))
    near.sort(key=lambda item: (item[0], item[1].key))
    if len(near) > limit:
        cutoff = near[limit - 1][0] * HAVERSINE_MAX_RATIO / HAVERSINE_MIN_RATIO
        near = [item for item in near if item[0] <= cutoff * (1 + 1e-9)]
    return within_radius(lat, lon, [point for _km, point in near], radius_km)[:limit]
