# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may make a design, and revision letter codes (no database)."""

import doctest

from odoo.tests import BaseCase, tagged

from ..services import design_sharing as sharing
from ..services import revision_code

FDM, LASER, SEWING = 1, 2, 3
PLA, PLY, COTTON = 10, 20, 30


def producer(pid, state="active", processes=(), materials=()):
    return sharing.ProducerProfile(
        pid, state, frozenset(processes), frozenset(materials)
    )


def design(scope, processes=(), materials=(), selected=()):
    return sharing.DesignRequirements(
        99, scope, frozenset(processes), frozenset(materials), frozenset(selected)
    )


PRODUCERS = (
    producer(1, "active", (FDM,), (PLA,)),
    producer(2, "trial", (FDM, LASER), (PLA, PLY)),
    producer(3, "active", (LASER,), (PLY,)),
    producer(4, "suspended", (FDM,), (PLA,)),
    producer(5, "candidate", (FDM,), (PLA,)),
    producer(6, "closed", (FDM,), (PLA,)),
    producer(7, "active", (SEWING,), (COTTON,)),
)


@tagged("dmfg")
class TestDesignSharingService(BaseCase):
    def test_scope_all_takes_every_trial_and_active_producer(self):
        """'all' ignores capabilities but not the producer's state."""
        self.assertEqual(
            sharing.allowed_producer_ids(design("all", (FDM,), (PLA,)), PRODUCERS),
            frozenset({1, 2, 3, 7}),
        )

    def test_scope_qualified_needs_every_process_and_material(self):
        """'qualified' needs all required tags, not just one of them."""
        self.assertEqual(
            sharing.allowed_producer_ids(
                design("qualified", (FDM,), (PLA,)), PRODUCERS
            ),
            frozenset({1, 2}),
        )
        self.assertEqual(
            sharing.allowed_producer_ids(
                design("qualified", (FDM, LASER), (PLA, PLY)), PRODUCERS
            ),
            frozenset({2}),
        )

    def test_qualified_without_requirements_is_everyone_eligible(self):
        """A design that needs nothing special may go to every eligible producer."""
        self.assertEqual(
            sharing.allowed_producer_ids(design("qualified"), PRODUCERS),
            frozenset({1, 2, 3, 7}),
        )

    def test_scope_selected_keeps_eligible_selected_producers(self):
        """'selected' trusts the manager's pick but never shares with the
        suspended, candidate or closed ones."""
        self.assertEqual(
            sharing.allowed_producer_ids(
                design("selected", (FDM,), (PLA,), selected=(3, 4, 5, 6)), PRODUCERS
            ),
            frozenset({3}),
        )

    def test_decision_reasons_and_missing_tags(self):
        """Each refusal carries reason codes and the missing tags."""
        decision = sharing.decide(
            design("qualified", (FDM, LASER), (PLA,)),
            producer(4, "suspended", (FDM,), ()),
        )
        self.assertEqual(
            decision,
            sharing.SharingDecision(
                design_id=99,
                producer_id=4,
                allowed=False,
                qualified=False,
                missing_process_ids=frozenset({LASER}),
                missing_material_ids=frozenset({PLA}),
                reasons=(
                    sharing.REASON_STATE,
                    sharing.REASON_MISSING_PROCESS,
                    sharing.REASON_MISSING_MATERIAL,
                ),
            ),
        )
        not_selected = sharing.decide(design("selected", selected=(2,)), PRODUCERS[0])
        self.assertEqual(not_selected.reasons, (sharing.REASON_NOT_SELECTED,))
        self.assertTrue(not_selected.qualified)

    def test_ranking_puts_allowed_then_closest_to_qualified_first(self):
        """Ranking is deterministic: allowed, qualified, fewest gaps, then id."""
        ranked = sharing.rank_producers(design("qualified", (FDM,), (PLA,)), PRODUCERS)
        self.assertEqual([d.producer_id for d in ranked], [1, 2, 4, 5, 6, 3, 7])

    def test_reverse_lookup(self):
        """The designs a producer may make mirror the producers of each design."""
        designs = [
            sharing.DesignRequirements(
                1, "qualified", frozenset({FDM}), frozenset({PLA})
            ),
            sharing.DesignRequirements(
                2, "qualified", frozenset({LASER}), frozenset({PLY})
            ),
            sharing.DesignRequirements(3, "all"),
            sharing.DesignRequirements(
                4, "selected", selected_producer_ids=frozenset({3})
            ),
        ]
        self.assertEqual(
            sharing.allowed_design_ids(designs, PRODUCERS[1]), frozenset({1, 2, 3})
        )
        self.assertEqual(
            sharing.allowed_design_ids(designs, PRODUCERS[2]), frozenset({2, 3, 4})
        )
        self.assertEqual(sharing.allowed_design_ids(designs, PRODUCERS[3]), frozenset())

    def test_unknown_scope_is_refused(self):
        """A scope typo is an error, not an empty list."""
        with self.assertRaises(ValueError):
            design("everyone")

    def test_doctests(self):
        """The examples in the module's docstrings hold."""
        for module in (sharing, revision_code):
            result = doctest.testmod(module)
            self.assertGreater(result.attempted, 0, module.__name__)
            self.assertEqual(result.failed, 0, module.__name__)


@tagged("dmfg")
class TestRevisionCodeService(BaseCase):
    def test_codes_round_trip(self):
        """Codes and numbers convert both ways from A to ZZZ."""
        for number in range(1, 26 * 26 * 26 + 27):
            self.assertEqual(
                revision_code.revision_number(revision_code.revision_code(number)),
                number,
            )

    def test_bad_input(self):
        """Zero, negatives, non-integers and non-letters are refused."""
        for value in (0, -1, 1.5, True, "A"):
            with self.assertRaises(ValueError, msg=value):
                revision_code.revision_code(value)
        for value in ("", "A1", "É", None):
            with self.assertRaises(ValueError, msg=value):
                revision_code.revision_number(value)

    def test_next_number(self):
        """The next revision follows the highest, even with gaps."""
        self.assertEqual(revision_code.next_revision_number([1, 2, 5]), 6)
        self.assertEqual(revision_code.next_revision_number(()), 1)
