# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures for routing flows: a small network around Barcelona.

True town coordinates; geodesic distances from the customer in Barcelona
(41.3874, 2.1686): Sabadell ~17.5 km, Mataró ~26.4 km, Girona ~86 km.
"""

from odoo import Command
from odoo.tests import TransactionCase

BARCELONA = (41.3874, 2.1686)
SABADELL = (41.5433, 2.1094)
MATARO = (41.5381, 2.4445)
GIRONA = (41.9794, 2.8214)


class DmfgRoutingCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        icp = cls.env["ir.config_parameter"].sudo()
        icp.set_param("distributed_mfg.max_distance_km", 150)
        icp.set_param("distributed_mfg.default_due_days", 14)
        cls.route = cls.env.ref("distributed_mfg.route_produce_locally")
        cls.fdm = cls.env.ref("distributed_mfg.dmfg_process_fdm")
        cls.calendar = cls.env.company.resource_calendar_id
        # Only our producers may win: the demo network is suspended.
        cls.env["dmfg.producer"].search([("state", "in", ("trial", "active"))]).write(
            {"state": "suspended"}
        )
        cls.component = cls.env["product.product"].create(
            {"name": "Test PLA spool", "type": "consu", "is_storable": True}
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Test lamp shade",
                "type": "consu",
                "is_storable": True,
                "route_ids": [Command.set(cls.route.ids)],
                "dmfg_production_hours": 2.0,
                "list_price": 50.0,
            }
        )
        cls.sabadell = cls._make_producer("Taller Sabadell", SABADELL, price=20.0)
        cls.mataro = cls._make_producer("Fab Mataró", MATARO, price=18.0)
        cls.girona = cls._make_producer("Girona Makers", GIRONA, price=15.0)
        cls.bom = cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "type": "subcontract",
                "subcontractor_ids": [Command.set(cls.sabadell.partner_id.ids)],
                "product_qty": 1,
                "bom_line_ids": [
                    Command.create({"product_id": cls.component.id, "product_qty": 0.5})
                ],
            }
        )
        cls.design = cls.env["dmfg.design"].create(
            {
                "name": "Test lamp shade design",
                "licence": "CC-BY-4.0",
                "sharing_scope": "all",
                "process_ids": [Command.set(cls.fdm.ids)],
            }
        )
        cls.product.product_tmpl_id.dmfg_design_id = cls.design
        cls.design.bom_id = cls.bom
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Núria Customer",
                "street": "Carrer de Mallorca 401",
                "city": "Barcelona",
                "country_id": cls.env.ref("base.es").id,
                "partner_latitude": BARCELONA[0],
                "partner_longitude": BARCELONA[1],
            }
        )

    @classmethod
    def _make_producer(cls, name, point, price=20.0, **values):
        partner = cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "country_id": cls.env.ref("base.es").id,
                "partner_latitude": point[0],
                "partner_longitude": point[1],
            }
        )
        producer = cls.env["dmfg.producer"].create(
            {
                "partner_id": partner.id,
                "state": "active",
                "service_radius_km": 120.0,
                "capacity_hours_per_day": 8.0,
                "resource_calendar_id": cls.calendar.id,
                "process_ids": [Command.set(cls.fdm.ids)],
                **values,
            }
        )
        if price is not None and getattr(cls, "product", None):
            cls.env["product.supplierinfo"].create(
                {
                    "partner_id": partner.id,
                    "product_tmpl_id": cls.product.product_tmpl_id.id,
                    "price": price,
                    "delay": 2,
                }
            )
        return producer

    def _order(self, qty=1.0, customer=None, product=None):
        return self.env["sale.order"].create(
            {
                "partner_id": (customer or self.customer).id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": (product or self.product).id,
                            "product_uom_qty": qty,
                        }
                    )
                ],
            }
        )

    def _confirmed_job(self, qty=1.0):
        order = self._order(qty)
        order.action_confirm()
        return order, order.order_line.dmfg_job_id
