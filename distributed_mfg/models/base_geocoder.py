# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).

import logging

from odoo import api, models
from odoo.exceptions import UserError

from ..services import geocoding

_logger = logging.getLogger(__name__)

# base.geo_provider.tech_name of our provider (data/base_geo_provider_data.xml).
DMFG_PROVIDER = "dmfg_nominatim"
PROVIDER_PARAM = "base_geolocalize.geo_provider"
# ir.config_parameter keys to point at another Nominatim (self-hosted, tests).
PARAM_PREFIX = "distributed_mfg.nominatim_"


class BaseGeocoder(models.AbstractModel):
    _inherit = "base.geocoder"

    # --------------------------------------------- base_geolocalize hooks
    # (geo_query_address falls back to _geo_query_address_default for us.)

    @api.model
    def _call_dmfg_nominatim(self, addr, **kw):
        """``(lat, lon)`` of a free-text address, or None if not found.

        Called by ``geo_find`` (which turns service errors into None). Our
        partner geocoding (``res.partner._dmfg_geo_locate``) uses the
        structured :meth:`_dmfg_geocode` instead, with the town fallback.
        """
        if not addr:
            return None
        try:
            return self._dmfg_get_client().search(addr)
        except geocoding.ServiceUnavailable as error:
            _logger.warning("Geocoding service unavailable: %s", error)
            return None

    # ----------------------------------------------------- our geocoding

    @api.model
    def _dmfg_get_config(self):
        """Nominatim settings from system parameters (durations in s)."""
        default = geocoding.NominatimConfig()

        def param(key, fallback=False):
            return self.env["ir.config_parameter"]._dmfg_get_param(
                PARAM_PREFIX + key, fallback
            )

        def number(key, fallback):
            # Durations in seconds; a setting that is not one is ignored.
            try:
                return self.env["dmfg.input"]._dmfg_number(
                    param(key),
                    key,
                    minimum=0,
                    maximum=3600,
                    required=False,
                    default=fallback,
                )
            except UserError:
                return fallback

        return geocoding.NominatimConfig(
            domain=param("domain") or default.domain,
            scheme=param("scheme") or default.scheme,
            user_agent=param("user_agent") or default.user_agent,
            timeout=number("timeout", default.timeout),
            # Nominatim's policy: at most 1 request per second; never less.
            min_delay_seconds=max(
                number("min_delay_seconds", default.min_delay_seconds),
                default.min_delay_seconds,
            ),
            cooldown_seconds=number("cooldown_seconds", default.cooldown_seconds),
        )

    @api.model
    def _dmfg_get_client(self):
        return geocoding.get_client(self._dmfg_get_config())

    @api.model
    def _dmfg_uses_own_provider(self):
        """True when the configured provider is ours (or none is set)."""
        provider = self._get_provider()
        return not provider or provider.tech_name == DMFG_PROVIDER

    @api.model
    def _dmfg_geocode(self, address):
        """Geocode a ``services.geocoding.Address``; never raises.

        With our provider: Nominatim with time-out and rate limit, then the
        offline town data. With another configured provider (e.g. Google):
        that provider through ``geo_find``, then the offline town data.
        """
        if self._dmfg_uses_own_provider():
            return geocoding.geocode_address(address, self._dmfg_get_client())
        return geocoding.geocode_address(address, _GeoFindClient(self))

    @api.model
    def _dmfg_set_default_provider(self):
        """Make our provider the default unless the admin chose one.

        Runs at module install, as superuser.
        """
        params = self.env["ir.config_parameter"]
        current = params.get_param(PROVIDER_PARAM)
        if current and current.isdigit():
            if self.env["base.geo_provider"].browse(int(current)).exists():
                return
        provider = self.env.ref(
            "distributed_mfg.base_geo_provider_dmfg_nominatim", raise_if_not_found=False
        )
        if provider:
            params.set_param(PROVIDER_PARAM, provider.id)


class _GeoFindClient:
    """Adapter giving another base_geolocalize provider our client interface."""

    def __init__(self, geocoder):
        self.geocoder = geocoder

    def search(self, query, country_code=""):
        if isinstance(query, dict):
            query = self.geocoder._geo_query_address_default(
                street=query.get("street"),
                zip=query.get("postalcode"),
                city=query.get("city"),
                state=query.get("state"),
                country=query.get("country"),
            )
        try:
            # geo_find already turns network errors into None.
            return self.geocoder.geo_find(query)
        except Exception as error:  # e.g. UserError: missing Google API key
            raise geocoding.ServiceUnavailable(str(error)) from error
