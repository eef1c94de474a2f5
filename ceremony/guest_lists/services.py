"""Guest-list imports, from upload to undo: what the admin and the command line call.

Preview reads and checks a file and records what importing it would do; confirm writes exactly that
in one transaction, or nothing if the data changed since; undo removes what an import wrote unless
someone changed it since. Functions are keyword-only and named <thing>_<verb>.
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ceremony.core.batches import chunks
from ceremony.models import (
    Attendee,
    GuestImport,
    Organization,
    Person,
)
from ceremony.permissions import may_view_identity_documents

from . import undo, writing
from .parsing import error, parse_guest_list
from .planning import plan_guest_list
from .reading import GuestListFileError, read_rows, too_big_message

logger = logging.getLogger(__name__)


def guest_import_preview(*, event, data, file_name, user=None, language=None, encoding=None, delimiter=None):
    """Read and check a guest list and record what importing it would do; writes no guest.

    Returns the GuestImport, with status PREVIEWED when it can be confirmed or HAS_ERRORS.
    """
    guest_import, _plan = _guest_import_check(
        event=event,
        data=data,
        file_name=file_name,
        user=user,
        language=language,
        encoding=encoding,
        delimiter=delimiter,
    )
    return guest_import


def guest_list_import(
    *, event, data, file_name, user=None, language=None, encoding=None, delimiter=None, dry_run=False
):
    """Check a guest list and, when no row has an error, import it at once (the command line's way).

    The same rules as preview + confirm, in one transaction, without keeping the checked rows around
    between the two steps.
    """
    with transaction.atomic():
        guest_import, plan = _guest_import_check(
            event=event,
            data=data,
            file_name=file_name,
            user=user,
            language=language,
            encoding=encoding,
            delimiter=delimiter,
        )
        if guest_import.can_confirm and not dry_run:
            _guest_import_apply(guest_import=guest_import, plan=plan, user=user)
        else:
            # A dry run or a list with errors leaves no trace: nothing was imported.
            transaction.set_rollback(True)
            guest_import.source_file.delete(save=False)
    return guest_import


def _guest_import_check(*, event, data, file_name, user, language, encoding, delimiter):
    language = language or event.default_language
    guest_import = GuestImport(event=event, file_name=file_name[:255], created_by=user, language=language)
    plan, parsed = None, None
    limit = settings.GUEST_IMPORT_MAX_BYTES
    if len(data) > limit:
        guest_import.errors = [error(None, "", "", too_big_message(len(data), limit))]
    else:
        try:
            parsed = parse_guest_list(
                read_rows(data, encoding=encoding, delimiter=delimiter), zone=event.zone
            )
        except GuestListFileError as reason:
            guest_import.errors = [error(None, "", "", str(reason))]
        else:
            plan = plan_guest_list(event=event, guests=parsed.guests, language=language)
            _guest_import_record_plan(guest_import, parsed, plan, user)
    guest_import.error_count = max(guest_import.error_count, len(guest_import.errors))
    if guest_import.errors:
        # Kept all the same, so the preview also shows what the rows without errors would do.
        guest_import.status = GuestImport.Status.HAS_ERRORS
    withheld = parsed is not None and parsed.identity_columns and not guest_import.holds_identity_documents
    if len(data) <= limit and not withheld:
        guest_import.source_file.save(_kept_file_name(file_name), ContentFile(data), save=False)
    guest_import.save()
    guest_import_files_purge()
    return guest_import, plan


def _guest_import_record_plan(guest_import, parsed, plan, user):
    """What the preview keeps: the first errors (all are counted), the checked rows and the plan."""
    errors = sorted(parsed.errors + plan.errors, key=lambda item: item["row"] or 0)
    guest_import.errors = errors[: settings.GUEST_IMPORT_ERRORS_KEPT]
    guest_import.error_count = parsed.errors.total + plan.errors.total
    guest_import.warnings = parsed.warnings + _identity_columns_warnings(guest_import, parsed, user)
    guest_import.guests = parsed.guests
    guest_import.preview = plan.entries
    guest_import.digest = plan.digest()
    guest_import.new_count = plan.new_count
    guest_import.updated_count = plan.updated_count
    guest_import.unchanged_count = plan.unchanged_count


def _identity_columns_warnings(guest_import, parsed, user):
    """Columns of identity documents are never imported; the file that holds them is kept only for those
    who may see identity documents (the command line's operator may), and only they download it."""
    if not parsed.identity_columns:
        return []
    columns = ", ".join(f"«{header}»" for header in parsed.identity_columns)
    if user is None or may_view_identity_documents(user):
        guest_import.holds_identity_documents = True
        return [
            _(
                "%(columns)s: identity documents, not imported. The uploaded file holds them, so only those "
                "who may see identity documents can download it."
            )
            % {"columns": columns}
        ]
    return [
        _(
            "%(columns)s: identity documents, not imported. The uploaded file was not kept, because you may "
            "not see identity documents."
        )
        % {"columns": columns}
    ]


def guest_import_files_purge(*, now=None):
    """Delete the uploaded files of imports that will not be imported (abandoned previews, lists with
    errors, stale ones, undone ones) once settings.GUEST_IMPORT_FILE_RETENTION_DAYS have passed since
    the upload: they are personal data, kept only as long as an import needs them. Runs after every
    preview and as `manage.py purge_guest_list_files`; returns how many files were deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.GUEST_IMPORT_FILE_RETENTION_DAYS)
    expired = (
        GuestImport.objects.filter(created_at__lt=cutoff)
        .exclude(status=GuestImport.Status.IMPORTED)
        .exclude(source_file="")
    )
    deleted = 0
    for guest_import in expired.only("pk", "source_file").iterator():
        guest_import.source_file.delete(save=False)
        GuestImport.objects.filter(pk=guest_import.pk).update(source_file="")
        deleted += 1
    return deleted


def _kept_file_name(file_name):
    """The uploaded file's own name, short enough for the file field (a suffix of 200 letters made the
    storage give up with an error)."""
    path = Path(Path(file_name).name)
    name = path.stem[:50] + path.suffix[:10]
    return name if name.strip(".") else "guest-list"


class GuestImportStale(Exception):
    """The address book changed between preview and confirm; a new preview is needed."""


def guest_import_confirm(*, guest_import, user=None):
    """Write exactly what the preview showed, in one transaction, or nothing if the data changed since."""
    with transaction.atomic():
        guest_import = (
            GuestImport.objects.select_for_update()
            .select_related("event")
            .defer("preview")  # the plan is made again below; the kept one may be large
            .get(pk=guest_import.pk)
        )
        if not guest_import.can_confirm:
            raise ValidationError(
                _("This import is “%(status)s” and cannot be confirmed.")
                % {"status": guest_import.get_status_display()}
            )
        plan = plan_guest_list(
            event=guest_import.event, guests=guest_import.guests, language=guest_import.language
        )
        if not plan.errors and plan.digest() == guest_import.digest:
            try:
                with transaction.atomic():
                    _guest_import_apply(guest_import=guest_import, plan=plan, user=user)
            except DatabaseError as failure:
                # A rule the checks above did not foresee: the database refused; nothing stays written.
                logger.exception("Guest import %s could not be written", guest_import.pk)
                raise ValidationError(
                    _("The database refused this import (%(reason)s). Nothing was imported.")
                    % {"reason": failure}
                ) from None
            return guest_import
    # Recorded outside the block above, so the import's page says what happened.
    GuestImport.objects.filter(pk=guest_import.pk).update(status=GuestImport.Status.STALE)
    raise GuestImportStale(
        _(
            "The guests or the address book changed since this preview, so it would no longer write "
            "what it showed. Nothing was imported: upload the file again for a new preview."
        )
    )


def _guest_import_apply(*, guest_import, plan, user=None):
    guest_import.undo_journal = writing.plan_write(guest_import=guest_import, plan=plan, user=user)
    guest_import.status = GuestImport.Status.IMPORTED
    guest_import.imported_at = timezone.now()
    guest_import.save(update_fields=["undo_journal", "status", "imported_at"])


class GuestImportUndoRefused(ValidationError):
    pass


def guest_import_undo(*, guest_import):
    """Remove what an import created and restore what it changed, unless those records changed since.

    Raises GuestImportUndoRefused naming every record edited since; then nothing is changed.
    """
    with transaction.atomic():
        guest_import = GuestImport.objects.select_for_update().defer("preview").get(pk=guest_import.pk)
        if not guest_import.can_undo:
            raise ValidationError(
                _("This import is “%(status)s” and cannot be undone.")
                % {"status": guest_import.get_status_display()}
            )
        journal = guest_import.undo_journal
        conflicts = undo.undo_conflicts(guest_import, journal)
        if conflicts:
            shown = conflicts[:20]
            more = len(conflicts) - len(shown)
            message = _(
                "Nothing was undone, because these records were changed after the import: %(list)s."
            ) % {"list": "; ".join(shown)}
            if more:
                message += " " + ngettext("And %(count)d more.", "And %(count)d more.", more) % {
                    "count": more
                }
            raise GuestImportUndoRefused(message)

        for pks in chunks(pk for _index, pk, _person in journal["attendees"]):
            Attendee.objects.filter(pk__in=pks).delete()
        for pks in chunks(pk for _index, pk, _organization in journal["people"]):
            Person.objects.filter(pk__in=pks).delete()
        history = {"default_change_reason": _("Undo of guest-list import #%(pk)s") % {"pk": guest_import.pk}}
        undo.journal_restore(Person, journal["person_changes"], history)
        undo.journal_restore(Attendee, journal["attendee_changes"], history)
        # An organization the import created stays if someone else has come to use it.
        Organization.objects.filter(
            pk__in=journal["organizations"], people__isnull=True, delegations__isnull=True
        ).delete()
        guest_import.status = GuestImport.Status.UNDONE
        guest_import.undone_at = timezone.now()
        guest_import.save(update_fields=["status", "undone_at"])
    return guest_import
