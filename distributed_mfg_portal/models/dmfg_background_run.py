# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models


class DmfgBackgroundRun(models.Model):
    _inherit = "dmfg.background.run"

    @api.model
    def _dmfg_passes(self):
        # Expiry and late work lock one batch per call (Odoo's batched-cron
        # pattern): batched, the next batch is queued while one did something.
        passes = super()._dmfg_passes()
        passes.update(
            {
                ("dmfg.job", "_cron_dmfg_portal_remind"): False,
                ("dmfg.job", "_cron_dmfg_expire_offers"): True,
                ("dmfg.job", "_cron_dmfg_follow_late_work"): True,
            }
        )
        return passes
