# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Radius search of producers and the "Producers near…" dialog."""

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from ..services import geo
from .common import BARCELONA, GIRONA, SABADELL, TARRAGONA, DmfgProducerCommon


@tagged("post_install", "-at_install", "dmfg")
class TestProducerNear(DmfgProducerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.barcelona = cls._create_producer("Near Barcelona", BARCELONA)
        cls.sabadell = cls._create_producer("Near Sabadell", SABADELL)
        cls.girona = cls._create_producer("Near Girona", GIRONA)
        cls.tarragona = cls._create_producer("Near Tarragona", TARRAGONA)
        cls.unlocated = cls._create_producer("Near Nowhere")
        cls.mine = cls.barcelona | cls.sabadell | cls.girona | cls.tarragona
        cls.mine |= cls.unlocated

    def _brute_force(self, lat, lon, radius_km):
        """Expected result: exact distance to every located producer."""
        found = [
            (
                producer.id,
                geo.distance_km(lat, lon, producer.latitude, producer.longitude),
            )
            for producer in self.env["dmfg.producer"].search([])
            if producer.latitude or producer.longitude
        ]
        return sorted(
            [item for item in found if item[1] <= radius_km],
            key=lambda item: (item[1], item[0]),
        )

    def test_nearest_first_with_exact_distances(self):
        """Within 85 km of Barcelona: Barcelona, Sabadell, Tarragona, not Girona."""
        found = self.env["dmfg.producer"]._dmfg_search_near(
            *BARCELONA, 85, domain=[("id", "in", self.mine.ids)]
        )
        self.assertEqual(
            [producer_id for producer_id, _distance in found],
            [self.barcelona.id, self.sabadell.id, self.tarragona.id],
        )
        self.assertEqual(found[0][1], 0.0)
        self.assertAlmostEqual(found[1][1], geo.distance_km(*BARCELONA, *SABADELL), 6)
        # 82.2 km by road-free geodesic; Girona is 86.2 km away.
        self.assertAlmostEqual(found[2][1], 82.2, 1)

    def test_matches_brute_force_over_all_producers(self):
        """The SQL-prefiltered search equals a full scan, demo producers included."""
        for radius in (10, 25, 80, 200):
            found = self.env["dmfg.producer"]._dmfg_search_near(*SABADELL, radius)
            expected = self._brute_force(*SABADELL, radius)
            self.assertEqual([i for i, _d in found], [i for i, _d in expected])
            for (_i, distance), (_j, exact) in zip(found, expected, strict=True):
                self.assertAlmostEqual(distance, exact, 6)

    def test_nearest_n_exact_when_the_index_order_misleads(self):
        """Routing asks for the N nearest: PostgreSQL reads nearest first in
        the longitude/latitude plane, which at 64° N puts a degree of
        longitude (49 km) on a par with a degree of latitude (111 km). A
        crowd of producers due north, nearer in that plane but farther on the
        ground, must not hide the nearer ones due east: the search reads on
        until nothing unread can be nearer, and equals a full scan."""
        centre = (64.0, -21.0)
        north = [(64.0 + 0.2 + i * 0.001, -21.0) for i in range(60)]  # 22+ km
        east = [(64.0, -21.0 + 0.35 + i * 0.001) for i in range(10)]  # 17+ km
        crowd = self.env["dmfg.producer"]
        for index, point in enumerate(north + east):
            crowd |= self._create_producer(f"Crowd {index}", point)
        domain = [("id", "in", crowd.ids)]
        producers = self.env["dmfg.producer"]
        for limit in (1, 5, 10, 12, 70):
            with self.subTest(limit=limit):
                found = producers._dmfg_search_near(
                    *centre, 150, domain=domain, limit=limit
                )
                expected = producers._dmfg_search_near(*centre, 150, domain=domain)
                self.assertEqual(found, expected[:limit])
        nearest = producers._dmfg_search_near(*centre, 150, domain=domain, limit=10)
        self.assertEqual(
            {producer_id for producer_id, _km in nearest}, set(crowd[60:].ids)
        )
        # Read nearest first, whatever the size of the network around.
        self.assertIn(
            "dmfg_producer_lon_lat_gist",
            [
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        "SELECT indexname FROM pg_indexes WHERE tablename = %s",
                        producers._table,
                    )
                )
            ],
        )

    def test_nearest_n_read_in_the_index_order(self):
        """PostgreSQL reads the nearest through the GiST index in its order,
        with no sort of the producers in reach: ordering by anything but the
        distance (an id for ties) makes it sort every producer in the box,
        40 ms among 100,000. Table statistics of a test database would favour
        a plain scan, so scans and sorts are priced out of the plan."""
        producers = self.env["dmfg.producer"]
        producers._dmfg_search_near(*BARCELONA, 150, limit=5)
        query = self.env.cr._obj.query.decode()
        self.assertIn("<->", query)
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute("SET LOCAL enable_sort = off")
        try:
            plan = "\n".join(
                row[0] for row in self.env.execute_query(SQL("EXPLAIN " + query))
            )
        finally:
            self.env.cr.execute("RESET enable_seqscan")
            self.env.cr.execute("RESET enable_sort")
        self.assertIn("dmfg_producer_lon_lat_gist", plan)
        self.assertNotIn("Sort", plan)

    def test_nearest_n_among_producers_in_one_place(self):
        """Producers at the very same place are as near as each other: the
        nearest N are the first N by id, though PostgreSQL returns them in no
        order, and however many share the place."""
        crowd = self.env["dmfg.producer"]
        for index in range(30):
            crowd |= self._create_producer(f"Same place {index}", SABADELL)
        producers = self.env["dmfg.producer"]
        domain = [("id", "in", crowd.ids)]
        for limit in (1, 3, 12, 29):
            with self.subTest(limit=limit):
                found = producers._dmfg_search_near(
                    *BARCELONA, 150, domain=domain, limit=limit
                )
                self.assertEqual([pid for pid, _km in found], crowd.ids[:limit])

    def test_one_query(self):
        """The search reads all candidates in a single query."""
        self.env.invalidate_all()
        self.env["dmfg.producer"]._dmfg_search_near(*BARCELONA, 50)  # warm up
        with self.assertQueryCount(1):
            self.env["dmfg.producer"]._dmfg_search_near(*GIRONA, 150)

    def test_unlocated_never_found(self):
        """A producer without coordinates is not 'near' the point 0, 0."""
        found = self.env["dmfg.producer"]._dmfg_search_near(
            0.0, 0.0, 100, domain=[("id", "in", self.mine.ids)]
        )
        self.assertEqual(found, [])

    def test_domain_restricts(self):
        """The extra domain filters candidates (here: only active producers)."""
        self.sabadell._dmfg_change_state("active", "Ready")
        found = self.env["dmfg.producer"]._dmfg_search_near(
            *BARCELONA,
            50,
            domain=[("id", "in", self.mine.ids), ("state", "=", "active")],
        )
        self.assertEqual([i for i, _d in found], [self.sabadell.id])

    def test_bad_radius(self):
        """A negative radius is refused with a clear message."""
        with self.assertRefused(UserError, "Radius"):
            self.env["dmfg.producer"]._dmfg_search_near(*BARCELONA, -5)

    def _search_dialog(self, **values):
        form = Form(self.env["dmfg.producer.near.wizard"].with_user(self.user))
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def test_dialog_near_town(self):
        """'Within 25 km of Sabadell' lists Barcelona and Sabadell, with distances."""
        wizard = self._search_dialog(place_type="city", city="sabadell", radius_km=25)
        wizard.country_id = self.spain
        action = wizard.action_search()
        producers = (
            self.env["dmfg.producer"]
            .with_context(**action["context"])
            .search(action["domain"])
        )
        self.assertEqual(producers & self.mine, self.barcelona | self.sabadell)
        self.assertEqual(
            producers,
            self.env["dmfg.producer"].browse(
                [
                    i
                    for i, _d in self._brute_force(
                        *action["context"]["dmfg_near_point"], 25
                    )
                ]
            ),
        )
        self.assertIn("25 km of Sabadell", action["name"])
        self.assertLess(
            producers.filtered(lambda p: p == self.sabadell).near_distance_km, 2
        )

    def test_dialog_near_partner(self):
        """Searching around a located customer uses its coordinates."""
        customer = self._create_partner("Customer in Girona", GIRONA)
        wizard = self._search_dialog(
            place_type="partner", partner_id=customer, radius_km=5
        )
        action = wizard.action_search()
        producers = self.env["dmfg.producer"].search(action["domain"])
        self.assertEqual(producers & self.mine, self.girona)

    def test_dialog_errors(self):
        """Unknown town and unlocated partner give clear messages."""
        wizard = self._search_dialog(place_type="city", city="Xyzzyville", radius_km=5)
        with self.assertRefused(UserError, "No town called Xyzzyville"):
            wizard.action_search()
        customer = self._create_partner("Customer nowhere")
        wizard = self._search_dialog(
            place_type="partner", partner_id=customer, radius_km=5
        )
        with self.assertRefused(UserError, "has no coordinates"):
            wizard.action_search()

    def test_search_view_near_filter(self):
        """The search field 'Near' takes 'Town km' or a located partner's name."""
        producers = self.env["dmfg.producer"]
        mine = [("id", "in", self.mine.ids)]
        found = producers.search(mine + [("near_place", "=", "Sabadell 25")])
        self.assertEqual(found, self.barcelona | self.sabadell)
        found = producers.search(mine + [("near_place", "=", "Girona")])
        self.assertEqual(found, self.girona)
        partner = self.sabadell.partner_id.name
        found = producers.search(mine + [("near_place", "ilike", f"{partner}, 5 km")])
        self.assertEqual(found, self.sabadell)
        with self.assertRaisesRegex(UserError, "No town or located partner"):
            producers.search([("near_place", "=", "Xyzzyville 10")])
