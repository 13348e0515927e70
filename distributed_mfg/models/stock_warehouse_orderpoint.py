# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    dmfg_producer_id = fields.Many2one(
        "dmfg.producer",
        check_company=True,
        string="Producer",
        index="btree_not_null",
        ondelete="cascade",
        help="Set for a producer's reordering rule: its location must be the "
        "producer's managed stock location. Replenished with the producer "
        "(resupply transfer or purchase from the nearest vendor).",
    )
    dmfg_supply_route_id = fields.Many2one(
        "stock.route",
        string="Supply route",
        compute="_compute_dmfg_supply_route_id",
        help="Route a producer's rule orders by: its own route, else the one "
        "of its component's supply mode (resupply from the central warehouse, "
        "or buy from the vendor nearest to the producer).",
    )
    dmfg_vendor_id = fields.Many2one(
        "res.partner",
        string="Supplying vendor",
        compute="_compute_dmfg_supply",
        help="Vendor a purchase for this producer's rule goes to: the rule's "
        "own vendor, else the one nearest to the producer.",
    )
    dmfg_blocked_reason = fields.Char(
        string="Cannot be supplied",
        compute="_compute_dmfg_supply",
        help="Why this producer's rule orders nothing: no vendor sells the "
        "component and the central warehouse cannot cover it.",
    )

    @api.depends("dmfg_producer_id", "product_id", "route_id", "warehouse_id")
    def _compute_dmfg_supply_route_id(self):
        routes = self.env["dmfg.supply"]._dmfg_orderpoint_routes(self)
        for orderpoint in self:
            orderpoint.dmfg_supply_route_id = routes.get(orderpoint.id) or False

    @api.depends(
        "dmfg_producer_id",
        "dmfg_supply_route_id",
        "supplier_id",
        "qty_to_order",
        "warehouse_id",
    )
    def _compute_dmfg_supply(self):
        supply = self.env["dmfg.supply"]._dmfg_orderpoint_supply(self)
        for orderpoint in self:
            vendor, blocked = supply[orderpoint.id]
            orderpoint.dmfg_vendor_id = vendor.id
            orderpoint.dmfg_blocked_reason = blocked

    @api.depends("dmfg_supply_route_id")
    def _compute_rules(self):
        # A producer's rule without a route follows its supply mode: Odoo's
        # rules (and lead times) of that route, looked up once.
        supplied = self.filtered(
            lambda op: op.dmfg_producer_id
            and op.product_id
            and op.location_id
            and not op.route_id
            and op.dmfg_supply_route_id
        )
        for orderpoint in supplied:
            orderpoint.rule_ids = orderpoint.product_id._get_rules_from_location(
                orderpoint.location_id, route_ids=orderpoint.dmfg_supply_route_id
            )
        return super(StockWarehouseOrderpoint, self - supplied)._compute_rules()

    @api.depends("dmfg_producer_id")
    def _compute_location_id(self):
        producer_rules = self.filtered(lambda op: op.dmfg_producer_id.location_id)
        for orderpoint in producer_rules:
            orderpoint.location_id = orderpoint.dmfg_producer_id.location_id
        return super(
            StockWarehouseOrderpoint, self - producer_rules
        )._compute_location_id()

    @api.constrains("dmfg_producer_id", "location_id")
    def _check_dmfg_producer_location(self):
        for orderpoint in self.filtered("dmfg_producer_id"):
            # Producer rules are set by network managers, who read producers.
            producer = orderpoint.dmfg_producer_id
            if orderpoint.location_id != producer.location_id:
                raise ValidationError(
                    self.env._(
                        "Reordering rule %(rule)s is a rule of producer "
                        "%(producer)s: its location must be the producer's managed "
                        "location (%(expected)s), not %(location)s.",
                        rule=orderpoint.display_name,
                        producer=producer.display_name,
                        expected=producer.location_id.display_name
                        or self.env._("none yet: start its trial or activate it"),
                        location=orderpoint.location_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._dmfg_check_access()
        return records

    def write(self, vals):
        self._dmfg_check_access()
        res = super().write(vals)
        self._dmfg_check_access()
        return res

    def unlink(self):
        self._dmfg_check_access()
        if self.env.context.get("dmfg_keep_producer_rules"):
            self = self._dmfg_without_producer_rules()
        return super().unlink()

    def _dmfg_check_access(self):
        """Network managers who are not stock managers keep to producer rules.

        They get write access to reordering rules for their producers (the
        ACL); the other rules stay for the stock managers.
        """
        user = self.env.user
        if (
            self.env.su
            or user.has_group("stock.group_stock_manager")
            or not user.has_group("distributed_mfg.group_dmfg_manager")
        ):
            return
        others = self.filtered(lambda op: not op.dmfg_producer_id)
        if others:
            raise AccessError(
                self.env._(
                    "Only stock managers may change reordering rules that are not "
                    "a producer's rules: %(rules)s.",
                    rules=", ".join(others.mapped("display_name")),
                )
            )

    def _prepare_procurement_values(self, date=False, group=False):
        values = super()._prepare_procurement_values(date=date, group=group)
        if self.dmfg_producer_id:
            # The component's supply mode decides: resupply or nearest vendor;
            # purchases are delivered to the producer. A rule nothing can
            # supply is refused by procurement.group.run (nothing ordered).
            if not self.route_id and self.dmfg_supply_route_id:
                values["route_ids"] = self.dmfg_supply_route_id
            values["partner_id"] = self.dmfg_producer_id.partner_id.id
            if self.dmfg_blocked_reason:
                values["dmfg_blocked"] = self.env._(
                    "%(producer)s cannot be replenished: %(reason)s",
                    producer=self.dmfg_producer_id.display_name,
                    reason=self.dmfg_blocked_reason,
                )
        return values

    # Odoo removes the manual rules the superuser created for its
    # Replenishment report once they have nothing to order; a producer's
    # rule (demo data, imports) is a rule the network keeps.

    def _dmfg_without_producer_rules(self):
        return self.filtered(lambda op: not op.dmfg_producer_id)

    @api.autovacuum
    def _unlink_processed_orderpoints(self):
        keep = self.with_context(dmfg_keep_producer_rules=True)
        removed = super(StockWarehouseOrderpoint, keep)._unlink_processed_orderpoints()
        # Only those really gone: the report then re-reads the others.
        return removed - removed.exists()

    def action_replenish(self, force_to_max=False):
        keep = self.with_context(dmfg_keep_producer_rules=True)
        return super(StockWarehouseOrderpoint, keep).action_replenish(
            force_to_max=force_to_max
        )
