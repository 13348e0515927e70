# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def post_init_hook(env):
    """Offer the jobs routed before this addon was installed.

    Jobs already offered to producers (e.g. the demo orders) get their answer
    deadline and their offer email, as if they had been routed just now.
    """
    # Every offered job was routed before: distributed_mfg dates the offer
    # (date_offered) itself, so that field cannot tell them apart.
    jobs = env["dmfg.job"].search(
        [("state", "=", "offered"), ("date_accept_deadline", "=", False)]
    )
    jobs._dmfg_portal_offer()
