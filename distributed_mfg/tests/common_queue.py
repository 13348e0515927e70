# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Run queued jobs inside a test as queue_job's runner does: each stored job,
oldest first, loaded from the database, started, performed and marked done
(or failed, with its exception, as the runner's controller records it)."""

import traceback

from odoo.addons.queue_job.job import Job


def perform_queued_jobs(env, limit=200, expect_failure=False):
    """Perform pending queue jobs until none is left; return the jobs run."""
    performed = env["queue.job"]
    for _i in range(limit):
        record = (
            env["queue.job"]
            .sudo()
            .search([("state", "=", "pending")], order="id", limit=1)
        )
        if not record:
            return performed
        job = Job.load(env, record.uuid)
        job.set_started()
        job.store()
        try:
            with env.cr.savepoint():
                job.perform()
                env.flush_all()
        except Exception as exc:  # noqa: BLE001 - recorded as the runner does
            if not expect_failure:
                raise
            job.set_failed(
                exc_info=traceback.format_exc(),
                exc_name=type(exc).__name__,
                exc_message=str(exc),
            )
        else:
            job.set_done()
        job.store()
        env.flush_all()
        performed |= record
    raise AssertionError(f"more than {limit} queue jobs: a run does not end")
