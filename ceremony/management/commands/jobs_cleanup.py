"""Start again or give up the jobs whose worker died; delete job results and printouts kept long enough.

`make serve` runs it every 10 minutes, as deploy/systemd/ceremony-cleanup.timer does; elsewhere run it
as often from cron.
"""

from django.core.management.base import BaseCommand

from ceremony.jobs.tasks import jobs_cleanup


class Command(BaseCommand):
    help = (
        "Restart or fail jobs whose worker stopped (JOB_STALE_SECONDS); delete old job results "
        "(JOB_RESULT_RETENTION_DAYS) and kept printouts (PRINT_CACHE_DAYS)."
    )

    def handle(self, *args, **options):
        # The same clean-up as the task, run here in this process rather than queued.
        done = jobs_cleanup.call()
        self.stdout.write(
            f"Jobs started again or given up: {done['recovered']}; results deleted: {done['expired']}; "
            f"kept printouts deleted: {done['printouts']}."
        )
