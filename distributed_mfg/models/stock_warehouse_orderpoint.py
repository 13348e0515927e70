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
        if self.dmfg_producer_id and not self.route_id:
            # The component's supply mode decides: resupply or nearest vendor.
            route = self.env["dmfg.supply"]._dmfg_get_supply_route(
                self.product_id, self.location_id
            )
            if route:
                values["route_ids"] = route
        return values
