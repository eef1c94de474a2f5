"""People stored before the import transliterated names get a Latin name as it would have given them.

A person whose Latin names are both blank and whose name is written in Cyrillic gets the Latin form
ceremony.wording.latin_from_cyrillic makes (a pure function, as the import and
Person.latin_transliterate call it), marked as transliterated (`name_latin_generated`), so that English
documents print it and the admin shows it as unchecked. A Latin name someone typed is left alone.

In batches of a thousand people, read by increasing pk (no cursor left open over the rows being
written, which SQLite would not isolate), so that an address book of 100,000 people is fine. Their
versions go up, as any write's, so that a form opened before cannot be saved over the new name. No
history row is written or rewritten: nobody typed the name, and each past version stays as it was
(0024 rewrote history rows only because the field their value was in went away). Going back keeps
the names, which are still right.
"""

from django.db import migrations

from ceremony.wording import latin_from_cyrillic, written_in_cyrillic

BATCH = 1000
FIELDS = ("family_name_latin", "given_name_latin", "name_latin_generated", "version")


def latin_names_transliterated(apps, schema_editor):
    person_model = apps.get_model("ceremony", "Person")
    lacking = (
        person_model._base_manager.filter(family_name_latin="", given_name_latin="")
        .only("pk", "family_name", "given_name", "version")
        .order_by("pk")
    )
    last = 0
    while batch := list(lacking.filter(pk__gt=last)[:BATCH]):
        last = batch[-1].pk
        filled = [person for person in batch if written_in_cyrillic(person.family_name, person.given_name)]
        for person in filled:
            person.family_name_latin = latin_from_cyrillic(person.family_name)
            person.given_name_latin = latin_from_cyrillic(person.given_name)
            person.name_latin_generated = True
            person.version += 1
        person_model._base_manager.bulk_update(filled, FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ("ceremony", "0027_job_kinds"),
    ]

    operations = [
        migrations.RunPython(latin_names_transliterated, migrations.RunPython.noop, elidable=True),
    ]
