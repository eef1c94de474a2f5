from django.core.management.base import BaseCommand, CommandError

from ceremony.ops.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database and the private uploaded files into a folder: var/backups/<UTC time> "
        "unless --output says where. PostgreSQL is dumped with pg_dump, SQLite with dumpdata."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="A new (or empty) folder for the backup.")
        parser.add_argument(
            "--json",
            action="store_true",
            help="On PostgreSQL too, dump with dumpdata: slower, but restores into SQLite as well.",
        )

    def handle(self, *args, output=None, json=False, **options):
        try:
            folder, manifest = backup_create(folder=output, portable=json)
        except BackupError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(manifest['records'].values())} records and {len(manifest['files'])} "
                f"files to {folder} (the files read from {manifest['files_from']})"
            )
        )
