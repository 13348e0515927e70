# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Address geocoding that never hangs (pure Python, no Odoo).

* Online: OpenStreetMap Nominatim through geopy, with a timeout, no retry,
  and geopy's ``RateLimiter`` (at most one request per ``min_delay_seconds``
  per endpoint and process, 1 s by default as Nominatim's usage policy
  requires).
* When the service cannot be used (unreachable, time-out, HTTP error,
  rate limited), the endpoint is skipped for ``cooldown_seconds`` so a batch
  does not wait for a time-out per address, and the address falls back to
  the coordinates of its town from the offline GeoNames data
  (:mod:`.places`).

:func:`geocode_address` returns a :class:`GeocodeResult` whose ``status``
is one of:

``located``
    the service found the full address (street level);
``town``
    coordinates of the town only: the service found the town but not the
    street (``reason`` ``street_not_found``), the address has no street
    (``no_street``), the service did not know the place but GeoNames does
    (``service_not_found``), or the service could not be used
    (``service_unavailable``, ``detail`` says why);
``not_found``
    nothing to search (``no_address``) or neither the service nor the
    offline data know the place (``not_found``);
``failed``
    the service could not be used and the offline data do not know the
    town either (``service_unavailable``, ``detail`` says why).
"""

import threading
import time
from dataclasses import dataclass

from geopy.adapters import RequestsAdapter
from geopy.exc import GeocoderQueryError, GeocoderServiceError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from . import geo, places

LOCATED = "located"
TOWN = "town"
NOT_FOUND = "not_found"
FAILED = "failed"
STATUSES = (LOCATED, TOWN, NOT_FOUND, FAILED)

SOURCE_SERVICE = "service"
SOURCE_OFFLINE = "geonames"

DEFAULT_DOMAIN = "nominatim.openstreetmap.org"
DEFAULT_USER_AGENT = (
    "Odoo-distributed_mfg/18.0 (+https://github.com/distributed-mfg/distributed-mfg)"
)


@dataclass(frozen=True)
class Address:
    """A postal address; ``country_code`` is ISO 3166-1 alpha-2."""

    street: str = ""
    zip: str = ""
    city: str = ""
    state: str = ""
    country: str = ""
    country_code: str = ""


@dataclass(frozen=True)
class NominatimConfig:
    """Where and how to call Nominatim (seconds for all durations)."""

    domain: str = DEFAULT_DOMAIN
    scheme: str = "https"
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 5.0
    min_delay_seconds: float = 1.0
    cooldown_seconds: float = 60.0


@dataclass(frozen=True)
class GeocodeResult:
    """Outcome of geocoding one address (see the module doc for statuses)."""

    status: str
    reason: str
    lat: float | None = None
    lon: float | None = None
    source: str | None = None
    town: str = ""
    detail: str = ""

    @property
    def has_coordinates(self):
        return self.status in (LOCATED, TOWN)


class ServiceUnavailable(Exception):
    """The geocoding service cannot be used now; ``str()`` says why."""


class NominatimClient:
    """Rate-limited Nominatim endpoint with a time-out and a cool-down."""

    def __init__(self, config):
        self.config = config
        geocoder = Nominatim(
            domain=config.domain,
            scheme=config.scheme,
            user_agent=config.user_agent,
            timeout=config.timeout,
            # No connection retries: a dead endpoint costs one time-out.
            adapter_factory=lambda proxies, ssl_context: RequestsAdapter(
                proxies=proxies, ssl_context=ssl_context, max_retries=0
            ),
        )
        self._geocode = RateLimiter(
            geocoder.geocode,
            min_delay_seconds=config.min_delay_seconds,
            max_retries=0,
            swallow_exceptions=False,
        )
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._down_reason = ""
        self.request_count = 0

    def unavailable_reason(self):
        """Why the service is skipped now, or "" if it may be called."""
        with self._lock:
            if time.monotonic() < self._down_until:
                return self._down_reason
            return ""

    def mark_down(self, reason):
        """Skip the service for ``cooldown_seconds`` from now."""
        with self._lock:
            self._down_until = time.monotonic() + self.config.cooldown_seconds
            self._down_reason = reason

    def search(self, query, country_code=""):
        """``(lat, lon)`` for a query (text or Nominatim structured dict).

        Returns None when the service answers that nothing matches. Raises
        :class:`ServiceUnavailable` when the service cannot be used (or is
        cooling down after a failure).
        """
        reason = self.unavailable_reason()
        if reason:
            raise ServiceUnavailable(reason)
        kwargs = {"country_codes": [country_code.lower()]} if country_code else {}
        self.request_count += 1
        try:
            location = self._geocode(query, exactly_one=True, **kwargs)
        except GeocoderQueryError:
            # The service refused this query only (HTTP 400): not a outage.
            return None
        except GeocoderServiceError as error:
            # The cool-down's reason names the error only: its text quotes the
            # failed request (an address), not the ones skipped after it.
            self.mark_down(f"cooling down after {type(error).__name__}")
            raise ServiceUnavailable(f"{type(error).__name__}: {error}") from error
        if location is None:
            return None
        try:
            return geo.check_latitude(location.latitude), geo.check_longitude(
                location.longitude
            )
        except ValueError as error:
            raise ServiceUnavailable(f"Invalid answer: {error}") from error


_CLIENTS = {}
_CLIENTS_LOCK = threading.Lock()


def get_client(config):
    """The process-wide client of a configuration (shares its rate limit)."""
    with _CLIENTS_LOCK:
        client = _CLIENTS.get(config)
        if client is None:
            client = _CLIENTS[config] = NominatimClient(config)
        return client


def _structured_query(address, with_street):
    parts = {
        "street": address.street if with_street else "",
        "postalcode": address.zip,
        "city": address.city,
        "state": address.state,
        "country": address.country,
    }
    return {
        key: value.strip() for key, value in parts.items() if value and value.strip()
    }


def _offline_town(address, reason, detail=""):
    town = places.find_town(address.city, address.country_code or None)
    if town is None:
        return None
    return GeocodeResult(
        status=TOWN,
        reason=reason,
        lat=town.lat,
        lon=town.lon,
        source=SOURCE_OFFLINE,
        town=town.name,
        detail=detail,
    )


def geocode_address(address, client):
    """Geocode an :class:`Address`; never raises for service problems.

    Tries the full address, then the town alone, then the offline town
    data. ``client`` is a :class:`NominatimClient` (or anything with the
    same ``search`` method), see :func:`get_client`.
    """
    street = (address.street or "").strip()
    city = (address.city or "").strip()
    if not (street or city or (address.zip or "").strip()):
        return GeocodeResult(status=NOT_FOUND, reason="no_address")
    try:
        if street:
            point = client.search(
                _structured_query(address, True), address.country_code
            )
            if point:
                return GeocodeResult(
                    LOCATED, "address", point[0], point[1], SOURCE_SERVICE, city
                )
        point = client.search(_structured_query(address, False), address.country_code)
        if point:
            reason = "street_not_found" if street else "no_street"
            return GeocodeResult(TOWN, reason, point[0], point[1], SOURCE_SERVICE, city)
    except ServiceUnavailable as error:
        fallback = _offline_town(address, "service_unavailable", str(error))
        return fallback or GeocodeResult(
            status=FAILED, reason="service_unavailable", detail=str(error)
        )
    fallback = _offline_town(address, "service_not_found") if city else None
    return fallback or GeocodeResult(status=NOT_FOUND, reason="not_found")
