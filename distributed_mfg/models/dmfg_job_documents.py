# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Job documents: the producer's purchase order, manufacturing order and dropship,
made through Odoo's procurement, and the components they need.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from .dmfg_job import MOVABLE_STATES


class DmfgJobDocuments(models.Model):
    _inherit = "dmfg.job"

    def action_view_purchase(self):
        self.ensure_one()
        return self.purchase_order_id.get_formview_action()

    def action_view_pickings(self):
        self.ensure_one()
        return self._dmfg_list_action("stock.action_picking_tree_all", self.picking_ids)

    def action_view_productions(self):
        self.ensure_one()
        return self._dmfg_list_action("mrp.mrp_production_action", self.production_ids)

    def _dmfg_list_action(self, xmlid, records):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = [("id", "in", records.ids)]
        return action

    def _dmfg_make_documents(self):
        """Make the PO to the producer, its MO and the dropship to the customer.

        The sale line's procurement runs through the "Produce locally" route
        (buy from the producer, deliver to the customer) with the producer's
        supplier info; confirming the PO creates the dropship transfer, whose
        subcontracted move makes the MO at the producer's location.
        """
        self.ensure_one()
        line = self.sale_line_id
        if not line or line.state != "sale":
            return
        # Components (models/dmfg_supply_job.py): nothing is ordered
        # while a component of the job cannot be supplied to its producer.
        if not self.env["dmfg.supply"]._dmfg_check_job_supply(self):
            return
        if not self.procurement_group_id:
            self.procurement_group_id = self.env["procurement.group"].create(
                {
                    "name": self.name,
                    "sale_id": line.order_id.id,
                    "partner_id": line.order_id.partner_shipping_id.id,
                    "move_type": line.order_id.picking_policy,
                }
            )
        self._dmfg_ensure_subcontractor()
        order = line.order_id
        locked = order.locked
        if locked:
            # Odoo skips procurements of locked orders; a job moved after the
            # order was locked still needs its documents.
            order.locked = False
        line.with_context(dmfg_job_launch=True)._action_launch_stock_rule()
        if locked:
            order.locked = True
        purchase_line = self.env["purchase.order.line"].search(
            [
                ("sale_line_id", "=", line.id),
                ("order_id.partner_id", "=", self.producer_id.partner_id.id),
                ("order_id.group_id", "=", self.procurement_group_id.id),
                ("state", "!=", "cancel"),
            ],
            order="id desc",
            limit=1,
        )
        order = purchase_line.order_id
        if order and order.state in ("draft", "sent"):
            order.button_confirm()
        self.purchase_order_id = order

    def _dmfg_ensure_subcontractor(self):
        """List the producer on the design's subcontracting BoM.

        Odoo's subcontracting finds the BoM of a subcontracted receipt by its
        subcontractors; the producer is added when it first gets a job.
        """
        bom = self.design_id.bom_id
        partner = self.producer_id.partner_id
        if bom.type == "subcontract" and partner not in bom.subcontractor_ids:
            bom.subcontractor_ids = [fields.Command.link(partner.id)]

    def _dmfg_cancel_documents(self):
        """Cancel the PO (hence its dropship and MO) made for this job."""
        self.ensure_one()
        order = self.purchase_order_id
        if not order or order.state == "cancel":
            return
        done = order.picking_ids.filtered(lambda p: p.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "Job %(job)s was already shipped (%(pickings)s): it cannot move.",
                    job=self.name,
                    pickings=", ".join(done.mapped("name")),
                )
            )
        # Components (models/dmfg_supply_job.py): settle what was sent
        # to this producer for the job before its documents go.
        self.env["dmfg.supply"]._dmfg_release_job_components(self)
        productions = order.picking_ids.move_ids.move_orig_ids.production_id
        order.button_cancel()
        productions.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        self.purchase_order_id = False

    def _dmfg_update_quantity(self, qty):
        """The sale line's quantity changed: redo the documents for ``qty``."""
        self.ensure_one()
        if float_compare(qty, self.product_qty, precision_digits=6) == 0:
            return
        if self.state not in MOVABLE_STATES:
            raise UserError(
                self.env._(
                    "Job %(job)s is already in production at %(producer)s: change "
                    "the quantity with the producer first.",
                    job=self.name,
                    producer=self.producer_id.display_name,
                )
            )
        old = self.product_qty
        self._dmfg_cancel_documents()
        self.write(
            {
                "product_qty": qty,
                "load_hours": self.product_id.product_tmpl_id.dmfg_production_hours
                * qty,
            }
        )
        reason = self.env._(
            "Quantity changed from %(old)s to %(new)s on the sale order.",
            old=old,
            new=qty,
        )
        if float_is_zero(qty, precision_digits=6):
            self._dmfg_cancel(reason)
        else:
            self._dmfg_route_and_assign(reason=reason)

    def action_check_components(self):
        """Plan the job's components again and order them if now possible."""
        for job in self._dmfg_check_planner().filtered(
            lambda j: j.state in MOVABLE_STATES and not j.purchase_order_id
        ):
            job._dmfg_make_documents()
        return True

    def action_open_leftover_wizard(self):
        """Open the components left behind, to return or forward them."""
        self.ensure_one()
        self._dmfg_check_planner()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Components left behind"),
            "res_model": "dmfg.job.leftover.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_job_id": self.id},
        }
