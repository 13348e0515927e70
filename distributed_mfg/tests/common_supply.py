# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures for the supply of components to producers.

On top of the routing network (customer in Barcelona; producers in
Sabadell, Mataró and Girona), the lamp shade's bill of materials needs, per
unit, 0.5 PLA spool (bought from the vendor nearest to the producer) and 4
screws (resupplied from the central warehouse). PLA vendors sit in real
Catalan towns; geodesic distances from Sabadell: Terrassa 8.67 km,
Granollers 16.50 km, Barcelona 18.09 km, Girona 76.50 km; from Mataró,
Granollers is nearest (about 15 km). The farther vendors are cheaper.
"""

from datetime import timedelta

from odoo import Command, fields

from .common_routing import DmfgRoutingCase

TERRASSA = (41.5632, 2.0089)
GRANOLLERS = (41.6079, 2.2876)
BARCELONA_VENDOR = (41.3870, 2.1701)
GIRONA_VENDOR = (41.9794, 2.8214)


class DmfgSupplyCase(DmfgRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.warehouse = cls.env["stock.warehouse"]._dmfg_get_main_warehouse(
            cls.env.company
        )
        cls.central = cls.warehouse.lot_stock_id
        cls.component.write({"dmfg_supply_mode": "buy", "standard_price": 4.0})
        cls.screw = cls.env["product.product"].create(
            {
                "name": "Test M3 screw",
                "is_storable": True,
                "dmfg_supply_mode": "central",
                "standard_price": 0.1,
            }
        )
        cls.bom.bom_line_ids = [
            Command.create({"product_id": cls.screw.id, "product_qty": 4})
        ]
        cls.vendors = {
            name: cls._make_vendor(name, point, price)
            for name, point, price in (
                ("Filaments Terrassa", TERRASSA, 11.0),
                ("Plàstics Granollers", GRANOLLERS, 10.0),
                ("Barcelona 3D Supply", BARCELONA_VENDOR, 9.0),
                ("Girona Polymers", GIRONA_VENDOR, 7.0),
            )
        }
        cls.env["stock.quant"]._update_available_quantity(cls.screw, cls.central, 100.0)

    @classmethod
    def _make_vendor(cls, name, point, price, product=None):
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "country_id": cls.env.ref("base.es").id,
                "partner_latitude": point[0],
                "partner_longitude": point[1],
            }
        )
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": partner.id,
                "product_tmpl_id": (product or cls.component).product_tmpl_id.id,
                "price": price,
                "delay": 2,
            }
        )
        return partner

    # ------------------------------------------------------------ helpers

    def _rule(self, producer, product, min_qty, max_qty, **values):
        """A reordering rule of ``producer`` for ``product``."""
        return self.env["stock.warehouse.orderpoint"].create(
            {
                "dmfg_producer_id": producer.id,
                "product_id": product.id,
                "product_min_qty": min_qty,
                "product_max_qty": max_qty,
                **values,
            }
        )

    def _put(self, product, location, qty):
        self.env["stock.quant"]._update_available_quantity(product, location, qty)

    def _count(self, product, location, qty):
        """Book ``qty`` through an inventory adjustment (valued)."""
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            {
                "product_id": product.id,
                "location_id": location.id,
                "inventory_quantity": qty,
            }
        ).action_apply_inventory()

    def _on_hand(self, product, location):
        """Quantity of ``product`` at ``location`` (quants, exact)."""
        quants = self.env["stock.quant"].search(
            [("product_id", "=", product.id), ("location_id", "=", location.id)]
        )
        return sum(quants.mapped("quantity"))

    def _vendor_orders(self, producer=None):
        domain = [
            ("partner_id", "in", [v.id for v in self.vendors.values()]),
            ("state", "!=", "cancel"),
        ]
        if producer:
            domain.append(("dmfg_producer_id", "=", producer.id))
        return self.env["purchase.order"].search(domain, order="id")

    def _resupplies(self, location):
        """Open resupply transfers from the central warehouse to ``location``."""
        return self.env["stock.picking"].search(
            [
                ("location_id", "=", self.central.id),
                ("location_dest_id", "=", location.id),
                ("state", "not in", ("done", "cancel")),
            ]
        )

    def _validate(self, pickings):
        """Validate ``pickings`` for their full demand."""
        for picking in pickings:
            picking.action_assign()
            for move in picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            picking.button_validate()
            self.assertEqual(picking.state, "done", picking.name)

    def _produce_and_ship(self, job, qty):
        job.action_accept(fields.Date.context_today(self.env.user) + timedelta(days=1))
        job.action_start()
        job.action_mark_produced(qty)
        job.action_ship("SEUR", "SEUR-1")
