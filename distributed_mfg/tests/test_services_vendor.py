# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Nearest-vendor choice for a producer's component (services/vendor.py).

Hand-checkable setting: the producer is in Sabadell (41.5433, 2.1094). Its
component's vendors are in real Catalan towns, at geodesic distances of
Terrassa 8.67 km, Granollers 16.50 km, Barcelona 18.09 km and Girona
76.50 km; "Online Supplies" has no coordinates.
"""

import doctest
import random
import xmlrpc.client

from odoo.tests import BaseCase, tagged

from ..services import vendor
from ..services.vendor import VendorOffer, choose_vendor

PRODUCER = (41.5433, 2.1094)  # Sabadell
TERRASSA = (41.5632, 2.0089)  # 8.67 km
GRANOLLERS = (41.6079, 2.2876)  # 16.50 km
BARCELONA = (41.3870, 2.1701)  # 18.09 km
GIRONA = (41.9794, 2.8214)  # 76.50 km


def offer(key, point=(None, None), **values):
    params = {
        "vendor_key": key,
        "name": key.capitalize(),
        "lat": point[0],
        "lon": point[1],
        "price": 10.0,
        "delay_days": 3,
    }
    params.update(values)
    return VendorOffer(**params)


def catalan_offers():
    return [
        offer("barcelona", BARCELONA, price=9.0),
        offer("girona", GIRONA, price=7.0),
        offer("online", price=5.0, delay_days=1),
        offer("terrassa", TERRASSA, price=11.0),
        offer("granollers", GRANOLLERS, price=10.0),
    ]


def ranking(choice):
    return [
        (entry.rank, entry.vendor_key, entry.reason_code) for entry in choice.ranked
    ]


@tagged("dmfg")
class TestNearestVendor(BaseCase):
    maxDiff = None

    def test_doctests(self):
        """The examples in the vendor module's docstrings hold."""
        result = doctest.testmod(vendor)
        self.assertGreater(result.attempted, 3)
        self.assertEqual(result.failed, 0)

    def test_nearest_vendor_wins_over_cheaper_ones(self):
        """Terrassa (8.7 km) is chosen although Barcelona and Girona are cheaper;
        the vendor without coordinates comes last."""
        choice = choose_vendor(catalan_offers(), *PRODUCER, qty=10)
        self.assertEqual(
            ranking(choice),
            [
                (1, "terrassa", "nearest"),
                (2, "granollers", "farther"),
                (3, "barcelona", "farther"),
                (4, "girona", "farther"),
                (5, "online", "no_location"),
            ],
        )
        distances = [entry.distance_km for entry in choice.ranked]
        for dist, expected in zip(
            distances[:4], (8.67, 16.50, 18.09, 76.50), strict=True
        ):
            self.assertAlmostEqual(dist, expected, delta=0.01)
        self.assertIsNone(distances[4])
        self.assertEqual(choice.chosen.vendor_key, "terrassa")
        self.assertEqual(choice.runner_up.vendor_key, "granollers")
        self.assertEqual(
            choice.chosen.message, "Nearest vendor: 8.7 km from the producer."
        )
        self.assertEqual(
            choice.runner_up.message,
            "16.5 km from the producer, 7.8 km farther than Terrassa.",
        )
        self.assertIn("no coordinates", choice.ranked[4].message)

    def test_same_distance_is_decided_by_price_then_delay(self):
        """Three vendors at the same address: cheapest first, then fastest."""
        offers = [
            offer("c-slow", TERRASSA, price=10.0, delay_days=5),
            offer("a-dear", TERRASSA, price=12.0, delay_days=1),
            offer("b-fast", TERRASSA, price=10.0, delay_days=2),
        ]
        choice = choose_vendor(offers, *PRODUCER, qty=1)
        self.assertEqual(
            ranking(choice),
            [
                (1, "b-fast", "nearest"),
                (2, "c-slow", "same_distance"),
                (3, "a-dear", "same_distance"),
            ],
        )
        self.assertEqual(
            choice.ranked[1].message,
            "As near as B-fast (8.7 km) but slower (5 vs 2 days).",
        )
        self.assertEqual(
            choice.ranked[2].message,
            "As near as B-fast (8.7 km) but dearer (12.00 vs 10.00).",
        )

    def test_distances_within_tolerance_count_as_equal(self):
        """A vendor 32 m nearer but dearer loses at the 0.1 km tolerance; with
        a 1 m tolerance distance decides again."""
        cheap = offer("cheap", TERRASSA, price=9.0)  # 8.671 km
        nearer = offer("nearer", (TERRASSA[0], TERRASSA[1] + 0.0004), price=12.0)
        choice = choose_vendor([nearer, cheap], *PRODUCER, qty=1)
        self.assertEqual(
            ranking(choice), [(1, "cheap", "nearest"), (2, "nearer", "same_distance")]
        )
        self.assertAlmostEqual(
            choice.ranked[0].distance_km - choice.ranked[1].distance_km,
            0.032,
            delta=0.002,
        )
        exact = choose_vendor([nearer, cheap], *PRODUCER, qty=1, tolerance_km=0.001)
        self.assertEqual(
            ranking(exact), [(1, "nearer", "nearest"), (2, "cheap", "farther")]
        )

    def test_identical_offers_are_ordered_by_key(self):
        """Same place, price and delay: the vendor key decides, stably."""
        offers = [offer(key, GRANOLLERS) for key in ("v3", "v1", "v2")]
        choice = choose_vendor(offers, *PRODUCER, qty=1)
        self.assertEqual([e.vendor_key for e in choice.ranked], ["v1", "v2", "v3"])
        self.assertIn("same price and delay", choice.ranked[1].message)

    def test_input_order_does_not_matter(self):
        """Shuffled offers give the same ranking and the same dict."""
        offers = catalan_offers()
        reference = choose_vendor(offers, *PRODUCER, qty=10).to_dict()
        shuffler = random.Random(7)
        for _attempt in range(5):
            shuffler.shuffle(offers)
            self.assertEqual(
                choose_vendor(offers, *PRODUCER, qty=10).to_dict(), reference
            )

    def test_unlocated_vendors_ranked_by_price_then_delay(self):
        """Vendors without coordinates follow the located ones, cheapest first."""
        offers = [
            offer("x", price=6.0, delay_days=4),
            offer("y", (0.0, 0.0), price=6.0, delay_days=2),
            offer("z", price=5.0, delay_days=9),
            offer("girona", GIRONA, price=50.0),
        ]
        choice = choose_vendor(offers, *PRODUCER, qty=1)
        self.assertEqual(
            ranking(choice),
            [
                (1, "girona", "nearest"),
                (2, "z", "no_location"),
                (3, "y", "no_location"),
                (4, "x", "no_location"),
            ],
        )

    def test_min_qty_above_need_ranks_after_vendors_that_sell_it(self):
        """Terrassa sells only from 100 units: for 10, Granollers is chosen."""
        offers = catalan_offers()
        offers[3] = offer("terrassa", TERRASSA, price=11.0, min_qty=100)
        choice = choose_vendor(offers, *PRODUCER, qty=10)
        self.assertEqual(choice.chosen.vendor_key, "granollers")
        terrassa = [e for e in choice.ranked if e.vendor_key == "terrassa"][0]
        self.assertEqual((terrassa.rank, terrassa.reason_code), (4, "below_min_qty"))
        self.assertTrue(terrassa.below_min_qty)
        self.assertIn("minimum quantity 100", terrassa.message)
        # For 100 units Terrassa is the nearest again.
        self.assertEqual(
            choose_vendor(offers, *PRODUCER, qty=100).chosen.vendor_key, "terrassa"
        )

    def test_only_vendor_below_min_qty_is_still_proposed(self):
        """Like Odoo's fallback, a single vendor is kept, flagged below min qty."""
        choice = choose_vendor(
            [offer("terrassa", TERRASSA, min_qty=50)], *PRODUCER, qty=10
        )
        self.assertEqual(choice.chosen.vendor_key, "terrassa")
        self.assertTrue(choice.chosen.below_min_qty)

    def test_best_offer_of_a_vendor_is_kept(self):
        """A vendor with a price break: the applicable cheapest line is used,
        the other is listed as superseded."""
        bulk = offer("terrassa", TERRASSA, price=8.0, min_qty=100, offer_key=2)
        unit = offer("terrassa", TERRASSA, price=11.0, min_qty=1, offer_key=1)
        choice = choose_vendor([bulk, unit], *PRODUCER, qty=10)
        self.assertEqual(len(choice.ranked), 1)
        self.assertEqual(choice.chosen.offer, unit)
        self.assertEqual(choice.superseded, (bulk,))
        choice = choose_vendor([bulk, unit], *PRODUCER, qty=200)
        self.assertEqual(choice.chosen.offer, bulk)
        self.assertEqual(choice.superseded, (unit,))

    def test_producer_without_coordinates_ranks_by_price(self):
        """No producer point: every vendor is ranked by price, then delay."""
        choice = choose_vendor(catalan_offers(), 0.0, 0.0, qty=10)
        self.assertEqual(
            [e.vendor_key for e in choice.ranked],
            ["online", "girona", "barcelona", "granollers", "terrassa"],
        )
        self.assertEqual(
            {e.reason_code for e in choice.ranked}, {"producer_no_location"}
        )
        self.assertTrue(all(e.distance_km is None for e in choice.ranked))

    def test_no_offer_gives_no_choice(self):
        """Without vendors there is no choice, and the dict says False."""
        choice = choose_vendor([], *PRODUCER, qty=3)
        self.assertIsNone(choice.chosen)
        self.assertEqual(
            choice.to_dict(),
            {
                "qty": 3.0,
                "chosen": False,
                "runner_up": False,
                "ranked": [],
                "superseded": [],
            },
        )

    def test_to_dict_marshals_over_xmlrpc(self):
        """The choice goes through XML-RPC (no None) and comes back equal."""
        offers = catalan_offers() + [
            offer("terrassa", TERRASSA, price=3.0, min_qty=500, offer_key=77)
        ]
        data = choose_vendor(offers, *PRODUCER, qty=10).to_dict()
        payload = xmlrpc.client.dumps((data,), allow_none=False)
        (back,), _method = xmlrpc.client.loads(payload)
        self.assertEqual(back, data)
        self.assertEqual(data["chosen"]["vendor_key"], "terrassa")
        self.assertIs(data["chosen"]["offer_key"], False)
        online = data["ranked"][-1]
        self.assertEqual(
            (online["vendor_key"], online["distance_km"], online["reason_code"]),
            ("online", False, "no_location"),
        )
        self.assertEqual(data["superseded"][0]["offer_key"], 77)

    def test_bad_input_is_refused_with_a_clear_message(self):
        """Zero quantity, negative price or bad coordinates raise ValueError."""
        with self.assertRaisesRegex(ValueError, "Quantity must be greater than 0"):
            choose_vendor(catalan_offers(), *PRODUCER, qty=0)
        with self.assertRaisesRegex(
            ValueError, r"Terrassa: price must be a finite number >= 0, got -1\.0"
        ):
            offer("terrassa", TERRASSA, price=-1.0)
        with self.assertRaisesRegex(ValueError, "Terrassa: price must be a number"):
            offer("terrassa", TERRASSA, price="cheap")
        with self.assertRaisesRegex(ValueError, "Terrassa: minimum quantity"):
            offer("terrassa", TERRASSA, min_qty=float("inf"))
        with self.assertRaisesRegex(ValueError, "Latitude must be between"):
            offer("terrassa", (141.5, 2.0))
        with self.assertRaisesRegex(ValueError, "Distance tolerance"):
            choose_vendor(catalan_offers(), *PRODUCER, qty=1, tolerance_km=-1)
