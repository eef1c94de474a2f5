"""Start again or give up the jobs whose worker died; delete job results and printouts kept long enough.

`make serve` runs it every 10 minutes, as deploy/systemd/ceremony-cleanup.timer does; elsewhere run it
as often from cron.
"""

from django.core.management.base import BaseCommand

from ceremony.core.print_cache import print_cache_expire
from ceremony.jobs.tasks import job_results_expire, jobs_recover


class Command(BaseCommand):
    help = (
        "Restart or fail jobs whose worker stopped (JOB_STALE_SECONDS); delete old job results "
        "(JOB_RESULT_RETENTION_DAYS) and kept printouts (PRINT_CACHE_DAYS)."
    )

    def handle(self, *args, **options):
        recovered, expired, printouts = jobs_recover(), job_results_expire(), print_cache_expire()
        self.stdout.write(
            f"Jobs started again or given up: {recovered}; results deleted: {expired}; "
            f"kept printouts deleted: {printouts}."
        )
