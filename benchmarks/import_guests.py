"""How fast the guest-list import is, against the bars set for it, all measured in one run.

    .venv/bin/python benchmarks/import_guests.py [--rows 10000] [--database-url URL] [--skip-library]

Runs on a throwaway database (a temporary SQLite file unless --database-url names an empty one) and
prints, for a generated XLSX list with about 200 organizations:
- the raw lower bound: the least any import of these rows can cost. calamine reading the workbook
  (as the import does), then bulk_create of the same organizations, people and attendees in one
  transaction: no cell is cleaned, nobody is matched, no history or undo journal is written, nothing is
  kept for a preview. Measured twice: with instances built the ordinary way, Person(**fields), and
  built by position as the import builds them (past modeltranslation's look-up of every keyword,
  ~40% of the ordinary way's time); the bar is against the second, the tighter bound;
- this project's import through the admin's code path (preview, then confirm) into an empty event,
  against the raw lower bound (bar: 1.5x), and again with the same file (everything unchanged);
- django-import-export's default row-by-row import of the same rows (dry run, then import), unless
  --skip-library;
- the size of the admin's preview page for the list;
- the command-line import (manage.py import_guests) of 2x the rows, against openpyxl alone reading
  that file in read-only mode, as the import did before calamine (bar: 2.5x);
Each comparison is the faster of two turns of each side, taken in turns after a warm-up.
- peak memory of a preview + confirm of 5x the rows, in a separate process: its peak resident set size
  (getrusage's ru_maxrss: Python, calamine's Rust and SQLite's memory alike), bar 400 MB.
"""

import argparse
import gc
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway_db import ROOT, setup_django

POSITIONS = ("Инженер", "Ветеран космодрома", "Студент")


def generate_xlsx(rows, organizations=200, positions=POSITIONS):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Список гостей — сгенерирован для замера"])
    sheet.append(
        [
            "Фамилия",
            "Имя",
            "Отчество",
            "Организация",
            "Должность",
            "Категория",
            "Эл. почта",
            "Телефон",
            "Страна",
        ]
    )
    for n in range(rows):
        sheet.append(
            [
                f"Фамилия{n}",
                f"Имя{n % 500}",
                f"Отчество{n % 50}",
                f"Организация {n % organizations}",
                positions[n % 3],
                ("Инженер", "Ветеран", "Студент")[n % 3],
                f"guest{n}@example.org",
                f"+7701{n:07d}",
                "Казахстан",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def empty_guests():
    from ceremony.models import Attendee, GuestImport, Organization, Person

    GuestImport.objects.all().delete()
    Attendee.objects.all().delete()
    Person.objects.all().delete()
    Organization.objects.all().delete()


def raw_lower_bound(data, event, *, by_position=False):
    """calamine + bulk_create: the least any import of these rows can cost (see the module's docstring).

    `by_position` builds the instances as the import does (ceremony.guest_lists.writing._RecordBuilder), past
    modeltranslation's look-up of every keyword: the tighter bound, the one the bar is measured against.
    """
    from django.db import transaction
    from python_calamine import CalamineWorkbook

    from ceremony.models import Attendee, Organization, Person

    def built(model, **fields):
        if not by_position:
            return model(**fields)
        return model(
            *[
                fields[field.attname] if field.attname in fields else field.get_default()
                for field in model._meta.concrete_fields
            ]
        )

    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()[2:]
    with transaction.atomic():
        organizations = {
            organization.name: organization
            for organization in Organization.objects.bulk_create(
                [Organization(name=name) for name in sorted({row[3] for row in rows})]
            )
        }
        people = Person.objects.bulk_create(
            [
                built(
                    Person,
                    family_name=row[0],
                    given_name=row[1],
                    patronymic=row[2],
                    organization_id=organizations[row[3]].pk,
                    # Every translation given, as the import gives them: none is looked up as a default.
                    position="",
                    position_ru=row[4],
                    position_en="",
                    position_kk="",
                    honorific="",
                    honorific_ru="",
                    honorific_en="",
                    honorific_kk="",
                    email=row[6],
                    phone=row[7],
                    country="KZ",
                )
                for row in rows
            ],
            batch_size=500,
        )
        Attendee.objects.bulk_create(
            [
                built(Attendee, event_id=event.pk, person_id=person.pk, category="engineer")
                for person in people
            ],
            batch_size=500,
        )


def our_import(data, event):
    from ceremony.guest_lists.services import guest_import_confirm, guest_import_preview

    guest_import = guest_import_preview(event=event, data=data, file_name="bench.xlsx")
    assert not guest_import.errors, guest_import.errors[:3]
    guest_import_confirm(guest_import=guest_import)
    return guest_import


def library_default_import(data):
    """django-import-export as documented: a ModelResource, one row at a time, dry run then import."""
    import tablib
    from import_export import fields, resources, widgets

    from ceremony.models import Organization, Person

    class PersonResource(resources.ModelResource):
        family_name = fields.Field(attribute="family_name", column_name="Фамилия")
        given_name = fields.Field(attribute="given_name", column_name="Имя")
        patronymic = fields.Field(attribute="patronymic", column_name="Отчество")
        organization = fields.Field(
            attribute="organization",
            column_name="Организация",
            widget=widgets.ForeignKeyWidget(Organization, "name"),
        )
        position = fields.Field(attribute="position_ru", column_name="Должность")
        email = fields.Field(attribute="email", column_name="Эл. почта")
        phone = fields.Field(attribute="phone", column_name="Телефон")

        class Meta:
            model = Person
            import_id_fields = ("email",)
            fields = ("family_name", "given_name", "patronymic", "organization", "position", "email", "phone")

    Organization.objects.bulk_create([Organization(name=f"Организация {n}") for n in range(200)])
    dataset = tablib.Dataset().load(data, format="xlsx", skip_lines=1)  # the title above the header
    for dry_run in (True, False):
        result = PersonResource().import_data(dataset, dry_run=dry_run, use_transactions=True)
        assert not result.has_errors()
        assert not result.has_validation_errors()


def preview_page_size(event, data):
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from ceremony.guest_lists.services import guest_import_preview
    from tests.factories import UserFactory

    setup_test_environment()
    user = UserFactory(username="bench-admin", is_superuser=True)
    client = Client()
    client.force_login(user)
    guest_import = guest_import_preview(event=event, data=data, file_name="bench.xlsx")
    response = client.get(reverse("admin:ceremony_guestimport_change", args=[guest_import.pk]))
    assert response.status_code == 200
    return len(response.content)


def command_line(data, path, event):
    """(openpyxl alone reading the file, the command-line import of it): the faster of two turns each."""
    import openpyxl
    from django.core.management import call_command

    path.write_bytes(data)
    reads, commands = [], []
    for _turn in range(2):
        empty_guests()
        reads.append(
            timed(
                lambda: sum(
                    1
                    for _row in openpyxl.load_workbook(path, read_only=True)
                    .worksheets[0]
                    .iter_rows(values_only=True)
                )
            )[0]
        )
        commands.append(
            timed(
                lambda: call_command("import_guests", str(path), "--event", event.slug, stdout=io.StringIO())
            )[0]
        )
    return min(reads), min(commands)


def peak_memory_child(rows, database_url):
    """Run a preview + confirm of `rows` rows in a fresh process and report its peak memory (MB)."""
    output = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, __file__, "--memory-child", "--rows", str(rows), "--database-url", database_url],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return float(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database-url")
    parser.add_argument("--skip-library", action="store_true", help="Leave django-import-export out.")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-"))
    database_url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    setup_django(database_url)
    from tests.factories import EventFactory

    if options.memory_child:
        # As in the admin: the preview and the confirm are two requests; nothing is shared but the database.
        from ceremony.guest_lists.services import guest_import_confirm, guest_import_preview
        from ceremony.models import GuestImport

        empty_guests()
        guest_import = guest_import_preview(
            event=EventFactory(), data=generate_xlsx(options.rows), file_name="bench.xlsx"
        )
        pk = guest_import.pk
        del guest_import
        gc.collect()
        guest_import_confirm(guest_import=GuestImport(pk=pk))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return

    rows = options.rows
    data = generate_xlsx(rows)
    event = EventFactory(slug="bench")
    print(f"{rows} rows, {len(data) / 1e6:.1f} MB of XLSX, database {database_url.split(':')[0]}")

    # Both ways once on a short list first (imports, caches, the first queries), then each twice, in
    # turns, keeping the faster: the machine is shared, and a run measured while it was busy says little.
    warm_up = generate_xlsx(200)
    for way in (raw_lower_bound, our_import):
        empty_guests()
        way(warm_up, event)
    raws, tight_raws, firsts = [], [], []
    for _turn in range(2):
        empty_guests()
        raws.append(timed(lambda: raw_lower_bound(data, event))[0])
        empty_guests()
        tight_raws.append(timed(lambda: raw_lower_bound(data, event, by_position=True))[0])
        empty_guests()
        firsts.append(timed(lambda: our_import(data, event))[0])
    raw, tight_raw, first = min(raws), min(tight_raws), min(firsts)
    again, _ = timed(lambda: our_import(data, event))
    assert our_import(data, event).unchanged_count == rows
    library = None
    if not options.skip_library:
        empty_guests()
        library, _ = timed(lambda: library_default_import(data))
    empty_guests()
    page = preview_page_size(event, data)

    print(f"raw: calamine + bulk_create, Person(**fields) {raw:6.2f} s")
    print(f"raw lower bound, instances built by position  {tight_raw:6.2f} s")
    bound = first / tight_raw
    print(
        f"import into an empty event (preview+confirm)  {first:6.2f} s  = {bound:4.1f}x the lower bound "
        f"(bar: 1.5x), {first / raw:4.1f}x raw"
    )
    print(
        f"same file again, all unchanged                {again:6.2f} s  = {again / tight_raw:4.1f}x the bound"
    )
    if library is not None:
        print(
            f"django-import-export default, dry run+import {library:6.2f} s  = {library / first:4.1f}x ours"
        )
    print(f"admin preview page                            {page / 1e6:6.2f} MB (bar: 1 MB)")

    empty_guests()
    read_alone, command = command_line(generate_xlsx(2 * rows), workdir / "cli.xlsx", event)
    print(
        f"command line, {2 * rows} rows                   {command:6.2f} s  = {command / read_alone:4.1f}x "
        f"openpyxl reading it ({read_alone:.2f} s) (bar: 2.5x)"
    )
    empty_guests()
    peak = peak_memory_child(5 * rows, database_url)
    print(f"peak memory (RSS), {5 * rows} rows preview+confirm {peak:6.0f} MB (bar: 400 MB)")


if __name__ == "__main__":
    main()
