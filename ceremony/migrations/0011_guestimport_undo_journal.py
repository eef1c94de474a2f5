from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ceremony", "0010_person_search_indexes"),
    ]

    operations = [
        migrations.RenameField(model_name="guestimport", old_name="changes", new_name="undo_journal"),
    ]
