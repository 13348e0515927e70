# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A manager onboards a producer end to end in a real browser."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common_geo import FORCA_8, KNOWN
from .fake_nominatim import FakeNominatim


@tagged("post_install", "-at_install", "dmfg")
class TestProducerOnboardingUi(HttpCase):
    def test_manager_onboards_a_producer(self):
        """Create, locate, set capabilities, start the trial: the location appears."""
        params = self.env["ir.config_parameter"]
        provider = self.env.ref("distributed_mfg.base_geo_provider_dmfg_nominatim")
        params.set_param("base_geolocalize.geo_provider", provider.id)
        partner = self.env["res.partner"].create(
            {
                "name": "Tour Onboarding Taller",
                "is_company": True,
                "street": "Carrer de la Força 8",
                "city": "Girona",
                "country_id": self.env.ref("base.es").id,
            }
        )
        new_test_user(
            self.env,
            "dmfg_onboarding_tour",
            groups="distributed_mfg.group_dmfg_manager,stock.group_stock_user",
            password="dmfg_onboarding_tour",
        )
        with FakeNominatim(KNOWN) as server:
            params.set_param("distributed_mfg.nominatim_domain", server.domain)
            params.set_param("distributed_mfg.nominatim_scheme", "http")
            self.start_tour(
                "/odoo", "dmfg_producer_onboarding_tour", login="dmfg_onboarding_tour"
            )
        producer = self.env["dmfg.producer"].search([("partner_id", "=", partner.id)])
        self.assertRecordValues(
            producer,
            [
                {
                    "state": "trial",
                    "latitude": FORCA_8[0],
                    "longitude": FORCA_8[1],
                    "capacity_hours_per_day": 6.0,
                    "process_ids": self.env.ref("distributed_mfg.dmfg_process_fdm").ids,
                }
            ],
        )
        self.assertEqual(producer.location_id.usage, "internal")
        bodies = producer.message_ids.mapped("body")
        self.assertTrue(any("Tour: samples approved" in body for body in bodies))
