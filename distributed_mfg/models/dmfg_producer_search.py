# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer search: producers near a point or a town (radius search for planners
and integrators).
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

import math
import re

import psycopg2

from odoo import api, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import create_index

from ..services import geo, parsing, places


class DmfgProducerSearch(models.Model):
    _inherit = "dmfg.producer"

    def init(self):
        res = super().init()
        # Nearest-first reads of the producers around a customer (routing):
        # PostgreSQL's own point type and GiST index, no extension needed.
        create_index(
            self.env.cr,
            "dmfg_producer_lon_lat_gist",
            self._table,
            ["point(longitude, latitude)"],
            method="gist",
        )
        return res

    @api.depends_context("dmfg_near_point")
    @api.depends("latitude", "longitude")
    def _compute_near_distance_km(self):
        point = self.env.context.get("dmfg_near_point")
        for producer in self:
            distance = 0.0
            if point and producer._dmfg_is_located():
                distance = geo.distance_km(
                    point[0], point[1], producer.latitude, producer.longitude
                )
            producer.near_distance_km = distance

    def _compute_near_place(self):
        self.near_place = False

    def _search_near_place(self, operator, value):
        """Producers within N km of a town or partner: ``"Girona 30"``."""
        if operator not in ("=", "ilike") or not isinstance(value, str):
            raise UserError(
                self.env._("Search producers near a place as 'Town' or 'Town 30'.")
            )
        match = re.fullmatch(r"\s*(.*?)[\s,]*(\d+(?:[.,]\d+)?)?\s*(?:km)?\s*", value)
        name = match.group(1).strip() if match else ""
        radius = (
            self.env["dmfg.input"]._dmfg_number(
                match.group(2).replace(",", "."),
                self.env._("The search radius"),
                minimum=0,
                maximum=geo.MAX_DISTANCE_KM,
            )
            if match and match.group(2)
            else 25.0
        )
        lat, lon = self._dmfg_place_point(name)
        found = self._dmfg_search_near(lat, lon, radius)
        return [("id", "in", [producer_id for producer_id, _km in found])]

    @api.model
    def _dmfg_place_point(self, name):
        """Coordinates of a located partner or, else, of a town named ``name``."""
        if not name:
            raise UserError(self.env._("Type the town or partner to search around."))
        partner = self.env["res.partner"].search(
            [
                ("name", "=ilike", name),
                "|",
                ("partner_latitude", "!=", 0),
                ("partner_longitude", "!=", 0),
            ],
            limit=1,
        )
        if partner:
            return partner.partner_latitude, partner.partner_longitude
        town = places.find_town(name)
        if not town:
            raise UserError(
                self.env._("No town or located partner called %(name)s.", name=name)
            )
        return town.lat, town.lon

    @api.model
    def _dmfg_search_near(self, lat, lon, radius_km, domain=None, limit=None):
        """Producers within ``radius_km`` km of a point, nearest first.

        Returns ``[(producer_id, distance_km), ...]``, ascending by distance
        then id. One query: the bounding box of the circle filters on the
        indexed latitude/longitude columns, then the exact geodesic distance
        decides. Producers without coordinates are never returned.
        """
        try:
            box = geo.bounding_box(lat, lon, radius_km)
        except ValueError as error:
            raise UserError(str(error)) from error
        lon_domain = expression.OR(
            [
                [("longitude", ">=", low), ("longitude", "<=", high)]
                for low, high in box.lon_ranges()
            ]
        )
        search_domain = expression.AND(
            [
                domain or [],
                [("latitude", ">=", box.min_lat), ("latitude", "<=", box.max_lat)],
                lon_domain,
            ]
        )
        # The domain's query (record rules included) selects three columns
        # straight away: building records for thousands of producers in reach
        # would cost more than ranking them.
        self.flush_model(["latitude", "longitude"])
        query = self._search(search_domain, order="id")
        if not limit or box.crosses_antimeridian:
            points, _read = self._dmfg_near_points(query)
            if limit:
                return geo.nearest_within(lat, lon, points, radius_km, limit)
            return geo.within_radius(lat, lon, points, radius_km)
        # Only the nearest are wanted: PostgreSQL reads the box nearest first
        # in the longitude/latitude plane, through the GiST index of init(),
        # so a routing among 100,000 producers reads a hundred rows, not all
        # those in reach. Enough rows are read when the nearest found are
        # nearer than anything unread can be (services/geo.py says why).
        # The distance alone is the order: with a second key (the id, for
        # ties) PostgreSQL can no longer read the index in order and sorts
        # every producer in the box instead (40 ms among 100,000). Ties need
        # no order here: reading stops only when everything unread is
        # strictly farther than the last one kept, and those kept are
        # ordered by distance, then id.
        query.order = SQL(
            "point(%s, %s) <-> point(%s, %s)",
            SQL.identifier(self._table, "longitude"),
            SQL.identifier(self._table, "latitude"),
            lon,
            lat,
        )
        fetch = 2 * limit + 10
        while True:
            query.limit = fetch
            points, read = self._dmfg_near_points(query)
            found = geo.nearest_within(lat, lon, points, radius_km, limit)
            if read < fetch or not points:
                return found  # the whole box was read
            farthest = math.hypot(points[-1].lat - lat, points[-1].lon - lon)
            reach = geo.reach_beyond_degrees(box, farthest)
            if len(found) == limit and found[-1][1] < reach:
                return found
            if len(found) < limit and reach > radius_km:
                return found
            fetch *= 4

    def _dmfg_near_points(self, query):
        """``(points, rows read)``: the located producers of ``query`` as
        ``geo.GeoPoint`` in its order, and how many rows it returned."""
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(self._table, "id"),
                SQL.identifier(self._table, "latitude"),
                SQL.identifier(self._table, "longitude"),
            )
        )
        points = [
            geo.GeoPoint(producer_id, latitude, longitude)
            for producer_id, latitude, longitude in rows
            if latitude or longitude
        ]
        return points, len(rows)

    @api.model
    def search_near(self, latitude, longitude, radius_km, domain=None):
        """Producers within ``radius_km`` km of a point, for integrators.

        Returns ``[{"id": producer_id, "distance_km": km}, ...]``, nearest
        first, among the producers the caller can read (XML-RPC friendly
        version of :meth:`_dmfg_search_near`). ``domain``: an optional search
        domain on producers.
        """
        inputs = self.env["dmfg.input"]
        latitude = inputs._dmfg_number(
            latitude, self.env._("The latitude"), minimum=-90, maximum=90
        )
        longitude = inputs._dmfg_number(
            longitude, self.env._("The longitude"), minimum=-180, maximum=180
        )
        radius_km = inputs._dmfg_number(
            radius_km,
            self.env._("The radius (km)"),
            minimum=0,
            maximum=geo.MAX_DISTANCE_KM,
        )
        domain = self._dmfg_check_domain(domain)
        try:
            # A domain well formed but with values of the wrong type only
            # fails in PostgreSQL: roll back to here and say so.
            with self.env.cr.savepoint():
                found = self._dmfg_search_near(
                    latitude, longitude, radius_km, domain=domain
                )
        except psycopg2.DataError as error:
            raise UserError(
                self.env._(
                    "The search domain is not valid: %(domain)s",
                    domain=parsing.shorten(domain, width=200),
                )
            ) from error
        return [
            {"id": producer_id, "distance_km": round(distance, 3)}
            for producer_id, distance in found
        ]

    @api.model
    def _dmfg_check_domain(self, domain):
        """``domain`` as a list of valid terms on producers, else UserError."""
        if domain is None or domain is False or domain in ([], ()):
            return []
        message = self.env._(
            "The search domain is not valid: %(domain)s",
            domain=parsing.shorten(domain, width=200),
        )
        if not isinstance(domain, list | tuple):
            raise UserError(message)
        try:
            self._where_calc(list(domain))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
            raise UserError(message) from error
        return list(domain)
