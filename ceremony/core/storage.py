import os

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models.signals import post_delete, pre_save
from django.urls import reverse


class PrivateStorage(FileSystemStorage):
    """Uploads that must never be public (video files, imported guest lists).

    Files are kept outside the static root; a file's URL is the download view, which serves it only
    to logged-in staff allowed to view the record that holds it.
    """

    # Read from settings each time, like MEDIA_ROOT for the default storage, so a changed setting
    # (a test's temporary folder) is followed.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        return reverse("private-file", kwargs={"name": name})


def private_storage():
    # A callable keeps the machine's path out of migrations.
    return PrivateStorage()


# Each upload folder belongs to one file field; viewing the file needs permission to view its record.
PRIVATE_FOLDERS = {
    "video-addresses/": ("ceremony.VideoAddress", "media_file"),
    "guest-imports/": ("ceremony.GuestImport", "source_file"),
    "job-results/": ("ceremony.Job", "result_file"),
}


def private_files_follow_their_records():
    """Delete a private file with the record that holds it (a deleted import, a deleted event's
    videos), and the file a record held before it got another: uploads are personal data and must
    not outlive their use. Called from apps.ready."""
    for model_label, field in PRIVATE_FOLDERS.values():
        model = apps.get_model(model_label)
        post_delete.connect(_delete_file_of(field), sender=model, weak=False, dispatch_uid=model_label)
        pre_save.connect(_delete_replaced_file_of(field), sender=model, weak=False, dispatch_uid=model_label)


def _delete_file_of(field):
    def delete(sender, instance, **kwargs):
        field_file = getattr(instance, field)
        if field_file.name:
            # Only once the deletion is committed: a rolled-back delete keeps its record and file.
            transaction.on_commit(lambda: field_file.storage.delete(field_file.name))

    return delete


def _delete_replaced_file_of(field):
    def delete(sender, instance, raw=False, update_fields=None, **kwargs):
        if raw or instance.pk is None or (update_fields is not None and field not in update_fields):
            return
        before = sender._base_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
        now = getattr(instance, field).name
        if before and before != now:
            storage = getattr(instance, field).storage
            # Only once the new one is committed: a save that fails keeps the file it had.
            transaction.on_commit(lambda: storage.delete(before))

    return delete


def record_and_private_file(name):
    """(the record holding the private file `name`, its file), or None when no record holds it."""
    for folder, (model_label, field) in PRIVATE_FOLDERS.items():
        if name.startswith(folder):
            model = apps.get_model(model_label)
            record = model._default_manager.filter(**{field: name}).first()
            return (record, getattr(record, field)) if record else None
    return None
