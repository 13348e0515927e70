# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Wave dispatch: the exact plan against greedy one-by-one routing (no database).

Two towns, A and B, 50 km apart. Producer "near-a" sits in A, "near-b" in
B; "far" sits 100 km from both.
"""

import random
from datetime import date, timedelta
from unittest.mock import patch

from odoo.tests import BaseCase, tagged

from ..services import wave
from ..services.wave import Option, WaveJob, WaveProducer

DUE = date(2026, 3, 20)


def job(key, hours, options, due=DUE):
    return WaveJob(
        key=key,
        hours=hours,
        due=due,
        options=tuple(
            Option(producer_key=p, score=km / 150.0, distance_km=km)
            for p, km in options
        ),
    )


def producer(key, free, slots=None, due=DUE):
    return WaveProducer(key=key, free_by_due=((due, free),), slots=slots)


@tagged("dmfg")
class TestWaveService(BaseCase):
    def test_greedy_sends_later_jobs_far_the_plan_does_not(self):
        """Job 1 (customer between A and B) takes near-a in greedy order; job
        2 (customer in A) then has to travel 100 km. The plan swaps them."""
        jobs = [
            job(1, 8, [("near-a", 20), ("near-b", 30)]),
            job(2, 8, [("near-a", 2), ("far", 100)]),
        ]
        producers = [producer("near-a", 8), producer("near-b", 8), producer("far", 8)]
        greedy = wave.greedy(jobs, producers)
        self.assertEqual(
            {a.job_key: a.producer_key for a in greedy.assignments},
            {1: "near-a", 2: "far"},
        )
        self.assertAlmostEqual(greedy.totals.distance_km, 120.0)
        best = wave.plan(jobs, producers)
        self.assertEqual(
            {a.job_key: a.producer_key for a in best.assignments},
            {1: "near-b", 2: "near-a"},
        )
        self.assertAlmostEqual(best.totals.distance_km, 32.0)
        self.assertEqual(best.totals.unassigned, 0)
        self.assertEqual(wave.check_plan(best, jobs, producers), [])

    def test_capacity_hours_and_slots_hold(self):
        """Three 5 h jobs, one producer with 12 h and another with one slot:
        no producer gets more than it has; the third job is left out."""
        jobs = [job(k, 5, [("p", 1), ("q", 3)]) for k in (1, 2, 3, 4)]
        producers = [producer("p", 12), producer("q", 100, slots=1)]
        best = wave.plan(jobs, producers)
        given = [a.producer_key for a in best.assignments]
        self.assertEqual(given.count("p"), 2)
        self.assertEqual(given.count("q"), 1)
        self.assertEqual(len(best.unassigned), 1)
        self.assertEqual(wave.check_plan(best, jobs, producers), [])

    def test_places_as_many_jobs_as_possible_before_cost(self):
        """A cheap plan that leaves a job out loses to a dearer one that
        places all: job 1 could take p (cheap) but then job 2 has nowhere."""
        jobs = [job(1, 8, [("p", 1), ("q", 140)]), job(2, 8, [("p", 1)])]
        producers = [producer("p", 8), producer("q", 8)]
        best = wave.plan(jobs, producers)
        self.assertEqual(
            {a.job_key: a.producer_key for a in best.assignments}, {1: "q", 2: "p"}
        )

    def test_due_dates_let_the_plan_place_more(self):
        """Per due date: the producer has 8 h until the 12th and 16 h until
        the 20th. Greedy gives it the 10 h job due on the 20th first; the
        8 h job due on the 12th then cannot be done in time behind it and is
        left out. The plan sends the first job elsewhere and places both,
        each in time (earliest due first)."""
        early = DUE - timedelta(days=8)
        jobs = [
            job(1, 10, [("p", 5), ("q", 60)]),
            job(2, 8, [("p", 5)], due=early),
        ]
        producers = [
            WaveProducer(key="p", free_by_due=((early, 8.0), (DUE, 16.0))),
            producer("q", 40),
        ]
        greedy = wave.greedy(jobs, producers)
        self.assertEqual(greedy.unassigned, (2,))
        best = wave.plan(jobs, producers)
        self.assertEqual(best.totals.late_jobs, 0)
        self.assertEqual(
            {a.job_key: a.producer_key for a in best.assignments}, {1: "q", 2: "p"}
        )
        # Both in time: 8 h by the 12th, 8 h by the 20th at p.
        self.assertEqual(wave.check_plan(best, jobs, producers), [])
        overbooked = wave.WavePlan(
            (
                wave.Assignment(1, "p", 5, 0.03),
                wave.Assignment(2, "p", 5, 0.03),
            ),
            (),
            best.totals,
            "test",
        )
        self.assertTrue(wave.check_plan(overbooked, jobs, producers))

    def test_deterministic_and_order_free(self):
        """The same jobs in another order give the same plan."""
        rng = random.Random(3)
        names = [f"p{i}" for i in range(12)]
        jobs = [
            job(
                k,
                rng.choice((2, 4, 6)),
                [(p, rng.uniform(1, 140)) for p in rng.sample(names, 5)],
            )
            for k in range(60)
        ]
        producers = [producer(p, rng.choice((8, 12, 20)), slots=4) for p in names]
        first = wave.plan(jobs, producers)
        shuffled = list(jobs)
        rng.shuffle(shuffled)
        again = wave.plan(shuffled, list(reversed(producers)))
        self.assertEqual(first.assignments, again.assignments)
        self.assertEqual(wave.check_plan(first, jobs, producers), [])
        self.assertLessEqual(
            first.totals.score, wave.greedy(jobs, producers).totals.score + 1e-9
        )

    def test_improvement_places_the_job_the_rounding_leaves_out(self):
        """The LP splits job 2 (6 h) between a and b; once job 1 (4 h) takes
        a and job 3 (4 h) takes b, neither has 6 h left and the rounding
        leaves job 2 out. Moving job 1 to b (4 + 4 <= 9 h) makes room for
        job 2 at a: all three placed."""
        jobs = [
            job(1, 4, [("a", 3), ("b", 14)]),
            job(2, 6, [("a", 10), ("b", 8)]),
            job(3, 4, [("b", 12)]),
        ]
        producers = [producer("a", 7), producer("b", 9)]
        best = wave.plan(jobs, producers)
        self.assertEqual(best.extra["split_jobs"], 1)
        self.assertEqual(best.extra["repaired"], 1)
        self.assertEqual(best.unassigned, ())
        self.assertEqual(
            {a.job_key: a.producer_key for a in best.assignments},
            {1: "b", 2: "a", 3: "b"},
        )
        self.assertEqual(wave.check_plan(best, jobs, producers), [])

    def _improved(self, jobs, producers, placed):
        """``services.wave._improve`` from the start ``placed`` ({job key:
        producer key}): {job key: producer key}."""
        jobs, by_key, pairs, _cost, _rows = wave.build_problem(jobs, producers)
        columns_of = {}
        for column, (index, _option) in enumerate(pairs):
            columns_of.setdefault(index, []).append(column)
        chosen = {
            index: column
            for column, (index, option) in enumerate(pairs)
            if placed.get(jobs[index].key) == option.producer_key
        }
        improved = wave._improve(jobs, by_key, pairs, columns_of, chosen)
        return {
            jobs[index].key: pairs[column][1].producer_key
            for index, column in improved.items()
        }

    def test_ejection_chain_reaches_room_two_producers_away(self):
        """p, q and r have 5 h each; job 1 (at p) may also go to q, job 2
        (at q) to r. Left-out job 3 may only use p: job 2 moves to r, job 1
        to q, job 3 takes p."""
        jobs = [
            job(1, 5, [("p", 10), ("q", 20)]),
            job(2, 5, [("q", 10), ("r", 20)]),
            job(3, 5, [("p", 10)]),
        ]
        producers = [producer("p", 5), producer("q", 5), producer("r", 5)]
        self.assertEqual(
            self._improved(jobs, producers, {1: "p", 2: "q"}),
            {1: "q", 2: "r", 3: "p"},
        )
        # Without r there is nowhere to go: the start stays as it is.
        self.assertEqual(
            self._improved(jobs, producers[:2], {1: "p", 2: "q"}),
            {1: "p", 2: "q"},
        )

    def test_two_jobs_move_out_to_make_room_for_a_big_one(self):
        """p (10 h) holds jobs 1 and 2 (5 h each); job 1 may also go to q,
        job 2 to r (5 h each). Left-out job 3 (10 h, p only) needs both to
        move: no single move frees enough."""
        jobs = [
            job(1, 5, [("p", 10), ("q", 20)]),
            job(2, 5, [("p", 10), ("r", 20)]),
            job(3, 10, [("p", 10)]),
        ]
        producers = [producer("p", 10), producer("q", 5), producer("r", 5)]
        self.assertEqual(
            self._improved(jobs, producers, {1: "p", 2: "p"}),
            {1: "q", 2: "r", 3: "p"},
        )

    def test_swap_leaves_one_big_job_out_for_two_small(self):
        """Job 1 (10 h) fills p; jobs 2 and 3 (4 h each) may only use p too.
        Two placed jobs beat one: job 1 is left out for them. With a slot
        limit of one the swap cannot gain and is not made."""
        jobs = [
            job(1, 10, [("p", 5)]),
            job(2, 4, [("p", 50)]),
            job(3, 4, [("p", 60)]),
        ]
        self.assertEqual(
            self._improved(jobs, [producer("p", 10)], {1: "p"}), {2: "p", 3: "p"}
        )
        self.assertEqual(
            self._improved(jobs, [producer("p", 10, slots=1)], {1: "p"}), {1: "p"}
        )

    def test_improved_plan_holds_every_limit_and_is_deterministic(self):
        """A crowded random wave with three due dates and slot limits: the
        improvement places jobs, never breaks a limit, only lowers the
        objective, and the plan does not depend on the input order."""
        rng = random.Random(7)
        names = [f"p{i}" for i in range(15)]
        dues = [DUE + timedelta(days=7 * i) for i in range(3)]
        jobs = [
            job(
                k,
                rng.randint(2, 12),
                [(p, rng.uniform(1, 140)) for p in rng.sample(names, 4)],
                due=rng.choice(dues),
            )
            for k in range(120)
        ]
        producers = [
            WaveProducer(
                key=p,
                free_by_due=tuple(
                    (due, 12.0 * (i + 1) * rng.uniform(0.5, 1.5))
                    for i, due in enumerate(dues)
                ),
                slots=rng.choice((None, 6, 9)),
            )
            for p in names
        ]
        best = wave.plan(jobs, producers)
        self.assertEqual(wave.check_plan(best, jobs, producers), [])
        self.assertGreater(best.extra["repaired"], 0)
        shuffled = list(jobs)
        rng.shuffle(shuffled)
        again = wave.plan(shuffled, list(reversed(producers)))
        self.assertEqual(best.assignments, again.assignments)
        self.assertEqual(best.extra["repaired"], again.extra["repaired"])

        def cost(plan):
            return plan.totals.score + wave.UNPLACED_COST * plan.totals.unassigned

        with patch.object(wave, "_improve", lambda *args: args[-1]):
            rounded = wave.plan(jobs, producers)
        self.assertEqual(
            best.totals.assigned, rounded.totals.assigned + best.extra["repaired"]
        )
        self.assertLess(cost(best), cost(rounded))

    def test_jobs_without_options_are_left_out(self):
        jobs = [job(1, 4, []), job(2, 4, [("p", 10)])]
        best = wave.plan(jobs, [producer("p", 8)])
        self.assertEqual(best.unassigned, (1,))
        self.assertEqual(best.totals.assigned, 1)

    def test_bad_input(self):
        with self.assertRaises(ValueError):
            WaveJob(key=1, hours=-1, due=DUE)
        with self.assertRaises(ValueError):
            WaveJob(
                key=1,
                hours=1,
                due=DUE,
                options=(
                    Option(producer_key="p", score=0.1, distance_km=1),
                    Option(producer_key="p", score=0.2, distance_km=2),
                ),
            )
        with self.assertRaises(ValueError):
            wave.plan([job(1, 1, []), job(1, 2, [])], [])
        with self.assertRaises(ValueError):
            WaveProducer(key="p", free_by_due=(("tomorrow", 3),))

    def test_to_dict_is_plain(self):
        best = wave.plan([job(7, 2, [("p", 12.34567)])], [producer("p", 8)])
        self.assertEqual(
            best.assignments[0].to_dict(),
            {
                "job_id": 7,
                "producer_id": "p",
                "distance_km": 12.346,
                "score": round(12.34567 / 150, 6),
                "late": False,
            },
        )
        self.assertEqual(best.totals.to_dict()["assigned"], 1)
