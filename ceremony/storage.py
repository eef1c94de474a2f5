from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    """Storage for uploads that must never be public (video files, imported lists).

    It has no base URL: files are kept outside the static root and reach a user only through a view
    that checks permissions. A callable keeps the path out of migrations.
    """
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
