"""Printed event-wide documents kept by the fingerprint of what they show, so that printing an unchanged
program again costs a lookup instead of a WeasyPrint render.

The files are private (the program shows who speaks, the run-of-show staff notes), derived from the
database, and kept settings.PRINT_CACHE_DAYS: not downloadable by themselves, not in backups.
Going through the storage API, they follow the private storage wherever it is configured.
"""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from .storage import private_storage

FOLDER = "print-cache"


def _name(fingerprint):
    return f"{FOLDER}/{fingerprint}.pdf"


def cached_pdf(fingerprint):
    """The PDF printed before for `fingerprint`, or None."""
    try:
        with private_storage().open(_name(fingerprint), "rb") as cached:
            return cached.read()
    except FileNotFoundError:
        return None


def pdf_keep(fingerprint, pdf):
    storage = private_storage()
    name = _name(fingerprint)
    if not storage.exists(name):  # two processes printing it at once: the second keeps nothing
        storage.save(name, ContentFile(pdf))


def print_cache_expire(*, now=None):
    """Delete the documents kept longer than settings.PRINT_CACHE_DAYS; returns how many."""
    storage = private_storage()
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.PRINT_CACHE_DAYS)
    try:
        _folders, files = storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    expired = 0
    for file_name in files:
        name = f"{FOLDER}/{file_name}"
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                expired += 1
        except FileNotFoundError:
            pass  # another clean-up took it
    return expired
