# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What would make a job routable: hints for the planner (pure Python).

:func:`routing.route <.routing.route>` ranks the producers near the customer
and tells why each excluded one fails. A planner facing an unassigned job
also needs to know about the rest of the network and what to change. Given
the job's needs, the excluded candidates (``Excluded.to_dict()``, as the job
stores them) and the whole network (:class:`NetworkProducer`),
:func:`explain` returns:

* ``others``: the producers that were not candidates at all, counted by
  why (:data:`OTHER_CODES` order), each group with its nearest producer;
* ``hints``: what would make it work, most useful first:

  ==========================  ==============================================
  code                        meaning
  ==========================  ==============================================
  ``nearest_capable_far``     the nearest working producer with every
                              required process and material is beyond the
                              maximum distance (name, km, maximum)
  ``none_capable``            no working producer of the network has every
                              required process and material
  ``producer_fixes``          an excluded candidate would qualify after these
                              fixes (a list: ``add_capability`` names,
                              ``widen_radius``, ``later_due_date``,
                              ``add_price``, ``fewer_jobs``); at most
                              :data:`MAX_PRODUCER_HINTS`, nearest first
  ==========================  ==============================================

Every hint has a stable ``code``, ``params`` (km rounded to 0.1) for the Odoo
layer to word in the reader's language, and an English ``message``.
"""

from collections.abc import Hashable
from dataclasses import dataclass

from .common import has_location, key_order, plain
from .geo import distance_km

WORKING_STATES = frozenset({"active", "trial"})
MAX_PRODUCER_HINTS = 3

HINT_NEAREST_CAPABLE_FAR = "nearest_capable_far"
HINT_NONE_CAPABLE = "none_capable"
HINT_PRODUCER_FIXES = "producer_fixes"

FIX_CAPABILITY = "add_capability"
FIX_RADIUS = "widen_radius"
FIX_LATER = "later_due_date"
FIX_PRICE = "add_price"
FIX_JOBS = "fewer_jobs"

#: Which fix lifts each routing reason; reasons absent here (inactive,
#: design, licence, no location, beyond the maximum) have no simple fix.
FIX_OF_REASON = {
    "missing_process": FIX_CAPABILITY,
    "missing_material": FIX_CAPABILITY,
    "outside_service_radius": FIX_RADIUS,
    "no_capacity": FIX_LATER,
    "blackout": FIX_LATER,
    "too_late": FIX_LATER,
    "no_price": FIX_PRICE,
    "trial_limit": FIX_JOBS,
    "job_limit": FIX_JOBS,
}

OTHER_SKIPPED = "skipped"
OTHER_NOT_WORKING = "not_working"
OTHER_NO_LOCATION = "no_location"
OTHER_BEYOND_MAX = "beyond_max_distance"
OTHER_NOT_NEAREST = "not_nearest"
#: Why a network producer was not a candidate, in the order they are checked.
OTHER_CODES = (
    OTHER_SKIPPED,
    OTHER_NOT_WORKING,
    OTHER_NO_LOCATION,
    OTHER_BEYOND_MAX,
    OTHER_NOT_NEAREST,
)


@dataclass(frozen=True, kw_only=True)
class NetworkProducer:
    """A producer of the network, candidate or not (km, degrees)."""

    key: Hashable
    name: str
    lat: float | None
    lon: float | None
    state: str = "active"
    process_keys: frozenset = frozenset()
    material_keys: frozenset = frozenset()


@dataclass(frozen=True)
class Hint:
    """One thing that would make the job routable."""

    code: str
    message: str
    params: tuple = ()

    def to_dict(self):
        return {
            "code": self.code,
            "message": self.message,
            "params": plain(dict(self.params)),
        }


@dataclass(frozen=True)
class OtherGroup:
    """Producers that were not candidates, for one reason (``code``)."""

    code: str
    count: int
    nearest_name: str
    nearest_km: float | None

    def to_dict(self):
        return plain(
            {
                "code": self.code,
                "count": self.count,
                "nearest_name": self.nearest_name,
                "nearest_km": self.nearest_km,
            }
        )


@dataclass(frozen=True)
class Explanation:
    others: tuple
    hints: tuple

    def to_dict(self):
        return {
            "others": [group.to_dict() for group in self.others],
            "hints": [hint.to_dict() for hint in self.hints],
        }


def _km(value):
    return None if value is None else round(value, 1)


def _distance(lat, lon, producer):
    if not has_location(producer.lat, producer.lon):
        return None
    return distance_km(lat, lon, producer.lat, producer.lon)


def _other_code(producer, dist, skipped, max_distance_km):
    if producer.key in skipped:
        return OTHER_SKIPPED
    if producer.state not in WORKING_STATES:
        return OTHER_NOT_WORKING
    if dist is None:
        return OTHER_NO_LOCATION
    if max_distance_km and dist > max_distance_km:
        return OTHER_BEYOND_MAX
    return OTHER_NOT_NEAREST


def _others(lat, lon, network, considered, skipped, max_distance_km):
    groups = {}
    for producer in network:
        if producer.key in considered:
            continue
        dist = _distance(lat, lon, producer)
        code = _other_code(producer, dist, skipped, max_distance_km)
        groups.setdefault(code, []).append((dist is None, dist or 0.0, producer))
    result = []
    for code in OTHER_CODES:
        members = sorted(
            groups.get(code, []), key=lambda m: (m[0], m[1], key_order(m[2].key))
        )
        if members:
            unknown, dist, nearest = members[0]
            result.append(
                OtherGroup(
                    code, len(members), nearest.name, None if unknown else _km(dist)
                )
            )
    return tuple(result)


def _capable_hint(lat, lon, network, needs, max_distance_km, names):
    processes, materials, skipped = needs
    capable = [
        (dist, producer)
        for producer in network
        if producer.state in WORKING_STATES
        and producer.key not in skipped
        and processes <= producer.process_keys
        and materials <= producer.material_keys
        and (dist := _distance(lat, lon, producer)) is not None
    ]
    if not capable:
        return Hint(
            HINT_NONE_CAPABLE,
            f"No working producer of the network has every process and material "
            f"the design needs ({names}).",
            (("names", names),),
        )
    dist, nearest = min(capable, key=lambda c: (c[0], key_order(c[1].key)))
    if max_distance_km and dist > max_distance_km:
        return Hint(
            HINT_NEAREST_CAPABLE_FAR,
            f"The nearest producer with every required process and material, "
            f"{nearest.name}, is {dist:.1f} km away, beyond the "
            f"{max_distance_km:.1f} km maximum.",
            (
                ("producer", nearest.name),
                ("distance_km", _km(dist)),
                ("max_km", _km(max_distance_km)),
            ),
        )
    return None


def _fixes(entry):
    """The fixes (dicts) that would make an excluded candidate qualify, or
    None when one of its reasons has no simple fix."""
    fixes = {}
    for reason in entry.get("reasons") or []:
        fix = FIX_OF_REASON.get(reason.get("code"))
        if fix is None:
            return None
        params = reason.get("params") or {}
        current = fixes.setdefault(fix, {"code": fix})
        if fix == FIX_CAPABILITY:
            names = [*current.get("names", []), *(reason.get("detail") or [])]
            current["names"] = names
        elif fix == FIX_RADIUS:
            current["radius_km"] = params.get("radius_km")
            current["distance_km"] = params.get("distance_km")
        elif fix == FIX_LATER:
            if params.get("ready_date"):
                current["ready_date"] = params["ready_date"]
        elif fix == FIX_JOBS:
            current["limit"] = params.get("limit")
    return [fixes[fix] for fix in sorted(fixes, key=list(FIX_OF_REASON.values()).index)]


def _fix_words(fix):
    code = fix["code"]
    if code == FIX_CAPABILITY:
        return f"with {', '.join(fix['names'])}"
    if code == FIX_RADIUS:
        return f"with a service radius of {fix['distance_km']} km"
    if code == FIX_LATER:
        return "with a later due date"
    if code == FIX_PRICE:
        return "with a purchase price"
    return "with fewer open jobs"


def _producer_hints(excluded):
    hints = []
    ordered = sorted(
        excluded,
        key=lambda e: (not e.get("distance_km"), e.get("distance_km") or 0.0),
    )
    for entry in ordered:
        fixes = _fixes(entry)
        if not fixes:
            continue
        name = entry.get("producer_name") or ""
        hints.append(
            Hint(
                HINT_PRODUCER_FIXES,
                f"{name} would qualify "
                + " and ".join(_fix_words(fix) for fix in fixes)
                + ".",
                (
                    ("producer", name),
                    ("distance_km", _km(entry.get("distance_km") or None)),
                    ("fixes", fixes),
                ),
            )
        )
        if len(hints) == MAX_PRODUCER_HINTS:
            break
    return hints


def explain(
    lat,
    lon,
    network,
    excluded,
    *,
    ranked_keys=(),
    skipped_keys=(),
    process_keys=frozenset(),
    material_keys=frozenset(),
    required_names="",
    max_distance_km=0.0,
):
    """The :class:`Explanation` of a job's routing for the whole network.

    ``lat``/``lon``: the customer; ``network``: every :class:`NetworkProducer`
    of the job's network; ``excluded``: the routing result's excluded entries
    (``Excluded.to_dict()``); ``ranked_keys``: the ranked producers;
    ``skipped_keys``: producers kept out of the ranking on purpose (declined
    the job, or hold it); ``process_keys``/``material_keys``: what the design
    needs, ``required_names`` their names (for the message);
    ``max_distance_km``: the routing setting (0 = none).

    Hints are given only when nobody is ranked: a routed job needs none.
    """
    considered = {e.get("producer_key") for e in excluded} | set(ranked_keys)
    others = _others(lat, lon, network, considered, set(skipped_keys), max_distance_km)
    hints = []
    if not ranked_keys:
        capable = _capable_hint(
            lat,
            lon,
            network,
            (frozenset(process_keys), frozenset(material_keys), set(skipped_keys)),
            max_distance_km,
            required_names,
        )
        if capable:
            hints.append(capable)
        hints += _producer_hints(excluded)
    return Explanation(others=others, hints=tuple(hints))
