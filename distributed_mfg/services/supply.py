# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Decide how each component of a job reaches its producer (pure Python).

Input: one :class:`ComponentNeed` per component of the job's bill of
materials: the quantity needed, what the producer holds free of other
jobs, the component's supply mode, what the central warehouse holds free
and how many vendors sell it. :func:`plan_supply` returns a
:class:`SupplyPlan`: one :class:`SupplyLine` per component saying where the
missing quantity comes from, and why.

* **Held at the producer first.** Only the shortage (needed minus free at
  the producer, never negative) is supplied, the rest is taken from the
  producer's stock.
* **Supply modes.** ``central``: resupplied from the central warehouse by a
  transfer; if the warehouse is short but a vendor sells the component,
  the transfer waits for the warehouse's own replenishment. ``buy``: bought
  from the vendor nearest to the producer; without any vendor, the central
  warehouse resupplies it when it holds the whole shortage. No mode: the
  network does not manage the component (the producer provides it).
* **Blocked.** A managed component that is short, has no vendor and that
  the central warehouse cannot cover blocks the job: nothing is ordered
  for it and the reason names the component and the quantities.

Quantities are in each component's own unit; ``precision`` is the rounding
precision used for comparisons (0.0001 by default).
"""

import math
from collections.abc import Hashable
from dataclasses import dataclass

from .common import plain

MODE_CENTRAL = "central"
MODE_BUY = "buy"
MODES = (MODE_CENTRAL, MODE_BUY)

SOURCE_PRODUCER = "producer"
SOURCE_CENTRAL = "central"
SOURCE_BUY = "buy"
SOURCE_UNMANAGED = "unmanaged"
SOURCE_BLOCKED = "blocked"

#: Short English label of each source (for a selection field).
SOURCE_LABELS = {
    SOURCE_PRODUCER: "Held at the producer",
    SOURCE_CENTRAL: "Resupply from the central warehouse",
    SOURCE_BUY: "Buy from the nearest vendor",
    SOURCE_UNMANAGED: "Provided by the producer",
    SOURCE_BLOCKED: "Missing",
}


def _quantity(value, what):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, got {value!r}.")
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}.")
    return float(value)


def _fmt(qty, uom):
    text = f"{qty:g}"
    return f"{text} {uom}" if uom else text


@dataclass(frozen=True, kw_only=True)
class ComponentNeed:
    """One component of a job, as seen from its producer.

    ``qty_needed`` > 0; ``free_at_producer`` and ``central_free`` may be
    negative (negative stock counts as nothing); ``mode`` is ``"central"``,
    ``"buy"`` or None; ``vendor_count`` >= 0. Raises ValueError on bad input.
    """

    key: Hashable
    name: str = ""
    uom: str = ""
    qty_needed: float
    free_at_producer: float = 0.0
    central_free: float = 0.0
    mode: str | None = None
    vendor_count: int = 0

    def __post_init__(self):
        label = self.name or repr(self.key)
        if _quantity(self.qty_needed, f"{label}: quantity needed") <= 0:
            raise ValueError(
                f"{label}: quantity needed must be greater than 0, "
                f"got {self.qty_needed!r}."
            )
        _quantity(self.free_at_producer, f"{label}: free at the producer")
        _quantity(self.central_free, f"{label}: free in the central warehouse")
        # Frozen: normalise the numbers to floats in place.
        for field in ("qty_needed", "free_at_producer", "central_free"):
            object.__setattr__(self, field, float(getattr(self, field)))
        if self.mode not in (None, *MODES):
            raise ValueError(f"{label}: unknown supply mode {self.mode!r}.")
        if (
            isinstance(self.vendor_count, bool)
            or not isinstance(self.vendor_count, int)
            or self.vendor_count < 0
        ):
            raise ValueError(
                f"{label}: vendor count must be an integer >= 0, "
                f"got {self.vendor_count!r}."
            )

    @property
    def label(self):
        return self.name or str(self.key)


@dataclass(frozen=True)
class SupplyLine:
    """Where one component comes from.

    ``qty_from_producer`` is taken from the producer's stock,
    ``qty_to_supply`` is sent to it from ``source`` (0 when nothing is
    missing). ``blocked`` lines order nothing.
    """

    need: ComponentNeed
    qty_from_producer: float
    qty_to_supply: float
    source: str
    message: str

    @property
    def key(self):
        return self.need.key

    @property
    def blocked(self):
        return self.source == SOURCE_BLOCKED

    def to_dict(self):
        need = self.need
        return plain(
            {
                "key": need.key,
                "name": need.name,
                "uom": need.uom,
                "qty_needed": need.qty_needed,
                "free_at_producer": need.free_at_producer,
                "central_free": need.central_free,
                "mode": need.mode,
                "vendor_count": need.vendor_count,
                "qty_from_producer": self.qty_from_producer,
                "qty_to_supply": self.qty_to_supply,
                "source": self.source,
                "blocked": self.blocked,
                "message": self.message,
            }
        )


@dataclass(frozen=True)
class SupplyPlan:
    """The supply of every component of a job, in input order."""

    lines: tuple

    @property
    def blocked(self):
        """The lines that block the job (tuple, empty when it can go on)."""
        return tuple(line for line in self.lines if line.blocked)

    @property
    def ok(self):
        return not self.blocked

    def sources(self):
        """``{component key: source}``."""
        return {line.key: line.source for line in self.lines}

    def summary(self):
        """One sentence for the chatter: the blocking reasons, or the sources."""
        if self.blocked:
            return " ".join(line.message for line in self.blocked)
        counts = {}
        for line in self.lines:
            counts[line.source] = counts.get(line.source, 0) + 1
        parts = [
            f"{SOURCE_LABELS[source].lower()}: {count}"
            for source, count in sorted(counts.items())
        ]
        return "Components " + (", ".join(parts) if parts else "none") + "."

    def to_dict(self):
        return {
            "ok": self.ok,
            "summary": self.summary(),
            "lines": [line.to_dict() for line in self.lines],
        }


def _line(need, shortage, precision):
    """The :class:`SupplyLine` of one component short by ``shortage``."""
    uom = need.uom
    from_producer = min(need.qty_needed, max(need.free_at_producer, 0.0))
    if shortage <= precision:
        return SupplyLine(
            need,
            need.qty_needed,
            0.0,
            SOURCE_PRODUCER,
            f"{need.label}: {_fmt(need.qty_needed, uom)} held at the producer.",
        )
    central = max(need.central_free, 0.0)
    covered = central + precision >= shortage
    missing = f"{need.label}: {_fmt(shortage, uom)} missing at the producer"
    if need.mode is None:
        return SupplyLine(
            need,
            from_producer,
            0.0,
            SOURCE_UNMANAGED,
            f"{missing}; not managed by the network (no supply mode): the "
            "producer provides it.",
        )
    if need.mode == MODE_BUY and need.vendor_count:
        return SupplyLine(
            need,
            from_producer,
            shortage,
            SOURCE_BUY,
            f"{missing}, bought from the vendor nearest to the producer.",
        )
    if need.mode == MODE_CENTRAL and (covered or need.vendor_count):
        wait = (
            ""
            if covered
            else f" (the warehouse holds {_fmt(central, uom)}: the transfer waits "
            "for its replenishment)"
        )
        return SupplyLine(
            need,
            from_producer,
            shortage,
            SOURCE_CENTRAL,
            f"{missing}, resupplied from the central warehouse{wait}.",
        )
    if need.mode == MODE_BUY and covered:
        return SupplyLine(
            need,
            from_producer,
            shortage,
            SOURCE_CENTRAL,
            f"{missing}, resupplied from the central warehouse: no vendor sells it.",
        )
    return SupplyLine(
        need,
        from_producer,
        0.0,
        SOURCE_BLOCKED,
        f"{missing}: no vendor sells it and the central warehouse holds only "
        f"{_fmt(central, uom)}.",
    )


def plan_supply(needs, precision=0.0001):
    """Plan the supply of a job's components at its producer.

    ``needs``: iterable of :class:`ComponentNeed`; ``precision`` > 0.
    Returns a :class:`SupplyPlan` (lines in input order).

    >>> screws = ComponentNeed(key=1, name="Screw", qty_needed=8,
    ...     free_at_producer=5, central_free=100, mode="central")
    >>> pla = ComponentNeed(key=2, name="PLA", uom="kg", qty_needed=0.5,
    ...     free_at_producer=0.0, mode="buy", vendor_count=2)
    >>> plan = plan_supply([screws, pla])
    >>> [(line.source, line.qty_to_supply) for line in plan.lines]
    [('central', 3.0), ('buy', 0.5)]
    >>> glue = ComponentNeed(key=3, name="Glue", qty_needed=1, mode="buy")
    >>> plan = plan_supply([glue])
    >>> plan.ok, plan.blocked[0].source
    (False, 'blocked')
    """
    if _quantity(precision, "Precision") <= 0:
        raise ValueError(f"Precision must be greater than 0, got {precision!r}.")
    lines = []
    for need in needs:
        free = max(need.free_at_producer, 0.0)
        shortage = max(need.qty_needed - free, 0.0)
        lines.append(_line(need, shortage, precision))
    return SupplyPlan(tuple(lines))
