# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Replenishment of producers: their reordering rules run into transfers or
purchases.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.stock.models.stock_rule import ProcurementException

from ..services import replenishment as replenishment_service
from ..services import supply as supply_service
from .dmfg_supply import OPEN_MOVE_STATES, PRECISION, _vendor_count
from .product_category import supply_mode_routes


class DmfgSupplyReplenishment(models.AbstractModel):
    _inherit = "dmfg.supply"

    @api.model
    def _dmfg_rule_states(self, orderpoints):
        """``services.replenishment.RuleState`` of each rule, in batch.

        A fixed number of grouped queries whatever the number of rules and
        producers: stock on hand, open transfers in and out, and quantities
        ordered but not yet in a transfer (draft purchases).
        """
        locations = orderpoints.location_id
        products = orderpoints.product_id
        key_domain = [("product_id", "in", products.ids)]
        on_hand = {
            (location.id, product.id): qty
            for location, product, qty in self.env["stock.quant"]._read_group(
                [("location_id", "in", locations.ids), *key_domain],
                ["location_id", "product_id"],
                ["quantity:sum"],
            )
        }
        moves = self.env["stock.move"]
        open_domain = [("state", "in", OPEN_MOVE_STATES), *key_domain]
        incoming = {
            (location.id, product.id): qty
            for location, product, qty in moves._read_group(
                [("location_dest_id", "in", locations.ids), *open_domain],
                ["location_dest_id", "product_id"],
                ["product_qty:sum"],
            )
        }
        outgoing = {
            (location.id, product.id): qty
            for location, product, qty in moves._read_group(
                [("location_id", "in", locations.ids), *open_domain],
                ["location_id", "product_id"],
                ["product_qty:sum"],
            )
        }
        in_progress, _by_warehouse = products._get_quantity_in_progress(
            location_ids=locations.ids
        )
        return [
            replenishment_service.RuleState(
                key=op.id,
                name=op.display_name,
                min_qty=op.product_min_qty,
                max_qty=op.product_max_qty,
                multiple=op.qty_multiple,
                on_hand=on_hand.get((op.location_id.id, op.product_id.id), 0.0),
                incoming=incoming.get((op.location_id.id, op.product_id.id), 0.0),
                outgoing=outgoing.get((op.location_id.id, op.product_id.id), 0.0),
                in_progress=max(
                    in_progress.get((op.product_id.id, op.location_id.id), 0.0), 0.0
                ),
                rounding=op.product_uom.rounding,
            )
            for op in orderpoints
        ]

    @api.model
    def _dmfg_prepare_replenishment(self, orderpoint, qty, supply_routes):
        """A procurement for ``qty`` of a producer's reordering rule."""
        values = {
            "route_ids": orderpoint.route_id
            or supply_routes.get(orderpoint.id)
            or self.env["stock.route"],
            "date_planned": fields.Datetime.now(),
            "date_deadline": False,
            "warehouse_id": orderpoint.warehouse_id,
            "orderpoint_id": orderpoint,
            "group_id": orderpoint.group_id,
            # Purchases go to the producer (one order per vendor and producer).
            "partner_id": orderpoint.dmfg_producer_id.partner_id.id,
            "dmfg_asap": True,
        }
        return self.env["procurement.group"].Procurement(
            orderpoint.product_id,
            qty,
            orderpoint.product_uom,
            orderpoint.location_id,
            orderpoint.name,
            orderpoint.name,
            orderpoint.company_id,
            values,
        )

    @api.model
    def _dmfg_plan_rule_supply(self, orderpoints, to_order):
        """Route of each rule without its own route, and the rules blocked.

        Returns ``({orderpoint_id: route}, {orderpoint_id: message})``: the
        component's supply mode decides the route (nearest vendor, or the
        warehouse's resupply); a managed component with no vendor that the
        central warehouse cannot cover is blocked (see services/supply.py).
        Each rule is supplied within its warehouse's company: its vendors,
        its central stock.
        """
        routes, blocked = {}, {}
        todo = orderpoints.filtered(lambda op: not op.route_id)
        for warehouse, rules in todo.grouped("warehouse_id").items():
            warehouse_routes, warehouse_blocked = self._dmfg_plan_warehouse_rules(
                warehouse, rules, to_order
            )
            routes.update(warehouse_routes)
            blocked.update(warehouse_blocked)
        return routes, blocked

    @api.model
    def _dmfg_plan_warehouse_rules(self, warehouse, orderpoints, to_order):
        """:meth:`_dmfg_plan_rule_supply` for the rules of one warehouse."""
        products = orderpoints.product_id
        if not products:
            return {}, {}
        company = warehouse.company_id or orderpoints.company_id[:1]
        modes = self._dmfg_get_supply_modes(products)
        offers = self._dmfg_read_vendor_offers(products, company)
        central = self._dmfg_free_quantities(products, warehouse.lot_stock_id)
        plan = supply_service.plan_supply(
            [
                supply_service.ComponentNeed(
                    key=op.id,
                    name=op.product_id.display_name,
                    uom=op.product_uom.name,
                    qty_needed=to_order[op.id].qty_to_order,
                    central_free=central.get(op.product_id.id, 0.0),
                    mode=modes.get(op.product_id.id) or None,
                    vendor_count=_vendor_count(offers, op.product_id.id),
                )
                for op in orderpoints
            ],
            precision=PRECISION,
        )
        by_source = {
            supply_service.SOURCE_BUY: supply_mode_routes(self.env)[
                supply_service.MODE_BUY
            ],
            supply_service.SOURCE_CENTRAL: warehouse.subcontracting_route_id,
        }
        routes = {
            line.key: by_source[line.source]
            for line in plan.lines
            if line.source in by_source
        }
        blocked = {line.key: line.message for line in plan.blocked}
        return routes, blocked

    @api.model
    def _dmfg_replenish(self, orderpoints, raise_user_error=True):
        """Run producers' reordering rules now; returns a plain summary.

        Quantities come from :meth:`_dmfg_rule_states` (batch), the orders
        from one procurement run: resupply transfers, or purchases from the
        vendor nearest to each producer. With ``raise_user_error`` a rule
        that cannot be supplied stops everything with a clear message;
        otherwise it is skipped and reported in ``failed``. Entry point (the
        producers' replenishment, for a manager).
        """
        supply, orderpoints = self._dmfg_as_superuser(orderpoints)
        today = fields.Date.context_today(supply)
        orderpoints = orderpoints.filtered(
            lambda op: op.active
            and op.location_id
            and not (op.snoozed_until and op.snoozed_until > today)
        )
        decisions = replenishment_service.plan_replenishment(
            supply._dmfg_rule_states(orderpoints)
        )
        to_order = {d.key: d for d in decisions if d.qty_to_order > 0}
        ordered = orderpoints.filtered(lambda op: op.id in to_order)
        failed = supply._dmfg_run_replenishment(ordered, to_order, raise_user_error)
        done = ordered.filtered(lambda op: op.id not in failed)
        return supply._dmfg_replenishment_summary(orderpoints, done, to_order, failed)

    @api.model
    def _dmfg_run_replenishment(self, orderpoints, to_order, raise_user_error):
        """Run the procurements; ``{orderpoint_id: error}`` of those that failed."""
        supply_routes, failed = self._dmfg_plan_rule_supply(orderpoints, to_order)
        if failed and raise_user_error:
            raise UserError(
                self.env._(
                    "Replenishment of %(producers)s stopped, nothing was ordered: "
                    "%(reasons)s",
                    producers=", ".join(
                        orderpoints.dmfg_producer_id.mapped("display_name")
                    ),
                    reasons=" ".join(failed.values()),
                )
            )
        todo = orderpoints.filtered(lambda op: op.id not in failed)
        group_model = self.env["procurement.group"]
        while todo:
            procurements = [
                self._dmfg_prepare_replenishment(
                    op, to_order[op.id].qty_to_order, supply_routes
                )
                for op in todo
            ]
            try:
                with self.env.cr.savepoint():
                    group_model.with_context(from_orderpoint=True).run(
                        procurements, raise_user_error=raise_user_error
                    )
            except UserError as error:
                raise UserError(
                    self.env._(
                        "Replenishment of %(producers)s stopped, nothing was "
                        "ordered: %(error)s",
                        producers=", ".join(
                            orderpoints.dmfg_producer_id.mapped("display_name")
                        ),
                        error=error.args[0],
                    )
                ) from error
            except ProcurementException as error:
                errors = {
                    procurement.values["orderpoint_id"].id: message
                    for procurement, message in error.procurement_exceptions
                }
                if not errors:
                    raise
                failed.update(errors)
                todo = todo.filtered(lambda op, errors=errors: op.id not in errors)
                continue
            break
        return failed

    @api.model
    def _dmfg_replenishment_summary(self, orderpoints, done, to_order, failed):
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
                    "qty": to_order[op.id].qty_to_order,
                    "uom": op.product_uom.name,
                }
                for op in done
            ],
            "failed": [
                {"rule_id": op_id, "message": message}
                for op_id, message in sorted(failed.items())
            ],
            "purchase_order_ids": sorted(lines.order_id.ids),
            "picking_ids": sorted(moves.picking_id.ids),
        }
