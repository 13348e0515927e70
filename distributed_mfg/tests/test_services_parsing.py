# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Parsing untrusted numbers, dates and texts (services/parsing.py)."""

import doctest
from datetime import date, datetime

from odoo.tests import BaseCase, tagged

from ..services import parsing
from ..services.parsing import InputError, parse_date, parse_number, parse_text


def refusal(parser, value, **options):
    """``(code, bound)`` of the refusal of ``value``, or None if accepted."""
    try:
        parser(value, **options)
    except InputError as error:
        return (error.code, error.bound)
    return None


@tagged("dmfg")
class TestParseNumber(BaseCase):
    maxDiff = None

    def test_doctests(self):
        """The examples in the parsing module's docstrings hold."""
        result = doctest.testmod(parsing)
        self.assertGreater(result.attempted, 10)
        self.assertEqual(result.failed, 0)

    def test_accepted_values_and_types(self):
        """Numbers and numeric strings come back as floats (ints if asked)."""
        cases = [
            (("2",), {}, 2.0),
            ((" 2.50 ",), {}, 2.5),
            (("-3",), {}, -3.0),
            ((".5",), {}, 0.5),
            (("1e3",), {}, 1000.0),
            ((7,), {}, 7.0),
            ((0.25,), {}, 0.25),
            (("12",), {"integer": True}, 12),
            (("12.0",), {"integer": True}, 12),
            ((24,), {"minimum": 0, "maximum": 24}, 24.0),
            ((0,), {"minimum": 0, "rounding": 0.01}, 0.0),
            (("0.01",), {"strict": True, "rounding": 0.01}, 0.01),
            ((None,), {"required": False, "default": 5.0}, 5.0),
            (("",), {"required": False, "default": None}, None),
            ((False,), {"required": False, "default": 0}, 0),
        ]
        self.assertEqual(
            [
                (args, options, parse_number(*args, **options))
                for args, options, _ in cases
            ],
            cases,
        )
        self.assertIs(type(parse_number(7)), float)
        self.assertIs(type(parse_number("7", integer=True)), int)

    def test_not_numbers(self):
        """Empty values, texts, bools and containers are refused with a code."""
        values = ["", None, False, "abc", "1,5", "1_000", "0x10", "  ", True, [1]]
        values += [{"qty": 1}, (1,), b"1", "1" * 65, "x" * 10000]
        self.assertEqual(
            [refusal(parse_number, value) for value in values],
            [("empty", None)] * 3
            + [("not_a_number", None)] * 4
            + [("empty", None)]
            + [("not_a_number", None)] * 7,
        )

    def test_not_finite(self):
        """nan and infinities, as floats or words, are not finite numbers."""
        values = [float("nan"), float("inf"), float("-inf"), "nan", "NaN", "inf"]
        values += ["-Infinity", "+inf"]
        self.assertEqual(
            {refusal(parse_number, value) for value in values},
            {("not_finite", None)},
        )

    def test_bounds(self):
        """Minimum, maximum and the default bound of 1e9 either way."""
        cases = [
            ((1e308,), {}, ("above_maximum", 1e9)),
            (("1e400",), {}, ("above_maximum", 1e9)),
            ((10**400,), {}, ("above_maximum", 1e9)),
            (("-1e308",), {}, ("below_minimum", -1e9)),
            ((-1,), {"minimum": 0}, ("below_minimum", 0)),
            ((25,), {"minimum": 0, "maximum": 24}, ("above_maximum", 24)),
            ((0,), {"strict": True}, ("not_positive", 0)),
            (("-0.5",), {"strict": True}, ("not_positive", 0)),
            ((3,), {"strict": True, "maximum": 2.0}, ("above_maximum", 2.0)),
            ((0,), {"minimum": 1, "integer": True}, ("below_minimum", 1)),
            (("2.5",), {"integer": True}, ("not_integer", None)),
            (
                (2**31,),
                {"maximum": 2**31 - 1, "integer": True},
                ("above_maximum", 2**31 - 1),
            ),
        ]
        self.assertEqual(
            [refusal(parse_number, *args, **options) for args, options, _ in cases],
            [expected for _args, _options, expected in cases],
        )

    def test_unit_rounding(self):
        """A quantity other than 0 is at least the unit's rounding: 0.001 of a
        unit rounded to 0.01 would be stored as 0 and is refused."""
        self.assertEqual(
            [
                refusal(parse_number, value, strict=True, rounding=0.01)
                for value in ("0.001", 0.0001, "0.009", "0.01", 2)
            ],
            [("below_rounding", 0.01)] * 3 + [None, None],
        )
        self.assertEqual(
            refusal(parse_number, "0.0001", minimum=0, rounding=0.001),
            ("below_rounding", 0.001),
        )
        with self.assertRaises(ValueError):
            parse_number(1, rounding=0)

    def test_bound_equal_up_to_float_noise(self):
        """0.1 + 0.2 of a job of 0.3 is not above it."""
        self.assertAlmostEqual(parse_number(0.1 + 0.2, maximum=0.3), 0.3)

    def test_error_is_a_value_error_with_a_short_message(self):
        """The error is a ValueError; its message never repeats a huge input."""
        with self.assertRaises(ValueError) as context:
            parse_number("9" * 10000)
        self.assertLess(len(str(context.exception)), 100)
        self.assertEqual(context.exception.value, "9" * 10000)


@tagged("dmfg")
class TestParseDate(BaseCase):
    def test_accepted(self):
        """Dates, datetimes and ISO strings (a time part is ignored)."""
        self.assertEqual(
            [
                parse_date(value)
                for value in (
                    date(2026, 3, 2),
                    datetime(2026, 3, 2, 23, 59),
                    "2026-03-02",
                    " 2026-03-02 ",
                    "2026-03-02 10:00:00",
                    "2026-03-02T10:00:00",
                )
            ],
            [date(2026, 3, 2)] * 6,
        )
        self.assertIsNone(parse_date("", required=False))

    def test_refused(self):
        """Non-dates, impossible dates and values out of bounds."""
        low, high = date(2026, 1, 1), date(2026, 12, 31)
        cases = [
            ("", ("empty", None)),
            (None, ("empty", None)),
            (False, ("empty", None)),
            ("2026-02-30", ("not_a_date", None)),
            ("0000-01-01", ("not_a_date", None)),
            ("31/12/2026", ("not_a_date", None)),
            ("tomorrow", ("not_a_date", None)),
            ("2026-03-02" + "x" * 10000, ("not_a_date", None)),
            (20260302, ("not_a_date", None)),
            (1.5, ("not_a_date", None)),
            (True, ("not_a_date", None)),
            (["2026-03-02"], ("not_a_date", None)),
            ({"date": "2026-03-02"}, ("not_a_date", None)),
            ("2025-12-31", ("too_early", low)),
            ("9999-12-31", ("too_late", high)),
        ]
        self.assertEqual(
            [
                (value, refusal(parse_date, value, minimum=low, maximum=high))
                for value, _expected in cases
            ],
            cases,
        )

    def test_out_of_bounds_error_carries_the_date(self):
        """A date out of bounds is reported as the date, not the raw text."""
        with self.assertRaises(InputError) as context:
            parse_date("9999-12-31 10:00", maximum=date(2026, 1, 1))
        self.assertEqual(context.exception.value, date(9999, 12, 31))


@tagged("dmfg")
class TestParseText(BaseCase):
    def test_texts(self):
        """Stripped strings up to the maximum; other types refused."""
        self.assertEqual(parse_text("  SEUR  "), "SEUR")
        self.assertEqual(parse_text(None, required=False), "")
        self.assertEqual(parse_text(False, required=False), "")
        self.assertEqual(
            [
                refusal(parse_text, value, max_length=200)
                for value in ("", "   ", None, ["a"], {"a": 1}, 42, 1.5, True, "a\x00")
            ],
            [("empty", None)] * 3 + [("not_text", None)] * 6,
        )
        self.assertEqual(
            refusal(parse_text, "x" * 201, max_length=200), ("too_long", 200)
        )
        self.assertEqual(parse_text("x" * 200, max_length=200), "x" * 200)
