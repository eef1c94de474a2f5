"""Backups: a backup restored into an empty database gives the same records and the same files.

The restore runs as an operator runs it, `manage.py restore` in its own process, into a database of
its own: a temporary SQLite file, or, when the suite runs on PostgreSQL, a throwaway PostgreSQL
database made and dropped here. Both databases are then read back with the backup command's JSON
(times to the microsecond) and compared record by record.
"""

import datetime
import gzip
import json
import os
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from ceremony.demo.loader import demo_program_load
from ceremony.models import Attendee
from tests import factories

ON_POSTGRESQL = connection.vendor == "postgresql"
VIDEO_BYTES = bytes(range(256)) * 64  # every byte value, as a video file has


def manage(*args, database_url, private_root, environment=None):
    """manage.py in a process of its own, on another database and private files folder (and what
    else `environment` sets)."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PRIVATE_MEDIA_ROOT": str(private_root),
        # The real settings, which read these from the environment as in production.
        "DJANGO_SETTINGS_MODULE": "baikonur_events.settings",
        "SECRET_KEY": "tests-only-secret-key",
        **(environment or {}),
    }
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def records(backup_folder):
    """The records of a JSON backup: {model: [record, ...]} in the order the backup lists them."""
    with gzip.open(Path(backup_folder) / "database.json.gz", "rt", encoding="utf-8") as dump:
        rows = json.load(dump)
    by_model = {}
    for row in rows:
        by_model.setdefault(row["model"], []).append(row)
    return by_model


def the_one(rows, **fields):
    (match,) = [row for row in rows if all(row["fields"].get(k) == v for k, v in fields.items())]
    return match["fields"]


def ceremony_with_kazakh_and_russian_text(private_root):
    event = factories.EventFactory(slug="jubilee", name_kk="Байқоңырдың 70 жылдығы")
    person = factories.PersonFactory(family_name="Жұмабеков", given_name="Әлихан", patronymic="Серікұлы")
    factories.AttendeeFactory(
        event=event,
        person=person,
        notes="Встречает аким; қарсы алу — 9:00",
        arrival=datetime.datetime(2025, 6, 1, 14, 30, 15, 123456, tzinfo=factories.ALMATY),
    )
    video = factories.VideoAddressFactory(
        program_item__event=event,
        program_item__title_kk="Мемлекет басшысының үндеуі",
        speaker_name="Қасым-Жомарт Тоқаев",
        media_file=SimpleUploadedFile("обращение.mp4", VIDEO_BYTES),
    )
    return video.media_file.name


@pytest.mark.django_db(transaction=True)  # the backup reads what is committed, as pg_dump does
def test_a_backup_restored_into_an_empty_database_holds_the_same_records(
    tmp_path, private_root, empty_database
):
    demo_program_load()
    video_name = ceremony_with_kazakh_and_russian_text(private_root)
    call_command("backup", "--output", str(tmp_path / "backup"))
    call_command("backup", "--json", "--output", str(tmp_path / "before"))  # to compare with

    restored_root = tmp_path / "restored-private"
    done = manage(
        "restore", str(tmp_path / "backup"), database_url=empty_database, private_root=restored_root
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Restored ")
    again = manage(
        "backup",
        "--json",
        "--output",
        str(tmp_path / "after"),
        database_url=empty_database,
        private_root=restored_root,
    )
    assert again.returncode == 0, again.stderr

    before, after = records(tmp_path / "before"), records(tmp_path / "after")
    counts = Counter({model: len(rows) for model, rows in before.items()})
    assert Counter({model: len(rows) for model, rows in after.items()}) == counts
    assert counts["ceremony.attendee"] > 300  # the demo's guests and ours
    assert after == before  # every field of every record, times to the microsecond

    person = the_one(after["ceremony.person"], family_name="Жұмабеков")
    assert (person["given_name"], person["patronymic"]) == ("Әлихан", "Серікұлы")
    attendee = the_one(after["ceremony.attendee"], notes="Встречает аким; қарсы алу — 9:00")
    assert attendee["arrival"] == "2025-06-01T09:30:15.123456Z"
    assert the_one(after["ceremony.event"], slug="jubilee")["name_kk"] == "Байқоңырдың 70 жылдығы"
    video = the_one(after["ceremony.videoaddress"], speaker_name="Қасым-Жомарт Тоқаев")
    assert video["media_file"] == video_name
    assert (restored_root / video_name).read_bytes() == VIDEO_BYTES
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"] == ("database.pgdump" if ON_POSTGRESQL else "database.json.gz")
    assert list(manifest["files"]) == [video_name]


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_records_unless_told_to_replace_them(
    tmp_path, private_root, empty_database
):
    factories.AttendeeFactory(notes="Из резервной копии")
    call_command("backup", "--output", str(tmp_path / "backup"))
    target = {"database_url": empty_database, "private_root": tmp_path / "restored-private"}
    assert manage("restore", str(tmp_path / "backup"), **target).returncode == 0

    refused = manage("restore", str(tmp_path / "backup"), **target)
    assert refused.returncode == 1
    assert "The database already holds records" in refused.stderr
    assert "--replace" in refused.stderr

    replaced = manage("restore", str(tmp_path / "backup"), "--replace", **target)
    assert replaced.returncode == 0, replaced.stderr
    manage("backup", "--json", "--output", str(tmp_path / "after"), **target)
    assert [row["fields"]["notes"] for row in records(tmp_path / "after")["ceremony.attendee"]] == [
        "Из резервной копии"
    ]


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_stops_the_restore_before_anything_changes(tmp_path, private_root):
    video = factories.VideoAddressFactory()
    video.media_file.save("address.mp4", ContentFile(b"the real video"))
    call_command("backup", "--output", str(tmp_path / "backup"))
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["files"][video.media_file.name] = "0" * 64  # the archive no longer matches
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    factories.AttendeeFactory(notes="Made after the backup")

    with pytest.raises(CommandError, match="damaged in the backup: video-addresses/address"):
        call_command("restore", str(tmp_path / "backup"), "--replace")
    assert Attendee.objects.filter(notes="Made after the backup").exists()
    assert Path(video.media_file.path).read_bytes() == b"the real video"
    assert not list(private_root.parent.glob(".restoring-*"))


@pytest.mark.django_db
def test_a_backup_goes_into_a_new_folder_only(tmp_path, private_root):
    (tmp_path / "backup").mkdir()
    (tmp_path / "backup" / "notes.txt").write_text("someone's file")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", "--output", str(tmp_path / "backup"))
    assert [path.name for path in (tmp_path / "backup").iterdir()] == ["notes.txt"]


@pytest.mark.django_db
def test_restore_refuses_a_backup_made_by_a_newer_version(tmp_path, private_root):
    factories.EventFactory()
    call_command("backup", "--json", "--output", str(tmp_path / "backup"))
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["migrations"].append("ceremony.9999_from_the_future")
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(CommandError, match=r"newer version .* ceremony\.9999_from_the_future"):
        call_command("restore", str(tmp_path / "backup"), "--replace")


@pytest.mark.django_db
def test_a_backup_lists_every_private_file_with_its_checksum(tmp_path, private_root):
    name = factories.VideoAddressFactory(
        media_file=SimpleUploadedFile("greeting.mp4", VIDEO_BYTES)
    ).media_file.name
    # A kept printout is made again from the database: not backed up.
    (private_root / "print-cache").mkdir(parents=True)
    (private_root / "print-cache" / f"{'0' * 64}.pdf").write_bytes(b"%PDF-1.7 kept program")
    call_command("backup", "--json", "--output", str(tmp_path / "backup"))
    with tarfile.open(tmp_path / "backup" / "private-files.tar") as archive:
        assert archive.getnames() == [name]
        assert archive.extractfile(name).read() == VIDEO_BYTES
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["files"]) == [name]
    assert manifest["records"]["ceremony.VideoAddress"] == 1


@pytest.mark.django_db(transaction=True)
def test_a_json_backup_made_before_a_field_was_renamed_restores_under_the_new_name(
    tmp_path, private_root, empty_database
):
    journal = {
        "organizations": [],
        "people": [],
        "attendees": [],
        "person_changes": {},
        "attendee_changes": {},
    }
    factories.GuestImportFactory(file_name="гости.xlsx", undo_journal=journal)
    call_command("backup", "--json", "--output", str(tmp_path / "backup"))
    # As the version before the rename wrote it: the field under its old name, the migration not yet run.
    dump = tmp_path / "backup" / "database.json.gz"
    rows = records(tmp_path / "backup")
    for row in rows["ceremony.guestimport"]:
        row["fields"]["changes"] = row["fields"].pop("undo_journal")
    with gzip.open(dump, "wt", encoding="utf-8") as out:
        json.dump([row for model_rows in rows.values() for row in model_rows], out, ensure_ascii=False)
    manifest_file = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["migrations"].remove("ceremony.0011_guestimport_undo_journal")
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")

    target = {"database_url": empty_database, "private_root": tmp_path / "restored-private"}
    done = manage("restore", str(tmp_path / "backup"), **target)
    assert done.returncode == 0, done.stderr
    manage("backup", "--json", "--output", str(tmp_path / "after"), **target)
    (restored,) = records(tmp_path / "after")["ceremony.guestimport"]
    assert (restored["fields"]["file_name"], restored["fields"]["undo_journal"]) == ("гости.xlsx", journal)


@pytest.mark.django_db(transaction=True)
def test_a_restore_removes_the_private_files_of_the_records_it_replaced(tmp_path, private_root):
    kept = factories.VideoAddressFactory()
    kept.media_file.save("address.mp4", ContentFile(b"in the backup"))
    call_command("backup", "--output", str(tmp_path / "backup"))
    later = factories.VideoAddressFactory()
    later.media_file.save("later.mp4", ContentFile(b"uploaded after the backup"))

    call_command("restore", str(tmp_path / "backup"), "--replace")

    files = sorted(
        path.relative_to(private_root).as_posix() for path in private_root.rglob("*") if path.is_file()
    )
    assert files == [kept.media_file.name]
    assert Path(kept.media_file.path).read_bytes() == b"in the backup"
