# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    dmfg_producer_id = fields.Many2one(
        "dmfg.producer",
        check_company=True,
        string="Delivered to producer",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The producer of the network this order delivers to: the vendor "
        "was chosen as the one nearest to it.",
    )
    dmfg_vendor_distance_km = fields.Float(
        string="Vendor distance (km)",
        digits=(16, 1),
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="Distance between the vendor and the producer it delivers to.",
    )
