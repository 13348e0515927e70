# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared fixtures of the geocoding tests (fake Nominatim, Spanish partners)."""

from odoo.tests import TransactionCase

GIRONA_CENTRE = (41.98311, 2.82493)  # GeoNames (offline data)
FORCA_8 = (41.9853, 2.8226)
SERVICE_GIRONA = (41.9794, 2.8214)
KNOWN = {
    ("Carrer de la Força 8", "Girona"): FORCA_8,
    ("", "Girona"): SERVICE_GIRONA,
}


class GeoLocateCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spain = cls.env.ref("base.es")
        cls.provider = cls.env.ref("distributed_mfg.base_geo_provider_dmfg_nominatim")
        cls.env["ir.config_parameter"].set_param(
            "base_geolocalize.geo_provider", cls.provider.id
        )

    def _use_server(self, server, timeout=2):
        params = self.env["ir.config_parameter"]
        params.set_param("distributed_mfg.nominatim_domain", server.domain)
        params.set_param("distributed_mfg.nominatim_scheme", "http")
        params.set_param("distributed_mfg.nominatim_timeout", timeout)

    def _partner(self, name, city, street=False, **values):
        return self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "street": street,
                "city": city,
                "country_id": self.spain.id,
                **values,
            }
        )
