# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Replenishment of producers: what differs from Odoo's reordering rules.

The quantities and the ordering are Odoo's (``qty_to_order``,
``_procure_orderpoint_confirm``), whether the scheduler, the Replenishment
report or a producer's *Replenish now* runs the rule. What is ours: the
route of a producer's rule follows its component's supply mode (resupply
from the central warehouse or buy from the vendor nearest to the producer),
a component that nothing can supply blocks its rule, and the summary
returned to the callers of ``dmfg.producer.replenish()``.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models
from odoo.tools import float_compare

from ..services import supply as supply_service
from ..services import vendor as vendor_service
from .dmfg_supply import PRECISION, _component_need
from .product_category import supply_mode_routes


class DmfgSupplyReplenishment(models.AbstractModel):
    _inherit = "dmfg.supply"

    @api.model
    def _dmfg_orderpoint_routes(self, orderpoints):
        """``{orderpoint_id: stock.route}`` of producers' rules, in batch.

        The rule's own route, else the one of its component's supply mode:
        buying needs a vendor; without one, and for the central mode, the
        warehouse's "Resupply Subcontractor" route. No route when the
        component has no supply mode. Entry point (orderpoint computes).
        """
        supply, orderpoints = self._dmfg_as_superuser(orderpoints)
        routes = {}
        todo = orderpoints.filtered(
            lambda op: op.dmfg_producer_id and op.product_id and not op.route_id
        )
        for op in orderpoints - todo:
            routes[op.id] = op.route_id if op.dmfg_producer_id else op.route_id.browse()
        if not todo:
            return routes
        modes = supply._dmfg_get_supply_modes(todo.product_id)
        buy_route = supply_mode_routes(supply.env)[supply_service.MODE_BUY]
        for company, rules in todo.grouped("company_id").items():
            offers = supply._dmfg_read_vendor_offers(rules.product_id, company)
            main = supply.env["stock.warehouse"]._dmfg_get_main_warehouse(company)
            for op in rules:
                mode = modes.get(op.product_id.id)
                if not mode:
                    routes[op.id] = supply.env["stock.route"]
                elif mode == supply_service.MODE_BUY and offers.get(op.product_id.id):
                    routes[op.id] = buy_route
                else:
                    warehouse = op.warehouse_id or main
                    routes[op.id] = warehouse.subcontracting_route_id
        return routes

    @api.model
    def _dmfg_orderpoint_supply(self, orderpoints):
        """``{orderpoint_id: (vendor, blocked)}`` of producers' rules, in batch.

        ``vendor``: the partner a purchase would go to (the rule's own
        vendor, else the vendor nearest to the producer for the quantity to
        order), empty when the rule does not buy. ``blocked``: why the rule
        cannot order its quantity (a managed component that no vendor sells
        and that the central warehouse cannot cover, see services/supply.py),
        else False. Entry point (orderpoint computes).
        """
        supply, orderpoints = self._dmfg_as_superuser(orderpoints)
        partners = supply.env["res.partner"]
        result = {op.id: (partners, False) for op in orderpoints}
        rules = orderpoints.filtered(
            lambda op: op.dmfg_producer_id
            and op.product_id
            and op.product_uom
            and op.location_id
        )
        if not rules:
            return result
        buy_route = supply_mode_routes(supply.env)[supply_service.MODE_BUY]
        modes = supply._dmfg_get_supply_modes(rules.product_id)
        for (company, warehouse), ops in rules.grouped(
            lambda op: (op.company_id, op.warehouse_id)
        ).items():
            offers = supply._dmfg_read_vendor_offers(ops.product_id, company)
            central = supply._dmfg_free_quantities(
                ops.product_id, warehouse.lot_stock_id
            )
            for op in ops:
                product = op.product_id
                qty = op.product_uom._compute_quantity(
                    op.qty_to_order, product.uom_id, round=False
                )
                vendor = partners
                if op.supplier_id:
                    vendor = op.supplier_id.partner_id
                elif op.dmfg_supply_route_id == buy_route and offers.get(product.id):
                    producer = op.dmfg_producer_id
                    choice = vendor_service.choose_vendor(
                        offers[product.id],
                        producer.latitude,
                        producer.longitude,
                        max(qty, PRECISION),
                    )
                    if choice.chosen:
                        vendor = partners.browse(choice.chosen.offer.vendor_key)
                blocked = False
                if float_compare(qty, 0.0, precision_digits=4) > 0 and not op.route_id:
                    line = supply_service.plan_supply(
                        [_component_need(op.id, product, qty, central, modes, offers)],
                        precision=PRECISION,
                    ).lines[0]
                    if line.blocked:
                        blocked = self.env["dmfg.message"]._dmfg_supply_line_text(line)
                result[op.id] = (vendor, blocked)
        return result

    @api.model
    def _dmfg_replenish(self, orderpoints):
        """Run producers' reordering rules now; returns a plain summary.

        Odoo runs them (``_procure_orderpoint_confirm``, as its scheduler and
        Replenishment report do): the same quantities (``qty_to_order``), the
        route of the component's supply mode, purchases from the vendor
        nearest to each producer. A rule that cannot be supplied stops
        everything with a clear message (UserError), nothing is ordered.
        Entry point (the producers' replenishment, for a manager).
        """
        supply, orderpoints = self._dmfg_as_superuser(orderpoints)
        today = fields.Date.context_today(supply)
        orderpoints = orderpoints.filtered(
            lambda op: op.active
            and op.location_id
            and not (op.snoozed_until and op.snoozed_until > today)
        )
        to_order = {
            op.id: op.qty_to_order
            for op in orderpoints
            if float_compare(
                op.qty_to_order, 0.0, precision_rounding=op.product_uom.rounding
            )
            > 0
        }
        ordered = orderpoints.filtered(lambda op: op.id in to_order)
        with supply.env.cr.savepoint():
            for company, rules in ordered.grouped("company_id").items():
                rules._procure_orderpoint_confirm(company_id=company)
        ordered.action_remove_manual_qty_to_order()
        return supply._dmfg_replenishment_summary(orderpoints, ordered, to_order)

    @api.model
    def _dmfg_replenishment_summary(self, orderpoints, done, to_order):
        lines = self.env["purchase.order.line"].search(
            [
                ("orderpoint_id", "in", done.ids),
                ("order_id.state", "in", ("draft", "sent")),
            ]
        )
        moves = self.env["stock.move"].search(
            [
                ("orderpoint_id", "in", done.ids),
                ("state", "not in", ("done", "cancel")),
                ("picking_id", "!=", False),
            ]
        )
        return {
            "producer_ids": sorted(orderpoints.dmfg_producer_id.ids),
            "rules": len(orderpoints),
            "ordered": [
                {
                    "rule_id": op.id,
                    "producer_id": op.dmfg_producer_id.id,
                    "product_id": op.product_id.id,
                    "product": op.product_id.display_name,
                    "qty": to_order[op.id],
                    "uom": op.product_uom.name,
                }
                for op in done
            ],
            "failed": [],
            "purchase_order_ids": sorted(lines.order_id.ids),
            "picking_ids": sorted(moves.picking_id.ids),
        }
