# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from ..services import supply

# Supply modes of components sent to producers, each backed by Odoo's route
# that supplies a subcontracting location.
SUPPLY_MODES = [
    (supply.MODE_CENTRAL, "Resupply from the central warehouse"),
    (supply.MODE_BUY, "Buy from the vendor nearest to the producer"),
]
SUPPLY_MODE_ROUTES = {
    supply.MODE_CENTRAL: "mrp_subcontracting.route_resupply_subcontractor_mto",
    supply.MODE_BUY: (
        "mrp_subcontracting_dropshipping.route_subcontracting_dropshipping"
    ),
}


def supply_mode_routes(env):
    """``{mode: stock.route}`` of the routes behind the supply modes."""
    return {
        mode: env.ref(xmlid, raise_if_not_found=False) or env["stock.route"]
        for mode, xmlid in SUPPLY_MODE_ROUTES.items()
    }


def _mode_of(by_mode, routes):
    """The supply mode ``routes`` give (buying wins when both are set)."""
    if by_mode[supply.MODE_BUY] & routes:
        return supply.MODE_BUY
    if by_mode[supply.MODE_CENTRAL] & routes:
        return supply.MODE_CENTRAL
    return False


def _replace_mode(by_mode, routes, mode):
    """``routes`` with the supply routes replaced by the one of ``mode``."""
    kept = routes - by_mode[supply.MODE_BUY] - by_mode[supply.MODE_CENTRAL]
    return kept | by_mode[mode] if mode else kept


def compute_supply_mode(records):
    """Compute of ``dmfg_supply_mode`` from ``route_ids`` (categories, products).

    The supply routes are looked up once for the whole batch.
    """
    by_mode = supply_mode_routes(records.env)
    for record in records:
        record.dmfg_supply_mode = _mode_of(by_mode, record.route_ids)


def inverse_supply_mode(records):
    """Inverse of ``dmfg_supply_mode``: set the route of the mode chosen."""
    by_mode = supply_mode_routes(records.env)
    for record in records:
        record.route_ids = _replace_mode(
            by_mode, record.route_ids, record.dmfg_supply_mode
        )


class ProductCategory(models.Model):
    _inherit = "product.category"

    dmfg_supply_mode = fields.Selection(
        SUPPLY_MODES,
        string="Supply to producers",
        compute="_compute_dmfg_supply_mode",
        inverse="_inverse_dmfg_supply_mode",
        store=True,
        help="How the network sends the components of this category to the "
        "producers that lack them: a resupply transfer from the central "
        "warehouse, or a purchase from the vendor nearest to the producer, "
        "delivered to it. Sets Odoo's route (Resupply Subcontractor on Order or "
        "Dropship Subcontractor on Order). Empty: the parent category's mode; "
        "none at all: the producer provides the component itself.",
    )

    @api.depends("route_ids")
    def _compute_dmfg_supply_mode(self):
        compute_supply_mode(self)

    def _inverse_dmfg_supply_mode(self):
        inverse_supply_mode(self)

    def _dmfg_get_effective_supply_mode(self):
        """The category's mode, or its nearest parent's (False if none)."""
        self.ensure_one()
        category = self
        while category:
            if category.dmfg_supply_mode:
                return category.dmfg_supply_mode
            category = category.parent_id
        return False
