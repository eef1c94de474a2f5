from django.core.management.base import BaseCommand, CommandError

from ceremony.core.storage import private_storage
from ceremony.ops.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup (a folder made by the backup command) into the configured database and "
        "private files folder. Refuses a database that already holds records unless --replace."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The backup's folder, e.g. var/backups/20250602-120000.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the records the database holds and put the backup's in their place.",
        )

    def handle(self, *args, backup, replace=False, **options):
        try:
            manifest = backup_restore(folder=backup, replace=replace)
        except BackupError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {sum(manifest['records'].values())} records and {len(manifest['files'])} "
                f"files from {backup} (made {manifest['created']}; the files written to "
                f"{private_storage().where})"
            )
        )
