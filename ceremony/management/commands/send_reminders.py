"""Queue the reminders that are due (settings.INVITATION_REMINDER_DAYS before each reply deadline),
for cron; each guest gets one per threshold however often it runs."""

from django.core.management.base import BaseCommand

from ceremony.jobs.reminders_due import reminders_send_due


class Command(BaseCommand):
    help = "Remind invited guests who have not answered, at the days before the reply deadline in settings."

    def handle(self, *args, **options):
        count = reminders_send_due()
        self.stdout.write(f"Reminders queued: {count}")
