# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Producer portal users over the external API (odoorpc): each producer reads
and acts on its own jobs and producer only.

The demo portal users producer1 (Taller Maker Poblenou) and producer2
(Impressions 3D Sabadell) each get one offered job, made by the administrator
(named with ``rpc-expected-refusal``, as the refusals it causes are logged
as warnings). The jobs are cancelled at the end so that they weigh on no
routing.
"""

import uuid

import odoorpc
import pytest

REFUSAL = "rpc-expected-refusal"
PRODUCERS = {
    "producer1": "Taller Maker Poblenou",
    "producer2": "Impressions 3D Sabadell",
}


@pytest.fixture(scope="module")
def jobs(odoo_rpc):
    """One offered job per demo producer: ``{login: (job_id, producer_id)}``."""
    execute = odoo_rpc.execute
    product_id = execute("product.product", "search", [("type", "=", "consu")], 0, 1)[0]
    partner_id = execute("res.partner", "search", [("name", "=", "Joel Willis")])[0]
    made = {}
    for login, name in PRODUCERS.items():
        producer_id = execute("dmfg.producer", "search", [("name", "=", name)])[0]
        job_id = execute(
            "dmfg.job",
            "create",
            {
                "name": f"JOB {REFUSAL} {uuid.uuid4().hex[:8]}",
                "producer_id": producer_id,
                "state": "offered",
                "partner_shipping_id": partner_id,
                "product_id": product_id,
                "product_qty": 1.0,
                "date_due": "2099-12-31",
            },
        )
        made[login] = (job_id, producer_id)
    yield made
    execute(
        "dmfg.job", "write", [job for job, _p in made.values()], {"state": "cancel"}
    )


def _state(odoo_rpc, job_id):
    row = odoo_rpc.execute(
        "dmfg.job",
        "read",
        [job_id],
        ["state", "date_promised", "declined_producer_ids"],
    )[0]
    return row["state"], row["date_promised"], row["declined_producer_ids"]


@pytest.mark.parametrize(
    "login,other", [("producer1", "producer2"), ("producer2", "producer1")]
)
def test_producer_sees_only_its_own_jobs_and_producer(rpc_login, jobs, login, other):
    """search/read list only the producer's own job and producer record."""
    client = rpc_login(login, login)
    own_job, own_producer = jobs[login]
    other_job, other_producer = jobs[other]
    listed = client.execute("dmfg.job", "search", [])
    assert own_job in listed
    assert other_job not in listed
    assert client.execute("dmfg.job", "search", [("id", "=", other_job)]) == []
    assert (
        client.execute(
            "dmfg.job", "search_count", [("producer_id", "=", other_producer)]
        )
        == 0
    )
    rows = client.execute("dmfg.job", "read", [own_job], ["name", "state"])
    assert rows[0]["state"] == "offered"
    producers = client.execute("dmfg.producer", "search_read", [], ["name"])
    assert [p["id"] for p in producers] == [own_producer]
    assert (
        client.execute("dmfg.producer", "search", [("id", "=", other_producer)]) == []
    )
    for model, record_id in (
        ("dmfg.job", other_job),
        ("dmfg.producer", other_producer),
    ):
        with pytest.raises(odoorpc.error.RPCError) as error:
            client.execute(model, "read", [record_id], ["name"])
        assert "AccessError" in str(error.value.info), model


@pytest.mark.parametrize(
    "method,args",
    [
        ("action_accept", ["2099-01-01"]),
        ("action_decline", ["Not my job"]),
        ("action_start", []),
        ("action_mark_produced", [1]),
        ("action_ship", ["SEUR", "X-1"]),
    ],
)
def test_producer_cannot_act_on_another_producers_job(
    rpc_login, odoo_rpc, jobs, method, args
):
    """producer1 calling any job action on producer2's job gets an
    AccessError naming the job; the job does not change."""
    other_job, _producer = jobs["producer2"]
    before = _state(odoo_rpc, other_job)
    client = rpc_login("producer1", "producer1")
    with pytest.raises(odoorpc.error.RPCError) as error:
        client.execute("dmfg.job", method, [other_job], *args)
    assert "AccessError" in str(error.value.info)
    assert "is not one of your jobs" in str(error.value)
    assert _state(odoo_rpc, other_job) == before


def test_customer_portal_user_sees_no_job_and_no_producer(rpc_login, jobs):
    """The demo customer portal user (no producer) lists nothing and reads
    none of the producers' jobs or producers."""
    client = rpc_login("portal", "portal")
    assert client.execute("dmfg.job", "search", []) == []
    assert client.execute("dmfg.producer", "search", []) == []
    for job_id, producer_id in jobs.values():
        for model, record_id in (("dmfg.job", job_id), ("dmfg.producer", producer_id)):
            with pytest.raises(odoorpc.error.RPCError) as error:
                client.execute(model, "read", [record_id], ["name"])
            assert "AccessError" in str(error.value.info), model
