"""How long undoing a big guest-list import takes (issue 12: 50,000 rows must finish, well inside a job).

    .venv/bin/python benchmarks/undo_guests.py [--rows 50000] [--database-url URL]

On a throwaway database (a temporary SQLite file unless --database-url names an empty one), for a
generated XLSX list (benchmarks/import_guests.py makes it):
- the undo of an import that created every row (people and attendees deleted, with their history);
- the undo of a second import that changed every row's position (values restored, with history).
"""

import argparse
import tempfile
import time
from pathlib import Path

from import_guests import empty_guests, generate_xlsx, timed
from throwaway_db import setup_django


def imported(data, event):
    from ceremony.guest_lists.services import guest_import_confirm, guest_import_preview

    guest_import = guest_import_preview(event=event, data=data, file_name="bench.xlsx")
    assert not guest_import.errors, guest_import.errors[:3]
    return guest_import_confirm(guest_import=guest_import)


def undone(guest_import):
    """The undo; returns its progress steps and the CPU seconds of this process (with SQLite, the
    database's work too: a fairer figure than the wall clock on a busy machine)."""
    from ceremony.guest_lists.services import guest_import_undo

    steps, cpu = [], time.process_time()
    guest_import_undo(guest_import=guest_import, step=lambda done, total: steps.append(done))
    return steps, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database-url")
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-undo-"))
    database_url = options.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    setup_django(database_url)
    from ceremony.models import Attendee, Person
    from tests.factories import EventFactory

    rows = options.rows
    data = generate_xlsx(rows)
    event = EventFactory(slug="bench")
    print(f"{rows} rows, database {database_url.split(':')[0]}")

    empty_guests()
    started = time.perf_counter()
    first = imported(data, event)
    print(f"import (preview+confirm)                 {time.perf_counter() - started:6.2f} s")
    created, (steps, cpu) = timed(lambda: undone(first))
    assert Attendee.objects.count() == Person.objects.count() == 0
    print(f"undo of {rows} created guests    {created:6.2f} s, CPU {cpu:6.2f} s  ({len(steps)} steps)")

    first = imported(data, event)
    changed = generate_xlsx(rows, positions=("Инженер", "Ветеран Байконура", "Студент"))
    second = imported(changed, event)
    assert second.updated_count > 0, "the second list changes nothing"
    restored, (steps, cpu) = timed(lambda: undone(second))
    positions = set(Person.objects.values_list("position_ru", flat=True).distinct())
    assert "Ветеран Байконура" not in positions, positions
    count = second.updated_count
    print(f"undo of {count} changed guests    {restored:6.2f} s, CPU {cpu:6.2f} s  ({len(steps)} steps)")


if __name__ == "__main__":
    main()
