# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Open Know-Where (OKW v1) facilities in and out (no Odoo).

Reads a YAML or JSON file holding one facility, a list of facilities or a
mapping with a ``facilities`` list, checks it against the fields of the OKW
specification that the network uses, and turns each facility into a plain
dict (:func:`parse_facilities`). :func:`plan_import` then decides, for each
facility, whether it creates a producer, updates one or is skipped, and why.
:func:`facility_values` and :func:`dump` write OKW back, with the network's
live capacity in the extension field :data:`CAPACITY_FIELD` (OKW has none).

Field names follow the OKW specification (IoPA, 2021): ``name``,
``location`` (``address`` with ``number``, ``street``, ``district``,
``city``, ``region``, ``country``, ``postcode``; ``gps-coordinates`` in
decimal degrees), ``contact``/``owner`` (agent with ``contact`` email and
phones, ``website``), ``facility-status``, ``opening-hours``,
``description``, ``manufacturing-processes`` and ``equipment`` (terms or
Wikipedia URLs) and ``typical-materials``. ``id`` is the facility's
identifier in the publishing directory.
"""

import json
from dataclasses import dataclass

import yaml

from . import places
from .standards import (
    KIND_LIST,
    KIND_MAPPING,
    PROBLEM_CHOICE,
    PROBLEM_DUPLICATE,
    PROBLEM_EMPTY,
    PROBLEM_LOCATED_BY_TOWN,
    PROBLEM_NOT_LOCATED,
    PROBLEM_REQUIRED,
    PROBLEM_TYPE,
    PROBLEM_UNKNOWN_MATERIAL,
    PROBLEM_UNKNOWN_PROCESS,
    FormatError,
    Problem,
    Reader,
    load,
    map_terms,
    normalize_term,
    path_label,
    short,
)

CAPACITY_FIELD = "x-dmfg-capacity"
FACILITY_STATUSES = ("Active", "Planned", "Temporary Closure", "Closed")
ACTION_CREATE = "create"
ACTION_UPDATE = "update"
ACTION_SKIP = "skip"
# Two facilities with the same name closer than this (degrees, ~100 m) are
# the same place.
SAME_PLACE_DEGREES = 0.001


@dataclass(frozen=True)
class ExistingProducer:
    """A producer already in the network, as the import matches it."""

    producer_id: int
    identifier: str
    name: str
    latitude: float
    longitude: float


def _facility_list(document, reader):
    data = document.data
    if isinstance(data, dict) and "facilities" in data:
        items = data["facilities"]
        base = ("facilities",)
        if not isinstance(items, list):
            reader.problem(PROBLEM_TYPE, base, "", KIND_LIST)
            return []
        return [((*base, index), item) for index, item in enumerate(items)]
    if isinstance(data, dict):
        return [((), data)]
    if isinstance(data, list):
        return [((index,), item) for index, item in enumerate(data)]
    reader.problem(PROBLEM_TYPE, (), short(data), KIND_MAPPING)
    return []


def _coordinates(reader, location, path):
    """``(lat, lon)`` from ``gps-coordinates`` ("lat, lon", a list or a
    mapping with latitude/longitude), ``(None, None)`` when absent."""
    key = "gps-coordinates"
    value = location.get(key) if isinstance(location, dict) else None
    if value is None or value == "":
        return None, None
    cpath = (*path, key)
    if isinstance(value, str):
        value = [part for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, dict):
        value = [
            value.get("latitude", value.get("lat")),
            value.get("longitude", value.get("lon", value.get("lng"))),
        ]
    if not isinstance(value, list) or len(value) != 2:
        reader.problem(PROBLEM_TYPE, cpath, short(value), "latitude, longitude")
        return None, None
    lat = reader.number(value[0], cpath, -90, 90)
    lon = reader.number(value[1], cpath, -180, 180)
    if lat is None or lon is None:
        return None, None
    return lat, lon


def _agent(reader, facility, path):
    """Email, phone and website of the facility's contact (or owner)."""
    result = {"email": "", "phone": "", "website": ""}
    for key in ("contact", "owner"):
        agent = facility.get(key)
        if agent is None:
            continue
        if not isinstance(agent, dict):
            reader.problem(PROBLEM_TYPE, (*path, key), short(agent), KIND_MAPPING)
            continue
        apath = (*path, key)
        means = reader.mapping(agent, apath, "contact")
        mpath = (*apath, "contact")
        result["email"] = result["email"] or reader.text(means, mpath, "email")
        result["phone"] = result["phone"] or (
            reader.text(means, mpath, "landline") or reader.text(means, mpath, "mobile")
        )
        result["website"] = result["website"] or reader.text(agent, apath, "website")
    return result


def _equipment(reader, facility, path):
    machines = []
    for index, item in enumerate(reader.items(facility, path, "equipment")):
        epath = (*path, "equipment", index)
        if isinstance(item, str):
            machines.append(
                {"name": item.strip(), "process_term": item.strip(), "quantity": 1}
            )
            continue
        if not isinstance(item, dict):
            reader.problem(PROBLEM_TYPE, epath, short(item), KIND_MAPPING)
            continue
        kind = reader.text(item, epath, "equipment-type")
        process = reader.text(item, epath, "manufacturing-process") or kind
        label = " ".join(
            part
            for part in (
                reader.text(item, epath, "make"),
                reader.text(item, epath, "model"),
            )
            if part
        )
        quantity = item.get("quantity", 1)
        quantity = reader.number(quantity, (*epath, "quantity"), 1, 100000) or 1
        name = label or _term_label(kind) or _term_label(process)
        if not name:
            reader.problem(PROBLEM_REQUIRED, (*epath, "equipment-type"))
            continue
        machines.append(
            {"name": name, "process_term": process, "quantity": int(quantity)}
        )
    return machines


def _term_label(term):
    """Readable label of a term or Wikipedia URL ("Laser cutting")."""
    text = normalize_term(term)
    return text[:1].upper() + text[1:]


def _capacity(reader, facility, path):
    value = reader.mapping(facility, path, CAPACITY_FIELD)
    cpath = (*path, CAPACITY_FIELD)
    capacity = {}
    for key, maximum in (("hours_per_day", 24), ("lead_time_days", 3650)):
        if value.get(key) is not None:
            number = reader.number(value[key], (*cpath, key), 0, maximum)
            if number is not None:
                capacity[key] = number
    return capacity


def _parse_facility(reader, path, item):
    if not isinstance(item, dict):
        reader.problem(PROBLEM_TYPE, path, short(item), KIND_MAPPING)
        return None
    name = reader.text(item, path, "name", required=True, max_length=200)
    status = reader.text(item, path, "facility-status")
    if status and status.lower() not in {s.lower() for s in FACILITY_STATUSES}:
        reader.problem(
            PROBLEM_CHOICE,
            (*path, "facility-status"),
            status,
            ", ".join(FACILITY_STATUSES),
        )
    location = reader.mapping(item, path, "location")
    lpath = (*path, "location")
    address = reader.mapping(location, lpath, "address")
    apath = (*lpath, "address")
    street = " ".join(
        part
        for part in (
            reader.text(address, apath, "street"),
            reader.text(address, apath, "number"),
        )
        if part
    )
    lat, lon = _coordinates(reader, location, lpath)
    identifier = reader.text(item, path, "id", max_length=200) or reader.text(
        item, path, "identifier", max_length=200
    )
    return {
        "path": path_label(path) or "(facility)",
        "line": reader.document.line(path),
        "identifier": identifier,
        "name": name,
        "status": status,
        "description": reader.text(item, path, "description", max_length=10000),
        "opening_hours": reader.text(item, path, "opening-hours", max_length=500),
        "street": street,
        "district": reader.text(address, apath, "district"),
        "city": reader.text(address, apath, "city"),
        "region": reader.text(address, apath, "region"),
        "country": reader.text(address, apath, "country"),
        "zip": reader.text(address, apath, "postcode"),
        "latitude": lat,
        "longitude": lon,
        **_agent(reader, item, path),
        "process_terms": reader.terms(item, path, "manufacturing-processes"),
        "equipment": _equipment(reader, item, path),
        "material_terms": reader.terms(
            item, path, "typical-materials", keys=("material-type", "name", "brand")
        ),
        "capacity": _capacity(reader, item, path),
    }


def parse_facilities(content, filename=""):
    """Facilities of an OKW file as plain dicts, in file order.

    Raises :class:`FormatError` listing every problem (field and line) when
    the file is not valid: no facility is returned from an invalid file.
    """
    document = load(content, filename)
    reader = Reader(document)
    facilities = []
    for path, item in _facility_list(document, reader):
        facility = _parse_facility(reader, path, item)
        if facility is not None:
            facilities.append(facility)
    if reader.problems:
        raise FormatError(reader.problems)
    if not facilities:
        raise FormatError([Problem(PROBLEM_EMPTY)])
    return facilities


def _same_place(a_lat, a_lon, b_lat, b_lon):
    if None in (a_lat, a_lon, b_lat, b_lon):
        return a_lat is None and b_lat is None
    return (
        abs(a_lat - b_lat) < SAME_PLACE_DEGREES
        and abs(a_lon - b_lon) < SAME_PLACE_DEGREES
    )


class _Matcher:
    """Finds a producer (or an earlier facility) by identifier, else by name
    and place."""

    def __init__(self):
        self.by_identifier = {}
        self.by_name = {}

    def add(self, key, identifier, name, lat, lon):
        if identifier:
            self.by_identifier.setdefault(identifier, key)
        self.by_name.setdefault(normalize_term(name), []).append((lat, lon, key))

    def find(self, identifier, name, lat, lon):
        if identifier and identifier in self.by_identifier:
            return self.by_identifier[identifier]
        for other_lat, other_lon, key in self.by_name.get(normalize_term(name), ()):
            if _same_place(lat, lon, other_lat, other_lon):
                return key
        return None


def _locate(facility, country_code, find_town):
    """Fill missing coordinates from the town (offline GeoNames data)."""
    if facility["latitude"] is not None or not facility["city"]:
        return None
    town = find_town(facility["city"], country_code or None)
    if town is None:
        return Problem(
            PROBLEM_NOT_LOCATED, facility["path"], facility["line"], facility["city"]
        )
    facility["latitude"], facility["longitude"] = town.lat, town.lon
    return Problem(
        PROBLEM_LOCATED_BY_TOWN, facility["path"], facility["line"], town.name
    )


def plan_import(  # noqa: C901 - one decision table, read top to bottom
    facilities,
    existing,
    process_map,
    material_map,
    country_codes=None,
    find_town=places.find_town,
):
    """Decide what each facility does: a list of plan entries, file order.

    ``existing``: :class:`ExistingProducer` values; ``process_map`` and
    ``material_map``: ``{normalized term: id}``; ``country_codes``:
    ``{country as written in the file: ISO code}``. Each entry is a dict
    with ``action`` (``ACTION_*``), ``facility``, ``producer_id`` (updates),
    ``process_ids``, ``material_ids``, ``equipment`` (with ``process_id``)
    and ``notes`` (:class:`Problem` values: unknown processes and materials,
    how the facility was located, or why it is skipped).
    """
    country_codes = country_codes or {}
    known = _Matcher()
    for producer in existing:
        known.add(
            producer.producer_id,
            producer.identifier,
            producer.name,
            producer.latitude if producer.latitude or producer.longitude else None,
            producer.longitude if producer.latitude or producer.longitude else None,
        )
    seen = _Matcher()
    plan = []
    for index, facility in enumerate(facilities):
        notes = []
        located = _locate(facility, country_codes.get(facility["country"]), find_town)
        if located:
            notes.append(located)
        entry = {"facility": facility, "notes": notes, "producer_id": False}
        plan.append(entry)
        lat, lon = facility["latitude"], facility["longitude"]
        earlier = seen.find(facility["identifier"], facility["name"], lat, lon)
        if earlier is not None:
            first = facilities[earlier]
            notes.append(
                Problem(
                    PROBLEM_DUPLICATE, facility["path"], facility["line"], first["path"]
                )
            )
            entry["action"] = ACTION_SKIP
            continue
        seen.add(index, facility["identifier"], facility["name"], lat, lon)
        process_terms = list(facility["process_terms"])
        process_terms += [
            m["process_term"] for m in facility["equipment"] if m["process_term"]
        ]
        process_ids, unknown = map_terms(process_terms, process_map)
        notes += [
            Problem(PROBLEM_UNKNOWN_PROCESS, facility["path"], facility["line"], term)
            for term in unknown
        ]
        material_ids, unknown = map_terms(facility["material_terms"], material_map)
        notes += [
            Problem(PROBLEM_UNKNOWN_MATERIAL, facility["path"], facility["line"], term)
            for term in unknown
        ]
        entry["process_ids"] = process_ids
        entry["material_ids"] = material_ids
        entry["equipment"] = [
            dict(
                machine,
                process_id=process_map.get(normalize_term(machine["process_term"]))
                or False,
            )
            for machine in facility["equipment"]
        ]
        producer_id = known.find(facility["identifier"], facility["name"], lat, lon)
        entry["action"] = ACTION_UPDATE if producer_id else ACTION_CREATE
        entry["producer_id"] = producer_id or False
    return plan


def facility_values(producer):
    """OKW facility dict of a producer given as a plain dict.

    ``producer`` keys: ``identifier``, ``name``, ``street``, ``city``,
    ``zip``, ``region``, ``country`` (ISO code), ``latitude``,
    ``longitude`` (None when unknown), ``email``, ``phone``, ``website``,
    ``processes`` and ``materials`` (terms), ``equipment`` (dicts with
    ``name``, ``process`` and ``quantity``), ``opening_hours``,
    ``description``, ``status`` and ``capacity`` (``hours_per_day``,
    ``free_hours_next_14_days``, ``lead_time_days``).
    """
    address = {
        "street": producer.get("street") or "",
        "city": producer.get("city") or "",
        "region": producer.get("region") or "",
        "country": producer.get("country") or "",
        "postcode": producer.get("zip") or "",
    }
    location = {"address": {k: v for k, v in address.items() if v}}
    if producer.get("latitude") is not None:
        location["gps-coordinates"] = (
            f"{producer['latitude']:.6f}, {producer['longitude']:.6f}"
        )
    facility = {"id": producer["identifier"], "name": producer["name"]}
    if producer.get("status"):
        facility["facility-status"] = producer["status"]
    facility["location"] = location
    means = {
        key: producer.get(source)
        for key, source in (("email", "email"), ("landline", "phone"))
        if producer.get(source)
    }
    contact = {"name": producer["name"]}
    if means:
        contact["contact"] = means
    if producer.get("website"):
        contact["website"] = producer["website"]
    facility["contact"] = contact
    for key, source in (
        ("description", "description"),
        ("opening-hours", "opening_hours"),
    ):
        if producer.get(source):
            facility[key] = producer[source]
    facility["manufacturing-processes"] = list(producer.get("processes") or [])
    facility["equipment"] = [
        {
            "equipment-type": machine["name"],
            "manufacturing-process": machine.get("process") or "",
            "model": machine["name"],
            "quantity": machine.get("quantity") or 1,
        }
        for machine in producer.get("equipment") or []
    ]
    facility["typical-materials"] = [
        {"material-type": term} for term in producer.get("materials") or []
    ]
    facility[CAPACITY_FIELD] = dict(producer.get("capacity") or {})
    return facility


def dump(facilities, fmt="yaml"):
    """Text of an OKW file holding ``facilities`` (YAML, or JSON)."""
    if fmt == "json":
        return json.dumps(facilities, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(
        facilities, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
