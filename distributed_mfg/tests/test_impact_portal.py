# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The customer's order page in the portal shows where its goods were made,
how close, the days it took and what it saved against central shipping,
never the producer, its price or the routing (issue 16, privacy)."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from .common_routing import DmfgRoutingCase

MADRID = (40.4168, -3.7038)
# The producer's price for the job: never on the customer's page.
PRODUCER_PRICE = 17.37


@tagged("post_install", "-at_install", "dmfg")
class TestImpactPortal(DmfgRoutingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        central = cls.env["res.partner"].create(
            {
                "name": "Central plant Madrid",
                "partner_latitude": MADRID[0],
                "partner_longitude": MADRID[1],
            }
        )
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("distributed_mfg.impact_central_partner_id", central.id)
        cls.product.weight = 10.0
        # An address change forgets the coordinates (base_geolocalize).
        cls.sabadell.partner_id.write(
            {
                "city": "Sabadell",
                "partner_latitude": cls.sabadell.latitude,
                "partner_longitude": cls.sabadell.longitude,
            }
        )
        cls.env["product.supplierinfo"].search(
            [("partner_id", "=", cls.sabadell.partner_id.id)]
        ).price = PRODUCER_PRICE
        cls.env["stock.quant"]._update_available_quantity(
            cls.component, cls.sabadell.location_id, 10.0
        )
        cls.customer_user = new_test_user(
            cls.env,
            "dmfg_impact_customer",
            password="dmfg_impact_customer",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )

    def test_customer_sees_the_local_impact_of_its_order(self):
        order, job = self._confirmed_job()
        job.action_accept(fields.Date.context_today(job) + timedelta(days=2))
        job.action_start()
        job.action_mark_produced(1)
        job.action_ship("SEUR", "SEUR-PORTAL")
        self.assertEqual(job.producer_id, self.sabadell)
        self.assertAlmostEqual(job.producer_price_unit, PRODUCER_PRICE)
        self.authenticate("dmfg_impact_customer", "dmfg_impact_customer")
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertEqual(page.status_code, 200)
        text = page.text
        self.assertIn("Made locally in Sabadell, 18 km from you", text)
        self.assertIn(f"made in {job.impact_lead_days} days", text)
        self.assertIn("488 km saved", text)
        self.assertIn("kg CO2e saved vs central shipping", text)
        self.assertIn("saved against shipping from our central site", text)
        # Never the producer, its price, its score or other producers.
        for secret in (
            self.sabadell.name,
            self.mataro.name,
            self.girona.name,
            "17.37",
            "17,37",
            "Runner",
        ):
            self.assertNotIn(secret, text)
