# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Our messages reach users in their language (issue #11): Spanish and Catalan,
the languages of the demo region, from i18n/es.po and i18n/ca.po."""

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

ADDONS = ["distributed_mfg", "distributed_mfg_portal"]
# (lang, the decline message, the job's "Components" field, its "Waiting" label)
EXPECTED = [
    (
        "es_ES",
        "Indique un motivo para rechazar el trabajo.",
        "Componentes",
        "A la espera de componentes",
    ),
    (
        "ca_ES",
        "Indiqueu un motiu per rebutjar la feina.",
        "Components",
        "A l'espera de components",
    ),
]


@tagged("post_install", "-at_install", "dmfg")
class TestTranslations(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        modules = cls.env["ir.module.module"].search([("name", "in", ADDONS)])
        for lang, *_texts in EXPECTED:
            cls.env["res.lang"]._activate_lang(lang)
        modules._update_translations([lang for lang, *_texts in EXPECTED])

    def _jobs_as_planner(self, lang):
        """``dmfg.job`` as a planner whose language is ``lang``, with the context
        the web client and RPC calls carry (the user's ``context_get()``)."""
        planner = new_test_user(
            self.env,
            f"dmfg_planner_{lang.lower()}",
            groups="distributed_mfg.group_dmfg_manager",
            lang=lang,
        )
        env = self.env(user=planner)
        return env["dmfg.job"].with_context(**env["res.users"].context_get())

    def test_job_error_comes_in_the_users_language(self):
        """A planner with Spanish (Catalan) set gets our UserError in Spanish
        (Catalan); in English it stays the source text."""
        with self.assertRaisesRegex(UserError, "Give a reason to decline the job."):
            self._jobs_as_planner("en_US").action_decline("")
        for lang, message, _field, _label in EXPECTED:
            with self.subTest(lang=lang):
                jobs = self._jobs_as_planner(lang)
                with self.assertRaises(UserError) as caught:
                    jobs.action_decline("")
                self.assertEqual(caught.exception.args[0], message)

    def test_field_labels_come_in_the_users_language(self):
        """Field strings and selection labels are translated too (fields_get)."""
        for lang, _message, field, label in EXPECTED:
            with self.subTest(lang=lang):
                jobs = self._jobs_as_planner(lang)
                info = jobs.fields_get(["supply_state"])["supply_state"]
                self.assertEqual(info["string"], field)
                self.assertIn(("waiting", label), info["selection"])
