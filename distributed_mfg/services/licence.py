# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What a design licence allows (pure Python, no Odoo).

Licences are identified by their SPDX id (https://spdx.org/licenses/), as in
Open Know-How manifests. A design under a licence of our own making uses the
SPDX escape ``LicenseRef-Proprietary`` ("all rights reserved").

The network sells what it makes, so every production job is *commercial use*.
:func:`commercial_use` answers whether a design may be made for sale, with a
reason code that callers turn into a message:

* open licences without a NonCommercial clause allow it;
* CC "NC" licences forbid it;
* a proprietary design is allowed only when the licensor is the company that
  sells (its own design); a third party's proprietary design needs a separate
  agreement, recorded as an override;
* an explicit override (``"allow"`` / ``"forbid"``) always wins; callers must
  only accept one from a manager, with a recorded reason.
"""

from dataclasses import dataclass

PROPRIETARY = "LicenseRef-Proprietary"

OVERRIDE_ALLOW = "allow"
OVERRIDE_FORBID = "forbid"

# Reason codes returned in CommercialUseDecision.reason
REASON_LICENCE_ALLOWS = "licence_allows"
REASON_LICENCE_NON_COMMERCIAL = "licence_non_commercial"
REASON_PROPRIETARY_OWN = "proprietary_own"
REASON_PROPRIETARY_THIRD_PARTY = "proprietary_third_party"
REASON_OVERRIDE_ALLOW = "override_allow"
REASON_OVERRIDE_FORBID = "override_forbid"
REASON_UNKNOWN_LICENCE = "unknown_licence"


@dataclass(frozen=True)
class LicenceInfo:
    """Terms of one licence that matter to a manufacturing network."""

    spdx_id: str
    name: str
    commercial_use: bool
    derivatives: bool
    share_alike: bool
    attribution: bool
    url: str = ""


@dataclass(frozen=True)
class CommercialUseDecision:
    """Whether a design may be made for sale, and why (a ``REASON_*`` code)."""

    allowed: bool
    reason: str


def _cc(spdx_id, name, commercial_use=True, derivatives=True, share_alike=False):
    slug = spdx_id[3:-4].lower()  # "CC-BY-NC-4.0" -> "by-nc"
    return LicenceInfo(
        spdx_id,
        name,
        commercial_use=commercial_use,
        derivatives=derivatives,
        share_alike=share_alike,
        attribution=True,
        url=f"https://creativecommons.org/licenses/{slug}/4.0/",
    )


_TABLE = (
    LicenceInfo(
        "CC0-1.0",
        "CC0 1.0 (public domain dedication)",
        commercial_use=True,
        derivatives=True,
        share_alike=False,
        attribution=False,
        url="https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    _cc("CC-BY-4.0", "Creative Commons Attribution 4.0"),
    _cc(
        "CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0", share_alike=True
    ),
    _cc(
        "CC-BY-ND-4.0",
        "Creative Commons Attribution-NoDerivatives 4.0",
        derivatives=False,
    ),
    _cc(
        "CC-BY-NC-4.0",
        "Creative Commons Attribution-NonCommercial 4.0",
        commercial_use=False,
    ),
    _cc(
        "CC-BY-NC-SA-4.0",
        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0",
        commercial_use=False,
        share_alike=True,
    ),
    _cc(
        "CC-BY-NC-ND-4.0",
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0",
        commercial_use=False,
        derivatives=False,
    ),
    LicenceInfo(
        "CERN-OHL-S-2.0",
        "CERN Open Hardware Licence v2, strongly reciprocal",
        commercial_use=True,
        derivatives=True,
        share_alike=True,
        attribution=True,
        url="https://ohwr.org/cern_ohl_s_v2.txt",
    ),
    LicenceInfo(
        "CERN-OHL-W-2.0",
        "CERN Open Hardware Licence v2, weakly reciprocal",
        commercial_use=True,
        derivatives=True,
        share_alike=True,
        attribution=True,
        url="https://ohwr.org/cern_ohl_w_v2.txt",
    ),
    LicenceInfo(
        "CERN-OHL-P-2.0",
        "CERN Open Hardware Licence v2, permissive",
        commercial_use=True,
        derivatives=True,
        share_alike=False,
        attribution=True,
        url="https://ohwr.org/cern_ohl_p_v2.txt",
    ),
    LicenceInfo(
        "MIT",
        "MIT License",
        commercial_use=True,
        derivatives=True,
        share_alike=False,
        attribution=True,
        url="https://opensource.org/license/mit",
    ),
    LicenceInfo(
        "Apache-2.0",
        "Apache License 2.0",
        commercial_use=True,
        derivatives=True,
        share_alike=False,
        attribution=True,
        url="https://www.apache.org/licenses/LICENSE-2.0",
    ),
    LicenceInfo(
        "GPL-3.0-or-later",
        "GNU General Public License v3.0 or later",
        commercial_use=True,
        derivatives=True,
        share_alike=True,
        attribution=True,
        url="https://www.gnu.org/licenses/gpl-3.0.html",
    ),
    LicenceInfo(
        PROPRIETARY,
        "Proprietary (all rights reserved)",
        commercial_use=False,
        derivatives=False,
        share_alike=False,
        attribution=False,
    ),
)

#: SPDX id -> LicenceInfo, in display order.
LICENCES = {info.spdx_id: info for info in _TABLE}


def selection():
    """Return ``[(spdx_id, name), ...]`` for a selection field.

    >>> dict(selection())["CC-BY-NC-4.0"]
    'Creative Commons Attribution-NonCommercial 4.0'
    """
    return [(info.spdx_id, info.name) for info in _TABLE]


def get_licence(spdx_id):
    """Return the LicenceInfo of ``spdx_id``, or None if it is unknown."""
    return LICENCES.get(spdx_id)


def commercial_use(spdx_id, licensor_is_seller=False, override=None):
    """Decide whether a design under ``spdx_id`` may be made for sale.

    :param str spdx_id: SPDX id of the design licence (or PROPRIETARY).
    :param bool licensor_is_seller: the licensor is the selling company itself.
    :param override: None, OVERRIDE_ALLOW or OVERRIDE_FORBID (a manager's
        recorded decision, e.g. a separate agreement with the licensor).
    :rtype: CommercialUseDecision

    >>> commercial_use("CC-BY-NC-4.0")
    CommercialUseDecision(allowed=False, reason='licence_non_commercial')
    >>> commercial_use("CC-BY-NC-4.0", override="allow")
    CommercialUseDecision(allowed=True, reason='override_allow')
    >>> commercial_use("LicenseRef-Proprietary", licensor_is_seller=True)
    CommercialUseDecision(allowed=True, reason='proprietary_own')
    """
    if override == OVERRIDE_ALLOW:
        return CommercialUseDecision(True, REASON_OVERRIDE_ALLOW)
    if override == OVERRIDE_FORBID:
        return CommercialUseDecision(False, REASON_OVERRIDE_FORBID)
    if override is not None:
        raise ValueError(f"Unknown commercial-use override {override!r}.")
    info = LICENCES.get(spdx_id)
    if info is None:
        # Fail closed: an unknown licence is never sold without a decision.
        return CommercialUseDecision(False, REASON_UNKNOWN_LICENCE)
    if info.spdx_id == PROPRIETARY:
        if licensor_is_seller:
            return CommercialUseDecision(True, REASON_PROPRIETARY_OWN)
        return CommercialUseDecision(False, REASON_PROPRIETARY_THIRD_PARTY)
    if info.commercial_use:
        return CommercialUseDecision(True, REASON_LICENCE_ALLOWS)
    return CommercialUseDecision(False, REASON_LICENCE_NON_COMMERCIAL)
