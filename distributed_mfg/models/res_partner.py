# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import dataclasses
import logging

from odoo import api, fields, models

from ..services import geocoding
from .dmfg_job import ADDRESS_STATES

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Odoo computes a many2one's display name as superuser in the caller's
    # context, so a producer reading its purchase order or transfer with
    # ``show_address``/``show_email`` would get a customer's address. For
    # portal users, a customer of the network's jobs shows only as its town
    # until the user's producer has accepted one of its jobs.
    @api.depends_context(
        "show_address",
        "partner_show_db_id",
        "address_inline",
        "show_email",
        "show_vat",
        "lang",
        "uid",
    )
    def _compute_display_name(self):
        result = super()._compute_display_name()
        if self.env.user.share:
            for partner in self._dmfg_customers_hidden_from(self.env.user):
                partner.display_name = self.env._(
                    "Customer in %(town)s",
                    town=partner.city
                    or partner.commercial_partner_id.city
                    or self.env._("an undisclosed town"),
                )
        return result

    def _dmfg_customers_hidden_from(self, user):
        """The partners of ``self`` that are job customers ``user`` may not
        see: not of its own company, and no job of theirs accepted by its
        producer (and still its job)."""
        own = user.partner_id.commercial_partner_id
        others = self.filtered(lambda p: p.commercial_partner_id != own)
        if not others:
            return self.browse()
        # sudo: jobs are read only to decide what the user may not see.
        jobs = (
            self.env["dmfg.job"]
            .sudo()
            .search(
                [
                    "|",
                    "|",
                    ("partner_shipping_id", "in", others.ids),
                    ("partner_shipping_id.commercial_partner_id", "in", others.ids),
                    ("sale_order_id.partner_id", "in", others.ids),
                ]
            )
        )
        hidden, shown = set(), set()
        for job in jobs:
            customers = (
                job.partner_shipping_id
                | job.partner_shipping_id.commercial_partner_id
                | job.sale_order_id.partner_id
            )
            if (
                job.producer_id.partner_id.commercial_partner_id == own
                and job.state in ADDRESS_STATES
            ):
                shown.update(customers.ids)
            else:
                hidden.update(customers.ids)
        return others.filtered(lambda p: p.id in hidden and p.id not in shown)

    @api.model
    def _geo_localize(self, street="", zip="", city="", state="", country=""):  # pylint: disable=redefined-builtin
        # The partner form's "Geolocate" button: with our provider, use the
        # structured, rate-limited search with the offline town fallback.
        geocoder = self.env["base.geocoder"]
        if not geocoder._dmfg_uses_own_provider():
            return super()._geo_localize(
                street=street, zip=zip, city=city, state=state, country=country
            )
        country_code = ""
        if country:
            country_code = (
                self.env["res.country"]
                .with_context(lang="en_US")
                .search([("name", "=ilike", country)], limit=1)
                .code
                or ""
            )
        address = geocoding.Address(
            street=street or "",
            zip=zip or "",
            city=city or "",
            state=state or "",
            country=country or "",
            country_code=country_code,
        )
        result = geocoder._dmfg_geocode(address)
        if not result.has_coordinates:
            return None
        if result.status == geocoding.TOWN:
            self.env.user._bus_send(
                "simple_notification",
                {
                    "type": "warning",
                    "title": self.env._("Located at town level"),
                    "message": self._dmfg_geo_message(result),
                },
            )
        return result.lat, result.lon

    def _dmfg_to_address(self):
        """The partner's address as a ``services.geocoding.Address``."""
        self.ensure_one()
        # English names: what geocoders understand best.
        partner = self.with_context(lang="en_US")
        return geocoding.Address(
            street=", ".join(filter(None, [partner.street, partner.street2])),
            zip=partner.zip or "",
            city=partner.city or "",
            state=partner.state_id.name or "",
            country=partner.country_id.name or "",
            country_code=partner.country_id.code or "",
        )

    def _dmfg_geo_locate(self):
        """Geocode the partners' addresses and store their coordinates.

        Returns ``{partner_id: (status, message)}`` with status:

        - ``"located"``: the full address was found; coordinates written.
        - ``"town"``: only the town could be placed (street unknown, no
          street, or the geocoding service unreachable, the partner without
          coordinates and the town taken from offline GeoNames data); town
          coordinates written, the message says which case.
        - ``"not_found"``: no address to search, or neither the service nor
          the offline data know it; nothing written.
        - ``"failed"``: the service could not be used and the partner
          already has coordinates (kept: offline data only know town
          centres) or its town is not in the offline data, or the
          coordinates could not be saved (e.g. a constraint); nothing
          written.

        Messages are plain, translated words about the partner itself: the
        service's technical error (which may quote the address of the
        request that made it fail) only goes to the server log.

        Runs even in import/test mode (``force_geo_localize``): it is an
        explicit request. One partner's failure never stops the batch: each
        partner is written in its own savepoint, so a failure writes nothing
        for that partner. Service calls are rate limited (1 per second).
        """
        self.check_access("write")
        partners = self.with_context(force_geo_localize=True)
        geocoder = self.env["base.geocoder"]
        outcomes = {}
        for partner in partners:
            try:
                result = geocoder._dmfg_geocode(partner._dmfg_to_address())
            except Exception:  # never let one partner stop the batch
                # The technical details go to the server log only: they may
                # quote addresses and mean nothing to the user.
                _logger.exception("Geocoding partner %s failed", partner.id)
                outcomes[partner.id] = (
                    geocoding.FAILED,
                    self.env._(
                        "%(name)s: locating failed (details in the server log); "
                        "coordinates unchanged.",
                        name=partner.display_name,
                    ),
                )
                continue
            outcomes[partner.id] = partner._dmfg_apply_geo_result(result)
        return outcomes

    def _dmfg_apply_geo_result(self, result):
        """Write a geocoding result on one partner: ``(status, message)``."""
        self.ensure_one()
        if result.reason == "service_unavailable":
            # The service's own words (an exception, a URL that may hold the
            # address of the partner that made it fail) are for the log.
            # INFO: an outage is expected and said to the user; a WARNING
            # would fail the test logs' check (checklog-odoo.cfg).
            _logger.info(
                "Geocoding service unavailable for partner %s: %s",
                self.id,
                result.detail,
            )
            if self.partner_latitude or self.partner_longitude:
                # Offline data only know town centres: never replace the
                # coordinates the partner has with a coarser guess.
                result = dataclasses.replace(
                    result, status=geocoding.FAILED, lat=None, lon=None
                )
        message = self._dmfg_geo_message(result)
        if not result.has_coordinates:
            return result.status, message
        try:
            with self.env.cr.savepoint():
                self.write(
                    {
                        "partner_latitude": result.lat,
                        "partner_longitude": result.lon,
                        "date_localization": fields.Date.context_today(self),
                    }
                )
                # Stored related fields (e.g. on producers) and their
                # constraints run now, inside the savepoint.
                self.env.flush_all()
        except Exception as error:  # constraint on a dependent record, ...
            _logger.info("Coordinates of partner %s not saved: %s", self.id, error)
            return geocoding.FAILED, self.env._(
                "%(name)s: coordinates found but not saved: %(error)s",
                name=self.display_name,
                error=error.args[0] if error.args else error,
            )
        return result.status, message

    def _dmfg_geo_message(self, result):
        """User message for a ``services.geocoding.GeocodeResult``."""
        _ = self.env._
        params = {
            "name": self.display_name or "",
            "town": result.town,
        }
        reason = result.reason
        if reason == "address":
            return _("%(name)s: located at its address.", **params)
        if reason == "street_not_found":
            return _(
                "%(name)s: street not found, placed at the centre of %(town)s.",
                **params,
            )
        if reason == "no_street":
            return _(
                "%(name)s: no street given, placed at the centre of %(town)s.",
                **params,
            )
        if reason == "service_not_found":
            return _(
                "%(name)s: address unknown to the geocoding service, placed at the "
                "centre of %(town)s (offline GeoNames data).",
                **params,
            )
        if reason == "no_address":
            return _(
                "%(name)s: no address to locate; fill in at least the city and the "
                "country.",
                **params,
            )
        if reason == "service_unavailable" and result.status == geocoding.TOWN:
            return _(
                "%(name)s: the geocoding service could not be reached; placed at "
                "the centre of %(town)s from offline town data.",
                **params,
            )
        if reason == "service_unavailable":
            return _(
                "%(name)s: the geocoding service could not be reached; coordinates "
                "unchanged. Try again later.",
                **params,
            )
        return _(
            "%(name)s: address not found; check the city and the country.", **params
        )
