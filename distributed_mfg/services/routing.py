# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Locality-based routing: choose the producer for one order line (pure Python).

How a producer is chosen
------------------------
The caller describes one order line as a :class:`Demand`: what is made, how
many, how many workshop hours it needs, where the customer is, the date of
"now" and the due date. It also passes the producers that are worth checking
as :class:`Candidate` objects. These are prefiltered in SQL, for example with
a bounding box and capability joins; the caller resolves the sharing scope and
licence per producer and reads capacity in one grouped query. :func:`route`
then works in four steps.

1. **Hard filters.** Each candidate is checked against every rule below, in
   this order. A candidate that fails any rule is *excluded*. It keeps all of
   its reasons, and the first one is its primary ``reason_code``:

   ==========================  ==============================================
   code                        meaning
   ==========================  ==============================================
   ``inactive``                state is neither active nor trial
   ``trial_limit``             trial producer at its open-job limit
   ``job_limit``               active producer at its own open-job limit
   ``design_not_allowed``      sharing scope does not let it make the design
                               (not when the scope refuses it only for a
                               missing process or material: the two rules
                               below name what is missing)
   ``licence_non_commercial``  licence forbids commercial use; the order is
                               commercial
   ``missing_process``         lacks required processes (named)
   ``missing_material``        lacks required materials (named)
   ``no_location``             producer has no coordinates
   ``outside_service_radius``  customer beyond the producer's service radius
   ``beyond_max_distance``     customer beyond the network maximum distance
   ``no_price``                no unit price (supplier info); only when
                               :attr:`RoutingSettings.require_price` is set,
                               the default, since the purchase order to the
                               producer needs a price
   ``no_capacity``             free hours before the due date < job load
   ``blackout``                blackout days push the ready date past the
                               due date (without them it would be in time)
   ``too_late``                queue + production end after the due date
   ==========================  ==============================================

2. **Estimate.** For each remaining candidate the service computes:

   * the geodesic distance in km from producer to customer;
   * the *ready date*. The producer first works off its queue
     (``queue_hours``) at the hours its :class:`.capacity.CapacityProfile`
     offers each day (its calendar's hours after leaves and public holidays,
     capped at its production hours per day, none on blackout days). Then it
     runs the job (``load_hours``). If it does not hold all components, the
     job cannot start before the components arrive
     (``component_supply_days`` after "now"). See
     :func:`.capacity.ready_date`;
   * the share of required components it already holds (see
     :func:`component_coverage`).

3. **Score: lower is better.** Each criterion becomes a *cost* in [0, 1],
   where 0 is best:

   ===============  ===========================  ===========================
   criterion        raw value (unit)             cost
   ===============  ===========================  ===========================
   ``distance``     km to the customer           km / max distance setting
                                                 (or / farthest eligible
                                                 candidate when no maximum)
   ``lead_time``    calendar days until ready    days / days until due
                                                 (at least 1)
   ``price``        unit price                   1 - cheapest eligible price
                                                 / price (0 = cheapest, 0.5 =
                                                 twice as dear; no price = 1)
   ``performance``  factor, 1.0 neutral,         1 - factor / 2, clamped to
                    higher is better             [0, 1] (neutral = 0.5)
   ``stock``        share of components held     1 - share
   ===============  ===========================  ===========================

   ``total_score = sum(weight * cost) / sum(weights)``, in [0, 1]. Every
   criterion's ``contribution`` is its term of that sum, so the
   contributions add up to the total. The default :class:`Weights` let
   distance dominate: distance 0.5, lead time 0.2, price 0.15, performance
   0.1 and stock 0.05, so distance weighs as much as all the others together.
   Stock counts twice on purpose: a producer lacking components loses on
   lead time (supply days) and on the stock criterion (transport).

4. **Rank.** Candidates are sorted by total score (rounded to 1e-9 so that
   float noise cannot decide), then distance, then ready date, then key. This
   order is deterministic whatever the input order. The first candidate is
   *chosen* and the second is the *runner-up*.

:class:`RoutingResult` carries the ranked :class:`Scored` entries (with
their per-criterion breakdown) and the :class:`Excluded` ones (with their
reasons). ``to_dict()`` turns it into plain dicts and lists that XML-RPC can
send. They contain no ``None``: unknown values become ``False``, and dates
become ISO strings.

Units: km, hours, calendar days; dates are :class:`datetime.date`. Reason
messages are English, for the planner's log. ``reason_code`` is the stable
key that the Odoo layer translates (see :data:`REASON_LABELS`).
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from .capacity import CapacityProfile, ready_date
from .common import has_location, key_order, plain
from .common import number as _number
from .common import set_attr as _set_attr
from .geo import check_latitude, check_longitude, distance_km

REASON_INACTIVE = "inactive"
REASON_TRIAL_LIMIT = "trial_limit"
REASON_JOB_LIMIT = "job_limit"
REASON_DESIGN = "design_not_allowed"
REASON_LICENCE = "licence_non_commercial"
REASON_PROCESS = "missing_process"
REASON_MATERIAL = "missing_material"
REASON_NO_LOCATION = "no_location"
REASON_RADIUS = "outside_service_radius"
REASON_MAX_DISTANCE = "beyond_max_distance"
REASON_NO_PRICE = "no_price"
REASON_CAPACITY = "no_capacity"
REASON_BLACKOUT = "blackout"
REASON_LATE = "too_late"

#: Reason codes in filter order, with a short English label (for a selection).
REASON_LABELS = {
    REASON_INACTIVE: "Producer not active",
    REASON_TRIAL_LIMIT: "Trial producer at its job limit",
    REASON_JOB_LIMIT: "Producer at its job limit",
    REASON_DESIGN: "May not make the design",
    REASON_LICENCE: "Licence forbids commercial use",
    REASON_PROCESS: "Missing process",
    REASON_MATERIAL: "Missing material",
    REASON_NO_LOCATION: "Producer not located",
    REASON_RADIUS: "Outside the producer's service radius",
    REASON_MAX_DISTANCE: "Beyond the maximum routing distance",
    REASON_NO_PRICE: "No purchase price",
    REASON_CAPACITY: "Not enough free capacity",
    REASON_BLACKOUT: "Blackout days",
    REASON_LATE: "Cannot be ready by the due date",
}

CRITERIA = ("distance", "lead_time", "price", "performance", "stock")
CRITERION_UNITS = {
    "distance": "km",
    "lead_time": "days",
    "price": "price",
    "performance": "factor",
    "stock": "ratio",
}
#: Days looked at beyond the due date to give a late producer's ready date.
HORIZON_MARGIN_DAYS = 90
EPSILON = 1e-9

__all__ = [
    "CRITERIA",
    "REASON_LABELS",
    "CapacityProfile",
    "Candidate",
    "Criterion",
    "Demand",
    "Excluded",
    "Reason",
    "RoutingResult",
    "RoutingSettings",
    "Scored",
    "Weights",
    "component_coverage",
    "performance_cost",
    "price_cost",
    "route",
]


# ------------------------------------------------------------------ helpers


def _as_date(value, what):
    """A :class:`date` from a date or datetime (truncated), else ValueError."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise ValueError(f"{what} must be a date, got {value!r}.")


def _pairs(value, what):
    """Mapping or iterable of (key, number) pairs as a tuple of pairs."""
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((key, _number(qty, f"{what} of {key!r}")) for key, qty in items)


def component_coverage(needed, on_hand):
    """Share in [0, 1] of the needed component quantities held on hand.

    The mean, over needed components, of ``min(on_hand / needed, 1)``.
    Needing nothing means full coverage (1.0).

    >>> component_coverage({"screw": 10, "board": 2}, {"screw": 10, "board": 1})
    0.75
    >>> component_coverage({"screw": 10}, {"screw": 50}), component_coverage({}, {})
    (1.0, 1.0)
    """
    needed = dict(needed)
    on_hand = dict(on_hand)
    shares = [
        min(on_hand.get(key, 0.0) / qty, 1.0) if qty > 0 else 1.0
        for key, qty in needed.items()
    ]
    return sum(shares) / len(shares) if shares else 1.0


def performance_cost(factor):
    """Cost in [0, 1] of a performance factor (1.0 neutral, 2.0 best).

    >>> performance_cost(1.0), performance_cost(1.5), performance_cost(3.0)
    (0.5, 0.25, 0.0)
    """
    return min(max(1.0 - factor / 2.0, 0.0), 1.0)


def price_cost(price, cheapest):
    """Cost in [0, 1) of a price: the share of it above the cheapest one.

    ``1 - cheapest / price``: 0 for the cheapest, 0.5 for twice its price.
    Unlike a min-max scale, a tiny difference stays a tiny cost.

    >>> price_cost(10.0, 10.0), price_cost(20.0, 10.0), round(price_cost(10.01, 10), 5)
    (0.0, 0.5, 0.001)
    >>> price_cost(0.0, 0.0), price_cost(5.0, 0.0)
    (0.0, 1.0)
    """
    if price <= cheapest + EPSILON:
        return 0.0
    return min(max(1.0 - cheapest / price, 0.0), 1.0)


# ------------------------------------------------------------------- inputs


@dataclass(frozen=True, kw_only=True)
class Demand:
    """One order line to route.

    ``lat``/``lon``: customer delivery point (degrees, required).
    ``now``/``due_date``: dates (a datetime is truncated to its date).
    ``qty`` > 0 in product units; ``load_hours`` >= 0 is the workshop time of
    the whole line. ``process_keys``/``material_keys``: what the design
    needs; ``process_names``/``material_names`` map those keys to names for
    messages. ``components``: mapping component key -> quantity needed for
    the whole line (stock-awareness). Raises ValueError on bad input.
    """

    key: Hashable
    lat: float
    lon: float
    now: date
    due_date: date
    qty: float
    load_hours: float
    product_key: Hashable = None
    design_key: Hashable = None
    process_keys: frozenset = frozenset()
    material_keys: frozenset = frozenset()
    process_names: tuple = ()
    material_names: tuple = ()
    commercial_use_required: bool = True
    components: tuple = ()

    def __post_init__(self):
        check_latitude(self.lat)
        check_longitude(self.lon)
        _set_attr(self, "now", _as_date(self.now, "Now"))
        _set_attr(self, "due_date", _as_date(self.due_date, "Due date"))
        if _number(self.qty, "Quantity") <= 0:
            raise ValueError(f"Quantity must be greater than 0, got {self.qty!r}.")
        _number(self.load_hours, "Load (hours)")
        _set_attr(self, "process_keys", frozenset(self.process_keys))
        _set_attr(self, "material_keys", frozenset(self.material_keys))
        _set_attr(self, "process_names", tuple(dict(self.process_names).items()))
        _set_attr(self, "material_names", tuple(dict(self.material_names).items()))
        _set_attr(self, "components", _pairs(self.components, "Component quantity"))

    @property
    def window_days(self):
        """Calendar days from now to the due date, at least 1."""
        return max((self.due_date - self.now).days, 1)


@dataclass(frozen=True, kw_only=True)
class Candidate:
    """One producer that might make the demand (units: km, hours, days).

    * ``state``: "active", "trial" or anything else (excluded);
      ``max_open_jobs`` 0 means no own limit (trial producers then use
      :attr:`RoutingSettings.trial_max_open_jobs`).
    * ``lat``/``lon`` in degrees, None (or 0, 0) when not geocoded;
      ``service_radius_km`` 0 means no own limit.
    * ``may_make_design`` and ``commercial_use_allowed`` are resolved by the
      caller from the design's sharing scope and licence;
      ``design_refusal``: the sharing service's reason codes when it may not
      (``services/design_sharing.py``, e.g. ``not_selected``), so that a
      refusal for a missing process or material is told as that.
    * ``free_hours``: free capacity between now and the due date (e.g.
      :func:`.capacity.capacity`); ``queue_hours``: load planned before this
      job can start.
    * ``capacity``: the :class:`.capacity.CapacityProfile` (hours per day
      from the calendar, daily cap, blackout days) from now until at least
      :data:`HORIZON_MARGIN_DAYS` after the due date; days it does not
      cover offer no hours.
    * ``unit_price``: purchase price per unit, None without supplier info;
      ``price_note``: why there is none (the caller's words, e.g. translated),
      shown as the ``no_price`` reason.
    * ``performance_factor``: 1.0 neutral, higher is better (0 to 2 used).
    * ``components_on_hand``: mapping component key -> quantity held;
      ``component_supply_days``: calendar days to bring missing components
      (None: the setting).
    * ``distance_km``: the geodesic distance to the demand when the caller
      has it already (a radius search gives it); None: computed here.
    """

    key: Hashable
    name: str
    lat: float | None
    lon: float | None
    free_hours: float
    state: str = "active"
    open_jobs: int = 0
    max_open_jobs: int = 0
    service_radius_km: float = 0.0
    process_keys: frozenset = frozenset()
    material_keys: frozenset = frozenset()
    may_make_design: bool = True
    design_refusal: tuple = ()
    commercial_use_allowed: bool = True
    capacity: CapacityProfile
    queue_hours: float = 0.0
    unit_price: float | None = None
    performance_factor: float = 1.0
    components_on_hand: tuple = ()
    component_supply_days: int | None = None
    price_note: str = ""
    distance_km: float | None = None

    def __post_init__(self):
        if self.distance_km is not None:
            _number(self.distance_km, f"{self.name}: distance (km)")
        if has_location(self.lat, self.lon):
            check_latitude(self.lat)
            check_longitude(self.lon)
        for name in (
            "free_hours",
            "queue_hours",
            "service_radius_km",
            "performance_factor",
        ):
            _number(getattr(self, name), f"{self.name}: {name}")
        if self.unit_price is not None:
            _number(self.unit_price, f"{self.name}: unit price")
        _set_attr(self, "process_keys", frozenset(self.process_keys))
        _set_attr(self, "material_keys", frozenset(self.material_keys))
        _set_attr(self, "design_refusal", tuple(self.design_refusal))
        if not isinstance(self.capacity, CapacityProfile):
            raise ValueError(f"{self.name}: capacity must be a CapacityProfile.")
        _set_attr(self, "components_on_hand", _pairs(self.components_on_hand, "Stock"))


@dataclass(frozen=True, kw_only=True)
class Weights:
    """Relative weights (>= 0) of the score criteria; only ratios matter."""

    distance: float = 0.5
    lead_time: float = 0.2
    price: float = 0.15
    performance: float = 0.1
    stock: float = 0.05

    def __post_init__(self):
        for name in CRITERIA:
            _number(getattr(self, name), f"Weight of {name}")

    def as_dict(self):
        """Weights by criterion name, in :data:`CRITERIA` order."""
        return {name: getattr(self, name) for name in CRITERIA}


@dataclass(frozen=True, kw_only=True)
class RoutingSettings:
    """Network-wide routing parameters.

    ``max_distance_km``: global maximum (0 = none). ``require_price``:
    exclude producers without a unit price (else they score the worst price).
    ``trial_max_open_jobs``: open-job limit of trial producers without their
    own. ``component_supply_days``: calendar days to bring missing
    components to a producer.
    """

    max_distance_km: float = 150.0
    require_price: bool = True
    trial_max_open_jobs: int = 1
    component_supply_days: int = 2
    active_states: frozenset = frozenset({"active"})
    trial_states: frozenset = frozenset({"trial"})

    def __post_init__(self):
        _number(self.max_distance_km, "Maximum distance (km)")
        _number(self.trial_max_open_jobs, "Trial job limit")
        _number(self.component_supply_days, "Component supply days")


# ------------------------------------------------------------------ outputs


@dataclass(frozen=True)
class Reason:
    """Why a candidate is excluded: stable ``code``, English ``message``,
    ``detail`` naming what is missing (e.g. process names), and ``params``:
    the message's values as ``(name, value)`` pairs, so that the Odoo layer
    can word it in the user's language (``models/dmfg_message.py``)."""

    code: str
    message: str
    detail: tuple = ()
    params: tuple = ()

    def to_dict(self):
        return {
            "code": self.code,
            "message": self.message,
            "detail": plain(self.detail),
            "params": plain(dict(self.params)),
        }


def _reason(code, message, detail=(), **params):
    return Reason(code, message, tuple(detail), tuple(sorted(params.items())))


@dataclass(frozen=True)
class Criterion:
    """One line of a score breakdown.

    ``raw`` in ``unit`` (None when unknown), ``normalised`` cost in [0, 1]
    (0 best), configured ``weight``, and ``contribution`` =
    weight * normalised / sum of weights (the contributions add up to the
    total score).
    """

    name: str
    raw: float | None
    normalised: float
    weight: float
    contribution: float
    unit: str

    def to_dict(self):
        return plain(
            {
                "raw": self.raw,
                "normalised": self.normalised,
                "weight": self.weight,
                "contribution": self.contribution,
                "unit": self.unit,
            }
        )


@dataclass(frozen=True)
class Scored:
    """A candidate that passed every filter, with its score (lower is better)."""

    rank: int
    producer_key: Hashable
    producer_name: str
    total_score: float
    distance_km: float
    ready_date: date
    lead_time_days: int
    has_all_components: bool
    unit_price: float | None
    criteria: tuple

    @property
    def breakdown(self):
        """``{criterion name: Criterion}`` in :data:`CRITERIA` order."""
        return {criterion.name: criterion for criterion in self.criteria}

    def summary(self):
        """One English line for the chatter."""
        return (
            f"{self.producer_name}: {self.distance_km:.1f} km, ready "
            f"{self.ready_date.isoformat()}, score {self.total_score:.3f}"
        )

    def to_dict(self):
        return plain(
            {
                "rank": self.rank,
                "producer_key": self.producer_key,
                "producer_name": self.producer_name,
                "total_score": self.total_score,
                "distance_km": self.distance_km,
                "ready_date": self.ready_date,
                "lead_time_days": self.lead_time_days,
                "has_all_components": self.has_all_components,
                "unit_price": self.unit_price,
                "breakdown": {c.name: c.to_dict() for c in self.criteria},
                "summary": self.summary(),
            }
        )


@dataclass(frozen=True)
class Excluded:
    """A candidate that failed a hard filter.

    ``reason_code``/``message`` is the first failed rule (filter order);
    ``reasons`` lists all of them. ``distance_km`` is None when unknown.
    """

    producer_key: Hashable
    producer_name: str
    reasons: tuple
    distance_km: float | None = None

    @property
    def reason_code(self):
        return self.reasons[0].code

    @property
    def message(self):
        return self.reasons[0].message

    def to_dict(self):
        return plain(
            {
                "producer_key": self.producer_key,
                "producer_name": self.producer_name,
                "reason_code": self.reason_code,
                "message": self.message,
                "reasons": [reason.to_dict() for reason in self.reasons],
                "distance_km": self.distance_km,
            }
        )


@dataclass(frozen=True)
class RoutingResult:
    """Ranked candidates (best first) and excluded ones, for one demand."""

    demand_key: Hashable
    ranked: tuple
    excluded: tuple
    weights: Weights = field(default_factory=Weights)

    @property
    def chosen(self):
        """The best :class:`Scored`, or None when no candidate is left."""
        return self.ranked[0] if self.ranked else None

    @property
    def runner_up(self):
        """The second best :class:`Scored`, or None."""
        return self.ranked[1] if len(self.ranked) > 1 else None

    def summary(self):
        """One English line for the chatter: choice and runner-up, or why none."""
        if not self.chosen:
            codes = sorted({excluded.reason_code for excluded in self.excluded})
            return (
                f"No producer available ({len(self.excluded)} excluded: "
                f"{', '.join(codes) or 'no candidates'})."
            )
        text = f"Routed to {self.chosen.summary()}."
        if self.runner_up:
            text += f" Runner-up: {self.runner_up.summary()}."
        return text

    def to_dict(self):
        """Plain dicts/lists, safe for XML-RPC (no None) and JSON."""
        return {
            "demand_key": plain(self.demand_key),
            "chosen": self.chosen.to_dict() if self.chosen else False,
            "runner_up": self.runner_up.to_dict() if self.runner_up else False,
            "ranked": [scored.to_dict() for scored in self.ranked],
            "excluded": [excluded.to_dict() for excluded in self.excluded],
            "weights": self.weights.as_dict(),
            "summary": self.summary(),
        }


# ------------------------------------------------------------------ filters


@dataclass(frozen=True)
class _Assessment:
    candidate: Candidate
    distance_km: float | None
    ready_date: date | None
    coverage: float
    reasons: tuple


def _check_state(cand, settings):
    if cand.state in settings.active_states:
        limit, code = cand.max_open_jobs, REASON_JOB_LIMIT
    elif cand.state in settings.trial_states:
        limit = cand.max_open_jobs or settings.trial_max_open_jobs
        code = REASON_TRIAL_LIMIT
    else:
        return _reason(
            REASON_INACTIVE,
            f"Producer state is '{cand.state}': only active producers, or trial "
            "producers under their job limit, receive jobs.",
            state=cand.state,
        )
    if limit and cand.open_jobs >= limit:
        kind = "Trial producer" if code == REASON_TRIAL_LIMIT else "Producer"
        return _reason(
            code,
            f"{kind} already has {cand.open_jobs} open job(s), its limit is {limit}.",
            open_jobs=cand.open_jobs,
            limit=limit,
        )
    return None


#: Sharing refusals that the capability rules already tell (by name).
CAPABILITY_REFUSALS = frozenset({REASON_PROCESS, REASON_MATERIAL})


def _check_design(cand):
    if cand.may_make_design:
        return None
    if cand.design_refusal and set(cand.design_refusal) <= CAPABILITY_REFUSALS:
        # A "qualified" scope refuses it for what it lacks: the process and
        # material rules name it, the real first cause.
        return None
    return _reason(
        REASON_DESIGN,
        "The design's sharing scope excludes this producer.",
        refusal=",".join(cand.design_refusal),
    )


def _check_licence(demand, cand):
    if not demand.commercial_use_required or cand.commercial_use_allowed:
        return None
    return _reason(
        REASON_LICENCE,
        "The design's licence forbids commercial use for this producer, and the "
        "order is commercial.",
    )


def _missing(required, offered, names, code, what):
    missing = required - offered
    if not missing:
        return None
    labels = dict(names)
    detail = tuple(sorted((str(labels.get(key, key)) for key in missing), key=str))
    return _reason(
        code, f"Missing {what}: {', '.join(detail)}.", detail, names=", ".join(detail)
    )


def _check_capabilities(demand, cand):
    found = (
        _missing(
            demand.process_keys,
            cand.process_keys,
            demand.process_names,
            REASON_PROCESS,
            "processes",
        ),
        _missing(
            demand.material_keys,
            cand.material_keys,
            demand.material_names,
            REASON_MATERIAL,
            "materials",
        ),
    )
    return [reason for reason in found if reason]


def _check_distance(cand, dist, settings):
    if dist is None:
        return [_reason(REASON_NO_LOCATION, "The producer has no coordinates.")]
    reasons = []
    if cand.service_radius_km and dist > cand.service_radius_km:
        reasons.append(
            _reason(
                REASON_RADIUS,
                f"Customer is {dist:.1f} km away, outside the producer's "
                f"{cand.service_radius_km:.1f} km service radius.",
                distance_km=round(dist, 1),
                radius_km=round(cand.service_radius_km, 1),
            )
        )
    if settings.max_distance_km and dist > settings.max_distance_km:
        reasons.append(
            _reason(
                REASON_MAX_DISTANCE,
                f"Customer is {dist:.1f} km away, beyond the network maximum of "
                f"{settings.max_distance_km:.1f} km.",
                distance_km=round(dist, 1),
                max_km=round(settings.max_distance_km, 1),
            )
        )
    return reasons


def _check_price(cand, settings):
    if cand.unit_price is not None or not settings.require_price:
        return None
    return _reason(
        REASON_NO_PRICE,
        cand.price_note or "No purchase price (supplier info) for this product here.",
        note=cand.price_note,
    )


def _check_capacity(demand, cand):
    if cand.free_hours + EPSILON >= demand.load_hours:
        return None
    return _reason(
        REASON_CAPACITY,
        f"Needs {demand.load_hours:.1f} h before {demand.due_date.isoformat()} "
        f"but only {cand.free_hours:.1f} h are free.",
        hours=round(demand.load_hours, 1),
        due_date=demand.due_date,
        free_hours=round(cand.free_hours, 1),
    )


def _supply_date(demand, cand, coverage, settings):
    """First day the job may start when components must be brought first."""
    if coverage >= 1.0 - EPSILON:
        return None
    days = cand.component_supply_days
    if days is None:
        days = settings.component_supply_days
    return demand.now + timedelta(days=days)


def _schedule(demand, cand, coverage, settings):
    """(ready date or None, Reason or None) for the blackout/late filters."""
    params = {
        "start": demand.now,
        "hours_before": cand.queue_hours,
        "hours": demand.load_hours,
        "earliest_start": _supply_date(demand, cand, coverage, settings),
        "horizon_days": (demand.due_date - demand.now).days + HORIZON_MARGIN_DAYS,
    }
    ready = ready_date(cand.capacity, **params)
    if ready is not None and ready <= demand.due_date:
        return ready, None
    due = demand.due_date.isoformat()
    if ready:
        when = f"to {ready.isoformat()}, after the due date {due}"
    else:
        when = f"more than {HORIZON_MARGIN_DAYS} days past the due date {due}"
    if cand.capacity.blackout_days:
        unblocked = ready_date(cand.capacity.without_blackouts(), **params)
        if unblocked is not None and unblocked <= demand.due_date:
            return ready, _reason(
                REASON_BLACKOUT,
                f"Blackout days push the ready date {when}.",
                ready_date=ready,
                due_date=demand.due_date,
            )
    return ready, _reason(
        REASON_LATE,
        f"Queue ({cand.queue_hours:.1f} h) and production "
        f"({demand.load_hours:.1f} h) at up to {cand.capacity.hours_per_day:.1f} "
        f"h/day on working days push the ready date {when}.",
        ready_date=ready,
        due_date=demand.due_date,
        queue_hours=round(cand.queue_hours, 1),
        hours=round(demand.load_hours, 1),
        hours_per_day=round(cand.capacity.hours_per_day, 1),
    )


def _assess(demand, cand, settings):
    """Distance, ready date, coverage and every failed rule of one candidate."""
    dist = None
    if has_location(cand.lat, cand.lon):
        dist = cand.distance_km
        if dist is None:
            dist = distance_km(demand.lat, demand.lon, cand.lat, cand.lon)
    coverage = component_coverage(demand.components, cand.components_on_hand)
    reasons = [
        _check_state(cand, settings),
        _check_design(cand),
        _check_licence(demand, cand),
        *_check_capabilities(demand, cand),
        *_check_distance(cand, dist, settings),
        _check_price(cand, settings),
        _check_capacity(demand, cand),
    ]
    ready, late = _schedule(demand, cand, coverage, settings)
    reasons.append(late)
    return _Assessment(
        cand, dist, ready, coverage, tuple(reason for reason in reasons if reason)
    )


# ------------------------------------------------------------------ scoring


def _costs(demand, assessment, scales):
    """``{criterion: (raw, cost)}`` of one eligible candidate."""
    cand = assessment.candidate
    lead_days = (assessment.ready_date - demand.now).days
    price = cand.unit_price
    cost_of_price = 1.0 if price is None else price_cost(price, scales["price_min"])
    dist_scale = scales["distance"]
    return {
        "distance": (
            assessment.distance_km,
            min(assessment.distance_km / dist_scale, 1.0) if dist_scale else 0.0,
        ),
        "lead_time": (lead_days, min(lead_days / demand.window_days, 1.0)),
        "price": (price, cost_of_price),
        "performance": (
            cand.performance_factor,
            performance_cost(cand.performance_factor),
        ),
        "stock": (assessment.coverage, 1.0 - assessment.coverage),
    }


def _scales(eligible, settings):
    prices = [a.candidate.unit_price for a in eligible]
    prices = [price for price in prices if price is not None]
    farthest = max((a.distance_km for a in eligible), default=0.0)
    return {
        "distance": settings.max_distance_km or farthest,
        "price_min": min(prices, default=0.0),
    }


def _score(demand, eligible, weights, settings):
    """Unranked :class:`Scored` (rank 0) for the eligible assessments."""
    scales = _scales(eligible, settings)
    weight_of = weights.as_dict()
    total_weight = sum(weight_of.values())
    scored = []
    for assessment in eligible:
        criteria = []
        for name, (raw, cost) in _costs(demand, assessment, scales).items():
            weight = weight_of[name]
            share = weight * cost / total_weight if total_weight else 0.0
            criteria.append(
                Criterion(name, raw, cost, weight, share, CRITERION_UNITS[name])
            )
        cand = assessment.candidate
        scored.append(
            Scored(
                rank=0,
                producer_key=cand.key,
                producer_name=cand.name,
                total_score=sum(c.contribution for c in criteria),
                distance_km=assessment.distance_km,
                ready_date=assessment.ready_date,
                lead_time_days=(assessment.ready_date - demand.now).days,
                has_all_components=assessment.coverage >= 1.0 - EPSILON,
                unit_price=cand.unit_price,
                criteria=tuple(criteria),
            )
        )
    return scored


def _rank_key(scored):
    return (
        round(scored.total_score, 9),
        round(scored.distance_km, 6),
        scored.ready_date,
        key_order(scored.producer_key),
    )


def _excluded_key(excluded):
    dist = excluded.distance_km
    return (dist is None, dist or 0.0, key_order(excluded.producer_key))


def route(demand, candidates, weights=None, settings=None):
    """Rank ``candidates`` for ``demand``: a :class:`RoutingResult`.

    Deterministic: the result does not depend on the order of
    ``candidates``. Candidate keys must be unique (ValueError otherwise).
    ``weights`` default to :class:`Weights`, ``settings`` to
    :class:`RoutingSettings`.
    """
    weights = weights or Weights()
    settings = settings or RoutingSettings()
    seen = set()
    eligible = []
    excluded = []
    for cand in candidates:
        if cand.key in seen:
            raise ValueError(f"Producer {cand.key!r} is listed twice.")
        seen.add(cand.key)
        assessment = _assess(demand, cand, settings)
        if assessment.reasons:
            excluded.append(
                Excluded(
                    cand.key, cand.name, assessment.reasons, assessment.distance_km
                )
            )
        else:
            eligible.append(assessment)
    scored = sorted(_score(demand, eligible, weights, settings), key=_rank_key)
    ranked = tuple(
        replace(entry, rank=rank) for rank, entry in enumerate(scored, start=1)
    )
    return RoutingResult(
        demand_key=demand.key,
        ranked=ranked,
        excluded=tuple(sorted(excluded, key=_excluded_key)),
        weights=weights,
    )
