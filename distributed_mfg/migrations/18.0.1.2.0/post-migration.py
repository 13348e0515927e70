# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Local impact (issue 16): give the existing jobs their figures; the
delivered ones are frozen with the Settings of the upgrade."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["dmfg.job"].search([("state", "!=", "cancel")])._dmfg_update_impact()
