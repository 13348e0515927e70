# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer status lifecycle and its managed stock location."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import BARCELONA, SABADELL, DmfgProducerCommon


@tagged("post_install", "-at_install", "dmfg")
class TestProducerLifecycle(DmfgProducerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"]._dmfg_get_main_warehouse(
            cls.env.company
        )
        cls.producer = cls._create_producer("Taller Lifecycle", BARCELONA)

    def _change_state(self, producers, new_state, reason="Test reason"):
        """Go through the button and the reason dialog, as a manager does."""
        producers = producers.with_user(self.manager)
        action = getattr(producers, self.BUTTONS[new_state])()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.manager)
            .with_context(**action["context"])
        )
        wizard.reason = reason
        wizard.save().action_confirm()

    BUTTONS = {
        "trial": "action_start_trial",
        "active": "action_activate",
        "suspended": "action_suspend",
        "closed": "action_close",
        "candidate": "action_reopen",
    }

    def test_new_producer_is_candidate_without_location(self):
        """A new producer starts as a candidate with no stock location."""
        self.assertRecordValues(
            self.producer,
            [{"state": "candidate", "location_id": False, "can_receive_work": False}],
        )

    def test_trial_creates_managed_subcontracting_location(self):
        """Moving to trial creates an internal subcontracting location."""
        self._change_state(self.producer, "trial")
        location = self.producer.location_id
        self.assertRecordValues(
            location,
            [
                {
                    "name": "Taller Lifecycle",
                    "usage": "internal",
                    "is_subcontracting_location": True,
                    "company_id": self.env.company.id,
                }
            ],
        )
        parent = self.warehouse.dmfg_producer_location_id
        self.assertRecordValues(
            parent,
            [
                {
                    "usage": "view",
                    "location_id": self.env.company.subcontracting_location_id.id,
                    "is_subcontracting_location": False,
                }
            ],
        )
        self.assertEqual(location.location_id, parent)
        self.assertEqual(
            self.producer.partner_id.with_company(
                self.env.company
            ).property_stock_subcontractor,
            location,
        )

    def test_producers_add_no_stock_rules(self):
        """Activating 50 producers adds no stock rule: their locations use the
        company's subcontracting rules through the location tree."""
        # The first producer creates the "Producers" location and its rules.
        self._change_state(self.producer, "active")
        rules = self.env["stock.rule"].with_context(active_test=False)
        before = rules.search_count([])
        producers = self.env["dmfg.producer"].concat(
            *(self._create_producer(f"Taller {i:02d}", SABADELL) for i in range(50))
        )
        self._change_state(producers, "active")
        self.assertEqual(len(producers.location_id), 50)
        self.assertEqual(rules.search_count([]), before)

    def test_producers_location_rules_take_from_stock_first(self):
        """The "Producers" location holds one copy of the rules that take
        components out of the company's subcontracting location, taking them
        from the producer's stock first."""
        self._change_state(self.producer, "active")
        reference = self.env.company.subcontracting_location_id
        parent = self.producer.location_id.location_id
        rules = self.env["stock.rule"].search
        expected = rules([("location_src_id", "=", reference.id)])
        copied = rules([("location_src_id", "=", parent.id)])
        self.assertEqual(copied.route_id, expected.route_id)
        self.assertEqual(len(copied), len(expected))
        self.assertEqual(set(copied.mapped("procure_method")), {"mts_else_mto"})
        self.assertFalse(
            rules(
                [
                    "|",
                    ("location_src_id", "=", self.producer.location_id.id),
                    ("location_dest_id", "=", self.producer.location_id.id),
                ]
            )
        )

    def test_each_producer_gets_its_own_location(self):
        """Two producers never share a location; both sit under one parent."""
        other = self._create_producer("Taller Sabadell", SABADELL)
        self._change_state(self.producer | other, "trial")
        self.assertTrue(self.producer.location_id)
        self.assertTrue(other.location_id)
        self.assertNotEqual(self.producer.location_id, other.location_id)
        self.assertEqual(
            self.producer.location_id.location_id, other.location_id.location_id
        )

    def test_location_kept_through_suspension(self):
        """Suspending and reactivating keeps the same location."""
        self._change_state(self.producer, "active")
        location = self.producer.location_id
        self._change_state(self.producer, "suspended")
        self.assertFalse(self.producer.can_receive_work)
        self._change_state(self.producer, "active")
        self.assertEqual(self.producer.location_id, location)
        self.assertEqual(
            self.env["stock.location"].search_count(
                [
                    ("name", "=", "Taller Lifecycle"),
                    ("usage", "=", "internal"),
                ]
            ),
            1,
        )

    def test_reason_logged_in_chatter(self):
        """The status change and its reason are posted on the producer."""
        self._change_state(self.producer, "trial", reason="Sample parts look great")
        body = self.producer.message_ids[0].body
        self.assertIn("Candidate", body)
        self.assertIn("Trial", body)
        self.assertIn("Sample parts look great", body)

    def test_reason_required(self):
        """A status change without a reason is refused and changes nothing."""
        with self.assertRefused(UserError, "reason"):
            self.producer.with_user(self.manager)._dmfg_change_state("trial", "  ")
        self.assertEqual(self.producer.state, "candidate")

    def test_forbidden_transitions(self):
        """Candidate cannot be suspended; a closed producer cannot be activated."""
        with self.assertRefused(UserError, "cannot go from Candidate to Suspended"):
            self.producer.with_user(self.manager).action_suspend()
        self.assertEqual(self.producer.state, "candidate")
        self._change_state(self.producer, "closed")
        with self.assertRefused(UserError, "cannot go from Closed to Active"):
            self.producer.with_user(self.manager).write({"state": "active"})
        self.assertEqual(self.producer.state, "closed")
        self._change_state(self.producer, "candidate")
        self.assertEqual(self.producer.state, "candidate")

    def test_trial_needs_coordinates(self):
        """A producer without coordinates cannot enter trial; nothing is created."""
        unlocated = self._create_producer("Taller Sense Lloc")
        locations_before = self.env["stock.location"].search_count([])
        with self.assertRefused(ValidationError, "has no coordinates"):
            unlocated.with_user(self.manager)._dmfg_change_state("trial", "Go")
        self.assertRecordValues(
            unlocated, [{"state": "candidate", "location_id": False}]
        )
        self.assertEqual(self.env["stock.location"].search_count([]), locations_before)

    def test_created_active_gets_location(self):
        """A producer created directly as active (an import) gets its location."""
        producer = self._create_producer("Taller Import", SABADELL, state="active")
        self.assertEqual(producer.location_id.usage, "internal")
        self.assertTrue(producer.can_receive_work)

    def test_trial_receives_work_under_max_open_jobs(self):
        """Trial producers receive work only while under their open-job limit."""
        self._change_state(self.producer, "trial")
        self.assertTrue(self.producer.can_receive_work)
        self.producer.with_user(self.manager).max_open_jobs = 0
        self.assertFalse(self.producer.can_receive_work)

    def test_partner_locked_once_location_exists(self):
        """The partner of a producer with a stock location cannot be swapped."""
        self._change_state(self.producer, "trial")
        other = self._create_partner("Another company", SABADELL)
        partner = self.producer.partner_id
        with self.assertRefused(UserError, "cannot be changed"):
            self.producer.with_user(self.manager).partner_id = other
        self.assertEqual(self.producer.partner_id, partner)

    def test_stock_smart_button(self):
        """The Stock button counts and opens the quants at the location."""
        self._change_state(self.producer, "active")
        product = self.env["product.product"].create(
            {"name": "PLA spool", "is_storable": True}
        )
        self.env["stock.quant"]._update_available_quantity(
            product, self.producer.location_id, 4.0
        )
        self.producer.invalidate_recordset(["quant_count"])
        self.assertEqual(self.producer.quant_count, 1)
        action = self.producer.action_view_stock()
        quants = self.env["stock.quant"].search(action["domain"])
        self.assertEqual((quants.product_id, quants.quantity), (product, 4.0))
