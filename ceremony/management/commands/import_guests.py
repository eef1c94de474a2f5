"""Import a guest list from the command line, with the same rules as the admin.

python manage.py import_guests guests.xlsx --event baikonur-70 [--dry-run]

On a terminal a progress bar follows the rows read, checked and written; piped or redirected (a
script, a log, the tests) the output is only the summary.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ceremony.guest_lists.services import guest_list_import
from ceremony.models import Event


class Command(BaseCommand):
    help = "Import a guest list (XLSX, ODS or CSV) into an event; nothing is written if any row has an error."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--event", required=True, help="The event's short name (slug), e.g. baikonur-70.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing.")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            help="Language of positions in the file (default: the event's).",
        )
        parser.add_argument("--encoding", help="CSV encoding, e.g. utf-8 or cp1251 (default: detected).")
        parser.add_argument("--delimiter", help="CSV separator, e.g. ';' (default: detected).")

    def handle(self, *args, file, event, dry_run, language, encoding, delimiter, **options):
        try:
            event = Event.objects.get(slug=event)
        except Event.DoesNotExist:
            raise CommandError(f"No event with the short name “{event}”.") from None
        if delimiter:
            delimiter = delimiter.replace("\\t", "\t")
            if len(delimiter) != 1:
                raise CommandError("The CSV separator is one character, e.g. ';' or '\\t'.")
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None

        bar = ProgressBar(self.stdout) if self.stdout.isatty() else None
        guest_import = guest_list_import(
            progress=bar.show if bar else None,
            step=bar.written if bar else None,
            event=event,
            data=data,
            file_name=file.name,
            language=language,
            encoding=encoding,
            delimiter=delimiter,
            dry_run=dry_run,
        )
        if bar:
            bar.close()
        for warning in guest_import.warnings:
            self.stderr.write(f"warning: {warning}")
        for error in guest_import.errors:
            where = f"row {error['row']}" if error["row"] else "file"
            column = f", column «{error['column']}»" if error["column"] else ""
            value = f": “{error['value']}”" if error["value"] else ""
            self.stderr.write(f"{where}{column}{value} {error['message']}")

        self.stdout.write(
            f"new {guest_import.new_count}, updated {guest_import.updated_count}, "
            f"unchanged {guest_import.unchanged_count}, errors {guest_import.error_count}"
            + (" (dry run: nothing written)" if dry_run else "")
        )
        if guest_import.errors:
            raise CommandError("Nothing was imported because of the errors above.", returncode=1)


class ProgressBar:
    """One line, drawn again in place (a carriage return, no new line) at each report."""

    WIDTH = 30

    def __init__(self, out):
        self.out = out
        self.drawn = False

    def show(self, done, total, message=""):
        filled = self.WIDTH * done // total if total else 0
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.out.write(f"\r[{bar}] {done}/{total} {message}".ljust(100), ending="")
        self.out.flush()
        self.drawn = True

    def written(self, done, total):
        self.show(done, total, f"{done} guests written.")

    def close(self):
        if self.drawn:
            self.out.write("")  # the summary starts on a line of its own
