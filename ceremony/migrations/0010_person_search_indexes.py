"""Trigram indexes for the admin's name search on PostgreSQL (ceremony.admin.search.person_matches).

Django's icontains is `UPPER(column::text) LIKE UPPER('%term%')`, which a trigram index on that same
expression serves. SQLite has no such index and searches by scanning, which is fast enough for it.
"""

from django.db import migrations

SEARCHED = {
    "ceremony_person": (
        "family_name",
        "given_name",
        "patronymic",
        "family_name_latin",
        "given_name_latin",
        "email",
    ),
    "ceremony_organization": ("name",),
}


def index_names():
    for table, columns in SEARCHED.items():
        for column in columns:
            yield table, column, f"{table}_{column}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in index_names():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in index_names():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("ceremony", "0009_guestimport_source_file")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
