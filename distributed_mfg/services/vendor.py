# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Choose the vendor nearest to a producer for one component (pure Python).

Input: the component's vendor offers (one :class:`VendorOffer` per
``product.supplierinfo`` line), the producer's point and the quantity
needed. :func:`choose_vendor` returns a :class:`VendorChoice`, which ranks
one line per vendor, best first, and gives a reason for each rank.

* **One offer per vendor.** Among a vendor's offers, the applicable ones are
  those whose minimum quantity is at most the quantity needed. The cheapest
  applicable offer is kept; ties go to the shorter delay, then to the offer
  key. If none applies, the offer with the smallest minimum quantity is
  kept, and the vendor is flagged ``below_min_qty``; this mirrors Odoo's
  fallback to a vendor "for which no price may be defined". The offers not
  kept are listed in ``superseded``.
* **Ranking.** Vendors are ranked in tiers: first located vendors, then
  located vendors below their minimum quantity, then vendors without
  coordinates (they always go last), and in that last tier again those
  below minimum quantity after the others. Inside a tier, the order is
  distance, then price, then delay, then key. Vendors at practically the
  same distance count as equally near, so price decides between them: the
  tier's vendors are taken by exact distance, and each group runs from its
  nearest vendor up to ``tolerance_km`` (0.1 km by default) farther. The
  order never depends on the input order. If the producer itself has no
  coordinates, every vendor is ranked by price, then delay.

Units: km, days, and prices in the caller's single currency. ``to_dict()``
returns plain data that XML-RPC can send: ``None`` becomes ``False``.
"""

from collections.abc import Hashable
from dataclasses import dataclass

from .common import has_location, key_order, plain
from .common import number as _checked_number
from .geo import check_latitude, check_longitude, distance_km

REASON_NEAREST = "nearest"
REASON_FARTHER = "farther"
REASON_SAME_DISTANCE = "same_distance"
REASON_BELOW_MIN_QTY = "below_min_qty"
REASON_NO_LOCATION = "no_location"
REASON_PRODUCER_NO_LOCATION = "producer_no_location"
REASON_SUPERSEDED = "superseded"

#: Reason codes with a short English label (for a selection field).
REASON_LABELS = {
    REASON_NEAREST: "Nearest vendor",
    REASON_FARTHER: "Farther than the chosen vendor",
    REASON_SAME_DISTANCE: "As near as a better-ranked vendor",
    REASON_BELOW_MIN_QTY: "Minimum quantity above the need",
    REASON_NO_LOCATION: "Vendor not located",
    REASON_PRODUCER_NO_LOCATION: "Producer not located",
    REASON_SUPERSEDED: "Another offer of the vendor is better",
}


def _number(value, what):
    """``value`` as a finite float >= 0, else ValueError."""
    return _checked_number(value, what, minimum=0)


@dataclass(frozen=True, kw_only=True)
class VendorOffer:
    """One vendor price line for the component.

    ``lat``/``lon``: the vendor's point in degrees, None (or 0, 0) when not
    geocoded. ``price``: unit price >= 0 in the caller's currency;
    ``delay_days`` >= 0: vendor lead time; ``min_qty`` >= 0 in the
    component's unit. ``offer_key`` identifies the line (e.g. a
    supplierinfo id). Raises ValueError on bad input.
    """

    vendor_key: Hashable
    name: str = ""
    lat: float | None = None
    lon: float | None = None
    price: float = 0.0
    delay_days: float = 0.0
    min_qty: float = 0.0
    offer_key: Hashable = None

    def __post_init__(self):
        if has_location(self.lat, self.lon):
            check_latitude(self.lat)
            check_longitude(self.lon)
        label = self.name or repr(self.vendor_key)
        _number(self.price, f"{label}: price")
        _number(self.delay_days, f"{label}: delay (days)")
        _number(self.min_qty, f"{label}: minimum quantity")

    @property
    def label(self):
        return self.name or str(self.vendor_key)


@dataclass(frozen=True)
class RankedVendor:
    """One vendor's place in the ranking (``rank`` 1 is the choice).

    ``distance_km`` is None when it is unknown. ``reason_code`` and
    ``message`` say why the vendor has this rank.
    """

    rank: int
    offer: VendorOffer
    distance_km: float | None
    below_min_qty: bool
    reason_code: str
    message: str

    @property
    def vendor_key(self):
        return self.offer.vendor_key

    def to_dict(self):
        offer = self.offer
        return plain(
            {
                "rank": self.rank,
                "vendor_key": offer.vendor_key,
                "vendor_name": offer.name,
                "offer_key": offer.offer_key,
                "distance_km": self.distance_km,
                "price": offer.price,
                "delay_days": offer.delay_days,
                "min_qty": offer.min_qty,
                "below_min_qty": self.below_min_qty,
                "reason_code": self.reason_code,
                "message": self.message,
            }
        )


@dataclass(frozen=True)
class VendorChoice:
    """Ranked vendors (one per vendor) and the offers set aside."""

    qty: float
    ranked: tuple
    superseded: tuple

    @property
    def chosen(self):
        """The first :class:`RankedVendor`, or None when there is no offer."""
        return self.ranked[0] if self.ranked else None

    @property
    def runner_up(self):
        return self.ranked[1] if len(self.ranked) > 1 else None

    def to_dict(self):
        return {
            "qty": self.qty,
            "chosen": self.chosen.to_dict() if self.chosen else False,
            "runner_up": self.runner_up.to_dict() if self.runner_up else False,
            "ranked": [entry.to_dict() for entry in self.ranked],
            "superseded": [offer_dict(offer) for offer in self.superseded],
        }


def offer_dict(offer):
    """Plain dict of a :class:`VendorOffer`."""
    return plain(
        {
            "vendor_key": offer.vendor_key,
            "vendor_name": offer.name,
            "offer_key": offer.offer_key,
            "price": offer.price,
            "delay_days": offer.delay_days,
            "min_qty": offer.min_qty,
            "reason_code": REASON_SUPERSEDED,
        }
    )


def _offer_key(offer):
    return (offer.price, offer.delay_days, key_order(offer.offer_key))


def best_offer(offers, qty):
    """(best offer of one vendor for ``qty``, whether it is below min qty).

    >>> cheap_bulk = VendorOffer(vendor_key=1, price=8.0, min_qty=100)
    >>> normal = VendorOffer(vendor_key=1, price=10.0, min_qty=1)
    >>> best_offer([cheap_bulk, normal], 10) == (normal, False)
    True
    >>> best_offer([cheap_bulk, normal], 100) == (cheap_bulk, False)
    True
    >>> best_offer([cheap_bulk], 10) == (cheap_bulk, True)
    True
    """
    applicable = [offer for offer in offers if offer.min_qty <= qty]
    if applicable:
        return min(applicable, key=_offer_key), False
    smallest = min(offers, key=lambda offer: (offer.min_qty, *_offer_key(offer)))
    return smallest, True


def _tie_break(first, second):
    """Which term decided between two vendors at the same distance."""
    if first.price != second.price:
        return f"dearer ({second.price:.2f} vs {first.price:.2f})"
    if first.delay_days != second.delay_days:
        return f"slower ({second.delay_days:g} vs {first.delay_days:g} days)"
    return "same price and delay, ordered by key"


def _message(entry, chosen, same_group):
    """(reason code, English message) for one ranked entry."""
    offer, dist = entry["offer"], entry["distance_km"]
    if entry["producer_unknown"]:
        return (
            REASON_PRODUCER_NO_LOCATION,
            "The producer has no coordinates: vendors ranked by price, then delay.",
        )
    if dist is None:
        return (
            REASON_NO_LOCATION,
            "Vendor has no coordinates: ranked after every located vendor, by "
            "price, then delay.",
        )
    if entry["below_min_qty"]:
        return (
            REASON_BELOW_MIN_QTY,
            f"{dist:.1f} km away, but its minimum quantity {offer.min_qty:g} "
            "exceeds the need: ranked after vendors that sell that quantity.",
        )
    if chosen is None:
        return REASON_NEAREST, f"Nearest vendor: {dist:.1f} km from the producer."
    if same_group:
        return (
            REASON_SAME_DISTANCE,
            f"As near as {chosen['offer'].label} ({dist:.1f} km) but "
            f"{_tie_break(chosen['offer'], offer)}.",
        )
    return (
        REASON_FARTHER,
        f"{dist:.1f} km from the producer, {dist - chosen['distance_km']:.1f} km "
        f"farther than {chosen['offer'].label}.",
    )


def _tier(entry):
    return (entry["distance_km"] is None, entry["below_min_qty"])


def _group_by_distance(entries, tolerance_km):
    """Set each entry's ``group``: same group = equally near (same tier)."""
    ordered = sorted(
        entries,
        key=lambda e: (_tier(e), e["distance_km"] or 0.0, _vendor_order(e)),
    )
    group, tier, start = -1, None, 0.0
    for entry in ordered:
        dist = entry["distance_km"] or 0.0
        if _tier(entry) != tier or dist > start + tolerance_km:
            group, tier, start = group + 1, _tier(entry), dist
        entry["group"] = group


def _vendor_order(entry):
    return key_order(entry["offer"].vendor_key)


def _sort_key(entry):
    offer = entry["offer"]
    return (entry["group"], offer.price, offer.delay_days, _vendor_order(entry))


def choose_vendor(offers, producer_lat, producer_lon, qty, tolerance_km=0.1):
    """Rank a component's vendors by distance to the producer.

    ``offers``: iterable of :class:`VendorOffer` (several per vendor
    allowed); ``producer_lat``/``producer_lon`` in degrees (None when
    unknown); ``qty`` > 0 in the component's unit; ``tolerance_km`` >= 0:
    distance difference under which vendors count as equally near.
    Returns a :class:`VendorChoice`; its ``chosen`` is None without offers.
    """
    if _number(qty, "Quantity") <= 0:
        raise ValueError(f"Quantity must be greater than 0, got {qty!r}.")
    _number(tolerance_km, "Distance tolerance (km)")
    producer_known = has_location(producer_lat, producer_lon)
    by_vendor = {}
    for offer in offers:
        by_vendor.setdefault(offer.vendor_key, []).append(offer)
    entries, superseded = [], []
    for vendor_offers in by_vendor.values():
        offer, below = best_offer(vendor_offers, qty)
        superseded += [other for other in vendor_offers if other is not offer]
        dist = None
        if producer_known and has_location(offer.lat, offer.lon):
            dist = distance_km(producer_lat, producer_lon, offer.lat, offer.lon)
        entries.append(
            {
                "offer": offer,
                "distance_km": dist,
                "below_min_qty": below,
                "producer_unknown": not producer_known,
            }
        )
    _group_by_distance(entries, tolerance_km)
    entries.sort(key=_sort_key)
    return VendorChoice(
        qty=float(qty),
        ranked=_rank(entries),
        superseded=tuple(
            sorted(superseded, key=lambda o: (key_order(o.vendor_key), _offer_key(o)))
        ),
    )


def _rank(entries):
    """Ranked :class:`RankedVendor` tuple from sorted entries."""
    ranked = []
    chosen = None
    for rank, entry in enumerate(entries, start=1):
        same_group = chosen is not None and entry["group"] == chosen["group"]
        code, message = _message(entry, chosen, same_group)
        if code == REASON_NEAREST:
            chosen = entry
        ranked.append(
            RankedVendor(
                rank=rank,
                offer=entry["offer"],
                distance_km=entry["distance_km"],
                below_min_qty=entry["below_min_qty"],
                reason_code=code,
                message=message,
            )
        )
    return tuple(ranked)
