# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An integrator manages producers with plain XML-RPC/JSON-RPC calls (odoorpc).

Names carry ``rpc-expected-refusal`` when a call is meant to be refused, so
the odoo.http warnings the server logs for them are easy to tell apart (setup/test
allows odoo.http warnings in the RPC server's log).

No geocoding service can be reached from the test server: locating falls
back to the offline town data (GeoNames) and says so, or fails cleanly.
"""

import uuid

import odoorpc
import pytest

SABADELL = (41.54329, 2.10942)  # GeoNames town centre
BARCELONA = (41.38879, 2.15899)
REFUSAL = "rpc-expected-refusal"


@pytest.fixture
def integrator(odoo_rpc):
    """The admin connection, and clean-up of what the test created."""
    created = {"partners": [], "producers": []}
    yield odoo_rpc, created
    execute = odoo_rpc.execute
    producers = execute(
        "dmfg.producer",
        "read",
        created["producers"],
        ["location_id"],
    )
    location_ids = [p["location_id"][0] for p in producers if p["location_id"]]
    if created["producers"]:
        execute("dmfg.producer", "unlink", created["producers"])
    if location_ids:
        # Locations with stock history cannot be deleted: archive them (and
        # the subcontracting rules copied for them).
        execute(
            "stock.location",
            "write",
            location_ids,
            {"active": False, "is_subcontracting_location": False},
        )
    if created["partners"]:
        execute("res.partner", "write", created["partners"], {"active": False})


def _name(label):
    return f"{label} {uuid.uuid4().hex[:8]}"


def _create_partner(rpc, created, name, city, street=False):
    spain = rpc.execute("res.country", "search", [("code", "=", "ES")])[0]
    partner_id = rpc.execute(
        "res.partner",
        "create",
        {
            "name": name,
            "is_company": True,
            "street": street,
            "city": city,
            "country_id": spain,
        },
    )
    created["partners"].append(partner_id)
    return partner_id


def _create_producer(rpc, created, values):
    producer_id = rpc.execute("dmfg.producer", "create", values)
    created["producers"].append(producer_id)
    return producer_id


def test_create_update_search(integrator):
    """Create a producer with coordinates and capabilities, update it, find it."""
    rpc, created = integrator
    name = _name("RPC Taller Sabadell")
    partner_id = _create_partner(rpc, created, name, "Sabadell")
    fdm, pla = (
        rpc.execute(model, "search", [("code", "=", code)])[0]
        for model, code in (("dmfg.process", "fdm"), ("dmfg.material", "pla"))
    )
    producer_id = _create_producer(
        rpc,
        created,
        {
            "partner_id": partner_id,
            "latitude": SABADELL[0],
            "longitude": SABADELL[1],
            "service_radius_km": 30,
            "process_ids": [(6, 0, [fdm])],
            "material_ids": [(6, 0, [pla])],
            "equipment_ids": [
                (0, 0, {"name": "Prusa MK4", "process_id": fdm, "quantity": 3})
            ],
        },
    )
    rpc.execute(
        "dmfg.producer",
        "write",
        [producer_id],
        {"capacity_hours_per_day": 6.5, "lead_time_days": 4},
    )
    [producer] = rpc.execute(
        "dmfg.producer",
        "read",
        [producer_id],
        ["name", "state", "latitude", "capacity_hours_per_day", "lead_time_days"],
    )
    assert producer == {
        "id": producer_id,
        "name": name,
        "state": "candidate",
        "latitude": SABADELL[0],
        "capacity_hours_per_day": 6.5,
        "lead_time_days": 4,
    }
    # The partner carries the coordinates (one place for both).
    [partner] = rpc.execute("res.partner", "read", [partner_id], ["partner_latitude"])
    assert partner["partner_latitude"] == SABADELL[0]
    found = rpc.execute(
        "dmfg.producer",
        "search",
        [
            ("process_ids.code", "=", "fdm"),
            ("state", "=", "candidate"),
            ("name", "=", name),
        ],
    )
    assert found == [producer_id]
    near = rpc.execute(
        "dmfg.producer",
        "search_near",
        BARCELONA[0],
        BARCELONA[1],
        20,
        [("id", "=", producer_id)],
    )
    assert [item["id"] for item in near] == [producer_id]
    assert 17.5 < near[0]["distance_km"] < 17.8


def test_lifecycle_over_rpc(integrator):
    """Moving a producer to active over RPC creates its stock location."""
    rpc, created = integrator
    partner_id = _create_partner(rpc, created, _name("RPC Taller Actiu"), "Sabadell")
    producer_id = _create_producer(
        rpc,
        created,
        {"partner_id": partner_id, "latitude": SABADELL[0], "longitude": SABADELL[1]},
    )
    rpc.execute("dmfg.producer", "write", [producer_id], {"state": "active"})
    [producer] = rpc.execute(
        "dmfg.producer",
        "read",
        [producer_id],
        ["state", "location_id", "can_receive_work"],
    )
    assert producer["state"] == "active"
    assert producer["can_receive_work"] is True
    [location] = rpc.execute(
        "stock.location",
        "read",
        [producer["location_id"][0]],
        ["usage", "is_subcontracting_location"],
    )
    assert (location["usage"], location["is_subcontracting_location"]) == (
        "internal",
        True,
    )
    free = rpc.execute(
        "dmfg.producer", "get_free_capacity", [producer_id], "2026-03-02", "2026-03-08"
    )
    # Standard 40-hour calendar, 8 declared hours a day: 5 x 8 hours.
    assert free == {str(producer_id): 40.0}


@pytest.fixture
def unreachable_geocoder(odoo_rpc):
    """Point the geocoder at a closed local port (hermetic even with internet)."""
    params = {
        "distributed_mfg.nominatim_domain": "127.0.0.1:9",
        "distributed_mfg.nominatim_scheme": "http",
    }
    previous = {
        key: odoo_rpc.execute("ir.config_parameter", "get_param", key) for key in params
    }
    for key, value in params.items():
        odoo_rpc.execute("ir.config_parameter", "set_param", key, value)
    yield
    for key, value in previous.items():
        odoo_rpc.execute("ir.config_parameter", "set_param", key, value or False)


def test_locate_without_geocoding_service(integrator, unreachable_geocoder):
    """Locate: the town is found offline; an unknown town fails cleanly."""
    rpc, created = integrator
    known = _create_producer(
        rpc,
        created,
        {
            "partner_id": _create_partner(
                rpc, created, _name("RPC Taller Lloc"), "Sabadell", "Carrer Inventat 9"
            )
        },
    )
    unknown = _create_producer(
        rpc,
        created,
        {
            "partner_id": _create_partner(
                rpc, created, _name("RPC Taller Enlloc"), "Xyzzyville"
            )
        },
    )
    action = rpc.execute("dmfg.producer", "action_locate", [known])
    assert action["tag"] == "display_notification"
    assert action["params"]["type"] == "warning"
    assert "Sabadell" in action["params"]["message"]
    [producer] = rpc.execute(
        "dmfg.producer", "read", [known], ["latitude", "longitude"]
    )
    assert (producer["latitude"], producer["longitude"]) == pytest.approx(
        SABADELL, abs=1e-4
    )

    action = rpc.execute("dmfg.producer", "action_locate", [unknown])
    assert action["params"]["type"] in ("danger", "warning")
    [producer] = rpc.execute(
        "dmfg.producer", "read", [unknown], ["latitude", "longitude", "state"]
    )
    assert producer == {
        "id": unknown,
        "latitude": 0.0,
        "longitude": 0.0,
        "state": "candidate",
    }


def test_bad_latitude_fails_cleanly(integrator):
    """Latitude 200 is refused with a clear message and nothing is written."""
    rpc, created = integrator
    name = _name(f"RPC {REFUSAL}")
    partner_id = _create_partner(rpc, created, name, "Sabadell")
    with pytest.raises(odoorpc.error.RPCError) as error:
        rpc.execute(
            "dmfg.producer",
            "create",
            {"partner_id": partner_id, "latitude": 200.0, "longitude": 2.0},
        )
    assert "latitude must be between -90 and 90" in str(error.value)
    assert (
        rpc.execute("dmfg.producer", "search", [("partner_id", "=", partner_id)]) == []
    )
    [partner] = rpc.execute("res.partner", "read", [partner_id], ["partner_latitude"])
    assert partner["partner_latitude"] == 0.0


def test_forbidden_transition_fails_cleanly(integrator):
    """Suspending a candidate is refused and the status is unchanged."""
    rpc, created = integrator
    partner_id = _create_partner(rpc, created, _name(f"RPC {REFUSAL}"), "Sabadell")
    producer_id = _create_producer(rpc, created, {"partner_id": partner_id})
    with pytest.raises(odoorpc.error.RPCError) as error:
        rpc.execute("dmfg.producer", "write", [producer_id], {"state": "suspended"})
    assert "cannot go from Candidate to Suspended" in str(error.value)
    [producer] = rpc.execute("dmfg.producer", "read", [producer_id], ["state"])
    assert producer["state"] == "candidate"
