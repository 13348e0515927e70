# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.tools import float_is_zero

from ..services import supply as supply_service
from .product_category import supply_mode_routes

PRECISION = 0.0001


def _vendor_count(offers, product_id):
    """How many vendors sell the product in ``offers`` (see read_vendor_offers)."""
    return len({offer.vendor_key for offer in offers.get(product_id, [])})


def _component_need(key, product, qty, central, modes, offers, at_producer=0.0):
    """The ``services.supply.ComponentNeed`` of ``qty`` of ``product``, from
    the batch reads of supply (free quantities, supply modes, vendor offers)."""
    return supply_service.ComponentNeed(
        key=key,
        name=product.display_name,
        uom=product.uom_id.name,
        qty_needed=qty,
        free_at_producer=at_producer,
        central_free=central.get(product.id, 0.0),
        mode=modes.get(product.id) or None,
        vendor_count=_vendor_count(offers, product.id),
    )


class DmfgSupply(models.AbstractModel):
    """Supply of components to producers: the ORM side.

    Gathers stock, supply modes and vendor offers in batch, maps them to the
    dataclasses of ``services/supply.py`` and ``services/vendor.py``, and
    writes the outcome back (job status,
    purchase values, procurements). Other models call only its entry points
    (marked below), which run the work as superuser through
    :meth:`_dmfg_as_superuser`; the other methods expect to be called from them.
    """

    _name = "dmfg.supply"
    _description = "Supply of components to producers"

    @api.model
    def _dmfg_as_superuser(self, *records):
        """``(supply, *records)`` as superuser: the one elevation of supply.

        Supply reads and writes stock, purchases, manufacturing orders and
        the jobs' supply fields and leftovers, on which the acting user (a
        salesperson confirming an order, a producer declining a job, a stock
        user running the scheduler, a planner) may have no rights. Only the
        entry points call it, for callers that checked the user first: the
        job's and producer's action methods check the actor, the planner or
        the reader; the leftover wizard checks the planner; stock calls come
        from procurements Odoo is already running. ``records`` are the
        checked records, moved to the superuser environment.
        """
        supply = self.sudo()
        return supply, *(record.with_env(supply.env) for record in records)

    # ------------------------------------------------------- supply modes

    @api.model
    def _dmfg_get_supply_modes(self, products):
        """``{product_id: "central" | "buy" | False}``: product's, else category's."""
        modes = {}
        category_modes = {}
        for product in products:
            mode = product.product_tmpl_id.dmfg_supply_mode
            if not mode:
                categ = product.categ_id
                if categ.id not in category_modes:
                    category_modes[categ.id] = categ._dmfg_get_effective_supply_mode()
                mode = category_modes[categ.id]
            modes[product.id] = mode
        return modes

    @api.model
    def _dmfg_get_supply_route(self, product, location):
        """The route that supplies ``product`` to a producer's ``location``.

        Buying needs a vendor; without one, and for the central mode, the
        warehouse's "Resupply Subcontractor" route (central stock to the
        producer) applies. False when the network does not supply it. Entry
        point (procurement values of moves and reordering rules).
        """
        supply, product, location = self._dmfg_as_superuser(product, location)
        mode = supply._dmfg_get_supply_modes(product)[product.id]
        if not mode:
            return False
        company = location.company_id or supply.env.company
        if mode == supply_service.MODE_BUY and supply._dmfg_read_vendor_offers(
            product, company
        ).get(product.id):
            return supply_mode_routes(supply.env)[supply_service.MODE_BUY]
        warehouse = location.warehouse_id or supply.env[
            "stock.warehouse"
        ]._dmfg_get_main_warehouse(company)
        return warehouse.subcontracting_route_id or False

    # ------------------------------------------------------ stock reading

    @api.model
    def _dmfg_on_hand(self, products, location, free=False):
        """``{product_id: quantity}`` of ``products`` at ``location`` and its
        children, in one grouped read; ``free``: minus what is reserved.
        The one reader of a location's stock for supply, jobs and the portal."""
        if not products or not location:
            return {}
        groups = self.env["stock.quant"]._read_group(
            [
                ("location_id", "child_of", location.id),
                ("product_id", "in", products.ids),
            ],
            ["product_id"],
            ["quantity:sum", "reserved_quantity:sum"],
        )
        return {
            product.id: qty - reserved if free else qty
            for product, qty, reserved in groups
        }

    @api.model
    def _dmfg_stock_by_producer(self, producers, with_value=False):
        """Stock per producer: ``{producer_id: [{product_id, product, quantity,
        reserved, uom, value}]}``. Entry point (``get_stock``, for a reader of
        the producers)."""
        result = {producer.id: [] for producer in producers}
        if not producers:
            return result
        supply, producers = self._dmfg_as_superuser(producers)
        quants = supply.env["stock.quant"]
        aggregates = ["quantity:sum", "reserved_quantity:sum"]
        if with_value:
            aggregates.append("value:sum")
        groups = quants._read_group(
            [("dmfg_producer_id", "in", producers.ids)],
            ["dmfg_producer_id", "product_id"],
            aggregates,
            order="dmfg_producer_id, product_id",
        )
        for producer, product, quantity, reserved, *value in groups:
            if float_is_zero(quantity, precision_rounding=product.uom_id.rounding) and (
                float_is_zero(reserved, precision_rounding=product.uom_id.rounding)
            ):
                continue
            result[producer.id].append(
                {
                    "product_id": product.id,
                    "product": product.display_name,
                    "quantity": quantity,
                    "reserved": reserved,
                    "uom": product.uom_id.name,
                    "value": value[0] if value else False,
                }
            )
        return result
