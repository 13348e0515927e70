# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    # What the producer gave when shipping a job (Inventory's own tracking
    # field comes with the Delivery Costs module, not a dependency: it is
    # filled too when installed).
    dmfg_carrier_name = fields.Char(
        string="Carrier (producer)",
        readonly=True,
        copy=False,
        help="The carrier the producer shipped the goods with.",
    )
    dmfg_tracking_ref = fields.Char(
        string="Tracking number (producer)",
        readonly=True,
        copy=False,
        help="The carrier's tracking reference given by the producer.",
    )

    dmfg_customer_id = fields.Many2one(
        "res.partner",
        string="Customer (dropship)",
        compute="_compute_dmfg_customer_id",
        groups="base.group_user",
        help="Who receives a shipment straight from a producer: the sale "
        "order's delivery address, or its customer when that has no email.",
    )

    @api.depends("sale_id.partner_shipping_id.email", "sale_id.partner_id")
    def _compute_dmfg_customer_id(self):
        for picking in self:
            order = picking.sale_id
            shipping = order.partner_shipping_id
            picking.dmfg_customer_id = (
                shipping if shipping.email else order.partner_id
            ) or False

    def _send_confirmation_email(self):
        # Odoo mails the customer when an outgoing delivery is validated
        # (Settings > Inventory > Email confirmation); a producer's shipment
        # straight to the customer is a dropship, whose contact is the
        # producer: the same mail, addressed to the customer.
        res = super()._send_confirmation_email()
        dropships = self.filtered(
            lambda p: p.picking_type_id.code == "dropship"
            and p.location_dest_id.usage == "customer"
            and p.company_id.stock_move_email_validation
            and p.dmfg_customer_id
        )
        if not dropships:
            return res
        template = self.env.ref(
            "distributed_mfg.mail_template_dmfg_job_shipped", raise_if_not_found=False
        )
        for picking in dropships if template else ():
            # Sent to the customer only: the producer follows its transfer.
            template.send_mail(
                picking.id,
                force_send=True,
                email_layout_xmlid="mail.mail_notification_light",
            )
            picking.message_post(
                body=self.env._(
                    "Shipping mail sent to %(customer)s.",
                    customer=picking.dmfg_customer_id.display_name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return res

    def _dmfg_set_tracking(self, carrier_name, tracking_ref):
        """Write the producer's carrier and tracking on the transfers."""
        values = {"dmfg_carrier_name": carrier_name, "dmfg_tracking_ref": tracking_ref}
        if "carrier_tracking_ref" in self._fields:
            values["carrier_tracking_ref"] = tracking_ref
        self.write(values)

    def _action_done(self):
        res = super()._action_done()
        # Odoo reserves waiting moves after receipts and internal transfers
        # only; purchases delivered straight to a producer (dropship type)
        # must be reserved by the producer's jobs too, so that the next job
        # does not count them as free.
        self.filtered(
            lambda p: p.picking_type_id.code == "dropship"
            and p.location_dest_id.dmfg_producer_id
        ).move_ids.filtered(lambda m: m.state == "done")._trigger_assign()
        self._dmfg_record_customer_returns()
        return res

    def _dmfg_record_customer_returns(self):
        """A customer return of a delivered job's goods is a quality issue of
        its producer (its scorecard counts it), once per return."""
        returns = self.filtered(
            lambda p: p.state == "done"
            and p.return_id
            and p.location_id.usage == "customer"
        )
        orders = returns.return_id.purchase_id
        if not orders:
            return
        # The check: only validated returns of a job's own delivery get here;
        # quality issues are the managers' records, so written as superuser.
        jobs = (
            self.env["dmfg.job"]
            .sudo()
            .search([("purchase_order_id", "in", orders.ids), ("state", "=", "done")])
        )
        job_by_order = {job.purchase_order_id: job for job in jobs}
        issues = self.env["dmfg.quality.issue"].sudo()
        known = issues.search([("return_picking_id", "in", returns.ids)])
        values = []
        for picking in returns - known.return_picking_id:
            job = job_by_order.get(picking.return_id.purchase_id)
            if not job:
                continue
            values.append(
                {
                    "job_id": job.id,
                    "return_picking_id": picking.id,
                    "reason": self.env._(
                        "Customer return %(picking)s: %(qty)s %(uom)s sent back.",
                        picking=picking.name,
                        qty=sum(picking.move_ids.mapped("quantity")),
                        uom=job.product_uom_id.name,
                    ),
                }
            )
        issues.create(values)

    def _prepare_subcontract_mo_vals(self, subcontract_move, bom):
        vals = super()._prepare_subcontract_mo_vals(subcontract_move, bom)
        # The order to the producer was made for a job: the MO makes that job
        # (its components are then supplied for it).
        line = subcontract_move.purchase_line_id
        job = line.dmfg_job_id or line.sale_line_id.dmfg_job_id
        if job:
            vals["dmfg_job_id"] = job.id
        return vals
