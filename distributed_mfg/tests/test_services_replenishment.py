# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Min/max arithmetic of producers' reordering rules (services/replenishment.py)."""

import doctest

from odoo.tests import BaseCase, tagged

from ..services import replenishment
from ..services.replenishment import RuleState, plan_replenishment, qty_to_order


@tagged("dmfg")
class TestReplenishment(BaseCase):
    def test_doctests(self):
        """The examples in the replenishment module's docstrings hold."""
        result = doctest.testmod(replenishment)
        self.assertGreater(result.attempted, 3)
        self.assertEqual(result.failed, 0)

    def test_orders_up_to_the_maximum_counting_what_is_coming(self):
        """On hand 4, 6 coming, 3 leaving, 2 in draft: forecast 9 < 10, order 31."""
        rule = RuleState(
            key=1,
            min_qty=10,
            max_qty=40,
            on_hand=4,
            incoming=6,
            outgoing=3,
            in_progress=2,
        )
        self.assertEqual(rule.forecast, 9.0)
        self.assertEqual(qty_to_order(rule), 31.0)

    def test_at_the_minimum_nothing_is_ordered(self):
        """Forecast equal to the minimum (within rounding): nothing."""
        self.assertEqual(qty_to_order(RuleState(key=1, min_qty=5, on_hand=4.999)), 0.0)
        self.assertAlmostEqual(
            qty_to_order(RuleState(key=1, min_qty=5, multiple=0, on_hand=4.9)), 0.1
        )

    def test_multiple_rounds_down_with_a_maximum_up_without(self):
        """Like Odoo: down to the multiple under a maximum, up to it otherwise."""
        self.assertEqual(
            qty_to_order(
                RuleState(key=1, min_qty=10, max_qty=40, multiple=12, on_hand=0)
            ),
            36.0,
        )
        self.assertEqual(
            qty_to_order(RuleState(key=1, min_qty=10, multiple=12, on_hand=0)), 12.0
        )

    def test_negative_stock_is_refilled(self):
        """-3 on hand with min 2 max 5: order 8."""
        self.assertEqual(
            qty_to_order(RuleState(key=1, min_qty=2, max_qty=5, on_hand=-3)), 8.0
        )

    def test_plan_keeps_order_and_gives_reasons(self):
        """One decision per rule, in input order, with the reason."""
        decisions = plan_replenishment(
            [
                RuleState(key="a", name="Screws", min_qty=10, max_qty=40, on_hand=50),
                RuleState(key="b", name="PLA", min_qty=2, max_qty=5, on_hand=1),
            ]
        )
        self.assertEqual(
            [(d.key, d.qty_to_order, d.reason_code) for d in decisions],
            [("a", 0.0, "enough"), ("b", 4.0, "below_min")],
        )
        self.assertEqual(
            decisions[1].message,
            "PLA: forecast 1 below the minimum 2, order 4 (maximum 5).",
        )
        self.assertEqual(decisions[1].to_dict()["qty_to_order"], 4.0)

    def test_bad_input_is_refused(self):
        """Negative minimum, non-numbers, zero rounding: ValueError."""
        with self.assertRaisesRegex(ValueError, "min_qty"):
            RuleState(key=1, min_qty=-1)
        with self.assertRaisesRegex(ValueError, "on_hand must be a number"):
            RuleState(key=1, on_hand="3")
        with self.assertRaisesRegex(ValueError, "rounding"):
            RuleState(key=1, rounding=0)
