# Copyright 2026 Distributed Manufacturing contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Steps whose worker died go back to the queue.

queue_job 18.0.1.7 (the last release for Odoo 18.0 as first released) leaves a
job "started" forever when its worker is killed mid-job; later releases
requeue it through a lock the running job holds. Our steps hold such a lock
(``dmfg.background.run._dmfg_job_lock``, an advisory lock for the job's
transaction): a started step whose lock is free has no live worker.
"""

from odoo import api, models

from odoo.addons.queue_job.job import Job

#: A step is given this long to take its lock after being marked started.
DEAD_AFTER_SECONDS = 10


class QueueJob(models.Model):
    _inherit = "queue.job"

    @api.model
    def _dmfg_requeue_dead_jobs(self):
        """Requeue our started jobs that no live transaction holds; returns
        their uuids. Each lock taken here to test it lasts until this
        transaction ends."""
        if not self.env.is_admin():
            return []
        self.env.cr.execute(
            """
            SELECT uuid FROM queue_job
             WHERE state = 'started'
               AND model_name = 'dmfg.background.run'
               AND date_started < (clock_timestamp() AT TIME ZONE 'UTC')
                                  - make_interval(secs => %s)
               AND pg_try_advisory_xact_lock(hashtextextended(uuid, 0))
            """,
            (DEAD_AFTER_SECONDS,),
        )
        uuids = [row[0] for row in self.env.cr.fetchall()]
        for uuid in uuids:
            # Counted as a try: a step that always kills its worker (past
            # limit_time_real, out of memory) fails after its retries instead
            # of coming back forever.
            job = Job.load(self.env, uuid)
            job.retry += 1
            if job.max_retries and job.retry >= job.max_retries:
                job.set_failed(
                    exc_name="JobFoundDead",
                    exc_message=self.env._(
                        "Its worker died %(count)s times while running it (killed, "
                        "out of memory, or past the server's limit_time_real).",
                        count=job.retry,
                    ),
                )
            else:
                job.set_pending(reset_retry=False)
            job.store()
        return uuids
