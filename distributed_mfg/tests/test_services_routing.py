# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Routing engine (services/routing.py), no database.

Hand-checkable setting: a customer at Plaça de Catalunya, Barcelona
(41.3870, 2.1701). Three producers in real Catalan towns, at geodesic
distances of Sabadell 18.08 km, Terrassa 23.75 km and Mataró 28.41 km
(straight line; the flat-earth estimate of ``test_services_geo`` agrees to
about 1 %). "Now" is Monday 2026-03-02 and the due date Friday 2026-03-13,
an 11-day window. Producers work 8 h a day from Monday to Friday.

With the default weights (distance 0.5, lead time 0.2, price 0.15,
performance 0.1, stock 0.05; they add up to 1) and a max distance of 150 km,
producers that are equal on everything but distance score
``0.5 * km / 150 + 0.1 * 0.5`` (neutral performance costs 0.5).
"""

import doctest
import random
import xmlrpc.client
from dataclasses import replace
from datetime import date, datetime, timedelta

from odoo.tests import BaseCase, tagged

from ..services import common, routing
from ..services.capacity import CapacityProfile
from ..services.routing import (
    Candidate,
    Demand,
    RoutingSettings,
    Weights,
    route,
)

CUSTOMER = (41.3870, 2.1701)  # Barcelona, Plaça de Catalunya
SABADELL = (41.5433, 2.1094)  # 18.08 km
TERRASSA = (41.5632, 2.0089)  # 23.75 km
MATARO = (41.5381, 2.4445)  # 28.41 km
TORTOSA = (40.8125, 0.5216)  # 152.47 km
MONDAY = date(2026, 3, 2)
DUE = date(2026, 3, 13)


def make_demand(**values):
    """Four parts needing 8 h of FDM printing in PLA, for the customer."""
    params = {
        "key": "SO042/1",
        "lat": CUSTOMER[0],
        "lon": CUSTOMER[1],
        "now": MONDAY,
        "due_date": DUE,
        "qty": 4,
        "load_hours": 8.0,
        "product_key": 7,
        "design_key": 3,
        "process_keys": {"fdm"},
        "material_keys": {"pla"},
        "process_names": {"fdm": "FDM printing", "laser": "Laser cutting"},
        "material_names": {"pla": "PLA", "plywood": "Plywood 4 mm"},
    }
    params.update(values)
    return Demand(**params)


def weekdays(hours=8.0, days=200):
    """``{date: hours}`` of a Monday-to-Friday calendar from MONDAY on."""
    return {MONDAY + timedelta(days=n): hours for n in range(days) if n % 7 < 5}


def make_candidate(key, point, day_hours=None, blackout_dates=(), **values):
    """An active producer able to make the demand, with a week of capacity.

    Its calendar offers ``day_hours`` (default: 8 h Monday to Friday), capped
    at 8 h a day, closed on ``blackout_dates``.
    """
    params = {
        "key": key,
        "name": key.capitalize(),
        "lat": point[0],
        "lon": point[1],
        "free_hours": 40.0,
        "process_keys": {"fdm"},
        "material_keys": {"pla"},
        "unit_price": 10.0,
        "capacity": CapacityProfile(
            key,
            weekdays() if day_hours is None else day_hours,
            8.0,
            frozenset(blackout_dates),
        ),
    }
    params.update(values)
    return Candidate(**params)


def three_producers(**sabadell_values):
    return [
        make_candidate("mataro", MATARO),
        make_candidate("sabadell", SABADELL, **sabadell_values),
        make_candidate("terrassa", TERRASSA),
    ]


def neutral_score(km):
    """Score of a producer equal to the others except for its distance."""
    return 0.5 * km / 150 + 0.1 * 0.5


def walk(value):
    """Every scalar inside nested dicts and lists."""
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)
    else:
        yield value


class RoutingCase(BaseCase):
    maxDiff = None

    def assertExcluded(self, result, key, code, fragment=""):
        """``key`` is excluded with primary ``code`` and a message naming it."""
        excluded = {entry.producer_key: entry for entry in result.excluded}
        self.assertIn(key, excluded, f"{key} should be excluded")
        self.assertEqual(excluded[key].reason_code, code, excluded[key].message)
        self.assertIn(fragment, excluded[key].message)
        self.assertNotIn(key, [entry.producer_key for entry in result.ranked])


@tagged("dmfg")
class TestRoutingRanking(RoutingCase):
    def test_doctests(self):
        """The examples in the docstrings of routing and its helpers hold."""
        results = [
            doctest.testmod(module, optionflags=doctest.ELLIPSIS)
            for module in (routing, common)
        ]
        self.assertGreater(sum(r.attempted for r in results), 6)
        self.assertEqual(sum(r.failed for r in results), 0)

    def test_nearest_of_three_is_chosen(self):
        """Sabadell (18 km) beats Terrassa (24 km) and Mataró (28 km)."""
        result = route(make_demand(), three_producers())
        self.assertEqual(
            [(s.rank, s.producer_key) for s in result.ranked],
            [(1, "sabadell"), (2, "terrassa"), (3, "mataro")],
        )
        self.assertEqual(result.chosen.producer_key, "sabadell")
        self.assertEqual(result.runner_up.producer_key, "terrassa")
        self.assertEqual(result.excluded, ())
        for scored, km in zip(result.ranked, (18.08, 23.75, 28.41), strict=True):
            self.assertAlmostEqual(scored.distance_km, km, delta=0.01)
            self.assertAlmostEqual(scored.total_score, neutral_score(km), delta=1e-4)
            self.assertEqual(scored.ready_date, MONDAY)
            self.assertEqual(scored.lead_time_days, 0)

    def test_breakdown_explains_the_score(self):
        """Each criterion shows raw value, cost, weight; contributions add up."""
        chosen = route(make_demand(), three_producers()).chosen
        breakdown = chosen.breakdown
        self.assertEqual(list(breakdown), list(routing.CRITERIA))
        rows = {
            name: (c.raw, c.normalised, c.weight, c.contribution, c.unit)
            for name, c in breakdown.items()
        }
        dist = chosen.distance_km
        self.assertEqual(
            rows,
            {
                "distance": (dist, dist / 150, 0.5, 0.5 * (dist / 150), "km"),
                "lead_time": (0, 0.0, 0.2, 0.0, "days"),
                "price": (10.0, 0.0, 0.15, 0.0, "price"),
                "performance": (1.0, 0.5, 0.1, 0.05, "factor"),
                "stock": (1.0, 0.0, 0.05, 0.0, "ratio"),
            },
        )
        self.assertAlmostEqual(
            sum(c.contribution for c in breakdown.values()), chosen.total_score
        )

    def test_only_one_candidate_has_no_runner_up(self):
        """A single eligible producer is chosen and there is no runner-up."""
        result = route(make_demand(), [make_candidate("vic", (41.9304, 2.2546))])
        self.assertEqual(result.chosen.producer_key, "vic")
        self.assertIsNone(result.runner_up)
        self.assertAlmostEqual(result.chosen.distance_km, 60.76, delta=0.01)

    def test_weights_change_the_winner(self):
        """Sabadell dearer (12 vs 10): distance-led default keeps it, price-led
        weights pick Mataró, the cheap one."""
        producers = [
            make_candidate("sabadell", SABADELL, unit_price=12.0),
            make_candidate("mataro", MATARO, unit_price=10.0),
        ]
        default = route(make_demand(), producers)
        # Sabadell: .5 * 18.08/150 + .15 * (1 - 10/12) + .05 = 0.1353
        # Mataró:   .5 * 28.41/150 + 0                 + .05 = 0.1447
        self.assertEqual(default.chosen.producer_key, "sabadell")
        self.assertAlmostEqual(default.chosen.total_score, 0.1353, delta=1e-4)
        self.assertAlmostEqual(
            default.chosen.breakdown["price"].normalised, 1 - 10 / 12
        )
        price_led = Weights(
            distance=0.1, lead_time=0, price=0.9, performance=0, stock=0
        )
        result = route(make_demand(), producers, weights=price_led)
        self.assertEqual(result.chosen.producer_key, "mataro")
        self.assertEqual(result.runner_up.producer_key, "sabadell")

    def test_performance_factor_can_outweigh_distance(self):
        """A strong performance factor (1.8) lifts Mataró over neutral Sabadell."""
        producers = three_producers()
        producers[0] = replace(producers[0], performance_factor=1.8)
        result = route(make_demand(), producers)
        # Mataró: .5 * 28.41/150 + .1 * (1 - 1.8/2) = 0.1047 < Sabadell's 0.1103
        self.assertEqual(result.chosen.producer_key, "mataro")
        self.assertAlmostEqual(result.chosen.total_score, 0.1047, delta=1e-4)

    def test_input_order_does_not_matter(self):
        """Shuffling the candidates gives the same result, entry for entry."""
        producers = three_producers() + [
            make_candidate("lleida", (41.6176, 0.6200)),
            make_candidate("nowhere", (None, None)),
        ]
        reference = route(make_demand(), producers).to_dict()
        shuffler = random.Random(42)
        for _attempt in range(5):
            shuffler.shuffle(producers)
            self.assertEqual(route(make_demand(), producers).to_dict(), reference)

    def test_equal_producers_tie_break_on_key(self):
        """Two identical producers at the same place: the smaller key wins."""
        producers = [make_candidate(key, SABADELL) for key in ("b", "a", "c")]
        result = route(make_demand(), producers)
        self.assertEqual([s.producer_key for s in result.ranked], ["a", "b", "c"])
        self.assertEqual(result.chosen.total_score, result.runner_up.total_score)

    def test_equal_scores_tie_break_on_distance(self):
        """Without a distance weight, equal scores go to the nearer producer."""
        lead_only = Weights(distance=0, lead_time=1, price=0, performance=0, stock=0)
        producers = [
            make_candidate("a-mataro", MATARO),
            make_candidate("z-sabadell", SABADELL),
        ]
        result = route(make_demand(), producers, weights=lead_only)
        self.assertEqual(result.chosen.total_score, 0.0)
        self.assertEqual(result.runner_up.total_score, 0.0)
        self.assertEqual(result.chosen.producer_key, "z-sabadell")

    def test_blackout_pushes_the_ready_date(self):
        """Sabadell closed Monday and Tuesday is ready Wednesday, 2 days later."""
        blackout = {MONDAY, MONDAY + timedelta(days=1)}
        result = route(make_demand(), three_producers(blackout_dates=blackout))
        sabadell = {s.producer_key: s for s in result.ranked}["sabadell"]
        self.assertEqual(sabadell.ready_date, date(2026, 3, 4))
        self.assertEqual(sabadell.lead_time_days, 2)
        self.assertEqual(sabadell.breakdown["lead_time"].normalised, 2 / 11)
        # 0.1103 + .2 * 2/11 = 0.1467 > Terrassa 0.1292 and Mataró 0.1447
        self.assertEqual(
            [s.producer_key for s in result.ranked], ["terrassa", "mataro", "sabadell"]
        )

    def test_queue_and_calendar_give_the_ready_date(self):
        """12 h of queue then 8 h of work on a 4 h/day calendar: ready Friday."""
        producer = make_candidate(
            "sabadell", SABADELL, queue_hours=12, day_hours=weekdays(4.0)
        )
        result = route(make_demand(), [producer])
        # Mon-Wed work off the queue (3 x 4 h), Thu and Fri the job (2 x 4 h).
        self.assertEqual(result.chosen.ready_date, date(2026, 3, 6))
        self.assertEqual(result.chosen.lead_time_days, 4)

    def test_stock_on_hand_changes_the_ranking(self):
        """Terrassa holds the components, Sabadell none: Terrassa wins."""
        components = {"nozzle": 2, "spool": 1}
        producers = [
            make_candidate("sabadell", SABADELL),
            make_candidate("terrassa", TERRASSA, components_on_hand=components),
        ]
        without = route(make_demand(), producers)
        self.assertEqual(without.chosen.producer_key, "sabadell")
        result = route(make_demand(components=components), producers)
        self.assertEqual(result.chosen.producer_key, "terrassa")
        terrassa, sabadell = result.ranked
        self.assertTrue(terrassa.has_all_components)
        self.assertFalse(sabadell.has_all_components)
        self.assertEqual(terrassa.breakdown["stock"].raw, 1.0)
        self.assertEqual(sabadell.breakdown["stock"].raw, 0.0)
        # Components take 2 days to reach Sabadell: production starts Wednesday.
        self.assertEqual(terrassa.ready_date, MONDAY)
        self.assertEqual(sabadell.ready_date, date(2026, 3, 4))
        # Sabadell: 0.1103 + .2 * 2/11 + .05 * 1 = 0.1967; Terrassa: 0.1292
        self.assertAlmostEqual(sabadell.total_score, 0.1967, delta=1e-4)
        self.assertAlmostEqual(terrassa.total_score, 0.1292, delta=1e-4)

    def test_partial_stock_counts_its_share(self):
        """Holding one of two needed nozzles and the spool covers 75 %."""
        producer = make_candidate(
            "sabadell", SABADELL, components_on_hand={"nozzle": 1, "spool": 5}
        )
        result = route(make_demand(components={"nozzle": 2, "spool": 1}), [producer])
        self.assertEqual(result.chosen.breakdown["stock"].raw, 0.75)
        self.assertEqual(result.chosen.breakdown["stock"].normalised, 0.25)
        self.assertFalse(result.chosen.has_all_components)

    def test_missing_price_scores_worst_when_allowed(self):
        """With require_price off, a producer without price is kept, price cost 1."""
        producers = three_producers(unit_price=None)
        settings = RoutingSettings(require_price=False)
        result = route(make_demand(), producers, settings=settings)
        sabadell = {s.producer_key: s for s in result.ranked}["sabadell"]
        self.assertIsNone(sabadell.breakdown["price"].raw)
        self.assertEqual(sabadell.breakdown["price"].normalised, 1.0)
        self.assertEqual(result.chosen.producer_key, "terrassa")


@tagged("dmfg")
class TestRoutingFilters(RoutingCase):
    def route_with_sabadell(self, demand=None, settings=None, **sabadell_values):
        """Route with Sabadell changed; the others stay eligible."""
        return route(
            demand or make_demand(),
            three_producers(**sabadell_values),
            settings=settings,
        )

    def test_inactive_producer_is_excluded(self):
        """A suspended producer gets no job."""
        result = self.route_with_sabadell(state="suspended")
        self.assertExcluded(result, "sabadell", "inactive", "'suspended'")
        self.assertEqual(result.chosen.producer_key, "terrassa")

    def test_trial_producer_under_its_limit_is_routed(self):
        """A trial producer with no open job takes its first job."""
        result = self.route_with_sabadell(state="trial", open_jobs=0)
        self.assertEqual(result.chosen.producer_key, "sabadell")

    def test_trial_producer_at_its_limit_is_excluded(self):
        """The default trial limit is one open job."""
        result = self.route_with_sabadell(state="trial", open_jobs=1)
        self.assertExcluded(result, "sabadell", "trial_limit", "limit is 1")

    def test_trial_producer_own_limit_wins_over_default(self):
        """A trial producer allowed 3 jobs takes a third one, not a fourth."""
        result = self.route_with_sabadell(state="trial", open_jobs=2, max_open_jobs=3)
        self.assertEqual(result.chosen.producer_key, "sabadell")
        result = self.route_with_sabadell(state="trial", open_jobs=3, max_open_jobs=3)
        self.assertExcluded(result, "sabadell", "trial_limit", "limit is 3")

    def test_active_producer_at_its_limit_is_excluded(self):
        """An active producer's own open-job limit holds too."""
        result = self.route_with_sabadell(open_jobs=5, max_open_jobs=5)
        self.assertExcluded(result, "sabadell", "job_limit", "5 open job(s)")

    def test_design_not_shared_with_producer(self):
        """A producer outside the design's sharing scope is excluded."""
        result = self.route_with_sabadell(may_make_design=False)
        self.assertExcluded(result, "sabadell", "design_not_allowed")

    def test_licence_forbids_commercial_use(self):
        """A non-commercial licence excludes the producer from commercial orders
        only."""
        result = self.route_with_sabadell(commercial_use_allowed=False)
        self.assertExcluded(result, "sabadell", "licence_non_commercial")
        private = make_demand(commercial_use_required=False)
        result = self.route_with_sabadell(private, commercial_use_allowed=False)
        self.assertEqual(result.chosen.producer_key, "sabadell")

    def test_missing_processes_are_named(self):
        """The message names the processes the producer lacks."""
        demand = make_demand(process_keys={"fdm", "laser"})
        producers = three_producers()
        producers[2] = replace(producers[2], process_keys={"fdm", "laser"})
        result = route(demand, producers)
        self.assertExcluded(result, "sabadell", "missing_process", "Laser cutting")
        excluded = {e.producer_key: e for e in result.excluded}
        self.assertEqual(excluded["sabadell"].reasons[0].detail, ("Laser cutting",))
        self.assertEqual(result.chosen.producer_key, "terrassa")

    def test_missing_materials_are_named(self):
        """The message names the materials the producer lacks."""
        demand = make_demand(material_keys={"pla", "plywood"})
        result = route(demand, three_producers())
        for key in ("mataro", "sabadell", "terrassa"):
            self.assertExcluded(result, key, "missing_material", "Plywood 4 mm")

    def test_producer_without_coordinates_is_excluded(self):
        """Not geocoded (0, 0 in Odoo) means no distance, hence no routing."""
        result = self.route_with_sabadell(lat=0.0, lon=0.0)
        self.assertExcluded(result, "sabadell", "no_location")
        excluded = {e.producer_key: e for e in result.excluded}
        self.assertIsNone(excluded["sabadell"].distance_km)

    def test_customer_outside_service_radius(self):
        """Sabadell serving 15 km does not reach Barcelona at 18 km."""
        result = self.route_with_sabadell(service_radius_km=15)
        self.assertExcluded(
            result, "sabadell", "outside_service_radius", "18.1 km away"
        )
        result = self.route_with_sabadell(service_radius_km=20)
        self.assertEqual(result.chosen.producer_key, "sabadell")

    def test_beyond_global_max_distance(self):
        """Tortosa (152 km) is beyond the 150 km network maximum."""
        producers = [make_candidate("tortosa", TORTOSA, service_radius_km=200)]
        result = route(make_demand(), producers)
        self.assertExcluded(result, "tortosa", "beyond_max_distance", "152.5 km")
        settings = RoutingSettings(max_distance_km=200)
        result = route(make_demand(), producers, settings=settings)
        self.assertEqual(result.chosen.producer_key, "tortosa")

    def test_no_price_excludes_by_default(self):
        """Without supplier info there is no price for the purchase order."""
        result = self.route_with_sabadell(unit_price=None)
        self.assertExcluded(result, "sabadell", "no_price")

    def test_no_price_reason_is_the_callers_note(self):
        """The caller says why there is no price (e.g. an expired one)."""
        note = "Its purchase prices are not valid on 2026-05-04."
        result = self.route_with_sabadell(unit_price=None, price_note=note)
        self.assertExcluded(result, "sabadell", "no_price", note)

    def test_not_enough_free_capacity(self):
        """4 free hours cannot hold an 8 h job."""
        result = self.route_with_sabadell(free_hours=4.0)
        self.assertExcluded(result, "sabadell", "no_capacity", "only 4.0 h are free")

    def test_blackout_on_the_needed_days(self):
        """Closed every working day until the due date: excluded for blackout."""
        closed = {MONDAY + timedelta(days=n) for n in range(12)}
        result = self.route_with_sabadell(blackout_dates=closed)
        self.assertExcluded(result, "sabadell", "blackout", "2026-03-16")

    def test_holiday_before_the_due_date_makes_it_late(self):
        """Public holiday Friday 6 (no calendar hours): 24 h of queue take
        Mon-Wed, the 16 h job Thursday and Monday 9. Due Monday 9 it is in
        time; due Friday 6 it is late, though in time without the holiday."""
        days = weekdays()
        del days[date(2026, 3, 6)]

        def sabadell(due, day_hours=None):
            demand = make_demand(due_date=due, load_hours=16.0)
            cand = make_candidate(
                "sabadell", SABADELL, day_hours=day_hours, queue_hours=24
            )
            return route(demand, [cand])

        result = sabadell(date(2026, 3, 9), days)
        self.assertEqual(result.chosen.ready_date, date(2026, 3, 9))
        self.assertEqual(result.chosen.lead_time_days, 7)
        result = sabadell(date(2026, 3, 6), days)
        self.assertExcluded(result, "sabadell", "too_late", "to 2026-03-09")
        self.assertEqual(sabadell(date(2026, 3, 6)).chosen.ready_date, date(2026, 3, 6))

    def test_days_past_the_calendar_offer_nothing(self):
        """A calendar read only until the due date cannot give a later date."""
        days = {day: hours for day, hours in weekdays().items() if day <= DUE}
        result = self.route_with_sabadell(day_hours=days, queue_hours=100)
        self.assertExcluded(result, "sabadell", "too_late", "more than 90 days")

    def test_queue_too_long_for_the_due_date(self):
        """A 100 h queue at 8 h/day ends after the due date."""
        result = self.route_with_sabadell(queue_hours=100)
        # 12 working days (2-17 March) take 96 h; Wed 18 ends the queue and
        # starts the job (4 h + 4 h), which ends on Thursday 19 March.
        self.assertExcluded(result, "sabadell", "too_late", "2026-03-19")

    def test_all_failed_rules_are_kept(self):
        """The first failed rule is primary; every other one is listed too."""
        result = self.route_with_sabadell(
            state="suspended", may_make_design=False, free_hours=0
        )
        excluded = {e.producer_key: e for e in result.excluded}["sabadell"]
        self.assertEqual(
            [reason.code for reason in excluded.reasons],
            ["inactive", "design_not_allowed", "no_capacity"],
        )
        self.assertEqual(excluded.reason_code, "inactive")

    def test_no_candidate_lists_every_reason(self):
        """Nobody qualifies: no choice, and each producer says why."""
        producers = [
            make_candidate("girona", (41.9794, 2.8214), state="draft"),
            make_candidate("sabadell", SABADELL, service_radius_km=10),
            make_candidate("terrassa", TERRASSA, free_hours=1),
            make_candidate("mataro", MATARO, unit_price=None),
            make_candidate("tortosa", TORTOSA),
        ]
        result = route(make_demand(), producers)
        self.assertIsNone(result.chosen)
        self.assertIsNone(result.runner_up)
        self.assertEqual(
            [(e.producer_key, e.reason_code) for e in result.excluded],
            [
                ("sabadell", "outside_service_radius"),
                ("terrassa", "no_capacity"),
                ("mataro", "no_price"),
                ("girona", "inactive"),
                ("tortosa", "beyond_max_distance"),
            ],
        )
        data = result.to_dict()
        self.assertIs(data["chosen"], False)
        self.assertIs(data["runner_up"], False)
        self.assertEqual(data["ranked"], [])
        self.assertIn("No producer available (5 excluded", data["summary"])

    def test_no_candidates_at_all(self):
        """An empty candidate list gives an empty, well-formed result."""
        result = route(make_demand(), [])
        self.assertIsNone(result.chosen)
        self.assertEqual(result.to_dict()["excluded"], [])


@tagged("dmfg")
class TestRoutingInterface(RoutingCase):
    def test_to_dict_marshals_over_xmlrpc(self):
        """The preview dict goes through XML-RPC (no None) and comes back equal."""
        producers = three_producers() + [
            make_candidate("nowhere", (None, None)),
            make_candidate("tortosa", TORTOSA),
        ]
        producers[2] = replace(producers[2], unit_price=None)
        result = route(
            make_demand(components={"nozzle": 2}),
            producers,
            settings=RoutingSettings(require_price=False),
        )
        data = result.to_dict()
        self.assertNotIn(None, list(walk(data)))
        payload = xmlrpc.client.dumps((data,), allow_none=False)
        (back,), _method = xmlrpc.client.loads(payload)
        self.assertEqual(back, data)
        self.assertEqual(data["chosen"]["producer_key"], "sabadell")
        self.assertEqual(data["chosen"]["ready_date"], "2026-03-04")
        self.assertEqual(data["runner_up"]["producer_key"], "mataro")
        self.assertEqual(
            set(data["chosen"]["breakdown"]["distance"]),
            {"raw", "normalised", "weight", "contribution", "unit"},
        )
        terrassa = data["ranked"][2]
        self.assertIs(terrassa["unit_price"], False)
        self.assertIs(terrassa["breakdown"]["price"]["raw"], False)
        nowhere = data["excluded"][-1]
        self.assertEqual(
            (nowhere["producer_key"], nowhere["reason_code"], nowhere["distance_km"]),
            ("nowhere", "no_location", False),
        )
        self.assertEqual(data["weights"], Weights().as_dict())

    def test_summary_names_choice_and_runner_up(self):
        """The chatter line names the chosen producer and the runner-up."""
        summary = route(make_demand(), three_producers()).summary()
        self.assertTrue(
            summary.startswith("Routed to Sabadell: 18.1 km, ready 2026-03-02"),
            summary,
        )
        self.assertIn("Runner-up: Terrassa: 23.8 km", summary)

    def test_now_may_be_a_datetime(self):
        """A datetime "now" counts as its date."""
        demand = make_demand(now=datetime(2026, 3, 2, 15, 30))
        self.assertEqual(demand.now, MONDAY)
        self.assertEqual(route(demand, three_producers()).chosen.ready_date, MONDAY)

    def test_bad_demand_is_refused_with_a_clear_message(self):
        """Bad quantity, coordinates or dates raise ValueError naming them."""
        cases = [
            ({"qty": 0}, "Quantity must be greater than 0"),
            ({"qty": -2}, "Quantity must be a finite number >= 0"),
            ({"lat": 95.0}, "Latitude must be between -90 and 90"),
            ({"lon": "east"}, "Longitude must be a number"),
            ({"due_date": "2026-03-13"}, "Due date must be a date"),
            ({"load_hours": float("nan")}, "Load (hours) must be a finite number"),
        ]
        for values, message in cases:
            with self.assertRaises(ValueError) as caught:
                make_demand(**values)
            self.assertIn(message, str(caught.exception))

    def test_bad_candidate_and_weights_are_refused(self):
        """Negative hours, bad coordinates, negative weights raise ValueError."""
        with self.assertRaisesRegex(ValueError, "Sabadell: free_hours"):
            make_candidate("sabadell", SABADELL, free_hours=-1)
        with self.assertRaisesRegex(ValueError, "Latitude"):
            make_candidate("sabadell", (123.0, 2.0))
        with self.assertRaisesRegex(ValueError, "Weight of price"):
            Weights(price=-0.1)

    def test_duplicate_producer_is_refused(self):
        """The same producer twice is a caller bug, reported as such."""
        producers = [make_candidate("sabadell", SABADELL)] * 2
        with self.assertRaisesRegex(ValueError, "'sabadell' is listed twice"):
            route(make_demand(), producers)

    def test_inputs_are_frozen_and_hashable(self):
        """Demands and candidates are immutable values (mappings normalised)."""
        demand = make_demand(components={"nozzle": 2})
        self.assertEqual(demand.components, (("nozzle", 2.0),))
        self.assertEqual(hash(demand), hash(make_demand(components={"nozzle": 2})))
        with self.assertRaises(AttributeError):
            demand.qty = 5
