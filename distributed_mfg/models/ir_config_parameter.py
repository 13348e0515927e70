# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, models
from odoo.exceptions import AccessError

# Keys of the network's own settings (Settings > Distributed Manufacturing).
DMFG_PARAM_PREFIXES = ("distributed_mfg.", "distributed_mfg_portal.")


class IrConfigParameter(models.Model):
    _inherit = "ir.config_parameter"

    @api.model
    def _dmfg_get_param(self, key, default=False):
        """Value of one of the network's settings, whoever reads it.

        System parameters are readable by administrators only, yet routing,
        geocoding and the producer portal read our settings as salespeople,
        planners or producers. Only keys starting with ``distributed_mfg.``
        or ``distributed_mfg_portal.`` are served: they hold no secret.
        """
        if not key.startswith(DMFG_PARAM_PREFIXES):
            raise AccessError(
                self.env._(
                    "%(key)s is not a Distributed Manufacturing setting.", key=key
                )
            )
        # sudo: the key was checked just above to be one of ours.
        return self.sudo().get_param(key, default)
