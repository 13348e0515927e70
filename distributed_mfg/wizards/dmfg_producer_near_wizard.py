# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..services import geo, places


class DmfgProducerNearWizard(models.TransientModel):
    _name = "dmfg.producer.near.wizard"
    _description = "Find producers near a place"

    def _default_country_id(self):
        return self.env.company.country_id

    place_type = fields.Selection(
        [("partner", "A partner"), ("city", "A town or city")],
        string="Near",
        required=True,
        default="city",
        help="Search around a partner's coordinates or around a town.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Partner",
        help="Customer or any partner with coordinates (locate it first).",
    )
    city = fields.Char(
        string="Town",
        help="Name of a town or city; accents and case do not matter.",
    )
    country_id = fields.Many2one(
        "res.country",
        default=lambda self: self._default_country_id(),
        help="Country of the town, to tell apart towns with the same name. "
        "Leave empty to take the most populous town of that name.",
    )
    radius_km = fields.Float(
        string="Within (km)",
        required=True,
        default=25.0,
        help="Search radius around the place, in kilometres.",
    )
    only_available = fields.Boolean(
        string="Only producers that can receive work",
        help="Leave out candidate, suspended, closed and full trial producers.",
    )

    @api.model
    def _dmfg_locate_town(self, name, country):
        town = places.find_town(name, country.code if country else None)
        if not town:
            raise UserError(
                self.env._(
                    "No town called %(name)s was found%(where)s.",
                    name=name,
                    where=self.env._(" in %(country)s", country=country.name)
                    if country
                    else "",
                )
            )
        return town.lat, town.lon, town.name

    def _dmfg_get_point(self):
        """``(latitude, longitude, label)`` of the place searched around."""
        self.ensure_one()
        if self.place_type == "partner":
            partner = self.partner_id
            if not partner:
                raise UserError(self.env._("Choose the partner to search around."))
            if not (partner.partner_latitude or partner.partner_longitude):
                raise UserError(
                    self.env._(
                        "%(partner)s has no coordinates: locate it first.",
                        partner=partner.display_name,
                    )
                )
            return partner.partner_latitude, partner.partner_longitude, partner.name
        city = self.env["dmfg.input"]._dmfg_text(
            self.city,
            self.env._("The town"),
            max_length=200,
            missing=self.env._("Type the name of the town to search around."),
        )
        return self._dmfg_locate_town(city, self.country_id)

    def action_search(self):
        """Open the producers within the radius of the place, nearest first."""
        self.ensure_one()
        radius = self.env["dmfg.input"]._dmfg_number(
            self.radius_km,
            self.env._("The radius (km)"),
            strict=True,
            maximum=geo.MAX_DISTANCE_KM,
        )
        lat, lon, label = self._dmfg_get_point()
        domain = [("can_receive_work", "=", True)] if self.only_available else []
        found = self.env["dmfg.producer"]._dmfg_search_near(
            lat, lon, radius, domain=domain
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "distributed_mfg.dmfg_producer_action"
        )
        # Plain "30", not "30.0" (and no f-string inside _(): the
        # translation extractor cannot read those).
        radius_text = f"{radius:g}"
        action.update(
            {
                "name": self.env._(
                    "Producers within %(radius)s km of %(place)s",
                    radius=radius_text,
                    place=label,
                ),
                "domain": [("id", "in", [producer_id for producer_id, _d in found])],
                "view_mode": "list,kanban,form",
                "views": [(False, "list"), (False, "kanban"), (False, "form")],
                "context": {"dmfg_near_point": [lat, lon]},
                "target": "current",
            }
        )
        return action
