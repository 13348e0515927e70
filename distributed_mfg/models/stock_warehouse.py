# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    dmfg_producer_location_id = fields.Many2one(
        "stock.location",
        string="Producers location",
        copy=False,
        help="Parent of the managed stock locations of the producers, created "
        "with the first producer that enters trial or becomes active.",
    )

    @api.model
    def _dmfg_get_main_warehouse(self, company):
        """The company's main warehouse (first by sequence).

        Callers run as superuser (component supply, the producers' locations)
        or as a planner of the company.
        """
        return self.search([("company_id", "=", company.id)], limit=1)

    @api.model
    def _dmfg_get_producer_parent_location(self, company):
        """The "Producers" location of the company, kept on its main warehouse.

        Created on first use under the company's subcontracting location, so
        that Odoo's subcontracting and dropship rules supply every producer's
        location below it without rules per producer. Call it as superuser,
        after checking the user's write access to the producers
        (``_dmfg_ensure_location``).
        """
        warehouse = self._dmfg_get_main_warehouse(company)
        if not warehouse:
            raise UserError(
                self.env._(
                    "Company %(company)s has no warehouse: create one before "
                    "moving producers to trial or active.",
                    company=company.display_name,
                )
            )
        parent = warehouse.dmfg_producer_location_id
        if not parent:
            parent = self.env["stock.location"].create(
                {
                    "name": self.env._("Producers"),
                    "usage": "view",
                    "location_id": company.subcontracting_location_id.id,
                    "company_id": company.id,
                }
            )
            warehouse.dmfg_producer_location_id = parent
            parent._dmfg_sync_producer_rules()
        return parent

    def _get_subcontracting_locations(self):
        # The "Producers" locations' rules follow the company's subcontracting
        # rules (created, archived and restored with them by warehouses).
        nodes = (
            self.with_context(active_test=False)
            .search([("company_id", "in", self.company_id.ids)])
            .dmfg_producer_location_id
        )
        return super()._get_subcontracting_locations() | nodes
