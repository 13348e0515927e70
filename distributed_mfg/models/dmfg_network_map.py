# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Data of the network map (Network > Map): producers and open jobs.

The map (static/src/network_map/) asks :meth:`get_map_data` once and draws
everything from its answer; filters apply in the browser.
"""

from odoo import api, models
from odoo.exceptions import AccessError

from .dmfg_job import OPEN_STATES, PLANNER_GROUP

PARAM_TILE_URL = "distributed_mfg.map_tile_url"
PARAM_ATTRIBUTION = "distributed_mfg.map_attribution"
DEFAULT_TILE_URL = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
    "contributors"
)
# Jobs shown on the map: waiting for a producer or at a producer.
MAP_JOB_STATES = ("unassigned", *OPEN_STATES)
# Delivered jobs drawn by the local-impact toggle: the latest ones.
MAP_DELIVERED_LIMIT = 500


class DmfgNetworkMap(models.AbstractModel):
    _name = "dmfg.network.map"
    _description = "Network map"

    @api.model
    def get_map_data(self):
        """Everything the network map draws, in one call.

        Returns a dict: ``tile_url`` and ``attribution`` (Settings),
        ``processes`` and ``states`` (the filters' choices), ``producers``
        (those with coordinates: id, name, status, place, load, processes),
        ``jobs`` (unassigned and open jobs: id, name, status, producer,
        customer point, processes of the design) and ``delivered`` (the
        latest delivered jobs with known km: producer, customer and central
        site points, km saved, for the local-impact toggle). Reads in batches: the
        number of queries does not depend on the number of records.
        Planners only (Distributed Manufacturing / User); the records are
        read with the caller's rights (company rules apply).
        """
        if not self.env.user.has_group(PLANNER_GROUP):
            raise AccessError(
                self.env._("Only the network's planners may open the network map.")
            )
        params = self.env["ir.config_parameter"]
        tile_url = params._dmfg_get_param(PARAM_TILE_URL) or DEFAULT_TILE_URL
        attribution = params._dmfg_get_param(PARAM_ATTRIBUTION)
        if attribution is False:
            attribution = DEFAULT_ATTRIBUTION if tile_url == DEFAULT_TILE_URL else ""
        producer_model = self.env["dmfg.producer"]
        producers = producer_model.search(
            ["|", ("latitude", "!=", 0), ("longitude", "!=", 0)], order="name, id"
        )
        states = dict(producer_model._fields["state"]._description_selection(self.env))
        job_model = self.env["dmfg.job"]
        job_states = dict(job_model._fields["state"]._description_selection(self.env))
        jobs = job_model.search([("state", "in", MAP_JOB_STATES)], order="date_due, id")
        jobs.fetch(["name", "state", "producer_id", "date_due", "product_id"])
        jobs.partner_shipping_id.fetch(["partner_latitude", "partner_longitude"])
        jobs.design_id.fetch(["process_ids"])
        processes = self.env["dmfg.process"].search([])
        return {
            "tile_url": tile_url,
            "attribution": attribution,
            "processes": [
                {"id": process.id, "name": process.display_name}
                for process in processes
            ],
            "states": [
                {"value": value, "label": label} for value, label in states.items()
            ],
            "producers": [
                {
                    "id": producer.id,
                    "name": producer.display_name,
                    "state": producer.state,
                    "state_label": states.get(producer.state, ""),
                    "city": producer.city or "",
                    "latitude": producer.latitude,
                    "longitude": producer.longitude,
                    "load_percent": round(producer.load_percent, 1),
                    "open_job_count": producer.open_job_count,
                    "process_ids": producer.process_ids.ids,
                }
                for producer in producers
            ],
            "jobs": [self._dmfg_map_job(job, job_states) for job in jobs],
            "delivered": self._dmfg_map_delivered(),
        }

    @api.model
    def _dmfg_map_delivered(self):
        """Delivered jobs of :meth:`get_map_data`: the line the producer
        drove and the one the central site would have driven (the site the
        figures were frozen with)."""
        jobs = self.env["dmfg.job"].search_fetch(
            [("state", "=", "done"), ("has_impact_km", "=", True)],
            [
                "name",
                "producer_id",
                "product_id",
                "date_shipped",
                "impact_km_saved",
                "impact_co2_saved_kg",
                "has_impact_co2",
                "impact_snapshot",
                "customer_latitude",
                "customer_longitude",
                "company_id",
            ],
            order="date_shipped desc, id desc",
            limit=MAP_DELIVERED_LIMIT,
        )
        jobs.partner_shipping_id.fetch(["partner_latitude", "partner_longitude"])
        jobs.producer_id.fetch(["latitude", "longitude", "city"])
        centrals = {}
        delivered = []
        for job in jobs:
            central = (job.impact_snapshot or {}).get("central") or {}
            if not (central.get("latitude") or central.get("longitude")):
                company = job.company_id
                if company not in centrals:
                    centrals[company] = job._dmfg_central_partner(company)
                partner = centrals[company]
                central = {
                    "latitude": partner.partner_latitude,
                    "longitude": partner.partner_longitude,
                }
            latitude, longitude = job._dmfg_impact_customer_point()
            delivered.append(
                {
                    "id": job.id,
                    "name": job.name,
                    "product": job.product_id.display_name or "",
                    "date_shipped": job.date_shipped
                    and job.date_shipped.isoformat()
                    or "",
                    "city": job.producer_id.city or "",
                    "producer_latitude": job.producer_id.latitude,
                    "producer_longitude": job.producer_id.longitude,
                    "latitude": latitude,
                    "longitude": longitude,
                    "central_latitude": central["latitude"],
                    "central_longitude": central["longitude"],
                    "km_saved": round(job.impact_km_saved),
                    "co2_saved_kg": round(job.impact_co2_saved_kg, 2)
                    if job.has_impact_co2
                    else False,
                }
            )
        return delivered

    @api.model
    def _dmfg_map_job(self, job, job_states):
        """One job of :meth:`get_map_data`: the customer's point is the
        delivery partner's coordinates, else the point routing used."""
        partner = job.partner_shipping_id
        latitude, longitude = partner.partner_latitude, partner.partner_longitude
        if not (latitude or longitude):
            latitude, longitude = job.customer_latitude, job.customer_longitude
        return {
            "id": job.id,
            "name": job.name,
            "state": job.state,
            "state_label": job_states.get(job.state, ""),
            "product": job.product_id.display_name or "",
            "date_due": job.date_due and job.date_due.isoformat() or "",
            "producer_id": job.producer_id.id or False,
            "latitude": latitude or 0.0,
            "longitude": longitude or 0.0,
            "has_customer_point": bool(latitude or longitude),
            "process_ids": job.design_id.process_ids.ids,
        }
