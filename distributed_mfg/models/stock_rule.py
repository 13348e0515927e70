# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class StockRule(models.Model):
    _inherit = "stock.rule"

    @api.model
    def _run_buy(self, procurements):
        # Purchases delivered to a producer go to the vendor nearest to it.
        self.env["dmfg.supply"]._dmfg_choose_vendors(procurements)
        return super()._run_buy(procurements)

    def _get_custom_move_fields(self):
        # Resupply transfers remember the job they supply.
        return super()._get_custom_move_fields() + ["dmfg_job_id"]

    def _get_procurements_to_merge_groupby(self, procurement):
        # Each job keeps its own purchase order line (its share is then known
        # exactly when the job moves to another producer).
        return (
            *super()._get_procurements_to_merge_groupby(procurement),
            procurement.values.get("dmfg_job_id") or False,
        )

    def _make_po_get_domain(self, company_id, values, partner):
        domain = super()._make_po_get_domain(company_id, values, partner)
        if values.get("dmfg_producer_id"):
            # Purchases delivered to a producer are not split per procurement
            # group: one purchase order per vendor and producer.
            domain = tuple(leaf for leaf in domain if leaf[0] != "group_id")
        return domain

    def _prepare_purchase_order(self, company_id, origins, values):
        vals = super()._prepare_purchase_order(company_id, origins, values)
        first = values[0]
        if first.get("dmfg_producer_id"):
            vals.update(
                {
                    "group_id": False,
                    "dmfg_producer_id": first["dmfg_producer_id"],
                    "dmfg_vendor_distance_km": first.get("dmfg_vendor_distance_km")
                    or 0.0,
                }
            )
        return vals
