# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Routing speaks the planner's language: exclusion reasons and summaries are
worded from the services' codes through Odoo's translations (issue #11)."""

from odoo.tests import new_test_user, tagged

from ..services import routing, routing_hints
from .common_routing import BARCELONA, DmfgRoutingCase

ADDONS = ["distributed_mfg", "distributed_mfg_portal"]


@tagged("post_install", "-at_install", "dmfg")
class TestRoutingTranslations(DmfgRoutingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("ca_ES")
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"].search(
            [("name", "in", ADDONS)]
        )._update_translations(["ca_ES", "es_ES"])
        # Girona (~86 km from Barcelona) is outside its own 50 km radius.
        cls.girona.service_radius_km = 50.0
        cls.planner = new_test_user(
            cls.env,
            "dmfg_planner_ca",
            groups="distributed_mfg.group_dmfg_manager",
            lang="ca_ES",
        )

    def _preview_as(self, user):
        env = self.env(user=user)
        jobs = env["dmfg.job"].with_context(**env["res.users"].context_get())
        lat, lon = BARCELONA
        return jobs.preview_routing(self.product.id, 1, latitude=lat, longitude=lon)

    def _excluded(self, result, producer):
        return next(e for e in result["excluded"] if e["producer_key"] == producer.id)

    def test_exclusion_reason_in_catalan(self):
        """A Catalan planner reads why Girona is excluded in Catalan, with the
        distances; the stable code stays for integrators."""
        result = self._preview_as(self.planner)
        girona = self._excluded(result, self.girona)
        self.assertEqual(girona["reason_code"], "outside_service_radius")
        self.assertRegex(
            girona["message"],
            r"^El client és a 8\d,\d km, fora del radi de servei de 50,0 km "
            r"del productor\.$",
        )
        self.assertIn("Encaminat a Taller Sabadell", result["summary"])

    def test_exclusion_reason_in_english_by_default(self):
        """The same call in English gives the English sentence."""
        self.planner.lang = "en_US"
        result = self._preview_as(self.planner)
        self.assertRegex(
            self._excluded(result, self.girona)["message"],
            r"^The customer is 8\d\.\d km away, outside the producer's 50\.0 km "
            r"service radius\.$",
        )
        self.assertIn("Routed to Taller Sabadell", result["summary"])

    def test_job_routing_page_in_catalan(self):
        """The job's "Why this producer" and its summary are worded when read,
        in the reader's language."""
        _order, job = self._confirmed_job()
        env = self.env(user=self.planner)
        job_ca = job.with_env(env).with_context(**env["res.users"].context_get())
        self.assertIn("Productors exclosos:", job_ca.routing_html)
        self.assertIn("fora del radi de servei", job_ca.routing_html)
        self.assertTrue(job_ca.routing_summary.startswith("Encaminat a "))
        self.assertTrue(job.routing_summary.startswith("Routed to "))

    def _messages(self, lang):
        return self.env["dmfg.message"].with_context(lang=lang)

    def test_every_reason_code_has_a_spanish_and_catalan_label(self):
        """Each routing reason code has its own label and sentence in Spanish
        and in Catalan, none left in English."""
        english = self._messages("en_US")
        sample = {
            "state": "suspended",
            "open_jobs": 2,
            "limit": 2,
            "names": "PETG",
            "distance_km": 125.2,
            "radius_km": 120.0,
            "max_km": 150.0,
            "hours": 8.0,
            "free_hours": 2.0,
            "due_date": "2026-03-13",
            "ready_date": "2026-03-20",
            "queue_hours": 30.0,
            "hours_per_day": 8.0,
        }
        for lang in ("es_ES", "ca_ES"):
            messages = self._messages(lang)
            labels = messages._dmfg_reason_labels()
            self.assertEqual(set(labels), set(routing.REASON_LABELS))
            for code in routing.REASON_LABELS:
                if code == routing.REASON_NO_PRICE:
                    reason = {"code": code, "params": {}}
                else:
                    reason = {"code": code, "params": sample}
                with self.subTest(lang=lang, code=code):
                    self.assertTrue(labels[code])
                    self.assertNotEqual(
                        labels[code], english._dmfg_reason_labels()[code]
                    )
                    self.assertNotEqual(
                        messages._dmfg_reason_text(reason),
                        english._dmfg_reason_text(reason),
                    )

    def test_hints_in_catalan(self):
        """What would make a job routable is told in Catalan too."""
        hints = [
            {
                "code": routing_hints.HINT_NEAREST_CAPABLE_FAR,
                "params": {"producer": "Sabadell", "distance_km": 258.1, "max_km": 150},
            },
            {"code": routing_hints.HINT_NONE_CAPABLE, "params": {"names": "Laser"}},
            {
                "code": routing_hints.HINT_PRODUCER_FIXES,
                "params": {
                    "producer": "Lleida",
                    "distance_km": 125.2,
                    "fixes": [
                        {"code": routing_hints.FIX_CAPABILITY, "names": ["PETG"]},
                        {
                            "code": routing_hints.FIX_RADIUS,
                            "distance_km": 125.2,
                            "radius_km": 120.0,
                        },
                        {"code": routing_hints.FIX_LATER},
                        {"code": routing_hints.FIX_PRICE},
                        {"code": routing_hints.FIX_JOBS, "limit": 2},
                    ],
                },
            },
        ]
        catalan, english = self._messages("ca_ES"), self._messages("en_US")
        for hint in hints:
            with self.subTest(code=hint["code"]):
                self.assertNotEqual(
                    catalan._dmfg_hint_text(hint), english._dmfg_hint_text(hint)
                )
        self.assertRegex(catalan._dmfg_hint_text(hints[0]), r"258,1 km.*150,0 km")
