# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Which licences allow making a design for sale (no database)."""

import doctest

from odoo.tests import BaseCase, tagged

from ..services import licence

REQUIRED = (
    "CC-BY-4.0",
    "CC-BY-SA-4.0",
    "CC-BY-NC-4.0",
    "CC-BY-ND-4.0",
    "CC-BY-NC-SA-4.0",
    "CERN-OHL-S-2.0",
    "CERN-OHL-W-2.0",
    "CERN-OHL-P-2.0",
    "MIT",
    "GPL-3.0-or-later",
    licence.PROPRIETARY,
)


@tagged("dmfg")
class TestLicenceService(BaseCase):
    def test_selection_covers_the_required_licences(self):
        """Every licence the network meets is offered, by SPDX id."""
        offered = [spdx for spdx, _label in licence.selection()]
        for spdx in REQUIRED:
            self.assertIn(spdx, offered)
        self.assertEqual(len(offered), len(set(offered)), "no duplicates")

    def test_commercial_use_table(self):
        """NonCommercial licences forbid sale; the others allow it."""
        allowed = {
            spdx: licence.commercial_use(spdx).allowed
            for spdx in (*REQUIRED, "CC-BY-NC-ND-4.0", "CC0-1.0", "Apache-2.0")
        }
        self.assertEqual(
            allowed,
            {
                "CC-BY-4.0": True,
                "CC-BY-SA-4.0": True,
                "CC-BY-NC-4.0": False,
                "CC-BY-ND-4.0": True,
                "CC-BY-NC-SA-4.0": False,
                "CERN-OHL-S-2.0": True,
                "CERN-OHL-W-2.0": True,
                "CERN-OHL-P-2.0": True,
                "MIT": True,
                "GPL-3.0-or-later": True,
                licence.PROPRIETARY: False,
                "CC-BY-NC-ND-4.0": False,
                "CC0-1.0": True,
                "Apache-2.0": True,
            },
        )

    def test_reasons(self):
        """Each decision says why."""
        cases = [
            (("CC-BY-SA-4.0",), {}, (True, licence.REASON_LICENCE_ALLOWS)),
            (("CC-BY-NC-SA-4.0",), {}, (False, licence.REASON_LICENCE_NON_COMMERCIAL)),
            (
                (licence.PROPRIETARY,),
                {},
                (False, licence.REASON_PROPRIETARY_THIRD_PARTY),
            ),
            (
                (licence.PROPRIETARY,),
                {"licensor_is_seller": True},
                (True, licence.REASON_PROPRIETARY_OWN),
            ),
            (
                ("CC-BY-NC-4.0",),
                {"override": "allow"},
                (True, licence.REASON_OVERRIDE_ALLOW),
            ),
            (("MIT",), {"override": "forbid"}, (False, licence.REASON_OVERRIDE_FORBID)),
            (("WTFPL",), {}, (False, licence.REASON_UNKNOWN_LICENCE)),
            ((False,), {}, (False, licence.REASON_UNKNOWN_LICENCE)),
        ]
        for args, kwargs, expected in cases:
            decision = licence.commercial_use(*args, **kwargs)
            self.assertEqual(
                (decision.allowed, decision.reason), expected, (args, kwargs)
            )

    def test_licensor_does_not_matter_for_open_licences(self):
        """Being the licensor does not lift a NonCommercial clause we accepted."""
        self.assertFalse(
            licence.commercial_use("CC-BY-NC-4.0", licensor_is_seller=True).allowed
        )

    def test_unknown_override_is_refused(self):
        """A typo in an override is an error, not a silent decision."""
        with self.assertRaises(ValueError):
            licence.commercial_use("MIT", override="yes")

    def test_licence_terms(self):
        """The table records derivatives and share-alike terms too."""
        nd = licence.get_licence("CC-BY-ND-4.0")
        self.assertEqual(
            (nd.derivatives, nd.share_alike, nd.attribution), (False, False, True)
        )
        self.assertEqual(nd.url, "https://creativecommons.org/licenses/by-nd/4.0/")
        self.assertIsNone(licence.get_licence("nope"))

    def test_doctests(self):
        """The examples in the module's docstrings hold."""
        result = doctest.testmod(licence)
        self.assertGreater(result.attempted, 0)
        self.assertEqual(result.failed, 0)
