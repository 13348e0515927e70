# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Parse untrusted input: numbers, dates and short texts (pure Python).

Portal forms send strings, XML-RPC and JSON-RPC send any type (None, bools,
lists, dicts, ``nan``, ``inf``, huge numbers). Every value a person or a
program types goes through one of these parsers before the models use it:

* :func:`parse_number`: a finite ``float`` (or ``int`` with ``integer=True``)
  within bounds: ``minimum``/``maximum`` (by default ±:data:`DEFAULT_MAXIMUM`),
  strictly above 0 with ``strict=True``, and, when a unit of measure's
  ``rounding`` is given, 0 or at least that rounding (a quantity below it
  would be stored as 0).
* :func:`parse_date`: a ``date`` from a date, a datetime or an ISO
  ``YYYY-MM-DD`` string, within ``minimum``/``maximum``.
* :func:`parse_text`: a stripped ``str`` of at most ``max_length``
  characters.

A refused value raises :class:`InputError`, a ``ValueError`` whose ``code``
is one of the ``REASON_*`` keys below and whose ``bound`` is the limit it
broke. The Odoo layer (``models/dmfg_input.py``) turns the code into a
translated message naming the field; ``str(error)`` is a short English
message for logs and tests. An empty value (None, False, "") raises
``REASON_EMPTY`` unless ``required=False``, when the parser returns
``default`` (numbers), None (dates) or "" (texts). True is never a number.
"""

import math
import re
from datetime import date, datetime

#: Default bound of a number (both signs): far above any quantity, hour count,
#: distance or weight of the network, far below where floats lose units.
DEFAULT_MAXIMUM = 1e9
#: Longest string read as a number or a date: longer ones are refused unread.
MAX_LITERAL_LENGTH = 64
#: Default longest text (a reason, a note).
DEFAULT_MAX_TEXT_LENGTH = 2000

REASON_EMPTY = "empty"
REASON_NOT_A_NUMBER = "not_a_number"
REASON_NOT_FINITE = "not_finite"
REASON_NOT_INTEGER = "not_integer"
REASON_NOT_POSITIVE = "not_positive"
REASON_BELOW_MINIMUM = "below_minimum"
REASON_ABOVE_MAXIMUM = "above_maximum"
REASON_BELOW_ROUNDING = "below_rounding"
REASON_NOT_A_DATE = "not_a_date"
REASON_TOO_EARLY = "too_early"
REASON_TOO_LATE = "too_late"
REASON_NOT_TEXT = "not_text"
REASON_TOO_LONG = "too_long"

#: Reason codes with a short English label.
REASON_LABELS = {
    REASON_EMPTY: "No value",
    REASON_NOT_A_NUMBER: "Not a number",
    REASON_NOT_FINITE: "Not a finite number",
    REASON_NOT_INTEGER: "Not a whole number",
    REASON_NOT_POSITIVE: "Not greater than 0",
    REASON_BELOW_MINIMUM: "Below the minimum",
    REASON_ABOVE_MAXIMUM: "Above the maximum",
    REASON_BELOW_ROUNDING: "Below the unit's rounding",
    REASON_NOT_A_DATE: "Not a date",
    REASON_TOO_EARLY: "Date too early",
    REASON_TOO_LATE: "Date too late",
    REASON_NOT_TEXT: "Not a text",
    REASON_TOO_LONG: "Text too long",
}

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_NOT_FINITE_WORDS = {"nan", "inf", "infinity"}
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T][0-9:.+\-Z]*)?")
# Relative slack on bounds: a value equal to a bound up to float noise passes.
_SLACK = 1e-9


class InputError(ValueError):
    """A refused input value: ``code`` (a ``REASON_*`` key), the ``value``
    as given (the parsed date for a date out of bounds) and the ``bound`` it
    broke (None when none applies)."""

    def __init__(self, code, value, bound=None):
        self.code = code
        self.value = value
        self.bound = bound
        detail = f" ({bound!r})" if bound is not None else ""
        super().__init__(f"{REASON_LABELS[code]}{detail}: {shorten(value)}")


def shorten(value, width=40):
    """``value`` for a message: a printable string as it is, anything else
    as its ``repr``, cut to ``width`` characters.

    >>> shorten("x" * 100, width=10)
    'xxxxxxxxx…'
    >>> shorten([1.5, None])
    '[1.5, None]'
    >>> print(shorten("1" + chr(0)))
    '1\\x00'
    """
    if isinstance(value, str):
        head = value[: width + 1]
        text = head if head.isprintable() else repr(head)
    else:
        text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _is_empty(value):
    return (
        value is None
        or value is False
        or (isinstance(value, str) and not value.strip())
    )


def _to_number(value):
    """``value`` as an int or float, or InputError (no bounds checked)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(REASON_NOT_A_NUMBER, value)
    if isinstance(value, int | float):
        return value
    text = value.strip()
    if len(text) > MAX_LITERAL_LENGTH:
        raise InputError(REASON_NOT_A_NUMBER, value)
    if text.lower().lstrip("+-") in _NOT_FINITE_WORDS:
        raise InputError(REASON_NOT_FINITE, value)
    if not _NUMBER.fullmatch(text):
        raise InputError(REASON_NOT_A_NUMBER, value)
    if "." in text or "e" in text.lower():
        return float(text)  # "1e400" gives inf: refused by the bounds
    return int(text)


def _slack(number, bound):
    # Whole numbers compare exactly (record ids up to 2**31 - 1).
    if isinstance(number, int) and isinstance(bound, int):
        return 0
    return abs(bound) * _SLACK


def _below(number, bound):
    return number < bound - _slack(number, bound)


def _above(number, bound):
    return number > bound + _slack(number, bound)


def parse_number(
    value,
    *,
    minimum=None,
    maximum=None,
    strict=False,
    rounding=None,
    integer=False,
    required=True,
    default=None,
):
    """``value`` as a finite number within bounds, else :class:`InputError`.

    ``minimum``/``maximum`` default to -/+ :data:`DEFAULT_MAXIMUM`;
    ``strict``: the number must be greater than 0; ``rounding`` (> 0, a unit
    of measure's rounding): a number other than 0 must be at least that in
    absolute value; ``integer``: a whole number, returned as an ``int``
    (else a ``float``). An empty value returns ``default`` when not
    ``required``.

    >>> parse_number(" 2.5 ", strict=True)
    2.5
    >>> parse_number("3", integer=True, minimum=1)
    3
    >>> parse_number("", required=False, default=0.0)
    0.0
    >>> for bad in ("nan", 1e308, "1e400", "abc", [1], True, "2.5"):
    ...     try:
    ...         parse_number(bad, integer=True)
    ...     except InputError as error:
    ...         print(error.code, error.bound)
    not_finite None
    above_maximum 1000000000.0
    above_maximum 1000000000.0
    not_a_number None
    not_a_number None
    not_a_number None
    not_integer None
    >>> try:
    ...     parse_number("0.001", strict=True, rounding=0.01)
    ... except InputError as error:
    ...     print(error.code, error.bound)
    below_rounding 0.01
    """
    if _is_empty(value):
        if required:
            raise InputError(REASON_EMPTY, value)
        return default
    number = _to_number(value)
    upper = DEFAULT_MAXIMUM if maximum is None else maximum
    lower = -DEFAULT_MAXIMUM if minimum is None else minimum
    if isinstance(number, float) and (
        math.isnan(number) or (math.isinf(number) and isinstance(value, float))
    ):
        raise InputError(REASON_NOT_FINITE, value)
    if strict and number <= 0:
        raise InputError(REASON_NOT_POSITIVE, value, 0)
    if _below(number, lower):
        raise InputError(REASON_BELOW_MINIMUM, value, lower)
    if _above(number, upper):
        raise InputError(REASON_ABOVE_MAXIMUM, value, upper)
    # Within bounds, so small enough to be a float.
    if integer and not float(number).is_integer():
        raise InputError(REASON_NOT_INTEGER, value)
    if rounding is not None:
        if not (isinstance(rounding, int | float) and rounding > 0):
            raise ValueError(f"A rounding must be greater than 0, got {rounding!r}.")
        if number and abs(number) < rounding * (1 - _SLACK):
            raise InputError(REASON_BELOW_ROUNDING, value, rounding)
    return int(number) if integer else float(number)


def parse_date(value, *, minimum=None, maximum=None, required=True):
    """``value`` as a ``date`` within bounds, else :class:`InputError`.

    Takes a ``date``, a ``datetime`` (its date) or a string starting with
    ``YYYY-MM-DD`` (a time after it is ignored, as Odoo does). An empty value
    returns None when not ``required``.

    >>> parse_date("2026-03-02 10:00:00")
    datetime.date(2026, 3, 2)
    >>> for bad in ("2026-02-30", "tomorrow", 20260302, ["2026-03-02"]):
    ...     try:
    ...         parse_date(bad)
    ...     except InputError as error:
    ...         print(error.code)
    not_a_date
    not_a_date
    not_a_date
    not_a_date
    >>> try:
    ...     parse_date("9999-12-31", maximum=date(2026, 12, 31))
    ... except InputError as error:
    ...     print(error.code, error.bound)
    too_late 2026-12-31
    """
    if _is_empty(value):
        if required:
            raise InputError(REASON_EMPTY, value)
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, str) and len(value) <= MAX_LITERAL_LENGTH:
        match = _DATE.fullmatch(value.strip())
        if not match:
            raise InputError(REASON_NOT_A_DATE, value)
        try:
            day = date(*(int(part) for part in match.groups()))
        except ValueError as error:
            raise InputError(REASON_NOT_A_DATE, value) from error
    else:
        raise InputError(REASON_NOT_A_DATE, value)
    # The date itself, not the text it came from, says what was refused.
    if minimum is not None and day < minimum:
        raise InputError(REASON_TOO_EARLY, day, minimum)
    if maximum is not None and day > maximum:
        raise InputError(REASON_TOO_LATE, day, maximum)
    return day


def parse_text(value, *, max_length=DEFAULT_MAX_TEXT_LENGTH, required=True):
    """``value`` as a stripped string of at most ``max_length`` characters.

    None and False are empty; any other non-string, or a string holding a
    NUL character, is refused. An empty value returns "" when not
    ``required``.

    >>> parse_text("  SEUR ")
    'SEUR'
    >>> for bad in (["SEUR"], 42, "x" * 300, "  "):
    ...     try:
    ...         parse_text(bad, max_length=200)
    ...     except InputError as error:
    ...         print(error.code, error.bound)
    not_text None
    not_text None
    too_long 200
    empty None
    """
    if value is None or value is False:
        value = ""
    # PostgreSQL stores no NUL character: such a string is no text either.
    if not isinstance(value, str) or "\x00" in value:
        raise InputError(REASON_NOT_TEXT, value)
    text = value.strip()
    if not text:
        if required:
            raise InputError(REASON_EMPTY, value)
        return ""
    if len(text) > max_length:
        raise InputError(REASON_TOO_LONG, value, max_length)
    return text
