# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Background work on queue_job (issue 15): the scorecard cron, a noupdate
record, now queues its pass instead of running it in the cron."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("distributed_mfg.ir_cron_dmfg_producer_scorecard", False)
    if cron:
        cron.code = (
            'env["dmfg.background.run"]._dmfg_queue_pass('
            '"dmfg.producer", "_cron_update_scorecards")'
        )
