# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo.addons.portal.controllers.portal import CustomerPortal


class DmfgPortal(CustomerPortal):
    """Producer portal pages; routes arrive with the producer portal issue."""
