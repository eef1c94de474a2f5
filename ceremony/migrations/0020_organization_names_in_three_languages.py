"""Organizations get their names in English, Russian and Kazakh, a short name and aliases.

The one name each organization had goes into the field of its script: Kazakh letters make it the
Kazakh name, other Cyrillic the Russian one, anything else the English one. The history keeps the
same. On PostgreSQL the admin's search of the new names gets trigram indexes, as `name` had (0010).
"""

import re

import django.db.models.functions.text
from django.db import migrations, models


KAZAKH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
CYRILLIC = re.compile("[а-яёА-ЯЁ]")
SEARCHED = ("name_en", "name_ru", "name_kk", "short_name", "aliases")


def language_of(name):
    if KAZAKH.search(name):
        return "kk"
    return "ru" if CYRILLIC.search(name) else "en"


def names_to_their_language(apps, schema_editor):
    for model_name in ("Organization", "HistoricalOrganization"):
        model = apps.get_model("ceremony", model_name)
        rows = list(model._base_manager.only("pk", "name"))
        for row in rows:
            setattr(row, f"name_{language_of(row.name)}", row.name.strip() or None)
        model._base_manager.bulk_update(rows, ["name_en", "name_ru", "name_kk"], batch_size=500)


def names_back(apps, schema_editor):
    model = apps.get_model("ceremony", "Organization")
    rows = list(model._base_manager.all())
    for row in rows:
        row.name = row.name_en or row.name_ru or row.name_kk or row.name
    model._base_manager.bulk_update(rows, ["name"], batch_size=500)


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "ceremony_organization_{column}_trgm" ON "ceremony_organization" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED:
        schema_editor.execute(f'DROP INDEX IF EXISTS "ceremony_organization_{column}_trgm"')


class Migration(migrations.Migration):
    dependencies = [
        ("ceremony", "0019_guest_import_decisions_value_mappings"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="organization",
            name="organization_name_unique_ignoring_case",
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="Other names and spellings that guest lists use for it, one per line.",
                verbose_name="other names",
            ),
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="name_en",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="name_kk",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="name_ru",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="historicalorganization",
            name="short_name",
            field=models.CharField(
                blank=True,
                help_text="E.g. Роскосмос, ТАСС, Baiterek.",
                max_length=100,
                verbose_name="short name",
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="aliases",
            field=models.TextField(
                blank=True,
                help_text="Other names and spellings that guest lists use for it, one per line.",
                verbose_name="other names",
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="name_en",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="organization",
            name="name_kk",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="organization",
            name="name_ru",
            field=models.CharField(blank=True, max_length=255, null=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="organization",
            name="short_name",
            field=models.CharField(
                blank=True,
                help_text="E.g. Роскосмос, ТАСС, Baiterek.",
                max_length=100,
                verbose_name="short name",
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganization",
            name="kind",
            field=models.CharField(
                choices=[
                    ("government", "Government"),
                    ("space_agency", "Space agency"),
                    ("industry", "Industry"),
                    ("education", "Education"),
                    ("media", "Media"),
                    ("veterans_council", "Veterans' council"),
                    ("foreign_delegation", "Foreign delegation"),
                    ("nonprofit", "Non-profit organization"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="organization",
            name="kind",
            field=models.CharField(
                choices=[
                    ("government", "Government"),
                    ("space_agency", "Space agency"),
                    ("industry", "Industry"),
                    ("education", "Education"),
                    ("media", "Media"),
                    ("veterans_council", "Veterans' council"),
                    ("foreign_delegation", "Foreign delegation"),
                    ("nonprofit", "Non-profit organization"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="historicalorganization",
            name="name",
            field=models.CharField(blank=True, max_length=255, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="organization",
            name="name",
            field=models.CharField(blank=True, max_length=255, verbose_name="name"),
        ),
        migrations.RunPython(names_to_their_language, names_back),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
        migrations.AddConstraint(
            model_name="organization",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower(django.db.models.functions.text.Trim("name_en")),
                name="organization_name_en_unique_ignoring_case",
                violation_error_message="An organization with this name already exists.",
            ),
        ),
        migrations.AddConstraint(
            model_name="organization",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower(django.db.models.functions.text.Trim("name_ru")),
                name="organization_name_ru_unique_ignoring_case",
                violation_error_message="An organization with this name already exists.",
            ),
        ),
        migrations.AddConstraint(
            model_name="organization",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower(django.db.models.functions.text.Trim("name_kk")),
                name="organization_name_kk_unique_ignoring_case",
                violation_error_message="An organization with this name already exists.",
            ),
        ),
        migrations.AddConstraint(
            model_name="organization",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("name_en__isnull", False), models.Q(("name_en", ""), _negated=True)),
                    models.Q(("name_ru__isnull", False), models.Q(("name_ru", ""), _negated=True)),
                    models.Q(("name_kk__isnull", False), models.Q(("name_kk", ""), _negated=True)),
                    _connector="OR",
                ),
                name="organization_has_a_name",
                violation_error_message="Give the organization's name in at least one language.",
            ),
        ),
    ]
