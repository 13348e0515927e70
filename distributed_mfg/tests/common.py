# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shared fixtures for producer-network tests."""

from contextlib import contextmanager

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, new_test_user

# Town centres (GeoNames, WGS84 degrees).
BARCELONA = (41.38879, 2.15899)
SABADELL = (41.54329, 2.10942)
GIRONA = (41.98311, 2.82493)
TARRAGONA = (41.11905, 1.24544)


class DmfgProducerCommon(TransactionCase):
    """Producers at real Catalan towns, and a manager, a user and a portal user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.spain = cls.env.ref("base.es")
        cls.manager = new_test_user(
            cls.env,
            "dmfg_test_manager",
            groups="distributed_mfg.group_dmfg_manager",
            name="Network Manager",
        )
        cls.user = new_test_user(
            cls.env,
            "dmfg_test_user",
            groups="distributed_mfg.group_dmfg_user",
            name="Network User",
        )
        cls.portal_user = new_test_user(
            cls.env, "dmfg_test_portal", groups="base.group_portal", name="Portal Maker"
        )
        cls.fdm = cls.env.ref("distributed_mfg.dmfg_process_fdm")
        cls.cnc = cls.env.ref("distributed_mfg.dmfg_process_cnc")
        cls.pla = cls.env.ref("distributed_mfg.dmfg_material_pla")

    @contextmanager
    def assertRefused(self, exception, regex):
        """Expect ``exception`` with a message matching ``regex``.

        Unlike ``assertRaisesRegex``, the failed operation is rolled back
        (Odoo's ``assertRaises`` savepoint), so the test can then check that
        nothing was written.
        """
        with self.assertRaises(exception) as context:
            yield context
        self.assertRegex(str(context.exception), regex)

    @classmethod
    def _create_partner(cls, name, point=None, city=False):
        lat, lon = point or (0.0, 0.0)
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "city": city,
                "country_id": cls.spain.id,
                "partner_latitude": lat,
                "partner_longitude": lon,
            }
        )

    @classmethod
    def _create_producer(cls, name, point=None, **values):
        partner = cls._create_partner(name, point)
        return cls.env["dmfg.producer"].create({"partner_id": partner.id, **values})


class CommittingEnv:
    """A superuser environment on a fresh connection, committed on success:
    for tests of real concurrent transactions, which need committed data."""

    def __init__(self, db):
        self.cr = db.cursor()

    def __enter__(self):
        return api.Environment(self.cr, SUPERUSER_ID, {})

    def __exit__(self, exc_type, exc, tb):
        try:
            if exc_type is None:
                self.cr.commit()  # pylint: disable=invalid-commit
            else:
                self.cr.rollback()
        finally:
            self.cr.close()


def perform_queued_routing(db, job_id):
    """Run, committed, the routing a confirmation queued for ``job_id`` after
    a lock conflict (``dmfg.job._dmfg_route_at_confirmation``), as the job
    runner would."""
    # Imported here: common.py is also imported where queue_job is not.
    from odoo.addons.queue_job.job import Job

    with CommittingEnv(db) as env:
        record = env["queue.job"].search(
            [("identity_key", "=", f"dmfg.background.run:route:{job_id}")]
        )
        job = Job.load(env, record.uuid)
        job.set_started()
        job.store()
        job.perform()
        job.set_done()
        job.store()


def make_remote_network(env, point, label, tag):
    """Committed data for concurrency tests, far from any other: a producer
    at ``point`` with room for one 50-hour job in the 14-day window (about
    80 h), a design made locally, and two draft one-line orders of
    customers next to it. Returns ``{"producer": id, "orders": ids}``."""
    fdm = env.ref("distributed_mfg.dmfg_process_fdm")
    route = env.ref("distributed_mfg.route_produce_locally")
    partner = env["res.partner"].create(
        {
            "name": f"{label} Print {tag}",
            "is_company": True,
            "partner_latitude": point[0],
            "partner_longitude": point[1],
        }
    )
    producer = env["dmfg.producer"].create(
        {
            "partner_id": partner.id,
            "state": "active",
            "service_radius_km": 50.0,
            "capacity_hours_per_day": 8.0,
            "process_ids": [Command.set(fdm.ids)],
        }
    )
    product = env["product.product"].create(
        {
            "name": f"{label} lamp {tag}",
            "type": "consu",
            "route_ids": [Command.set(route.ids)],
            "dmfg_production_hours": 50.0,
            "seller_ids": [Command.create({"partner_id": partner.id, "price": 9})],
        }
    )
    bom = env["mrp.bom"].create(
        {
            "product_tmpl_id": product.product_tmpl_id.id,
            "type": "subcontract",
            "subcontractor_ids": [Command.set(partner.ids)],
        }
    )
    design = env["dmfg.design"].create(
        {
            "name": f"{label} lamp design {tag}",
            "licence": "CC-BY-4.0",
            "sharing_scope": "all",
            "process_ids": [Command.set(fdm.ids)],
        }
    )
    product.product_tmpl_id.dmfg_design_id = design
    design.bom_id = bom
    orders = env["sale.order"]
    for i in range(2):
        customer = env["res.partner"].create(
            {
                "name": f"{label} customer {i} {tag}",
                "partner_latitude": point[0] + 0.01 * (i + 1),
                "partner_longitude": point[1],
            }
        )
        orders |= env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 1})
                ],
            }
        )
    return {"producer": producer.id, "orders": orders.ids}
