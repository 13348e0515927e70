# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The planner's cockpit (issue #12): the assign dialog ranks the producers
as soon as it opens, refuses an empty choice, wants a reason to override the
ranking and names what it will cancel; every job explains every producer,
and an unassigned job says what would make it work."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common_routing import DmfgRoutingCase

ZARAGOZA = (41.6548, -0.8790)
LLEIDA = (41.6167, 0.6222)  # ~125 km from the Zaragoza customer


@tagged("post_install", "-at_install", "dmfg")
class TestAssignWizard(DmfgRoutingCase):
    def _open(self, job):
        return Form(self.env["dmfg.job.assign"].with_context(default_job_id=job.id))

    def test_candidates_are_listed_as_the_dialog_opens(self):
        """Before anything is saved, the dialog lists the ranked producers
        with km, ready date, price in the currency and score, the excluded
        ones with their reason, and proposes nobody by itself."""
        self.girona.service_radius_km = 50.0
        _order, job = self._confirmed_job()
        self.assertEqual(job.producer_id, self.sabadell)
        wizards = self.env["dmfg.job.assign"].search([])
        form = self._open(job)
        html = str(form.candidates_html)
        self.assertIn("Fab Mataró", html)
        self.assertRegex(html, r"<td class='text-end'>2\d\.\d km</td>")
        self.assertIn(job.company_id.currency_id.symbol, html)
        self.assertIn("ready in", html)
        self.assertIn("Girona Makers", html)
        self.assertIn("outside the producer", html)
        self.assertIn("Not ranked again: Taller Sabadell", html)
        self.assertEqual(form.best_producer_id, self.mataro)
        self.assertFalse(form.producer_id)
        self.assertEqual(len(form.eligible_producer_ids), 1)
        self.assertEqual(form.eligible_producer_ids[0], self.mataro)
        self.assertEqual(self.env["dmfg.job.assign"].search([]), wizards)

    def test_assigning_nobody_is_refused_and_changes_nothing(self):
        """Assign with nobody chosen: a clear error, the job and its purchase
        order stay as they were."""
        _order, job = self._confirmed_job()
        purchase = job.purchase_order_id
        wizard = self._open(job).save()
        with self.assertRaisesRegex(UserError, 'Choose the producer .* "Assign to"'):
            wizard.action_assign()
        self.assertEqual(job.producer_id, self.sabadell)
        self.assertEqual(purchase.state, "purchase")

    def test_moving_a_job_names_what_is_cancelled_first(self):
        """Choosing the best-ranked producer of an offered job first shows the
        purchase order, manufacturing order and transfer to be cancelled,
        cancels nothing; the confirmation moves the job."""
        _order, job = self._confirmed_job()
        purchase = job.purchase_order_id
        production = job.production_ids
        picking = job.picking_ids
        form = self._open(job)
        form.producer_id = self.mataro
        wizard = form.save()
        action = wizard.action_assign()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.step, "confirm")
        for name in (purchase.name, production.name, picking.name):
            self.assertIn(name, wizard.cancel_html)
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(job.producer_id, self.sabadell)
        wizard.action_assign()
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(job.producer_id, self.mataro)
        self.assertIn("Best-ranked producer.", job.message_ids[0].body)

    def test_overriding_the_ranking_needs_a_reason_logged(self):
        """Another producer than the best-ranked one: a reason is required,
        then logged in the chatter with the best-ranked producer named."""
        self.girona.service_radius_km = 150.0
        _order, job = self._confirmed_job()
        form = self._open(job)
        form.producer_id = self.girona
        self.assertTrue(form.is_override)
        form.reason = "Mataró is closed this week"
        wizard = form.save()
        wizard.reason = "   "
        with self.assertRaisesRegex(UserError, "give the reason"):
            wizard.action_assign()
        wizard.reason = "Mataró is closed this week"
        wizard.action_assign()
        wizard.action_assign()
        self.assertEqual(job.producer_id, self.girona)
        body = job.message_ids[0].body
        self.assertIn("Ranking overridden (best-ranked: Fab Mataró)", body)
        self.assertIn("Mataró is closed this week", body)

    def test_unassigned_job_is_assigned_without_confirmation(self):
        """Nothing to cancel for an unassigned job: assigned at once."""
        laser = self.env.ref("distributed_mfg.dmfg_process_laser")
        self.design.process_ids = [Command.link(laser.id)]
        _order, job = self._confirmed_job()
        self.assertEqual(job.state, "unassigned")
        self.mataro.process_ids = [Command.link(laser.id)]
        form = self._open(job)
        form.producer_id = form.best_producer_id
        form.save().action_assign()
        self.assertEqual(job.producer_id, self.mataro)


class ZaragozaNetwork:
    """A Zaragoza customer, as in the demo: Lleida is the only producer in
    reach and lacks PETG; Sabadell has everything but is ~258 km away."""

    @classmethod
    def _zaragoza_network(cls):
        petg = cls.env.ref("distributed_mfg.dmfg_material_petg")
        cls.design.write(
            {"sharing_scope": "qualified", "material_ids": [Command.set(petg.ids)]}
        )
        cls.sabadell.material_ids = petg
        cls.lleida = cls._make_producer("Lleida Makers", LLEIDA)
        cls.customer.write(
            {"partner_latitude": ZARAGOZA[0], "partner_longitude": ZARAGOZA[1]}
        )


@tagged("post_install", "-at_install", "dmfg")
class TestUnassignedExplained(ZaragozaNetwork, DmfgRoutingCase):
    """A Zaragoza customer, as in the demo: Lleida is the only producer in
    reach and lacks PETG; Sabadell has everything but is ~258 km away."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._zaragoza_network()

    def test_unassigned_job_says_what_would_make_it_work(self):
        """The real first cause (the missing material, not "sharing scope"),
        the nearest capable producer beyond the maximum, what Lleida lacks,
        and every other producer of the network accounted for."""
        _order, job = self._confirmed_job()
        self.assertEqual(job.state, "unassigned")
        (excluded,) = job.routing_result["excluded"]
        self.assertEqual(excluded["producer_name"], "Lleida Makers")
        self.assertEqual(excluded["reason_code"], "missing_material")
        html = job.routing_html
        self.assertNotIn("sharing scope", html)
        self.assertIn("Missing materials: PETG.", html)
        self.assertIn("What would make it work:", html)
        self.assertRegex(
            html,
            r"The nearest producer with every required process and material, "
            r"Taller Sabadell, is 2\d\d\.\d km away, beyond the 150\.0 km maximum",
        )
        self.assertRegex(
            html,
            r"Lleida Makers \(12\d\.\d km\) would qualify with PETG and with a "
            r"service radius of at least 12\d\.\d km \(now 120\.0 km\)",
        )
        self.assertRegex(
            html,
            r"3 are beyond the 150\.0 km maximum routing distance \(nearest: "
            r"Taller Sabadell, 2\d\d\.\d km\)",
        )
        self.assertIn("are neither active nor on trial", html)
        self.assertIn("Missing material", job.routing_summary)
        self.assertNotIn("ranked candidates", job.activity_ids.note)

    def test_assign_dialog_says_what_would_make_it_work(self):
        """The planner who opens Assign on the unassigned job reads there, not
        only on the job's page, what would make it work, above the excluded
        producers."""
        _order, job = self._confirmed_job()
        self.assertEqual(job.state, "unassigned")
        form = Form(self.env["dmfg.job.assign"].with_context(default_job_id=job.id))
        html = str(form.candidates_html)
        self.assertIn("What would make it work:", html)
        self.assertRegex(
            html,
            r"The nearest producer with every required process and material, "
            r"Taller Sabadell, is 2\d\d\.\d km away, beyond the 150\.0 km maximum",
        )
        self.assertLess(
            html.index("What would make it work:"), html.index("Excluded producers:")
        )

    def test_ranked_producers_explained_in_words(self):
        """Once Lleida qualifies, its line says km, days, price with currency
        and performance in words, no raw float."""
        self.lleida.write(
            {
                "material_ids": [Command.link(self.design.material_ids.id)],
                "service_radius_km": 150.0,
            }
        )
        _order, job = self._confirmed_job()
        self.assertEqual(job.producer_id, self.lleida)
        html = job.routing_html
        self.assertRegex(html, r"12\d\.\d km from the customer \(\+0\.\d{3}\)")
        self.assertIn("ready in", html)
        self.assertIn("20.00", html)
        self.assertIn(job.company_id.currency_id.symbol, html)
        self.assertIn("1.0 being neutral", html)
        self.assertNotRegex(html, r"\d\.\d{6,}")
        self.assertNotIn("What would make it work", html)


@tagged("post_install", "-at_install", "dmfg")
class TestAssignWizardUi(DmfgRoutingCase, HttpCase):
    def test_planner_reassigns_in_chromium(self):
        """In a browser: the candidates are listed as the dialog opens, an
        empty Assign is refused, overriding the ranking takes a reason and
        the documents to cancel are named before the move."""
        self.girona.service_radius_km = 150.0
        _order, job = self._confirmed_job()
        purchase = job.purchase_order_id
        new_test_user(
            self.env,
            "dmfg_assign_tour",
            groups="distributed_mfg.group_dmfg_manager,stock.group_stock_user,"
            "purchase.group_purchase_user,mrp.group_mrp_user",
            password="dmfg_assign_tour",
        )
        # The tour clicks Assign with nobody chosen: the refusal it expects is
        # logged by odoo.http as a warning.
        with mute_logger("odoo.http"):
            self.start_tour(
                f"/odoo/action-distributed_mfg.dmfg_job_action/{job.id}",
                "dmfg_assign_tour",
                login="dmfg_assign_tour",
            )
        self.assertEqual(purchase.state, "cancel")
        self.assertEqual(job.producer_id, self.girona)
        self.assertIn("Tour: Mataró is closed", "".join(job.message_ids.mapped("body")))


@tagged("post_install", "-at_install", "dmfg")
class TestAssignHintsUi(ZaragozaNetwork, DmfgRoutingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._zaragoza_network()

    def test_planner_reads_the_hints_in_the_assign_dialog(self):
        """In a browser: Assign producer on the unassigned job opens a dialog
        that says what would make it work, with the nearest capable producer
        and the maximum distance."""
        _order, job = self._confirmed_job()
        self.assertEqual(job.state, "unassigned")
        new_test_user(
            self.env,
            "dmfg_hints_tour",
            groups="distributed_mfg.group_dmfg_manager,stock.group_stock_user,"
            "purchase.group_purchase_user,mrp.group_mrp_user",
            password="dmfg_hints_tour",
        )
        self.start_tour(
            f"/odoo/action-distributed_mfg.dmfg_job_action/{job.id}",
            "dmfg_assign_hints_tour",
            login="dmfg_hints_tour",
        )
