# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""HTTP fixtures of the producer portal.

The routing fixture of distributed_mfg (producers in Sabadell, Mataró and
Girona around a customer in Barcelona, a product made locally with a
subcontracting BoM) as an HttpCase, plus portal users for two producers and
for a customer, a released design revision with files, and stock at the
producers' locations.
"""

import re
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

from odoo.addons.distributed_mfg.tests.common_routing import DmfgRoutingCase

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STL = b"solid bracket\nendsolid bracket\n"
# A 1x1 PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class DmfgPortalCase(DmfgRoutingCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Room for the many jobs the tests make.
        (cls.sabadell | cls.mataro | cls.girona).write({"max_open_jobs": 1000})
        cls.sabadell_user = cls._make_portal_user(
            "dmfg_portal_sabadell", "Jordi Sabadell", cls.sabadell
        )
        cls.mataro_user = cls._make_portal_user(
            "dmfg_portal_mataro", "Pau Mataró", cls.mataro
        )
        # A customer with a portal login: no producer, sees none of this.
        cls.customer.email = "nuria.customer@example.com"
        cls.customer_user = new_test_user(
            cls.env,
            "dmfg_portal_customer",
            groups="base.group_portal",
            partner_id=cls.customer.id,
        )
        cls.revision = cls._make_revision(
            cls.design,
            [("drawing.pdf", PDF, "drawing"), ("part.stl", STL, "cad")],
        )
        other_design = cls.env["dmfg.design"].create(
            {"name": "Other design", "licence": "CC-BY-4.0", "sharing_scope": "all"}
        )
        cls.other_revision = cls._make_revision(
            other_design, [("other.pdf", PDF, "drawing")]
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.component, cls.sabadell.location_id, 10.0
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.component, cls.mataro.location_id, 7.0
        )

    @classmethod
    def _make_portal_user(cls, login, name, producer):
        contact = cls.env["res.partner"].create(
            {
                "name": name,
                "parent_id": producer.partner_id.id,
                "email": f"{login}@example.com",
            }
        )
        return new_test_user(
            cls.env, login, groups="base.group_portal", partner_id=contact.id
        )

    @classmethod
    def _make_revision(cls, design, files):
        revision = cls.env["dmfg.design.revision"].create({"design_id": design.id})
        cls.env["dmfg.design.file"].create(
            [
                {"revision_id": revision.id, "name": name, "raw": data, "kind": kind}
                for name, data, kind in files
            ]
        )
        revision.action_release()
        return revision

    @classmethod
    def _make_job(cls, qty=1.0, producer=None, state="offered"):
        """A job routed from a confirmed sale order, moved along to ``state``."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": cls.product.id, "product_uom_qty": qty}
                    )
                ],
            }
        )
        order.action_confirm()
        job = order.order_line.dmfg_job_id
        if producer and job.producer_id != producer:
            job.action_reassign(producer.id, "Test fixture")
        steps = ["offered", "accepted", "in_progress", "produced", "done"]
        for step in steps[1 : steps.index(state) + 1]:
            if step == "accepted":
                job.action_accept(
                    fields.Date.context_today(cls.env.user) + timedelta(days=2)
                )
            elif step == "in_progress":
                job.action_start()
            elif step == "produced":
                job.action_mark_produced(qty)
            elif step == "done":
                job.action_ship("SEUR", f"SEUR-{job.id}")
        return job

    def _add_jobs(self, count, producer=None):
        """Jobs in every state, as records only (no sale order, no documents)."""
        states = ("offered", "accepted", "in_progress", "produced", "done")
        jobs = self.env["dmfg.job"].create(
            [
                {
                    "producer_id": (producer or self.sabadell).id,
                    "state": states[index % len(states)],
                    "partner_shipping_id": self.customer.id,
                    "product_id": self.product.id,
                    "product_qty": index + 1,
                    "product_uom_id": self.product.uom_id.id,
                    "date_due": "2099-01-01",
                    "custom_values": f"Engraving: job {index}",
                }
                for index in range(count)
            ]
        )
        self.env.flush_all()
        return jobs

    # ----------------------------------------------------------- HTTP

    def _login(self, user):
        self.authenticate(user.login, user.login)

    def _csrf(self):
        """A CSRF token of the current session (from a page with a form)."""
        response = self.url_open("/my/account")
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    def _post(self, url, data=None, files=None, csrf=True, **kwargs):
        data = dict(data or {})
        if csrf:
            data["csrf_token"] = self._csrf()
        return self.url_open(url, data=data, files=files, **kwargs)
