"""The jobs of guest lists: checking, confirming and undoing a long import, and a long export.

The services do the work, each writing in one transaction. Progress people can watch is written
outside it (rows read, then checked); while a transaction writes, the counts go out through
`progress.in_transaction()` (a second connection on PostgreSQL; on SQLite only the phase shows).
"""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _

from ceremony.guest_lists import services
from ceremony.guest_lists.export import guest_list_export
from ceremony.models import GuestImport


def guest_import_check(job, progress):
    """Read and check an uploaded list; the result is the import's preview page."""
    guest_import = services.guest_import_check(
        guest_import=GuestImport(pk=job.parameters["guest_import"]),
        encoding=job.parameters.get("encoding"),
        delimiter=job.parameters.get("delimiter"),
        progress=progress,
    )
    if guest_import.errors:
        message = _("Checked: %(count)d errors to fix before importing.") % {
            "count": guest_import.error_count
        }
    else:
        message = _("Checked: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
            "new": guest_import.new_count,
            "updated": guest_import.updated_count,
            "unchanged": guest_import.unchanged_count,
        }
    progress.finish(url=_page(guest_import), message=message)


def guest_import_confirm(job, progress):
    """Write what the preview showed, all or nothing; the result is the import's page."""
    progress(0, message=_("Checking the list against the address book again, then writing it."))
    try:
        guest_import = services.guest_import_confirm(
            guest_import=GuestImport(pk=job.parameters["guest_import"]),
            user=job.created_by,
            step=progress.in_transaction(_("Writing the guests: none is kept until all are written.")),
        )
    except services.GuestImportStale as stale:
        raise ValidationError(str(stale)) from None
    progress.finish(
        url=_page(guest_import),
        message=_("Imported “%(file)s”: %(new)d new, %(updated)d updated, %(unchanged)d unchanged.")
        % {
            "file": guest_import.file_name,
            "new": guest_import.new_count,
            "updated": guest_import.updated_count,
            "unchanged": guest_import.unchanged_count,
        },
    )


def guest_import_undo(job, progress):
    """Remove what the import created and restore what it changed, all or nothing."""
    progress(0, message=_("Looking for changes made since the import, then undoing it."))
    guest_import = services.guest_import_undo(
        guest_import=GuestImport(pk=job.parameters["guest_import"]),
        user=job.created_by,
        step=progress.in_transaction(_("Undoing the import: nothing changes until all of it is undone.")),
    )
    progress.finish(
        url=_page(guest_import),
        message=_("The import of “%(file)s” was undone.") % {"file": guest_import.file_name},
    )


def guest_list_export_job(job, progress):
    """The guest list of the attendees chosen, as the export action writes it; the result is the file."""
    parameters = job.parameters
    data = guest_list_export(
        pks=parameters["attendees"],
        file_format=parameters["format"],
        export_fields=parameters.get("fields"),
        step=lambda done, total: progress(done, total),
    )
    progress.finish(
        file=ContentFile(data),
        file_name=parameters["file_name"],
        message=_("%(count)d attendees exported.") % {"count": len(parameters["attendees"])},
    )


def _page(guest_import):
    return reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])
