# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Helpers shared by the services: checked numbers, keys, points, plain data.

The one module the other services import from each other (no private
cross-imports between capability modules).
"""

import math
from collections.abc import Mapping
from datetime import date


def number(value, what, minimum=0.0):
    """``value`` as a finite float >= ``minimum``, else ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number, got {value!r}.")
    if not math.isfinite(value) or value < minimum:
        raise ValueError(f"{what} must be a finite number >= {minimum}, got {value!r}.")
    return float(value)


def set_attr(obj, name, value):
    # Frozen dataclasses normalise their own fields in __post_init__.
    object.__setattr__(obj, name, value)


def key_order(key):
    """Sort key that orders numbers before other keys, without type errors.

    >>> sorted([3, "b", 1, "a"], key=key_order)
    [1, 3, 'a', 'b']
    """
    if isinstance(key, int | float) and not isinstance(key, bool):
        return (0, key, "")
    return (1, 0, str(key))


def has_location(lat, lon):
    """True when a point has coordinates.

    Odoo stores "not geocoded" as latitude = longitude = 0.0, so that exact
    point counts as unknown, like ``None`` or ``False``.

    >>> has_location(41.39, 2.17), has_location(0.0, 0.0), has_location(None, 2.1)
    (True, False, False)
    """
    if lat is None or lon is None or lat is False or lon is False:
        return False
    return not (lat == 0 and lon == 0)


def plain(value):
    """``value`` made safe for XML-RPC and JSON: None -> False, date -> ISO.

    >>> plain(None), plain(date(2026, 3, 2)), plain((1, None)), plain({"a": 1.5})
    (False, '2026-03-02', [1, False], {'a': 1.5})
    """
    if value is None:
        return False
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    return value
