# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Routing's real first cause and "what would make it work" hints
(services/routing.py, services/routing_hints.py), no database.

A Zaragoza customer (41.6548, -0.8790), as in the demo: Lleida is 125.2 km
away, Manresa 225.2 km, Sabadell ~258 km; the network maximum is 150 km.
"""

from odoo.tests import BaseCase, tagged

from ..services import design_sharing, routing
from ..services.routing import route
from ..services.routing_hints import NetworkProducer, explain
from .test_services_routing import make_candidate, make_demand

ZARAGOZA = (41.6548, -0.8790)
LLEIDA = (41.61674, 0.62218)  # 125.2 km
MANRESA = (41.72815, 1.82399)  # 225.2 km
SABADELL = (41.5433, 2.1094)


def network_producer(
    key, point, state="active", processes=("fdm",), materials=("pla",)
):
    return NetworkProducer(
        key=key,
        name=key.capitalize(),
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        state=state,
        process_keys=frozenset(processes),
        material_keys=frozenset(materials),
    )


@tagged("post_install", "-at_install", "dmfg")
class TestFirstCause(BaseCase):
    def test_sharing_codes_match_the_routing_codes(self):
        """The sharing service's capability refusals are the routing codes
        routing names instead of "sharing scope"."""
        self.assertEqual(design_sharing.REASON_MISSING_PROCESS, routing.REASON_PROCESS)
        self.assertEqual(
            design_sharing.REASON_MISSING_MATERIAL, routing.REASON_MATERIAL
        )

    def test_scope_refusing_for_a_missing_material_names_the_material(self):
        """A "qualified" scope refusing a producer only for what it lacks: the
        first cause is the missing material, named, not "sharing scope"."""
        demand = make_demand(material_keys={"pla", "plywood"})
        cand = make_candidate(
            "sabadell",
            SABADELL,
            may_make_design=False,
            design_refusal=("missing_material",),
        )
        excluded = route(demand, [cand]).excluded[0]
        self.assertEqual(excluded.reason_code, "missing_material")
        self.assertEqual(excluded.message, "Missing materials: Plywood 4 mm.")
        self.assertNotIn("design_not_allowed", [r.code for r in excluded.reasons])

    def test_scope_refusing_a_producer_not_selected_stays_the_first_cause(self):
        """A producer not picked on a "selected" design is refused by the
        scope itself: that stays the first cause, with the refusal code."""
        cand = make_candidate(
            "sabadell",
            SABADELL,
            may_make_design=False,
            design_refusal=("not_selected",),
        )
        excluded = route(make_demand(), [cand]).excluded[0]
        self.assertEqual(excluded.reason_code, "design_not_allowed")
        self.assertEqual(dict(excluded.reasons[0].params), {"refusal": "not_selected"})


@tagged("post_install", "-at_install", "dmfg")
class TestHints(BaseCase):
    def _lleida_excluded(self):
        demand = make_demand(
            lat=ZARAGOZA[0],
            lon=ZARAGOZA[1],
            material_keys={"pla", "petg"},
            material_names={"pla": "PLA", "petg": "PETG"},
        )
        lleida = make_candidate("lleida", LLEIDA, service_radius_km=120.0)
        result = route(demand, [lleida])
        return [entry.to_dict() for entry in result.excluded]

    def test_zaragoza_unassigned_explains_what_would_make_it_work(self):
        """The demo's Zaragoza job: the nearest producer with the process and
        materials is beyond the maximum, and Lleida would qualify with PETG and
        a wider service radius."""
        excluded = self._lleida_excluded()
        network = [
            network_producer("lleida", LLEIDA),
            network_producer("manresa", MANRESA, materials=("pla", "petg")),
            network_producer("sabadell", SABADELL, materials=("pla", "petg")),
            network_producer("igualada", MANRESA, state="suspended"),
        ]
        result = explain(
            *ZARAGOZA,
            network,
            excluded,
            process_keys={"fdm"},
            material_keys={"pla", "petg"},
            required_names="FDM, PLA, PETG",
            max_distance_km=150.0,
        )
        far, lleida = result.hints
        self.assertEqual(far.code, "nearest_capable_far")
        self.assertEqual(
            far.message,
            "The nearest producer with every required process and material, "
            "Manresa, is 225.2 km away, beyond the 150.0 km maximum.",
        )
        self.assertEqual(lleida.code, "producer_fixes")
        self.assertEqual(
            lleida.message,
            "Lleida would qualify with PETG and with a service radius of 125.2 km.",
        )
        self.assertEqual(
            [fix["code"] for fix in dict(lleida.params)["fixes"]],
            ["add_capability", "widen_radius"],
        )
        # Every other producer is accounted for, with the nearest of each group.
        others = {group.code: group for group in result.others}
        self.assertEqual(others["beyond_max_distance"].count, 2)
        self.assertEqual(others["beyond_max_distance"].nearest_name, "Manresa")
        self.assertEqual(others["beyond_max_distance"].nearest_km, 225.2)
        self.assertEqual(others["not_working"].count, 1)
        self.assertEqual(result.to_dict()["hints"][0]["params"]["producer"], "Manresa")

    def test_no_producer_has_the_capabilities(self):
        """Nobody in the network has every process and material: said so."""
        result = explain(
            *ZARAGOZA,
            [network_producer("lleida", LLEIDA)],
            self._lleida_excluded(),
            process_keys={"fdm", "laser"},
            required_names="FDM, Laser",
            max_distance_km=150.0,
        )
        self.assertEqual(result.hints[0].code, "none_capable")
        self.assertIn("(FDM, Laser)", result.hints[0].message)

    def test_declined_producers_are_not_proposed(self):
        """A producer that declined the job is counted apart and is not the
        "nearest capable" proposal."""
        network = [
            network_producer("manresa", MANRESA, materials=("pla", "petg")),
            network_producer("sabadell", SABADELL, materials=("pla", "petg")),
        ]
        result = explain(
            *ZARAGOZA,
            network,
            [],
            skipped_keys=["manresa"],
            process_keys={"fdm"},
            material_keys={"petg"},
            max_distance_km=150.0,
        )
        self.assertIn("Sabadell", result.hints[0].message)
        self.assertEqual(result.others[0].code, "skipped")

    def test_no_simple_fix_no_producer_hint(self):
        """An excluded producer with a cause that has no simple fix (here: not
        active) gets no "would qualify" hint."""
        excluded = [
            {
                "producer_key": 1,
                "producer_name": "Closed",
                "distance_km": 10.0,
                "reasons": [{"code": "inactive"}, {"code": "no_price"}],
            },
            {
                "producer_key": 2,
                "producer_name": "Busy",
                "distance_km": 20.0,
                "reasons": [
                    {"code": "too_late", "params": {"ready_date": "2026-03-20"}}
                ],
            },
        ]
        result = explain(*ZARAGOZA, [], excluded, max_distance_km=150.0)
        codes = [hint.code for hint in result.hints]
        self.assertEqual(codes, ["none_capable", "producer_fixes"])
        self.assertEqual(
            dict(result.hints[1].params)["fixes"],
            [{"code": "later_due_date", "ready_date": "2026-03-20"}],
        )

    def test_routed_job_gets_no_hints(self):
        """With a ranked producer, no hint: only the rest of the network."""
        result = explain(
            *ZARAGOZA,
            [network_producer("manresa", MANRESA)],
            self._lleida_excluded(),
            ranked_keys=["lleida"],
            max_distance_km=150.0,
        )
        self.assertEqual(result.hints, ())
        self.assertEqual(result.others[0].code, "beyond_max_distance")
