# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import base64

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_routing import DmfgRoutingCase


@tagged("post_install", "-at_install", "dmfg")
class TestRoutingFlow(DmfgRoutingCase):
    def test_confirmed_order_goes_to_nearest_capable_producer(self):
        """Confirming the order routes the line to Sabadell, nearest to Barcelona."""
        order, job = self._confirmed_job(qty=2)
        line = order.order_line
        self.assertEqual(order.state, "sale")
        self.assertEqual(job.producer_id, self.sabadell)
        self.assertEqual(job.state, "offered")
        self.assertAlmostEqual(job.distance_km, 17.9, delta=0.6)
        self.assertEqual(job.runner_up_id, self.mataro)
        self.assertEqual(line.dmfg_producer_id, self.sabadell)
        self.assertEqual(line.dmfg_job_state, "offered")
        self.assertTrue(job.date_ready)
        self.assertEqual(job.load_hours, 4.0)
        # The why: every criterion's contribution is kept on the job.
        chosen = job.routing_result["chosen"]
        self.assertEqual(chosen["producer_name"], "Taller Sabadell")
        self.assertEqual(
            set(chosen["breakdown"]),
            {"distance", "lead_time", "price", "performance", "stock"},
        )
        self.assertIn("Taller Sabadell", job.routing_html)

    def test_job_drives_po_mo_and_dropship_at_the_producer(self):
        """PO to the producer at its price, MO at its location, dropship to customer."""
        order, job = self._confirmed_job(qty=2)
        purchase = job.purchase_order_id
        self.assertEqual(purchase.partner_id, self.sabadell.partner_id)
        self.assertEqual(purchase.state, "purchase")
        self.assertEqual(purchase.order_line.price_unit, 20.0)
        self.assertEqual(purchase.order_line.product_qty, 2.0)
        picking = job.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.location_dest_id.usage, "customer")
        self.assertEqual(picking.move_ids.location_id, self.sabadell.location_id)
        production = job.production_ids
        self.assertEqual(len(production), 1)
        self.assertEqual(production.subcontractor_id, self.sabadell.partner_id)
        self.assertEqual(production.location_src_id, self.sabadell.location_id)
        self.assertEqual(production.move_raw_ids.product_uom_qty, 1.0)
        self.assertIn(picking, order.picking_ids)

    def test_validating_the_dropship_delivers_the_sale_line(self):
        """The producer ships: the sale line is delivered, components consumed."""
        quant_model = self.env["stock.quant"]
        quant_model._update_available_quantity(
            self.component, self.sabadell.location_id, 5.0
        )
        order, job = self._confirmed_job(qty=2)
        picking = job.picking_ids
        picking.move_ids.quantity = 2.0
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(order.order_line.qty_delivered, 2.0)
        self.assertEqual(job.production_ids.state, "done")
        self.assertEqual(
            quant_model._get_available_quantity(
                self.component, self.sabadell.location_id
            ),
            4.0,
        )

    def test_no_capable_producer_leaves_job_unassigned_with_reasons(self):
        """Nobody has the process: order confirms, job unassigned, planner told."""
        laser = self.env.ref("distributed_mfg.dmfg_process_laser")
        self.design.process_ids = [Command.link(laser.id)]
        order, job = self._confirmed_job()
        self.assertEqual(order.state, "sale")
        self.assertEqual(job.state, "unassigned")
        self.assertFalse(job.producer_id)
        self.assertFalse(job.purchase_order_id)
        reasons = {
            entry["producer_name"]: entry["reason_code"]
            for entry in job.routing_result["excluded"]
        }
        self.assertEqual(reasons["Taller Sabadell"], "missing_process")
        self.assertEqual(reasons["Fab Mataró"], "missing_process")
        self.assertEqual(len(job.activity_ids), 1)
        self.assertIn("Laser", job.routing_html)

    def test_planner_assigns_an_unassigned_job_from_the_ranking(self):
        """Once a producer qualifies, the wizard ranks it and assigns the job."""
        laser = self.env.ref("distributed_mfg.dmfg_process_laser")
        self.design.process_ids = [Command.link(laser.id)]
        _order, job = self._confirmed_job()
        self.mataro.process_ids = [Command.link(laser.id)]
        wizard = self.env["dmfg.job.assign"].create({"job_id": job.id})
        self.assertEqual(wizard.best_producer_id, self.mataro)
        wizard.producer_id = wizard.best_producer_id
        wizard.action_assign()
        self.assertEqual(job.producer_id, self.mataro)
        self.assertEqual(job.state, "offered")
        self.assertEqual(job.purchase_order_id.partner_id, self.mataro.partner_id)
        self.assertFalse(job.activity_ids)

    def test_override_needs_a_reason(self):
        """Choosing another than the best-ranked producer requires a reason."""
        _order, job = self._confirmed_job()
        job.action_reroute()  # Sabadell is excluded from its own re-ranking
        wizard = self.env["dmfg.job.assign"].create({"job_id": job.id})
        wizard.producer_id = self.girona
        with self.assertRaisesRegex(UserError, "give the reason"):
            wizard.action_assign()

    def test_reassign_cancels_old_documents_and_makes_new_ones(self):
        """Moving a job cancels the old PO/MO/dropship and logs who and why."""
        _order, job = self._confirmed_job()
        old_purchase = job.purchase_order_id
        old_production = job.production_ids
        job.action_reassign(self.mataro.id, "Sabadell's printer is broken")
        self.assertEqual(old_purchase.state, "cancel")
        self.assertEqual(old_production.state, "cancel")
        self.assertEqual(job.producer_id, self.mataro)
        self.assertEqual(job.purchase_order_id.partner_id, self.mataro.partner_id)
        self.assertEqual(job.purchase_order_id.state, "purchase")
        self.assertEqual(job.picking_ids.move_ids.location_id, self.mataro.location_id)
        self.assertIn("Sabadell's printer is broken", job.message_ids[0].body)

    def test_reassign_works_on_a_locked_order(self):
        """A job of a locked (confirmed and locked) order still gets documents."""
        order, job = self._confirmed_job()
        order.action_lock()
        job.action_reassign(self.mataro.id, "Moved after locking")
        self.assertEqual(job.purchase_order_id.partner_id, self.mataro.partner_id)
        self.assertTrue(order.locked)

    def test_decline_moves_to_next_best_producer(self):
        """A decline excludes the producer and routes to the runner-up."""
        _order, job = self._confirmed_job()
        job.action_decline("No filament this week")
        self.assertEqual(job.producer_id, self.mataro)
        self.assertEqual(job.declined_producer_ids, self.sabadell)
        self.assertIn("No filament this week", job.message_ids[0].body)
        with self.assertRaisesRegex(UserError, "reason"):
            job.action_decline("  ")

    def test_quantity_change_propagates_to_job_and_documents(self):
        """Raising the line quantity re-issues the producer's PO for the new qty."""
        order, job = self._confirmed_job(qty=1)
        old_purchase = job.purchase_order_id
        order.order_line.product_uom_qty = 3
        self.assertEqual(job.product_qty, 3.0)
        self.assertEqual(job.load_hours, 6.0)
        self.assertEqual(old_purchase.state, "cancel")
        self.assertEqual(job.purchase_order_id.order_line.product_qty, 3.0)

    def test_cancelling_the_order_cancels_the_job(self):
        """Cancelling the sale order cancels the job and the producer's PO."""
        order, job = self._confirmed_job()
        purchase = job.purchase_order_id
        order._action_cancel()
        self.assertEqual(job.state, "cancel")
        self.assertEqual(purchase.state, "cancel")

    def test_capacity_and_radius_are_hard_filters(self):
        """Too much work for Sabadell's free hours, too far for Girona's radius."""
        self.girona.service_radius_km = 30.0
        # 200 units x 2 h = 400 h: more than 14 days x 8 h at any producer.
        _order, job = self._confirmed_job(qty=200)
        reasons = {
            entry["producer_name"]: entry["reason_code"]
            for entry in job.routing_result["excluded"]
        }
        self.assertEqual(job.state, "unassigned")
        self.assertEqual(reasons["Taller Sabadell"], "no_capacity")
        self.assertEqual(reasons["Girona Makers"], "outside_service_radius")

    def test_open_jobs_take_capacity_from_later_orders(self):
        """A producer's open job reduces its free capacity for the next order."""
        job_model = self.env["dmfg.job"]
        today = fields.Date.context_today(job_model)
        due = job_model._dmfg_due_date()
        free_before = self.sabadell._get_free_capacity(today, due)[self.sabadell.id]
        self.assertGreaterEqual(free_before, 10.0)
        _order, job = self._confirmed_job(qty=5)
        self.assertEqual(job.producer_id, self.sabadell)
        free_after = self.sabadell._get_free_capacity(today, due)[self.sabadell.id]
        self.assertEqual(free_after, free_before - 10.0)
        self.assertEqual(
            self.sabadell._get_load_hours(today, due)[self.sabadell.id], 10.0
        )
        self.assertEqual(self.sabadell.open_job_count, 1)

    def _released_revision(self, note):
        revision = self.env["dmfg.design.revision"].create(
            {"design_id": self.design.id, "change_note": note}
        )
        self.env["dmfg.design.file"].create(
            {
                "revision_id": revision.id,
                "name": f"shade-{note}.stl",
                "kind": "cad",
                "datas": base64.b64encode(b"solid shade\nendsolid shade\n"),
            }
        )
        revision.action_release()
        return revision

    def test_design_revision_is_pinned_on_the_job(self):
        """The job keeps the revision current at routing time, not a later one."""
        first = self._released_revision("A")
        _order, job = self._confirmed_job()
        self.assertEqual(job.design_id, self.design)
        self.assertEqual(job.revision_id, first)
        second = self._released_revision("B")
        self.assertEqual(self.design.current_revision_id, second)
        self.assertEqual(job.revision_id, first)

    def test_customisation_values_travel_with_the_job(self):
        """Custom attribute values of the line are copied to the job."""
        attribute = self.env["product.attribute"].create(
            {
                "name": "Engraving",
                "create_variant": "no_variant",
                "value_ids": [Command.create({"name": "Custom", "is_custom": True})],
            }
        )
        template = self.product.product_tmpl_id
        self.env["product.template.attribute.line"].create(
            {
                "product_tmpl_id": template.id,
                "attribute_id": attribute.id,
                "value_ids": [Command.set(attribute.value_ids.ids)],
            }
        )
        ptav = template.attribute_line_ids.product_template_value_ids
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "product_no_variant_attribute_value_ids": [
                                Command.set(ptav.ids)
                            ],
                            "product_custom_attribute_value_ids": [
                                Command.create(
                                    {
                                        "custom_product_template_attribute_value_id": ptav.id,  # noqa: E501
                                        "custom_value": "Para Anna",
                                    }
                                )
                            ],
                        }
                    )
                ],
            }
        )
        order.action_confirm()
        self.assertIn(
            "Engraving: Para Anna", order.order_line.dmfg_job_id.custom_values
        )


@tagged("post_install", "-at_install", "dmfg")
class TestRoutingPreviewApi(DmfgRoutingCase):
    def test_preview_ranks_without_creating_anything(self):
        """The preview returns plain dicts and writes nothing."""
        jobs_before = self.env["dmfg.job"].search_count([])
        result = self.env["dmfg.job"].preview_routing(
            self.product.id, 2, partner_id=self.customer.id
        )
        self.assertEqual(result["chosen"]["producer_name"], "Taller Sabadell")
        self.assertEqual(result["runner_up"]["producer_name"], "Fab Mataró")
        self.assertEqual(
            [entry["producer_name"] for entry in result["ranked"]][:3],
            ["Taller Sabadell", "Fab Mataró", "Girona Makers"],
        )
        self.assertEqual(self.env["dmfg.job"].search_count([]), jobs_before)

    def test_preview_by_coordinates(self):
        """An integrator can preview for a point instead of a partner."""
        result = self.env["dmfg.job"].preview_routing(
            self.product.id, 1, latitude=41.54, longitude=2.44
        )
        self.assertEqual(result["chosen"]["producer_name"], "Fab Mataró")

    def test_preview_rejects_bad_input(self):
        """Unknown product, zero quantity, bad coordinates: clear errors."""
        job_model = self.env["dmfg.job"]
        with self.assertRaisesRegex(UserError, "Unknown product"):
            job_model.preview_routing(999999999, 1, latitude=41.0, longitude=2.0)
        with self.assertRaisesRegex(UserError, "greater than 0"):
            job_model.preview_routing(self.product.id, 0, latitude=41.0, longitude=2.0)
        with self.assertRaisesRegex(UserError, "Invalid customer coordinates"):
            job_model.preview_routing(self.product.id, 1, latitude=95, longitude=2.0)
        with self.assertRaisesRegex(UserError, "in the past"):
            job_model.preview_routing(
                self.product.id, 1, latitude=41.0, longitude=2.0, date="2001-01-01"
            )

    def test_preview_refused_without_the_group(self):
        """An employee without the Distributed Manufacturing group is refused."""
        user = new_test_user(self.env, "dmfg_nogroup", groups="base.group_user")
        with self.assertRaises(AccessError):
            self.env["dmfg.job"].with_user(user).preview_routing(
                self.product.id, 1, latitude=41.0, longitude=2.0
            )

    def test_reassign_refused_for_plain_users(self):
        """Only managers move jobs."""
        _order, job = self._confirmed_job()
        user = new_test_user(
            self.env, "dmfg_reader", groups="distributed_mfg.group_dmfg_user"
        )
        with self.assertRaises(AccessError):
            job.with_user(user).action_reassign(self.mataro.id, "because")

    def test_customer_that_cannot_be_located_blocks_confirmation(self):
        """A delivery address that can't be located names the address to fix."""
        stranger = self.env["res.partner"].create(
            {"name": "Lost Customer", "city": "Xyzzyville Nowhere"}
        )
        order = self._order(customer=stranger)
        # The savepoint plays the request's rollback on error.
        with self.assertRaisesRegex(UserError, "Xyzzyville Nowhere"):
            with self.env.cr.savepoint():
                order.action_confirm()
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.order_line.dmfg_job_ids)

    def test_sale_form_shows_routing_columns(self):
        """The sale order form lists producer, town, distance and job state per
        line; a salesperson without our group gets no distance column."""
        arch = self.env["sale.order"].get_view(self.env.ref("sale.view_order_form").id)[
            "arch"
        ]
        for field in (
            "dmfg_producer_name",
            "dmfg_producer_city",
            "dmfg_distance_km",
            "dmfg_job_state",
        ):
            self.assertIn(field, arch)
        salesperson = self.env["res.users"].create(
            {
                "name": "Form salesperson",
                "login": "dmfg_form_salesperson",
                "groups_id": [
                    fields.Command.set(
                        [self.env.ref("sales_team.group_sale_salesman").id]
                    )
                ],
            }
        )
        arch = (
            self.env["sale.order"]
            .with_user(salesperson)
            .get_view(self.env.ref("sale.view_order_form").id)["arch"]
        )
        self.assertIn("dmfg_producer_name", arch)
        self.assertNotIn("dmfg_distance_km", arch)
        self.assertNotIn("dmfg_job_ids", arch)
