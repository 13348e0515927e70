# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The one input wrapper (dmfg.input) and the job actions that use it."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from ..models.dmfg_job import PARAM_PROMISED_MAX_DAYS
from .common_routing import DmfgRoutingCase


@tagged("post_install", "-at_install", "dmfg")
class TestInputChecks(DmfgRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The components at the producer: its jobs wait for nothing.
        cls.env["stock.quant"]._update_available_quantity(
            cls.component, cls.sabadell.location_id, 10.0
        )

    def _refusal(self, exception, function, *args, **kwargs):
        with self.assertRaises(exception) as context:
            function(*args, **kwargs)
        return str(context.exception)

    def test_number_messages_name_the_field(self):
        """Each reason code becomes a message naming the field."""
        number = self.env["dmfg.input"]._dmfg_number
        cases = [
            (
                ("nan", "The quantity"),
                {},
                "The quantity must be a finite number, got nan.",
            ),
            (("abc", "The quantity"), {}, "The quantity must be a number, got abc."),
            (
                (-1, "The count"),
                {"minimum": 0},
                "The count cannot be negative, got -1.",
            ),
            (
                (0, "The quantity"),
                {"strict": True},
                "The quantity must be greater than 0, got 0.",
            ),
            (
                (3, "The produced quantity"),
                {"strict": True, "maximum": 2.0},
                "The produced quantity must be between 0 and 2.0, got 3.",
            ),
            (
                ("0.001", "The quantity"),
                {"strict": True, "rounding": 0.01},
                "The quantity must be at least 0.01 (the rounding of its unit of "
                "measure), got 0.001.",
            ),
            (
                ("0.0001", "The count"),
                {"minimum": 0, "rounding": 0.01},
                "The count must be 0 or at least 0.01 (the rounding of its unit of "
                "measure), got 0.0001.",
            ),
            (("", "The hours"), {}, "The hours is missing."),
            (("", "The hours"), {"missing": "Give the hours."}, "Give the hours."),
            (
                (1e308, "The hours"),
                {},
                "The hours must be at most 1000000000, got 1e+308.",
            ),
        ]
        self.assertEqual(
            [
                self._refusal(UserError, number, *args, **kwargs)
                for args, kwargs, _expected in cases
            ],
            [expected for _args, _kwargs, expected in cases],
        )
        self._refusal(ValidationError, number, "x", "X", error=ValidationError)
        self.assertEqual(number("1.006", "Q", rounding=0.01), 1.01)

    def test_date_and_text_messages(self):
        """Dates: not a date, in the past, too late; texts: type and length."""
        inputs = self.env["dmfg.input"]
        today = fields.Date.context_today(inputs)
        self.assertIn(
            "The day is not a date (YYYY-MM-DD): [1].",
            self._refusal(UserError, inputs._dmfg_date, [1], "The day"),
        )
        self.assertIn(
            "is in the past.",
            self._refusal(
                UserError, inputs._dmfg_date, "2000-01-01", "The day", minimum=today
            ),
        )
        self.assertIn(
            "The day 9999-12-31 is after",
            self._refusal(
                UserError, inputs._dmfg_date, "9999-12-31", "The day", maximum=today
            ),
        )
        self.assertIn(
            "The reason is too long: at most 10 characters, got 11.",
            self._refusal(
                UserError, inputs._dmfg_text, "x" * 11, "The reason", max_length=10
            ),
        )
        self.assertIn(
            "The reason must be a text, got {'a': 1}.",
            self._refusal(UserError, inputs._dmfg_text, {"a": 1}, "The reason"),
        )

    def test_promised_date_bound_follows_the_setting(self):
        """A promise later than the due date plus the setting is refused;
        the setting moves the bound."""
        _order, job = self._confirmed_job()
        due = job.date_due
        with self.assertRaisesRegex(UserError, "at most 60 days after its due date"):
            job.action_accept(due + timedelta(days=61))
        with self.assertRaisesRegex(UserError, "The promised date is not a date"):
            job.action_accept({"date": str(due)})
        self.assertEqual(job.state, "offered")
        self.env["ir.config_parameter"].set_param(PARAM_PROMISED_MAX_DAYS, 90)
        job.action_accept(due + timedelta(days=61))
        self.assertEqual(job.date_promised, due + timedelta(days=61))

    def test_quantity_below_the_unit_rounding_is_refused(self):
        """0.001 units is refused (it would be stored as 0 and stick the job)."""
        _order, job = self._confirmed_job(qty=2)
        job.action_accept(job.date_due)
        job.action_start()
        with self.assertRaisesRegex(UserError, "at least 0.01"):
            job.action_mark_produced("0.001")
        for bad in ("nan", "inf", 1e308, [1]):
            with self.assertRaises(UserError):
                job.action_mark_produced(bad)
        self.assertRecordValues(job, [{"state": "in_progress", "qty_produced": 0.0}])
