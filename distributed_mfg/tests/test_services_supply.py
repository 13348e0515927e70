# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Where each component of a job comes from (services/supply.py)."""

import doctest

from odoo.tests import BaseCase, tagged

from ..services import supply
from ..services.supply import ComponentNeed, plan_supply


def need(key, qty, **values):
    return ComponentNeed(key=key, name=key.capitalize(), qty_needed=qty, **values)


@tagged("dmfg")
class TestSupplyPlan(BaseCase):
    maxDiff = None

    def test_doctests(self):
        """The examples in the supply module's docstrings hold."""
        result = doctest.testmod(supply)
        self.assertGreater(result.attempted, 3)
        self.assertEqual(result.failed, 0)

    def test_only_the_shortage_is_supplied(self):
        """Held 3 of 8 screws, 0.2 of 1 kg PLA: send 5 screws and buy 0.8 kg."""
        plan = plan_supply(
            [
                need("screw", 8, free_at_producer=3, central_free=100, mode="central"),
                need("pla", 1.0, free_at_producer=0.2, mode="buy", vendor_count=4),
                need("board", 2, free_at_producer=5, mode="central"),
            ]
        )
        self.assertEqual(
            [
                (line.key, line.qty_from_producer, round(line.qty_to_supply, 6))
                for line in plan.lines
            ],
            [("screw", 3.0, 5.0), ("pla", 0.2, 0.8), ("board", 2.0, 0.0)],
        )
        self.assertEqual(
            [line.source for line in plan.lines], ["central", "buy", "producer"]
        )
        self.assertTrue(plan.ok)
        self.assertEqual(
            plan.sources(), {"screw": "central", "pla": "buy", "board": "producer"}
        )

    def test_negative_stock_counts_as_nothing(self):
        """A producer at -2 screws still needs the full 8."""
        plan = plan_supply(
            [need("screw", 8, free_at_producer=-2, central_free=10, mode="central")]
        )
        self.assertEqual(plan.lines[0].qty_to_supply, 8.0)

    def test_buy_without_vendor_falls_back_to_the_warehouse(self):
        """No vendor, but the warehouse holds enough: resupplied from it."""
        line = plan_supply([need("glue", 2, central_free=2, mode="buy")]).lines[0]
        self.assertEqual((line.source, line.qty_to_supply), ("central", 2.0))
        self.assertIn("no vendor sells it", line.message)

    def test_central_short_with_vendor_waits_for_the_warehouse(self):
        """Warehouse short but a vendor sells it: the transfer waits for it."""
        line = plan_supply(
            [need("screw", 8, central_free=3, mode="central", vendor_count=1)]
        ).lines[0]
        self.assertEqual((line.source, line.qty_to_supply), ("central", 8.0))
        self.assertIn("waits for its replenishment", line.message)

    def test_no_vendor_and_no_central_stock_blocks(self):
        """Nothing anywhere: blocked, nothing supplied, the reason is exact."""
        plan = plan_supply(
            [
                need("screw", 8, central_free=100, mode="central"),
                need("glue", 2, uom="Units", central_free=1.5, mode="buy"),
                need("paint", 1, mode="central"),
            ]
        )
        self.assertFalse(plan.ok)
        self.assertEqual([line.key for line in plan.blocked], ["glue", "paint"])
        self.assertEqual(
            plan.blocked[0].message,
            "Glue: 2 Units missing at the producer: no vendor sells it and the "
            "central warehouse holds only 1.5 Units.",
        )
        self.assertEqual(plan.blocked[0].qty_to_supply, 0.0)
        self.assertEqual(
            plan.summary(), " ".join(line.message for line in plan.blocked)
        )

    def test_unmanaged_component_is_left_to_the_producer(self):
        """No supply mode: never blocks, nothing sent."""
        line = plan_supply([need("tape", 3)]).lines[0]
        self.assertEqual((line.source, line.qty_to_supply), ("unmanaged", 0.0))
        self.assertTrue(plan_supply([need("tape", 3)]).ok)

    def test_to_dict_is_plain_data(self):
        """to_dict gives XML-RPC-safe values (no None)."""
        data = plan_supply([need("tape", 3)]).to_dict()
        self.assertEqual(data["lines"][0]["mode"], False)
        self.assertEqual(data["summary"], "Components provided by the producer: 1.")

    def test_bad_input_is_refused(self):
        """Zero need, unknown mode, bad numbers: ValueError naming the field."""
        with self.assertRaisesRegex(ValueError, "Screw: quantity needed must be"):
            need("screw", 0)
        with self.assertRaisesRegex(ValueError, "unknown supply mode 'teleport'"):
            need("screw", 1, mode="teleport")
        with self.assertRaisesRegex(ValueError, "free at the producer"):
            need("screw", 1, free_at_producer=float("nan"))
        with self.assertRaisesRegex(ValueError, "vendor count"):
            need("screw", 1, vendor_count=-1)
        with self.assertRaisesRegex(ValueError, "Precision"):
            plan_supply([], precision=0)
