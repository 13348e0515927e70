# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Clear errors for bad producer data; nothing half-written."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import BARCELONA, DmfgProducerCommon


@tagged("post_install", "-at_install", "dmfg")
class TestProducerValidation(DmfgProducerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.producer = cls._create_producer("Taller Validacio", BARCELONA)
        cls.Producer = cls.env["dmfg.producer"].with_user(cls.manager)

    def test_latitude_out_of_range(self):
        """Latitude 200 is refused with a message naming the latitude."""
        with self.assertRefused(ValidationError, "latitude must be between -90"):
            self.producer.latitude = 200
        self.assertEqual(self.producer.partner_id.partner_latitude, BARCELONA[0])

    def test_longitude_out_of_range(self):
        """Longitude -181 is refused with a message naming the longitude."""
        with self.assertRefused(ValidationError, "longitude must be between -180"):
            self.producer.longitude = -181
        self.assertEqual(self.producer.partner_id.partner_longitude, BARCELONA[1])

    def test_partner_coordinates_checked_too(self):
        """Editing the partner's latitude to 200 is refused for a producer's partner."""
        with self.assertRefused(ValidationError, "latitude must be between -90"):
            self.producer.partner_id.write({"partner_latitude": 200.0})
        self.assertEqual(self.producer.latitude, BARCELONA[0])

    def test_create_with_bad_coordinates_creates_nothing(self):
        """A create with latitude 200 fails and leaves no producer nor partner."""
        with self.assertRefused(ValidationError, "latitude"):
            self.Producer.create(
                {
                    "partner_id": self._create_partner("Taller Erroni").id,
                    "latitude": 200.0,
                    "longitude": 2.0,
                }
            )
        self.assertFalse(self.Producer.search([("name", "=", "Taller Erroni")]))
        self.assertFalse(
            self.env["res.partner"].search([("name", "=", "Taller Erroni")])
        )

    def test_radius_must_be_positive(self):
        """A service radius of 0 km is refused."""
        with self.assertRefused(ValidationError, "service radius must be greater"):
            self.producer.service_radius_km = 0
        self.assertEqual(self.producer.service_radius_km, 50.0)

    def test_capacity_not_negative(self):
        """Negative production hours are refused; 0 is allowed."""
        with self.assertRefused(ValidationError, "hours per day must be between"):
            self.producer.capacity_hours_per_day = -1
        self.assertEqual(self.producer.capacity_hours_per_day, 8.0)
        self.producer.capacity_hours_per_day = 0
        self.assertEqual(self.producer.capacity_hours_per_day, 0)

    def test_negative_lead_time(self):
        """A negative lead time is refused."""
        with self.assertRefused(ValidationError, "lead time .* between 0 and 3650"):
            self.producer.lead_time_days = -2
        self.assertEqual(self.producer.lead_time_days, 3)

    def test_one_producer_per_partner(self):
        """A partner that already backs a producer cannot back a second one."""
        with self.assertRefused(ValidationError, "already backs a producer"):
            self.Producer.create({"partner_id": self.producer.partner_id.id})
        self.assertEqual(
            self.Producer.search([("partner_id", "=", self.producer.partner_id.id)]),
            self.producer,
        )

    def test_no_active_producer_without_coordinates(self):
        """Creating an active producer without coordinates is refused."""
        with self.assertRefused(ValidationError, "has no coordinates"):
            self.Producer.create(
                {
                    "partner_id": self._create_partner("Taller Perdut").id,
                    "state": "active",
                }
            )

    def test_clearing_coordinates_of_active_producer(self):
        """An active producer cannot lose its coordinates."""
        self.producer.with_user(self.manager)._dmfg_change_state("active", "Ready")
        with self.assertRefused(ValidationError, "has no coordinates"):
            self.producer.with_user(self.manager).write(
                {"latitude": 0.0, "longitude": 0.0}
            )

    def test_equipment_quantity(self):
        """Equipment needs at least one machine and non-negative sizes."""
        with self.assertRefused(ValidationError, "at least 1"):
            self.env["dmfg.producer.equipment"].create(
                {"producer_id": self.producer.id, "name": "Printer", "quantity": 0}
            )
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.env["dmfg.producer.equipment"].create(
                {"producer_id": self.producer.id, "name": "Printer", "size_x_mm": -5}
            )

    def test_blackout_dates_order(self):
        """A blackout period cannot end before it starts."""
        with self.assertRefused(ValidationError, "ends before it starts"):
            self.env["dmfg.producer.blackout"].create(
                {
                    "producer_id": self.producer.id,
                    "date_from": "2026-03-10",
                    "date_to": "2026-03-09",
                }
            )
