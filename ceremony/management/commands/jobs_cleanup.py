"""Start again or give up the jobs whose worker died, and delete job results kept long enough.

`make serve` runs it every 10 minutes, as deploy/systemd/ceremony-cleanup.timer does; elsewhere run it
as often from cron.
"""

from django.core.management.base import BaseCommand

from ceremony.jobs.tasks import job_results_expire, jobs_recover


class Command(BaseCommand):
    help = "Restart or fail jobs whose worker stopped (JOB_STALE_SECONDS) and delete old job results."

    def handle(self, *args, **options):
        recovered, expired = jobs_recover(), job_results_expire()
        self.stdout.write(f"Jobs started again or given up: {recovered}; results deleted: {expired}.")
