"""Backups of the whole site, the database and the private uploaded files, and their restore.

A backup is a folder:

    manifest.json      what it holds: the engine, when it was made, the migrations it is at, how many
                       records of each model and the checksum of each file
    database.pgdump    PostgreSQL: pg_dump's custom format, restored with pg_restore
    database.json.gz   SQLite (or --json): dumpdata of every app, loaded into a migrated database
    private-files.tar  the private files (video addresses, guest lists, job results), from the private
                       storage: the folder PRIVATE_MEDIA_ROOT or the object store's bucket

The dump and the counts come from one snapshot of the database, so a backup made while organizers work
is consistent. A restore refuses a database that already holds records unless told to replace them,
and afterwards checks the records of every model and every file against the manifest.
"""

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from ceremony.core import print_cache
from ceremony.core.storage import private_storage

MANIFEST = "manifest.json"
PG_DUMP = "database.pgdump"
JSON_DUMP = "database.json.gz"
FILES = "private-files.tar"
# Logins in progress are not worth restoring.
NOT_KEPT = {"sessions"}
# A JSON backup leaves out what `migrate` makes again; its records refer to them by natural keys.
MADE_BY_MIGRATE = {"contenttypes", "auth.permission"}
# Fields renamed since, for JSON backups made before: {the migration that renamed it: (model, old, new)}.
# A JSON backup is loaded into the current models, which know only the new name.
RENAMED_FIELDS = {
    "ceremony.0011_guestimport_undo_journal": ("ceremony.guestimport", "changes", "undo_journal"),
}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


def backup_folder_default():
    return Path(settings.BASE_DIR) / "var" / "backups" / timezone.now().strftime("%Y%m%d-%H%M%S")


def backup_create(*, folder=None, portable=False):
    """Write a backup into `folder` (a new or empty folder); return the folder and its manifest.

    `portable` writes dumpdata JSON on PostgreSQL too, which restores into SQLite as well.
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BackupError(f"Backups of a {connection.vendor} database are not supported.")
    folder = Path(folder or backup_folder_default())
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; choose a new folder for the backup.")
    # It holds password hashes and guests' personal data: for the owner's eyes only.
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    native = connection.vendor == "postgresql" and not portable
    database_file = PG_DUMP if native else JSON_DUMP
    with _snapshot() as snapshot:
        if native:
            if snapshot is None:
                raise BackupError("Back up outside a transaction: pg_dump sees only what is committed.")
            _pg(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "--exclude-table-data=django_session",
                f"--snapshot={snapshot}",
                f"--file={folder / PG_DUMP}",
            )
        else:
            serializers.register_serializer("json-exact", "ceremony.ops.exact_json")
            call_command(
                "dumpdata",
                "--format=json-exact",
                "--all",
                "--natural-foreign",
                "--natural-primary",
                *(f"--exclude={label}" for label in sorted(NOT_KEPT | MADE_BY_MIGRATE)),
                output=str(folder / JSON_DUMP),
                verbosity=0,
            )
        records = _record_counts(_kept_models(native))
        migrations = sorted(
            f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
        )
    manifest = {
        "format": 1,
        "created": timezone.now().isoformat(),
        "engine": connection.vendor,
        "database": database_file,
        "migrations": migrations,
        "records": records,
        "files": _files_archive(folder / FILES),
        "files_from": private_storage().where,
    }
    (folder / MANIFEST).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return folder, manifest


def backup_restore(*, folder, replace=False):
    """Restore the backup in `folder` into the configured database and private files folder.

    Refuses a database that holds records unless `replace`; then they are deleted first (in the same
    transaction as the restore, so a failed restore leaves them). Returns the manifest.
    """
    folder = Path(folder)
    manifest = _manifest(folder)
    unknown = set(manifest["migrations"]) - _known_migrations()
    if unknown:
        raise BackupError(
            "This backup was made by a newer version of the software (it has migrations this version "
            f"does not know: {', '.join(sorted(unknown))}). Restore it with that version."
        )
    if _holds_records() and not replace:
        raise BackupError(
            "The database already holds records (users, events, guests, ...). Restore into an empty "
            "database, or add --replace (make restore REPLACE=yes) to delete them and put the backup's "
            "in their place."
        )
    if manifest["database"] == PG_DUMP and connection.vendor != "postgresql":
        raise BackupError(
            "This backup is a PostgreSQL dump: restore it into a PostgreSQL database "
            "(DATABASE_URL=postgres://...)."
        )
    # The files are unpacked and checked before the database is touched, and put in place after it
    # is restored: a damaged archive or a full disk stops the restore while nothing has changed.
    with _files_unpacked(folder / FILES, manifest["files"]) as unpacked:
        _database_restore(folder, manifest, replace)
        _files_put_in_place(unpacked)
    return manifest


def _database_restore(folder, manifest, replace):
    if manifest["database"] == PG_DUMP:
        connection.close()  # nothing of ours stands in pg_restore's way
        # --clean drops what a `migrate` may have made already; one transaction: all or nothing.
        _pg(
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            str(folder / PG_DUMP),
        )
        call_command("migrate", interactive=False, verbosity=0)
        _check_counts(manifest["records"])  # pg_restore has committed: this can only report
    else:
        call_command("migrate", interactive=False, verbosity=0)
        with transaction.atomic():
            if replace:
                call_command("flush", interactive=False, verbosity=0)
            with _fixture_of_this_version(folder / JSON_DUMP, manifest) as fixture:
                call_command("loaddata", str(fixture), verbosity=0)
            _check_counts(manifest["records"])  # before the commit: a short restore is undone


@contextmanager
def _fixture_of_this_version(path, manifest):
    """The JSON dump with the fields renamed since it was made under their new names."""
    renames = [
        rename for migration, rename in RENAMED_FIELDS.items() if migration not in manifest["migrations"]
    ]
    if not renames:
        yield path
        return
    with gzip.open(path, "rt", encoding="utf-8") as dump:
        rows = json.load(dump)
    for row in rows:
        for model, old, new in renames:
            if row["model"] == model and old in row["fields"]:
                row["fields"][new] = row["fields"].pop(old)
    with tempfile.TemporaryDirectory() as scratch:
        renamed = Path(scratch) / JSON_DUMP
        with gzip.open(renamed, "wt", encoding="utf-8") as out:
            json.dump(rows, out, ensure_ascii=False)
        yield renamed


# ---------------------------------------------------------------------------------------------------
# The database


@contextmanager
def _snapshot():
    """One unchanging view of the database for the dump and the counts; on PostgreSQL, the id of the
    snapshot, for pg_dump to share (None when called inside a transaction, which pg_dump cannot see)."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            yield cursor.fetchone()[0]
        return
    with transaction.atomic():  # SQLite: a read transaction sees one state of the file
        yield None


def _kept_models(native):
    left_out = NOT_KEPT if native else NOT_KEPT | MADE_BY_MIGRATE
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.app_label in left_out or opts.label_lower in left_out:
            continue
        yield model


def _record_counts(models):
    return {model._meta.label: model._base_manager.count() for model in models}


def _check_counts(expected):
    # The records people made: users and our apps. What `migrate` makes (permissions, content types,
    # role groups) may rightly differ when a newer version restores an older backup.
    user_label = get_user_model()._meta.label
    kept = {
        label: count
        for label, count in expected.items()
        if label == user_label or label.split(".")[0] in ("ceremony", "awards")
    }
    restored = _record_counts(apps.get_model(label) for label in kept)
    different = [
        f"{label}: {count} in the backup, {restored[label]} restored"
        for label, count in kept.items()
        if restored[label] != count
    ]
    if different:
        raise BackupError("The restored database differs from the backup: " + "; ".join(different))


def _holds_records():
    """Whether the database has users or records of the ceremony or the awards.

    What `migrate` makes (content types, permissions, the role groups) does not count.
    """
    tables = set(connection.introspection.table_names())
    models = [
        get_user_model(),
        *apps.get_app_config("ceremony").get_models(),
        *apps.get_app_config("awards").get_models(),
    ]
    return any(model._meta.db_table in tables and model._base_manager.exists() for model in models)


def _known_migrations():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {f"{app}.{name}" for app, name in loader.disk_migrations}


def _pg(program, *args):
    """Run pg_dump or pg_restore on the configured database."""
    if shutil.which(program) is None:
        raise BackupError(
            f"{program} is missing: install PostgreSQL's client programs (apt-get install postgresql-client)."
        )
    database = connection.settings_dict
    command = [program, f"--dbname={database['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command.append(f"{option}={database[key]}")
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    if database.get("OPTIONS", {}).get("sslmode"):
        environment["PGSSLMODE"] = database["OPTIONS"]["sslmode"]
    # The program is ours, the arguments come from the settings: no shell, nothing from a request.
    done = subprocess.run(  # noqa: S603
        [*command, *args], env=environment, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()}")


# ---------------------------------------------------------------------------------------------------
# Files and the manifest


def _stored_names(storage, folder=""):
    """Every file's name in `storage` under `folder`, whatever the storage (a folder, a bucket)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # no private file was ever kept
        return
    for file_name in sorted(files):
        yield f"{folder}/{file_name}" if folder else file_name
    for sub_folder in sorted(folders):
        yield from _stored_names(storage, f"{folder}/{sub_folder}" if folder else sub_folder)


class _Hashing:
    """A file read once, for the tar and for its checksum together (a video need not be read twice
    from an object store)."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size=-1):
        block = self.file.read(size)
        self.digest.update(block)
        return block


def _files_archive(path):
    """Put every private file into a tar at `path`, read through the private storage (a folder or a
    bucket); return {name: sha256} of what it holds.

    Kept printouts are left out: they are made again from the database.
    """
    storage = private_storage()
    checksums = {}
    with tarfile.open(path, "w") as archive:
        for name in _stored_names(storage):
            if name.split("/")[0] == print_cache.FOLDER:
                continue
            entry = tarfile.TarInfo(name)
            entry.size = storage.size(name)
            entry.mtime = int(storage.get_modified_time(name).timestamp())
            entry.mode = 0o600
            with storage.open(name, "rb") as stored:
                hashing = _Hashing(stored)
                archive.addfile(entry, hashing)
            checksums[name] = hashing.digest.hexdigest()
    return checksums


def _files_local():
    return isinstance(private_storage(), FileSystemStorage)


@contextmanager
def _files_unpacked(path, checksums):
    """The backup's files unpacked and checked, removed after: into a folder beside PRIVATE_MEDIA_ROOT
    (so that each is then moved into place, whole), or for an object store a temporary folder."""
    if _files_local():
        root = Path(settings.PRIVATE_MEDIA_ROOT)
        root.parent.mkdir(parents=True, exist_ok=True)
        unpacked = Path(tempfile.mkdtemp(prefix=".restoring-", dir=root.parent))
    else:
        unpacked = Path(tempfile.mkdtemp(prefix="baikonur-restoring-"))
    try:
        with tarfile.open(path) as archive:
            # The "data" filter keeps every file inside the folder, whatever the archive says.
            archive.extractall(unpacked, filter="data")
        damaged = [
            name
            for name, checksum in checksums.items()
            if not (unpacked / name).is_file() or _sha256(unpacked / name) != checksum
        ]
        if damaged:
            raise BackupError("These files are damaged in the backup: " + ", ".join(damaged))
        yield unpacked
    finally:
        shutil.rmtree(unpacked, ignore_errors=True)


def _files_put_in_place(unpacked):
    if not _files_local():
        _files_put_in_bucket(unpacked)
        return
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    restored = set()
    for file in sorted(unpacked.rglob("*")):
        if file.is_file():
            target = root / file.relative_to(unpacked)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(file, target)  # same file system: each file appears whole or not at all
            restored.add(target)
    # Uploads of the records the restore replaced (guest lists, videos: personal data) go with them.
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path not in restored:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _files_put_in_bucket(unpacked):
    """The object store's version of the above: each file uploaded under its own name (an object
    appears whole or not at all), then the objects the restore did not bring are deleted."""
    storage = private_storage()
    restored = set()
    for file in sorted(unpacked.rglob("*")):
        if file.is_file():
            name = file.relative_to(unpacked).as_posix()
            if storage.exists(name):
                storage.delete(name)  # else the storage would keep both, the new one renamed
            with file.open("rb") as content:
                saved = storage.save(name, File(content))
            if saved != name:
                raise BackupError(f"The object store kept {name} as {saved}; restore again.")
            restored.add(name)
    for name in list(_stored_names(storage)):
        if name not in restored:
            storage.delete(name)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _manifest(folder):
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(f"{folder} is not a backup: it has no {MANIFEST}.") from None
    if manifest.get("format") != 1:
        raise BackupError(f"{folder / MANIFEST} is of an unknown format.")
    for name in (manifest["database"], FILES):
        if not (folder / name).is_file():
            raise BackupError(f"The backup is incomplete: {folder / name} is missing.")
    return manifest
