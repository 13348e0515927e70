# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Local impact of a job: km, transport CO2 and days saved against shipping
from the company's central site (pure Python, no Odoo).

A job is made by a producer near its customer; without the network the
company would have made it at its central site and shipped it from there.

* Distances are geodesic (:func:`.geo.distance_km`, as routing uses):
  straight lines, the same yardstick for both legs.
* Transport CO2 (kg CO2e) = weight (t) x distance (km) x emission factor
  (kg CO2e per tonne-km). The producer's leg uses the van factor (a local
  van delivery); the central leg the road freight factor (parcel or
  general road freight). The central leg's own last mile is left out, so
  the saving is rather under- than overstated.
* Lead time: whole days from the order's confirmation to the delivery,
  against the central production days plus the shipping days.

Anything missing (a point, the weight, a date) gives ``None``: unknown,
never a made-up zero.

Defaults (kg CO2e per tonne-km, well-to-wheel):

* ``DEFAULT_VAN_FACTOR`` 0.60: UK DESNZ/DEFRA GHG conversion factors 2023,
  "Freighting goods", vans, average (up to 3.5 tonnes), diesel.
* ``DEFAULT_FREIGHT_FACTOR`` 0.107: same source, HGV (all diesel), all
  HGVs, average laden; the GLEC Framework's default for road freight is of
  the same order.

>>> factors = ImpactFactors()
>>> impact = compute_impact(
...     producer=(41.5433, 2.1094),   # Sabadell
...     customer=(41.3870, 2.1700),   # Barcelona, Plaça de Catalunya
...     central=(40.4168, -3.7038),   # Madrid, Puerta del Sol
...     weight_kg=10.0,
...     factors=factors,
... )
>>> round(impact.distance_km, 1), round(impact.baseline_km, 1)
(18.1, 506.4)
>>> round(impact.co2_kg, 3), round(impact.baseline_co2_kg, 3)
(0.108, 0.542)
"""

import math
from dataclasses import dataclass
from datetime import date

from . import geo

#: kg CO2e per tonne-km, van delivery (DESNZ/DEFRA 2023, vans average, diesel).
DEFAULT_VAN_FACTOR = 0.60
#: kg CO2e per tonne-km, road freight (DESNZ/DEFRA 2023, HGV average laden).
DEFAULT_FREIGHT_FACTOR = 0.107
#: Days the central site takes to make an order, then to ship it.
DEFAULT_BASELINE_PRODUCTION_DAYS = 5
DEFAULT_BASELINE_SHIPPING_DAYS = 3
#: Bounds of the settings.
MAX_FACTOR = 100.0
MAX_DAYS = 3650


@dataclass(frozen=True)
class ImpactFactors:
    """The Settings the figures depend on."""

    van_factor: float = DEFAULT_VAN_FACTOR
    freight_factor: float = DEFAULT_FREIGHT_FACTOR
    baseline_production_days: int = DEFAULT_BASELINE_PRODUCTION_DAYS
    baseline_shipping_days: int = DEFAULT_BASELINE_SHIPPING_DAYS

    @property
    def baseline_lead_days(self):
        """Days from confirmation to delivery from the central site."""
        return self.baseline_production_days + self.baseline_shipping_days

    def as_dict(self):
        """Plain values, for a snapshot."""
        return {
            "van_factor": self.van_factor,
            "freight_factor": self.freight_factor,
            "baseline_production_days": self.baseline_production_days,
            "baseline_shipping_days": self.baseline_shipping_days,
        }


@dataclass(frozen=True)
class JobImpact:
    """The figures of one job; ``None`` is unknown."""

    distance_km: float | None = None
    baseline_km: float | None = None
    km_saved: float | None = None
    weight_kg: float | None = None
    co2_kg: float | None = None
    baseline_co2_kg: float | None = None
    co2_saved_kg: float | None = None
    lead_days: int | None = None
    baseline_lead_days: int | None = None
    days_saved: int | None = None

    def as_dict(self):
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _point(point):
    """``(lat, lon)`` as floats, or None when missing (None, or Odoo's 0, 0)
    or not a valid place (out of range, not a finite number): unknown.

    >>> _point((91, 0)) is None
    True
    """
    if not point:
        return None
    lat, lon = point
    if lat is None or lon is None or (not lat and not lon):
        return None
    try:
        return geo.check_latitude(lat), geo.check_longitude(lon)
    except ValueError:
        return None


def distance_between(a, b):
    """Geodesic km between two ``(lat, lon)`` points, None if one is unknown.

    >>> round(distance_between((41.5433, 2.1094), (41.3870, 2.1700)), 1)
    18.1
    >>> distance_between(None, (41.3870, 2.1700)) is None
    True
    >>> distance_between((0.0, 0.0), (41.3870, 2.1700)) is None
    True
    """
    a, b = _point(a), _point(b)
    if a is None or b is None:
        return None
    return geo.distance_km(a[0], a[1], b[0], b[1])


def transport_co2_kg(weight_kg, km, factor):
    """kg CO2e to carry ``weight_kg`` over ``km`` at ``factor`` kg/t.km.

    10 kg over 18.1 km by van (0.60): 0.010 t x 18.1 km x 0.60 = 0.1086 kg.

    >>> round(transport_co2_kg(10, 18.1, 0.60), 4)
    0.1086
    >>> transport_co2_kg(None, 18.1, 0.60) is None
    True
    >>> transport_co2_kg(0, 18.1, 0.60) is None
    True
    """
    if weight_kg is None or km is None or factor is None:
        return None
    if not math.isfinite(weight_kg) or weight_kg <= 0:
        return None
    return weight_kg / 1000.0 * km * factor


def lead_days(date_confirmed, date_delivered):
    """Whole days from confirmation to delivery, None if a date is missing.

    >>> lead_days(date(2026, 3, 2), date(2026, 3, 6))
    4
    >>> lead_days(None, date(2026, 3, 6)) is None
    True
    """
    if not isinstance(date_confirmed, date) or not isinstance(date_delivered, date):
        return None
    return max((date_delivered - date_confirmed).days, 0)


def _minus(a, b):
    return None if a is None or b is None else a - b


def compute_impact(
    producer,
    customer,
    central,
    weight_kg,
    factors,
    date_confirmed=None,
    date_delivered=None,
):
    """The :class:`JobImpact` of a job.

    ``producer``, ``customer``, ``central``: ``(lat, lon)`` or None;
    ``weight_kg``: the job's total weight (product weight x quantity) or
    None; ``factors``: :class:`ImpactFactors`; the dates are
    :class:`datetime.date` or None (the lead time is unknown until
    delivered).
    """
    distance = distance_between(producer, customer)
    baseline = distance_between(central, customer)
    weight = weight_kg if weight_kg and weight_kg > 0 else None
    co2 = transport_co2_kg(weight, distance, factors.van_factor)
    baseline_co2 = transport_co2_kg(weight, baseline, factors.freight_factor)
    days = lead_days(date_confirmed, date_delivered)
    baseline_days = factors.baseline_lead_days
    return JobImpact(
        distance_km=distance,
        baseline_km=baseline,
        km_saved=_minus(baseline, distance),
        weight_kg=weight,
        co2_kg=co2,
        baseline_co2_kg=baseline_co2,
        co2_saved_kg=_minus(baseline_co2, co2),
        lead_days=days,
        baseline_lead_days=baseline_days,
        days_saved=_minus(baseline_days, days),
    )


def totals(impacts):
    """Sum the known figures of many :class:`JobImpact`.

    Returns a dict: ``jobs``, ``km_saved``, ``co2_saved_kg``,
    ``days_saved`` (sums over the jobs where each is known) and
    ``jobs_km_known``, ``jobs_co2_known``, ``jobs_days_known``.

    >>> totals([JobImpact(km_saved=10.0), JobImpact(km_saved=None)])["km_saved"]
    10.0
    """
    result = {
        "jobs": 0,
        "km_saved": 0.0,
        "co2_saved_kg": 0.0,
        "days_saved": 0,
        "jobs_km_known": 0,
        "jobs_co2_known": 0,
        "jobs_days_known": 0,
    }
    for impact in impacts:
        result["jobs"] += 1
        for key, count in (
            ("km_saved", "jobs_km_known"),
            ("co2_saved_kg", "jobs_co2_known"),
            ("days_saved", "jobs_days_known"),
        ):
            value = getattr(impact, key)
            if value is not None:
                result[key] += value
                result[count] += 1
    return result
