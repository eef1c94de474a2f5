"""Import a guest list from the command line, with the same rules as the admin.

python manage.py import_guests guests.xlsx --event baikonur-70 [--dry-run]
    [--map "Категория:Ветераны труда=veteran" ...] [--overwrite] [--same-as ROW=PERSON_ID ...]

On a terminal a progress bar follows the rows read, checked and written; piped or redirected (a
script, a log, the tests) the output is only the summary.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ceremony.guest_lists.columns import HEADERS, MAPPABLE_COLUMNS
from ceremony.guest_lists.mappings import mapping_specs_parse
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
        parser.add_argument(
            "--map",
            dest="mapping_specs",
            action="append",
            default=[],
            metavar="HEADER:VALUE=TARGET",
            help='What a value means, e.g. "Категория:Ветераны труда=veteran" (HEADER as in the file, '
            "TARGET a code or a label in any language, nothing to leave the cell blank). Repeatable; "
            "remembered for the event when the list is written, as the admin's preview remembers them.",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Let the file's values replace stored ones (by default a stored value is kept, and said).",
        )
        parser.add_argument(
            "--same-as",
            dest="same_as",
            action="append",
            default=[],
            metavar="ROW=PERSON_ID",
            help="The guest of ROW is the stored person PERSON_ID (0: someone new), where the check "
            "reports people they may be. Repeatable.",
        )

    def handle(
        self,
        *args,
        file,
        event,
        dry_run,
        language,
        encoding,
        delimiter,
        mapping_specs,
        overwrite,
        same_as,
        **options,
    ):
        try:
            event = Event.objects.get(slug=event)
        except Event.DoesNotExist:
            raise CommandError(f"No event with the short name “{event}”.") from None
        if delimiter:
            delimiter = delimiter.replace("\\t", "\t")
            if len(delimiter) != 1:
                raise CommandError("The CSV separator is one character, e.g. ';' or '\\t'.")
        try:
            mappings = mapping_specs_parse(mapping_specs)
        except ValidationError as refusal:
            raise CommandError(" ".join(refusal.messages)) from None
        same_as = dict(map(_same_as, same_as))
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
            mappings=mappings,
            overwrite=overwrite,
            same_as=same_as,
        )
        if bar:
            bar.close()
        for warning in guest_import.warnings:
            self.stderr.write(f"warning: {warning}")
        for line in guest_import.skipped:
            self.stderr.write(f"row {line['row']} skipped, {line['reason']}: {line['text']}")
        for error in guest_import.errors:
            if error.get("value_key"):
                # One unknown value in many rows: say how to give its meaning.
                column = MAPPABLE_COLUMNS[error["column_key"]]
                known = ", ".join(code for code, _label in column.options()[:20])
                self.stderr.write(
                    f"column «{error['column']}»: «{error['value']}» {error['message']}; "
                    f'give its meaning with --map "{error["column"]}:{error["value"]}=TARGET" ({known})'
                )
                continue
            where = f"row {error['row']}" if error["row"] else "file"
            name = f" ({error['name']})" if error.get("name") else ""
            column = f", column «{error['column']}»" if error["column"] else ""
            value = f": “{error['value']}”" if error["value"] else ""
            self.stderr.write(f"{where}{name}{column}{value} {error['message']}")

        self._report_decisions(guest_import)
        self.stdout.write(
            f"new {guest_import.new_count}, updated {guest_import.updated_count}, "
            f"unchanged {guest_import.unchanged_count}, errors {guest_import.error_count}"
            + (" (dry run: nothing written)" if dry_run else "")
        )
        if guest_import.errors:
            raise CommandError("Nothing was imported because of the errors above.", returncode=1)

    def _report_decisions(self, guest_import):
        """What the organizer may want to decide otherwise: stored values kept, people who may be
        stored already (imported as new unless --same-as says who they are)."""
        shown = 20
        kept = [
            (proposal["rows"][0], key, old, new)
            for proposal in guest_import.proposals
            for key, (old, new) in proposal["changes"].items()
        ]
        for row, key, old, new in kept[:shown]:
            self.stderr.write(f"row {row}: kept {HEADERS[key]} “{old}” (the file says “{new}”)")
        if kept:
            more = f" ({len(kept) - shown} more not listed)" if len(kept) > shown else ""
            self.stderr.write(f"kept {len(kept)} stored values{more}; give --overwrite to replace them")
        look_alikes = [entry for entry in guest_import.preview if entry.get("similar")]
        for entry in look_alikes[:shown]:
            people = ", ".join(f"#{pk}" for pk in entry["similar"])
            self.stderr.write(
                f"row {entry['rows'][0]}: possibly the same as {people}; imported as someone new "
                f"unless --same-as {entry['rows'][0]}=PERSON_ID"
            )


def _same_as(spec):
    row, equals, person = spec.partition("=")
    if not equals or not row.strip().isdigit() or not person.strip().isdigit():
        raise CommandError(f"--same-as “{spec}”: write it as ROW=PERSON_ID, e.g. 12=345 (0: someone new).")
    return int(row), int(person)


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
