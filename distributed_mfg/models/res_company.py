# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging

from odoo import api, models

_logger = logging.getLogger(__name__)

# The demo's localisation: Spain's chart of accounts (SMEs, PGCE 2008), when
# l10n_es is installed beside the demo (setup/demo and setup/test install it).
DEMO_CHART_TEMPLATE = "es_pymes"


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _dmfg_create_produce_locally_rules(self):
        """Give every company a "Produce locally" rule, if it lacks one."""
        route = self.env.ref("distributed_mfg.route_produce_locally")
        covered = (
            self.env["stock.rule"]
            .with_context(active_test=False)
            .search([("route_id", "=", route.id)])
            .company_id
        )
        (self.env["res.company"].search([]) - covered)._dmfg_create_rules()

    def _create_per_company_rules(self):
        res = super()._create_per_company_rules()
        route = self.env.ref(
            "distributed_mfg.route_produce_locally", raise_if_not_found=False
        )
        if route:
            self._dmfg_create_rules()
        return res

    def _dmfg_create_rules(self):
        """Buy from the producer chosen by routing, deliver to the customer.

        Like Odoo's dropship rule (supplier -> customer with the dropship
        operation type), on our own route so routing knows which lines to
        handle. One PO per job: the job's procurement group is propagated.
        Runs as superuser, like Odoo's own per-company rules (company
        creation, module install).
        """
        route = self.env.ref("distributed_mfg.route_produce_locally")
        supplier = self.env.ref("stock.stock_location_suppliers")
        customer = self.env.ref("stock.stock_location_customers")
        values = []
        for company in self:
            picking_type = self.env["stock.picking.type"].search(
                [
                    ("company_id", "=", company.id),
                    ("code", "=", "dropship"),
                ],
                limit=1,
                order="sequence, id",
            )
            if not picking_type:
                continue
            values.append(
                {
                    "name": self.env._("Produce locally: producer → customer"),
                    "action": "buy",
                    "location_src_id": supplier.id,
                    "location_dest_id": customer.id,
                    "procure_method": "make_to_stock",
                    "route_id": route.id,
                    "picking_type_id": picking_type.id,
                    "group_propagation_option": "propagate",
                    "company_id": company.id,
                }
            )
        return self.env["stock.rule"].create(values)

    @api.model
    def _dmfg_demo_localize(self, company):
        """Demo only: make the demo company a Spanish one (EUR, Spanish VAT).

        With l10n_es installed, Odoo's own chart switch does it: on a
        database with accounting demo data, loading another chart replaces
        the demo journal entries, then sets the fiscal country's currency
        and its taxes as the company's defaults. Without it, the company
        keeps its chart and gets plain 21 % VAT taxes as its defaults.
        """
        company = self.browse(company) if isinstance(company, int) else company
        template = self.env["account.chart.template"]
        if DEMO_CHART_TEMPLATE in template._get_chart_template_mapping():
            if company.chart_template != DEMO_CHART_TEMPLATE:
                template.try_loading(DEMO_CHART_TEMPLATE, company, install_demo=True)
                # The company's default pricelist (no rules) follows its new
                # currency: quotations are then in euros.
                self.env["product.pricelist"].search(
                    [
                        ("company_id", "=", company.id),
                        ("item_ids", "=", False),
                        ("currency_id", "!=", company.currency_id.id),
                    ]
                ).currency_id = company.currency_id
                # Spain's chart names no stock accounts: the demo values its
                # stock as Spanish companies do (300 Mercaderías, the changes
                # in 610 Variación de existencias), so that automated
                # valuation can be switched on, as with Odoo's generic chart.
                chart = template.with_company(company)
                for field_name, code in (
                    ("property_stock_valuation_account_id", "account_common_300"),
                    ("property_stock_account_input_categ_id", "account_common_610"),
                    ("property_stock_account_output_categ_id", "account_common_610"),
                ):
                    account = chart.ref(code, raise_if_not_found=False)
                    if account:
                        self.env["ir.default"].set(
                            "product.category",
                            field_name,
                            account.id,
                            company_id=company.id,
                        )
            return
        _logger.info(
            "Demo: l10n_es is not installed; plain 21%% VAT taxes for %s", company.name
        )
        tax_group = self.env["account.tax.group"].create(
            {"name": "VAT 21%", "company_id": company.id}
        )
        taxes = self.env["account.tax"].create(
            [
                {
                    "name": f"21% VAT ({use})",
                    "type_tax_use": use,
                    "amount": 21.0,
                    "amount_type": "percent",
                    "tax_group_id": tax_group.id,
                    "company_id": company.id,
                }
                for use in ("sale", "purchase")
            ]
        )
        company.write(
            {
                "account_sale_tax_id": taxes[0].id,
                "account_purchase_tax_id": taxes[1].id,
            }
        )
