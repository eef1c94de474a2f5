"""Where private files live (uploads, job results, the print cache): settings.STORAGES["private"], the
folder PRIVATE_MEDIA_ROOT on this machine by default, or an S3-compatible object store shared by every
web server and job worker. Either way a file's URL is the download view (/files/…), which checks who
asks before it streams the file or sends them to a short-lived signed address.
"""

import os

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models.signals import post_delete, pre_save
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header
from storages.backends.s3 import S3Storage


class PrivateStorage(FileSystemStorage):
    """Private files in a folder of this machine (PRIVATE_MEDIA_ROOT), outside the static root."""

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

    def signed_url(self, name, filename):
        return None  # a local file has no address of its own: the download view streams it

    @property
    def where(self):
        """Where the files are, as a backup or a restore reports it."""
        return f"the folder {self.location}"


class PrivateObjectStorage(S3Storage):
    """Private files as objects of an S3-compatible store (AWS S3, MinIO, Ceph): no object is public
    (no public-read ACL is ever set; the bucket's own policy keeps them private), and their own
    addresses are signed and short-lived (querystring_auth, PRIVATE_FILES_SIGNED_URL_SECONDS)."""

    def url(self, name):
        return reverse("private-file", kwargs={"name": name})

    @property
    def where(self):
        place = f"{self.bucket_name}/{self.location}".rstrip("/")
        return f"the bucket {place} at {self.endpoint_url or 'AWS S3'}"

    def signed_url(self, name, filename):
        """The object's own address, signed and valid PRIVATE_FILES_SIGNED_URL_SECONDS, that downloads
        it as an attachment named `filename`."""
        return super().url(
            name,
            parameters={"ResponseContentDisposition": content_disposition_header(True, filename)},
            expire=settings.PRIVATE_FILES_SIGNED_URL_SECONDS,
        )


class _PrivateFiles(LazyObject):
    # Like Django's default_storage: the configured storage, looked up when first used and again after
    # a change of STORAGES (a test's), while file fields keep this one object.
    def _setup(self):
        self._wrapped = storages["private"]


_private_files = _PrivateFiles()


def private_storage():
    # A callable keeps the configuration out of migrations.
    return _private_files


def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_files._wrapped = empty


setting_changed.connect(_storages_changed, dispatch_uid="private-storage")


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
