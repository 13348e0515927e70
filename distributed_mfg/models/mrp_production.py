# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    dmfg_job_id = fields.Many2one(
        "dmfg.job",
        check_company=True,
        string="Production job",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The production job of the network this subcontracted order makes.",
    )
