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

        The job runs its own procurement: the sale line's procurement values
        for the job's quantity, through the "Produce locally" route (buy from
        the producer, deliver to the customer), in the job's procurement
        group, with the producer as the vendor. Odoo's ``_run_buy`` makes the
        purchase order at the price its seller selection gives (the one
        routing ranked with); confirming it creates the dropship transfer,
        whose subcontracted move makes the MO at the producer's location. The
        sale order is not touched: a locked order stays locked.
        """
        self.ensure_one()
        line = self.sale_line_id
        if not line or line.state != "sale":
            return
        # Components (models/dmfg_supply_job.py): nothing is ordered
        # while a component of the job cannot be supplied to its producer.
        if not self.env["dmfg.supply"]._dmfg_check_job_supply(self):
            return
        seller = self._dmfg_seller()
        if not seller:
            raise UserError(
                self.env._(
                    "%(producer)s has no valid purchase price for %(qty)s %(uom)s "
                    "of %(product)s today (validity dates, minimum quantity): "
                    "route job %(job)s again or fix its vendor prices.",
                    producer=self.producer_id.display_name,
                    qty=self.product_qty,
                    uom=self.product_uom_id.name,
                    product=self.product_id.display_name,
                    job=self.name,
                )
            )
        order = line.order_id
        if not self.procurement_group_id:
            self.procurement_group_id = self.env["procurement.group"].create(
                {
                    "name": self.name,
                    "sale_id": order.id,
                    "partner_id": order.partner_shipping_id.id,
                    "move_type": order.picking_policy,
                }
            )
        self._dmfg_ensure_subcontractor()
        self.env["procurement.group"].with_company(self.company_id).run(
            self._dmfg_prepare_procurements(seller)
        )
        purchase_line = self.env["purchase.order.line"].search(
            [
                ("dmfg_job_id", "=", self.id),
                ("product_id", "=", self.product_id.id),
                ("order_id.partner_id", "=", seller.partner_id.id),
                ("state", "!=", "cancel"),
            ],
            order="id desc",
            limit=1,
        )
        purchase = purchase_line.order_id
        if purchase and purchase.state in ("draft", "sent"):
            purchase.button_confirm()
        self.purchase_order_id = purchase

    def _dmfg_prepare_procurements(self, seller):
        """The job's procurement: the sale line's values (dates, delivery
        address, description), plus the job, its group, the "Produce locally"
        route and the producer's price line as the vendor (``supplierinfo_id``,
        as an orderpoint's vendor; ``_run_buy`` takes it as is). The purchase
        order is dated now, the day its price is taken on."""
        self.ensure_one()
        line = self.sale_line_id.with_company(self.company_id)
        order = line.order_id
        values = line._prepare_procurement_values(group_id=self.procurement_group_id)
        values.update(
            {
                "route_ids": self.env.ref("distributed_mfg.route_produce_locally"),
                "supplierinfo_id": seller,
                "supplierinfo_name": seller.partner_id,
                "dmfg_job_id": self.id,
                "date_order": fields.Datetime.now(),
            }
        )
        qty, uom = self.product_uom_id._adjust_uom_quantities(
            self.product_qty, self.product_id.uom_id
        )
        origin = order.name
        if order.client_order_ref:
            origin = f"{order.name} - {order.client_order_ref}"
        return line._create_procurements(qty, uom, origin, values)

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
