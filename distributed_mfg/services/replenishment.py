# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Min/max reordering arithmetic for producers' stock (pure Python).

One :class:`RuleState` per reordering rule: its minimum, maximum and
multiple, and the quantities the caller read in batch for its location and
product (on hand, pending incoming and outgoing transfers, and what is
already ordered but not yet in a transfer, such as draft purchase orders).
:func:`plan_replenishment` returns one :class:`RuleDecision` per rule with
the quantity to order and the reason.

The arithmetic is Odoo's (``stock.warehouse.orderpoint._get_qty_to_order``):
when the forecast falls below the minimum, order up to the maximum (or the
minimum if larger); round the quantity down to the multiple when a maximum
is set, up to it otherwise. Unlike Odoo's per-rule computation, every
pending transfer counts, whatever its date.

Quantities are in the product's unit; ``rounding`` is the unit's rounding.
"""

import math
from collections.abc import Hashable
from dataclasses import dataclass

from .common import plain

REASON_ENOUGH = "enough"
REASON_BELOW_MIN = "below_min"
NUMBER_FIELDS = (
    "min_qty",
    "max_qty",
    "multiple",
    "on_hand",
    "incoming",
    "outgoing",
    "in_progress",
    "rounding",
)


def _quantity(value, what, minimum=None):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, got {value!r}.")
    if not math.isfinite(value) or (minimum is not None and value < minimum):
        bound = "" if minimum is None else f" >= {minimum:g}"
        raise ValueError(f"{what} must be a finite number{bound}, got {value!r}.")
    return float(value)


def _is_zero(value, rounding):
    return abs(value) < rounding / 2


@dataclass(frozen=True, kw_only=True)
class RuleState:
    """A reordering rule and the stock figures of its location and product.

    ``min_qty``, ``max_qty``, ``multiple`` >= 0 and ``rounding`` > 0;
    ``on_hand`` may be negative; ``incoming``, ``outgoing`` and
    ``in_progress`` >= 0. Raises ValueError on bad input.
    """

    key: Hashable
    name: str = ""
    min_qty: float = 0.0
    max_qty: float = 0.0
    multiple: float = 1.0
    on_hand: float = 0.0
    incoming: float = 0.0
    outgoing: float = 0.0
    in_progress: float = 0.0
    rounding: float = 0.01

    def __post_init__(self):
        label = self.name or repr(self.key)
        for field in (
            "min_qty",
            "max_qty",
            "multiple",
            "incoming",
            "outgoing",
            "in_progress",
        ):
            _quantity(getattr(self, field), f"{label}: {field}", minimum=0)
        _quantity(self.on_hand, f"{label}: on_hand")
        if _quantity(self.rounding, f"{label}: rounding") <= 0:
            raise ValueError(f"{label}: rounding must be greater than 0.")
        # Frozen: normalise the numbers to floats in place.
        for field in NUMBER_FIELDS:
            object.__setattr__(self, field, float(getattr(self, field)))

    @property
    def forecast(self):
        """On hand plus what is coming, minus what is leaving."""
        return self.on_hand + self.incoming - self.outgoing + self.in_progress


@dataclass(frozen=True)
class RuleDecision:
    """How much one rule orders (0 when the forecast is enough)."""

    rule: RuleState
    forecast: float
    qty_to_order: float
    reason_code: str
    message: str

    @property
    def key(self):
        return self.rule.key

    def to_dict(self):
        return plain(
            {
                "key": self.rule.key,
                "name": self.rule.name,
                "forecast": self.forecast,
                "qty_to_order": self.qty_to_order,
                "reason_code": self.reason_code,
                "message": self.message,
            }
        )


def qty_to_order(rule):
    """Quantity ``rule`` orders now (Odoo's min/max arithmetic).

    >>> qty_to_order(RuleState(key=1, min_qty=5, max_qty=20, on_hand=3))
    17.0
    >>> qty_to_order(RuleState(key=1, min_qty=5, max_qty=20, multiple=5, on_hand=3))
    15.0
    >>> qty_to_order(RuleState(key=1, min_qty=5, max_qty=0, multiple=4, on_hand=2))
    4.0
    >>> qty_to_order(RuleState(key=1, min_qty=5, max_qty=20, on_hand=2, incoming=3))
    0.0
    """
    forecast = rule.forecast
    rounding = rule.rounding
    if forecast >= rule.min_qty or _is_zero(forecast - rule.min_qty, rounding):
        return 0.0
    qty = max(rule.min_qty, rule.max_qty) - forecast
    remainder = qty % rule.multiple if rule.multiple > 0 else 0.0
    if (
        remainder > 0
        and not _is_zero(remainder, rounding)
        and not _is_zero(rule.multiple - remainder, rounding)
    ):
        if _is_zero(rule.max_qty, rounding):
            qty += rule.multiple - remainder
        else:
            qty -= remainder
    return max(round(qty, 10), 0.0)


def plan_replenishment(rules):
    """One :class:`RuleDecision` per rule of ``rules``, in input order."""
    decisions = []
    for rule in rules:
        qty = qty_to_order(rule)
        forecast = rule.forecast
        label = rule.name or str(rule.key)
        if qty > 0:
            code = REASON_BELOW_MIN
            message = (
                f"{label}: forecast {forecast:g} below the minimum "
                f"{rule.min_qty:g}, order {qty:g} (maximum {rule.max_qty:g})."
            )
        else:
            code = REASON_ENOUGH
            message = f"{label}: forecast {forecast:g}, minimum {rule.min_qty:g}."
        decisions.append(RuleDecision(rule, forecast, qty, code, message))
    return tuple(decisions)
