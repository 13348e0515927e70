# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.stock.models.stock_rule import ProcurementException


class ProcurementGroup(models.Model):
    _inherit = "procurement.group"

    @api.model
    def run(self, procurements, raise_user_error=True):
        # A producer's reordering rule whose component nothing can supply
        # (see stock.warehouse.orderpoint._prepare_procurement_values) fails
        # like any procurement Odoo cannot run: with raise_user_error a clear
        # error and nothing ordered, else the scheduler skips that rule and
        # leaves the message as an activity on the product.
        blocked = [
            (procurement, procurement.values["dmfg_blocked"])
            for procurement in procurements
            if procurement.values.get("dmfg_blocked")
        ]
        if blocked:
            if raise_user_error:
                raise UserError(
                    self.env._(
                        "Nothing was ordered: %(reasons)s",
                        reasons=" ".join(message for _proc, message in blocked),
                    )
                )
            raise ProcurementException(blocked)
        return super().run(procurements, raise_user_error=raise_user_error)
