# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _dmfg_create_produce_locally_rules(self):
        """Give every company a "Produce locally" rule, if it lacks one."""
        route = self.env.ref("distributed_mfg.route_produce_locally")
        covered = (
            self.env["stock.rule"]
            .with_context(active_test=False)
            .search([("route_id", "=", route.id)])
            .company_id
        )
        (self.env["res.company"].search([]) - covered)._dmfg_create_rules()

    def _create_per_company_rules(self):
        res = super()._create_per_company_rules()
        route = self.env.ref(
            "distributed_mfg.route_produce_locally", raise_if_not_found=False
        )
        if route:
            self._dmfg_create_rules()
        return res

    def _dmfg_create_rules(self):
        """Buy from the producer chosen by routing, deliver to the customer.

        Like Odoo's dropship rule (supplier -> customer with the dropship
        operation type), on our own route so routing knows which lines to
        handle. One PO per job: the job's procurement group is propagated.
        Runs as superuser, like Odoo's own per-company rules (company
        creation, module install).
        """
        route = self.env.ref("distributed_mfg.route_produce_locally")
        supplier = self.env.ref("stock.stock_location_suppliers")
        customer = self.env.ref("stock.stock_location_customers")
        values = []
        for company in self:
            picking_type = self.env["stock.picking.type"].search(
                [
                    ("company_id", "=", company.id),
                    ("code", "=", "dropship"),
                ],
                limit=1,
                order="sequence, id",
            )
            if not picking_type:
                continue
            values.append(
                {
                    "name": self.env._("Produce locally: producer → customer"),
                    "action": "buy",
                    "location_src_id": supplier.id,
                    "location_dest_id": customer.id,
                    "procure_method": "make_to_stock",
                    "route_id": route.id,
                    "picking_type_id": picking_type.id,
                    "group_propagation_option": "propagate",
                    "company_id": company.id,
                }
            )
        return self.env["stock.rule"].create(values)
