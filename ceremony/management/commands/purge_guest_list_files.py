"""Delete the uploaded files of guest-list imports that will not be imported, once kept long enough.

Previews run it too; run it from cron as well (daily, say) so that files go even when nobody uploads.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from ceremony.guest_lists.services import guest_import_files_purge


class Command(BaseCommand):
    help = (
        "Delete the uploaded files of guest-list imports not imported (abandoned previews, lists with "
        "errors, undone imports) older than GUEST_IMPORT_FILE_RETENTION_DAYS."
    )

    def handle(self, *args, **options):
        deleted = guest_import_files_purge()
        days = settings.GUEST_IMPORT_FILE_RETENTION_DAYS
        self.stdout.write(f"Deleted {deleted} uploaded guest lists kept longer than {days} days.")
