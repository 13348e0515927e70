# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Background work on queue_job (issue 15): the portal's crons, noupdate
records, now queue their passes instead of running them in the cron."""

from odoo import SUPERUSER_ID, api

CRONS = {
    "ir_cron_job_acceptance_reminder": "_cron_dmfg_portal_remind",
    "ir_cron_job_offer_expiry": "_cron_dmfg_expire_offers",
    "ir_cron_job_late_work": "_cron_dmfg_follow_late_work",
}


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, method in CRONS.items():
        cron = env.ref(f"distributed_mfg_portal.{xmlid}", False)
        if cron:
            cron.code = (
                f'env["dmfg.background.run"]._dmfg_queue_pass("dmfg.job", "{method}")'
            )
