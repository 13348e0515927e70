# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Which producers may make a design (pure Python, no Odoo).

A design is shared with producers according to its *scope*:

* ``all``: every producer of the network in an eligible state;
* ``qualified``: eligible producers that have every process and every
  material the design requires;
* ``selected``: eligible producers picked by hand on the design (their
  capabilities are reported but not enforced: the manager vouched for them).

Only producers in :data:`ELIGIBLE_STATES` (trial and active) ever get a
design: candidates are not onboarded yet, suspended and closed producers must
not receive files. Whether a producer has room for a job is the routing
service's question, not this one.

Every decision carries reason codes so the UI can explain a refusal.
"""

from collections.abc import Iterable
from dataclasses import dataclass

SCOPE_ALL = "all"
SCOPE_QUALIFIED = "qualified"
SCOPE_SELECTED = "selected"
SCOPES = (SCOPE_ALL, SCOPE_QUALIFIED, SCOPE_SELECTED)

#: Producer states that may receive designs.
ELIGIBLE_STATES = frozenset({"trial", "active"})

# Reason codes of SharingDecision.reasons
REASON_STATE = "state_not_eligible"
REASON_MISSING_PROCESS = "missing_process"
REASON_MISSING_MATERIAL = "missing_material"
REASON_NOT_SELECTED = "not_selected"


@dataclass(frozen=True)
class ProducerProfile:
    """What sharing needs to know about a producer (ids are Odoo ids)."""

    producer_id: int
    state: str
    process_ids: frozenset = frozenset()
    material_ids: frozenset = frozenset()


@dataclass(frozen=True)
class DesignRequirements:
    """How a design is shared and what it takes to make it."""

    design_id: int
    scope: str
    process_ids: frozenset = frozenset()
    material_ids: frozenset = frozenset()
    selected_producer_ids: frozenset = frozenset()

    def __post_init__(self):
        if self.scope not in SCOPES:
            raise ValueError(f"Unknown sharing scope {self.scope!r}.")


@dataclass(frozen=True)
class SharingDecision:
    """Whether one producer may make one design, and why (not).

    ``qualified`` tells whether the producer has every required process and
    material, whatever the scope. ``reasons`` lists the ``REASON_*`` codes
    that prevent sharing (empty when allowed).
    """

    design_id: int
    producer_id: int
    allowed: bool
    qualified: bool
    missing_process_ids: frozenset
    missing_material_ids: frozenset
    reasons: tuple


def decide(design: DesignRequirements, producer: ProducerProfile) -> SharingDecision:
    """Return the sharing decision of ``design`` for ``producer``.

    >>> d = DesignRequirements(1, SCOPE_QUALIFIED, frozenset({10}), frozenset({20}))
    >>> p = ProducerProfile(7, "active", frozenset({10, 11}), frozenset())
    >>> decide(d, p).reasons
    ('missing_material',)
    """
    missing_processes = frozenset(design.process_ids) - frozenset(producer.process_ids)
    missing_materials = frozenset(design.material_ids) - frozenset(
        producer.material_ids
    )
    qualified = not missing_processes and not missing_materials
    reasons = []
    if producer.state not in ELIGIBLE_STATES:
        reasons.append(REASON_STATE)
    if design.scope == SCOPE_QUALIFIED:
        if missing_processes:
            reasons.append(REASON_MISSING_PROCESS)
        if missing_materials:
            reasons.append(REASON_MISSING_MATERIAL)
    elif design.scope == SCOPE_SELECTED:
        if producer.producer_id not in design.selected_producer_ids:
            reasons.append(REASON_NOT_SELECTED)
    return SharingDecision(
        design_id=design.design_id,
        producer_id=producer.producer_id,
        allowed=not reasons,
        qualified=qualified,
        missing_process_ids=missing_processes,
        missing_material_ids=missing_materials,
        reasons=tuple(reasons),
    )


def rank_producers(
    design: DesignRequirements, producers: Iterable[ProducerProfile]
) -> tuple:
    """Return the decisions for all ``producers``: allowed first, then
    qualified, then by fewest missing capabilities, then by producer id."""
    decisions = [decide(design, producer) for producer in producers]
    decisions.sort(
        key=lambda d: (
            not d.allowed,
            not d.qualified,
            len(d.missing_process_ids) + len(d.missing_material_ids),
            d.producer_id,
        )
    )
    return tuple(decisions)


def allowed_producer_ids(
    design: DesignRequirements, producers: Iterable[ProducerProfile]
) -> frozenset:
    """Return the ids of the producers allowed to make ``design``.

    >>> d = DesignRequirements(1, SCOPE_ALL)
    >>> ps = [ProducerProfile(1, "active"), ProducerProfile(2, "suspended")]
    >>> sorted(allowed_producer_ids(d, ps))
    [1]
    """
    return frozenset(
        producer.producer_id
        for producer in producers
        if decide(design, producer).allowed
    )


def allowed_design_ids(
    designs: Iterable[DesignRequirements], producer: ProducerProfile
) -> frozenset:
    """Return the ids of the designs ``producer`` may make (the reverse view)."""
    return frozenset(
        design.design_id for design in designs if decide(design, producer).allowed
    )
