# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer stock: the managed stock location at the producer, counting and
replenishing it.
"""

# One file per capability (README, Development), not one class per model.
# pylint: disable=consider-merging-classes-inherited

from odoo import models
from odoo.exceptions import AccessError, UserError


class DmfgProducerStock(models.Model):
    _inherit = "dmfg.producer"

    def _compute_quant_count(self):
        located = self.filtered("location_id")
        per_location = {}
        if located:
            groups = self.env["stock.quant"]._read_group(
                [("location_id", "in", located.location_id.ids)],
                ["location_id"],
                ["__count"],
            )
            per_location = {location.id: count for location, count in groups}
        for producer in self:
            producer.quant_count = per_location.get(producer.location_id.id, 0)

    def action_view_stock(self):
        """Open the stock held at the producer's managed location."""
        self.ensure_one()
        # The "Stock at producers" report (issue #6), for this producer.
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.stock_quant_action_producer"
        )
        action.update(
            {
                "name": self.env._("Stock at %(producer)s", producer=self.name),
                "domain": [("location_id", "in", self.location_id.ids)],
                "context": {"search_default_groupby_product": 1},
            }
        )
        return action

    def _dmfg_ensure_location(self):
        """Create the managed stock location of producers that lack one."""
        todo = self.filtered(lambda p: not p.location_id)
        if not todo:
            return
        todo.check_access("write")
        # Locations, the subcontracting rules they copy and the partner's
        # company-dependent property are stock-manager matters; the producer
        # write access checked above is what entitles the user to them: sudo
        # right after it.
        stock_env = todo.sudo().env
        for company, producers in todo.grouped("company_id").items():
            parent = stock_env["stock.warehouse"]._dmfg_get_producer_parent_location(
                company
            )
            locations = stock_env["stock.location"].create(
                [producer._prepare_location_values(parent) for producer in producers]
            )
            for producer, location in zip(producers, locations, strict=True):
                producer.location_id = location
                producer.partner_id.with_env(stock_env).with_company(
                    company
                ).property_stock_subcontractor = location

    def _prepare_location_values(self, parent):
        self.ensure_one()
        return {
            "name": self.name,
            "usage": "internal",
            "location_id": parent.id,
            "company_id": self.company_id.id,
            "is_subcontracting_location": True,
        }

    def action_count_stock(self):
        """Open Odoo's inventory adjustments on the producer's location."""
        self.ensure_one()
        # Opening them already tidies the quants (Odoo merges and removes
        # empty ones): for inventory users only, as the button says.
        if not self.env.su and not self.env.user.has_group("stock.group_stock_user"):
            raise AccessError(
                self.env._("Only inventory users may count the stock at producers.")
            )
        if not self.location_id:
            raise UserError(
                self.env._(
                    "%(producer)s has no stock location yet: start its trial or "
                    "activate it first.",
                    producer=self.display_name,
                )
            )
        action = self.env["stock.quant"].action_view_inventory()
        action.update(
            {
                "name": self.env._("Count stock at %(producer)s", producer=self.name),
                "domain": [("location_id", "=", self.location_id.id)],
                "context": {
                    **action.get("context", {}),
                    "default_location_id": self.location_id.id,
                    "search_default_my_count": False,
                },
            }
        )
        return action

    def action_replenish(self):
        """Button: replenish the producer now and say what was ordered."""
        summary = self.replenish()
        lines = [
            f"{line['qty']:g} {line['uom']} {line['product']}"
            for line in summary["ordered"]
        ]
        if lines:
            message = self.env._("Ordered: %(lines)s.", lines=", ".join(lines))
        else:
            message = self.env._("Nothing to order: the stock is above the minimums.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Replenishment"),
                "message": message,
                "type": "success" if lines else "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def replenish(self):
        """Run the reordering rules of these producers only, now.

        For integrators (XML-RPC): the producers' rules below their minimum
        order up to their maximum (resupply transfers from the central
        warehouse or purchases from the vendor nearest to each producer).
        Odoo runs them as its scheduler and Replenishment report do: the
        quantities are the rules' ``qty_to_order``. Returns
        ``{"producer_ids", "rules", "ordered": [{"rule_id", "producer_id",
        "product_id", "product", "qty", "uom"}], "failed",
        "purchase_order_ids", "picking_ids"}`` (``failed`` stays empty:
        nothing is ordered when a rule cannot be supplied, UserError naming
        it).
        """
        self._dmfg_check_replenish_access()
        if not self:
            raise UserError(self.env._("Give at least one producer to replenish."))
        # Managers read the producers' reordering rules (ACL and rules).
        orderpoints = self.env["stock.warehouse.orderpoint"].search(
            [("dmfg_producer_id", "in", self.ids)]
        )
        return self.env["dmfg.supply"]._dmfg_replenish(orderpoints)

    def replenish_in_background(self):
        """:meth:`replenish` on the job queue: returns the id of its
        ``dmfg.background.run`` at once; ``get_result`` on it gives the same
        answer as :meth:`replenish` once the run is done."""
        return self.env["dmfg.background.run"]._dmfg_start_replenish(self).id

    def get_stock(self):
        """Stock held at each producer's managed location, for integrators.

        Returns ``{"<producer_id>": [{"product_id", "product", "quantity",
        "reserved", "uom", "value"}]}`` (string keys, as XML-RPC requires);
        ``value`` (company currency) only for network managers, else False.
        """
        self.check_access("read")
        manager = self.env.su or self.env.user.has_group(
            "distributed_mfg.group_dmfg_manager"
        )
        stock = self.env["dmfg.supply"]._dmfg_stock_by_producer(
            self, with_value=manager
        )
        return {str(key): lines for key, lines in stock.items()}

    def _dmfg_check_replenish_access(self):
        if not self.env.su and not self.env.user.has_group(
            "distributed_mfg.group_dmfg_manager"
        ):
            raise AccessError(
                self.env._(
                    "Only Distributed Manufacturing managers may replenish producers."
                )
            )
        self.check_access("read")
