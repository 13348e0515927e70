# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A tiny local HTTP server that plays OpenStreetMap Nominatim's /search.

Tests point the geocoder at it, so only the HTTP call is replaced: geopy,
its rate limiter, time-outs and our code all run for real.
"""

import json
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


def _fold(text):
    text = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()


class FakeNominatim:
    """Serve ``/search`` from ``places``; ``mode`` simulates outages.

    ``places`` maps ``(street, city)`` (folded; street "" for the town
    itself) to ``(lat, lon)``. Modes: ``"ok"``, ``"slow"`` (answers after
    ``delay`` seconds), ``"error"`` (HTTP 500), ``"rate_limited"`` (HTTP 429).
    Every request is recorded in ``requests`` as
    ``(monotonic time, params, user agent)``.
    """

    def __init__(self, places=None, mode="ok", delay=3.0):
        self.places = {
            (_fold(street), _fold(city)): point
            for (street, city), point in (places or {}).items()
        }
        self.mode = mode
        self.delay = delay
        self.requests = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def domain(self):
        host, port = self._server.server_address[:2]
        return f"{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def lookup(self, params):
        query = params.get("q", "")
        street = _fold(params.get("street", ""))
        city = _fold(params.get("city", ""))
        if query:  # free text: "street, zip city, state, country"
            parts = [_fold(part) for part in query.split(",")]
            for (known_street, known_city), point in self.places.items():
                if (
                    known_street
                    and known_street in parts
                    and any(part.endswith(known_city) for part in parts)
                ):
                    return point
            street = ""
            city = next(
                (k[1] for k in self.places if any(p.endswith(k[1]) for p in parts)),
                "",
            )
        return self.places.get((street, city))

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                url = urlsplit(self.path)
                params = {key: values[0] for key, values in parse_qs(url.query).items()}
                fake.requests.append(
                    (time.monotonic(), params, self.headers.get("User-Agent", ""))
                )
                if fake.mode == "slow":
                    time.sleep(fake.delay)
                if fake.mode == "error":
                    return self._send(500, {"error": "internal error"})
                if fake.mode == "rate_limited":
                    return self._send(429, {"error": "Too many requests"})
                if url.path != "/search":
                    return self._send(404, {"error": "not found"})
                point = fake.lookup(params)
                body = []
                if point:
                    body = [
                        {
                            "lat": str(point[0]),
                            "lon": str(point[1]),
                            "display_name": params.get("q") or params.get("city"),
                        }
                    ]
                return self._send(200, body)

            def _send(self, code, payload):
                data = json.dumps(payload).encode()
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    # The client gave up (time-out test): nobody to answer.
                    self.close_connection = True

            def log_message(self, *args):
                return  # keep the test logs quiet

        return Handler
