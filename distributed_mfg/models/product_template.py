# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models

from .product_category import SUPPLY_MODES, compute_supply_mode, inverse_supply_mode


class ProductTemplate(models.Model):
    _inherit = "product.template"

    dmfg_design_id = fields.Many2one(
        "dmfg.design",
        string="Design",
        index="btree_not_null",
        ondelete="set null",
        tracking=True,
        help="Design of the distributed manufacturing network this product is "
        "made from: its revisions, files, licence and allowed producers.",
    )

    dmfg_production_hours = fields.Float(
        string="Production hours per unit",
        default=1.0,
        help="Hours of a producer's workshop needed to make one unit; routing "
        "multiplies it by the ordered quantity to check free capacity.",
    )

    def write(self, vals):
        if "dmfg_design_id" not in vals:
            return super().write(vals)
        previous_designs = self.dmfg_design_id
        result = super().write(vals)
        # The design's BoM must keep making one of its products.
        (previous_designs | self.dmfg_design_id)._check_bom_product()
        return result

    # ------------------------------------------------------------------
    # Supply of components to producers (issue #6). The mode is backed by
    # Odoo's routes (models/product_category.py); the supply itself is
    # decided in models/dmfg_supply_vendor.py.
    # ------------------------------------------------------------------
    dmfg_supply_mode = fields.Selection(
        SUPPLY_MODES,
        string="Supply to producers",
        compute="_compute_dmfg_supply_mode",
        inverse="_inverse_dmfg_supply_mode",
        store=True,
        help="How the network sends this component to the producers that lack "
        "it: a resupply transfer from the central warehouse, or a purchase "
        "from the vendor nearest to the producer, delivered to it. Sets Odoo's "
        "route (Resupply Subcontractor on Order or Dropship Subcontractor on "
        "Order). Empty: the product category's mode.",
    )

    @api.depends("route_ids")
    def _compute_dmfg_supply_mode(self):
        compute_supply_mode(self)

    def _inverse_dmfg_supply_mode(self):
        inverse_supply_mode(self)

    # End of the supply block (issue #6).
