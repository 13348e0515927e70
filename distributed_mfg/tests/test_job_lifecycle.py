# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_routing import DmfgRoutingCase


@tagged("post_install", "-at_install", "dmfg")
class TestJobLifecycle(DmfgRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contact = cls.env["res.partner"].create(
            {"name": "Jordi (Sabadell)", "parent_id": cls.sabadell.partner_id.id}
        )
        cls.sabadell_user = new_test_user(
            cls.env,
            "dmfg_sabadell_portal",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        other = cls.env["res.partner"].create(
            {"name": "Pau (Mataró)", "parent_id": cls.mataro.partner_id.id}
        )
        cls.mataro_user = new_test_user(
            cls.env,
            "dmfg_mataro_portal",
            groups="base.group_portal",
            partner_id=other.id,
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.component, cls.sabadell.location_id, 10.0
        )

    def _tomorrow(self):
        return fields.Date.context_today(self.env.user) + timedelta(days=2)

    def test_producer_accepts_produces_and_ships_to_the_customer(self):
        """Accept, start, produce, ship: the sale line ends delivered."""
        order, job = self._confirmed_job(qty=2)
        as_producer = job.with_user(self.sabadell_user)
        as_producer.action_accept(self._tomorrow())
        self.assertEqual(job.state, "accepted")
        self.assertEqual(job.date_promised, self._tomorrow())
        as_producer.action_start()
        as_producer.action_mark_produced(2)
        self.assertEqual(job.state, "produced")
        as_producer.action_ship("SEUR", "SEUR-123456")
        self.assertEqual(job.state, "done")
        self.assertEqual(job.tracking_ref, "SEUR-123456")
        self.assertEqual(order.order_line.qty_delivered, 2.0)
        self.assertEqual(job.production_ids.state, "done")

    def test_offer_answer_and_shipping_are_dated_for_the_scorecard(self):
        """Routing dates the offer, accepting the answer, shipping the day."""
        _order, job = self._confirmed_job()
        self.assertTrue(job.date_offered)
        self.assertFalse(job.date_answered)
        job.action_accept(self._tomorrow())
        self.assertGreaterEqual(job.date_answered, job.date_offered)
        job.action_start()
        job.action_mark_produced(1)
        job.action_ship("SEUR", "S-1")
        self.assertEqual(job.date_shipped, fields.Date.context_today(job))

    def test_other_producer_cannot_act_on_the_job(self):
        """Producer B cannot accept producer A's job; nothing changes."""
        _order, job = self._confirmed_job()
        with self.assertRaises(AccessError):
            job.with_user(self.mataro_user).action_accept(self._tomorrow())
        self.assertEqual(job.state, "offered")

    def test_bad_steps_are_refused_with_clear_messages(self):
        """Ship before produced, too many units, past date: clear errors."""
        _order, job = self._confirmed_job(qty=2)
        as_producer = job.with_user(self.sabadell_user)
        with self.assertRaisesRegex(UserError, "in the past"):
            as_producer.action_accept(
                fields.Date.context_today(self.env.user) - timedelta(days=2)
            )
        as_producer.action_accept(self._tomorrow())
        with self.assertRaisesRegex(UserError, "cannot be shipped now"):
            as_producer.action_ship("SEUR", "X1")
        as_producer.action_start()
        with self.assertRaisesRegex(UserError, "between 0 and 2.0"):
            as_producer.action_mark_produced(3)
        self.assertEqual(job.state, "in_progress")
        self.assertEqual(job.qty_produced, 0.0)

    def test_partial_production_ships_what_was_made(self):
        """Shipping 1 of 2 delivers 1 and leaves a backorder for the rest."""
        order, job = self._confirmed_job(qty=2)
        job.action_accept(self._tomorrow())
        job.action_start()
        job.action_mark_produced(1)
        job.action_ship("Correos", "PK-1")
        self.assertEqual(order.order_line.qty_delivered, 1.0)
        self.assertTrue(
            job.purchase_order_id.picking_ids.filtered(
                lambda p: p.state not in ("done", "cancel")
            )
        )

    def test_decline_after_acceptance_is_refused(self):
        """Only an offered job can be declined."""
        _order, job = self._confirmed_job()
        job.action_accept(self._tomorrow())
        with self.assertRaisesRegex(UserError, "only be declined"):
            job.action_decline("changed my mind")
        self.assertEqual(job.producer_id, self.sabadell)

    def test_tracked_product_needs_a_lot(self):
        """A tracked product cannot be marked produced without a lot number."""
        self.product.tracking = "lot"
        _order, job = self._confirmed_job()
        job.action_accept(self._tomorrow())
        job.action_start()
        with self.assertRaisesRegex(UserError, "lot or serial"):
            job.action_mark_produced(1)
        self.assertEqual(job.state, "in_progress")
        self.assertEqual(self.product.route_ids, self.route)

    def test_tracked_product_ships_with_the_producers_lot(self):
        """A lot-tracked product ships with the lot the producer gave."""
        self.product.tracking = "lot"
        order, job = self._confirmed_job(qty=2)
        job.action_accept(self._tomorrow())
        job.action_start()
        job.action_mark_produced(2, lot_name="SAB-0001")
        job.action_ship("SEUR", "SEUR-9")
        self.assertEqual(job.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 2.0)
        self.assertEqual(job.picking_ids.move_line_ids.lot_id.name, "SAB-0001")
        self.assertEqual(job.production_ids.lot_producing_id.name, "SAB-0001")

    def test_customer_return_is_a_quality_issue_of_the_producer(self):
        """Returning delivered goods with Odoo's return transfer records a
        quality issue on the job, once, and the scorecard counts it."""
        _order, job = self._confirmed_job(qty=2)
        job.action_accept(self._tomorrow())
        job.action_start()
        job.action_mark_produced(2)
        job.action_ship("SEUR", "SEUR-R1")
        delivery = job.picking_ids.filtered(lambda p: p.state == "done")
        self.assertEqual(len(delivery), 1)
        wizard = (
            self.env["stock.return.picking"]
            .with_context(active_id=delivery.id, active_model="stock.picking")
            .create({})
        )
        wizard.product_return_moves.quantity = 1
        back = self.env["stock.picking"].browse(
            wizard.action_create_returns()["res_id"]
        )
        back.move_ids.quantity = 1
        back.move_ids.picked = True
        back.button_validate()
        self.assertEqual(back.state, "done")
        issue = self.env["dmfg.quality.issue"].search([("job_id", "=", job.id)])
        self.assertEqual(issue.return_picking_id, back)
        self.assertEqual(issue.producer_id, job.producer_id)
        self.assertIn(back.name, issue.reason)
        back._dmfg_record_customer_returns()
        self.assertEqual(
            self.env["dmfg.quality.issue"].search_count([("job_id", "=", job.id)]), 1
        )
        job.producer_id._dmfg_update_scorecards()
        self.assertEqual(job.producer_id.score_quality_issue_count, 1)
