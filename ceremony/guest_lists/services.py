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

from ceremony.core.history import written_by
from ceremony.jobs.services import job_start
from ceremony.models import GuestImport, Job
from ceremony.permissions import may_view_identity_documents

from . import undo, writing
from .cells import clean_multiline_text
from .columns import COLUMNS_BY_KEY
from .mappings import event_mappings, mappings_with, value_mapping_set
from .parsing import error, parse_guest_list
from .planning import plan_guest_list
from .reading import GuestListFileError, read_rows, rows_estimate, too_big_message

logger = logging.getLogger(__name__)


PROGRESS_EVERY = 500  # rows between two reports of a job's progress (each is a database write)


def guest_import_preview(
    *, event, data, file_name, user=None, language=None, encoding=None, delimiter=None, overwrite=False
):
    """Read and check a guest list and record what importing it would do; writes no guest.

    Returns the GuestImport, with status PREVIEWED when it can be confirmed or HAS_ERRORS. Stored
    values the file would replace are proposals unless `overwrite` (or the organizer accepts them).
    """
    guest_import, _plan = _guest_import_check(
        _new_guest_import(event, file_name, user, language),
        data,
        user=user,
        encoding=encoding,
        delimiter=delimiter,
        overwrite=overwrite,
    )
    return guest_import


def guest_import_upload(*, event, data, file_name, user=None, language=None, encoding=None, delimiter=None):
    """The admin's upload: a list of up to settings.GUEST_IMPORT_JOB_ROWS rows is previewed at once; a
    longer one is kept and checked by a job. Returns (the GuestImport, the job or None)."""
    rows = rows_estimate(data)
    if rows <= settings.GUEST_IMPORT_JOB_ROWS or len(data) > settings.GUEST_IMPORT_MAX_BYTES:
        guest_import = guest_import_preview(
            event=event,
            data=data,
            file_name=file_name,
            user=user,
            language=language,
            encoding=encoding,
            delimiter=delimiter,
        )
        return guest_import, None
    with transaction.atomic():
        guest_import = _new_guest_import(event, file_name, user, language)
        guest_import.status = GuestImport.Status.CHECKING
        guest_import.source_file.save(_kept_file_name(file_name), ContentFile(data), save=False)
        guest_import.save()
        job = _check_job_start(guest_import, user=user, rows=rows, encoding=encoding, delimiter=delimiter)
    return guest_import, job


def guest_import_check(*, guest_import, encoding=None, delimiter=None, progress=None):
    """Read and check the kept file of an upload that a job checks (see guest_import_upload), as
    guest_import_preview does; `progress(done, total, message)` hears of it every few hundred rows."""
    guest_import = GuestImport.objects.select_related("event", "created_by").get(pk=guest_import.pk)
    if guest_import.status != GuestImport.Status.CHECKING:
        raise ValidationError(_("This guest list has been checked already."))
    with guest_import.source_file.open("rb") as kept:
        data = kept.read()
    _check_reset(guest_import)
    guest_import, _plan = _guest_import_check(
        guest_import,
        data,
        user=guest_import.created_by,
        encoding=encoding,
        delimiter=delimiter,
        progress=progress,
    )
    return guest_import


# ---------------------------------------------------------------------------------------------------
# Fixing the list in the preview: every decision is kept on the import and the file is checked again


def guest_import_cell_fix(*, guest_import, row, column_key, text, user=None):
    """Read `text` instead of the file's cell in `row`, column `column_key`; checks the list again.
    Returns (the import, the job that checks it or None), as guest_import_recheck."""
    if column_key not in COLUMNS_BY_KEY:
        raise ValidationError(_("This list has no such column."))
    text = clean_multiline_text(text)

    def decide(decisions):
        decisions.setdefault("cells", {}).setdefault(str(int(row)), {})[column_key] = text

    return guest_import_recheck(guest_import=guest_import, decide=decide, user=user)


def guest_import_row_skip(*, guest_import, row, skip=True, user=None):
    """Leave `row` out of the import (or, `skip` False, read it again); checks the list again."""

    def decide(decisions):
        skipped = {int(number) for number in decisions.get("skip", [])}
        skipped = skipped | {int(row)} if skip else skipped - {int(row)}
        decisions["skip"] = sorted(skipped)
        if not skip:
            decisions.get("cells", {}).pop(str(int(row)), None)

    return guest_import_recheck(guest_import=guest_import, decide=decide, user=user)


def guest_import_value_map(*, guest_import, column_key, value, target, user=None):
    """Remember for the event what `value` means in column `column_key` (a ValueMapping, used by
    every later import too); checks the list again."""
    value_mapping_set(event=guest_import.event, column_key=column_key, value=value, target=target, user=user)
    return guest_import_recheck(guest_import=guest_import, user=user)


def guest_import_overwrite_accept(*, guest_import, column_key, row=None, user=None):
    """Let the file's values replace the stored ones in column `column_key`: for the guest of `row`,
    or for every guest when `row` is None. Checks the list again."""
    if column_key not in COLUMNS_BY_KEY:
        raise ValidationError(_("This list has no such column."))

    def decide(decisions):
        overwrite = decisions.get("overwrite")
        if overwrite is True:
            return
        overwrite = overwrite or {"columns": [], "fields": {}}
        if row is None:
            overwrite["columns"] = sorted({*overwrite.get("columns", []), column_key})
        else:
            fields = overwrite.setdefault("fields", {})
            fields[str(int(row))] = sorted({*fields.get(str(int(row)), []), column_key})
        decisions["overwrite"] = overwrite

    return guest_import_recheck(guest_import=guest_import, decide=decide, user=user)


def guest_import_overwrite_decline(*, guest_import, user=None):
    """Keep every stored value again, whatever was accepted; checks the list again."""
    return guest_import_recheck(
        guest_import=guest_import, decide=lambda decisions: decisions.pop("overwrite", None), user=user
    )


def guest_import_same_as(*, guest_import, row, person=None, user=None):
    """Say who the guest of `row` is: the stored person `person` (a pk), or someone new (None), where
    the preview found people they may be. Checks the list again."""

    def decide(decisions):
        decisions.setdefault("same_as", {})[str(int(row))] = int(person or 0)

    return guest_import_recheck(guest_import=guest_import, decide=decide, user=user)


def guest_import_recheck(*, guest_import, decide=None, user=None):
    """Check the kept file again, after `decide(decisions)` has changed the organizer's decisions in
    place: at once for a short list, by a job for a long one (settings.GUEST_IMPORT_JOB_ROWS).
    Returns (the import, the job or None).

    The decisions are read and changed under the import's row lock: two organizers deciding at once
    both have their say, neither overwrites the other's. Only an import not yet written can be
    checked again, and only while its uploaded file is kept.
    """
    with transaction.atomic():
        guest_import = (
            GuestImport.objects.select_for_update(of=("self",))
            .select_related("event", "created_by")
            .get(pk=guest_import.pk)
        )
        if guest_import.status not in RECHECKED or guest_import_busy(guest_import):
            raise ValidationError(
                _("This import is “%(status)s”: its preview cannot change any more.")
                % {"status": guest_import.get_status_display()}
            )
        if not guest_import.source_file:
            raise ValidationError(
                _("The uploaded file was not kept, so the list cannot be checked again: upload it again.")
            )
        with guest_import.source_file.open("rb") as kept:
            data = kept.read()
        decisions = guest_import.decisions or {}
        if decide is not None:
            decide(decisions)
        guest_import.decisions = decisions
        read = decisions.get("read", {})
        rows = rows_estimate(data)
        if rows > settings.GUEST_IMPORT_JOB_ROWS:
            guest_import.status = GuestImport.Status.CHECKING
            guest_import.save(update_fields=["decisions", "status"])
            job = _check_job_start(
                guest_import,
                user=user,
                rows=rows,
                encoding=read.get("encoding"),
                delimiter=read.get("delimiter"),
                previous=guest_import.job_id,
            )
            return guest_import, job
        _check_reset(guest_import)
        guest_import, _plan = _guest_import_check(
            guest_import,
            data,
            user=guest_import.created_by,
            encoding=read.get("encoding"),
            delimiter=read.get("delimiter"),
        )
    return guest_import, None


# An import whose preview can still change: not written, not undone.
RECHECKED = (GuestImport.Status.PREVIEWED, GuestImport.Status.HAS_ERRORS, GuestImport.Status.STALE)


def _check_reset(guest_import):
    """What a check finds starts afresh (the counts of a check that fails early stay at none)."""
    guest_import.errors, guest_import.warnings, guest_import.skipped = [], [], []
    guest_import.guests, guest_import.preview, guest_import.digest = [], [], ""
    guest_import.proposals = []
    guest_import.error_count = guest_import.new_count = guest_import.updated_count = 0
    guest_import.unchanged_count = 0


def _new_guest_import(event, file_name, user, language):
    return GuestImport(
        event=event,
        file_name=file_name[:255],
        created_by=user,
        language=language or event.default_language,
    )


def guest_list_import(
    *,
    event,
    data,
    file_name,
    user=None,
    language=None,
    encoding=None,
    delimiter=None,
    dry_run=False,
    mappings=(),
    overwrite=False,
    same_as=None,
    progress=None,
    step=None,
):
    """Check a guest list and, when no row has an error, import it at once (the command line's way).

    The same rules as preview + confirm, in one transaction, without keeping the checked rows around
    between the two steps. `mappings` (mappings.mapping_specs_parse of --map) add to the event's, and
    are remembered for it when the list is written. Stored values are kept unless `overwrite`; the
    import's `proposals` say which. `same_as` ({row: person pk, or 0 for someone new}) says who
    guests are where the address book only has people they may be. `progress(done, total, message)`
    hears of the rows read and checked, `step(done, total)` of those written.
    """
    with transaction.atomic():
        guest_import, plan = _guest_import_check(
            _new_guest_import(event, file_name, user, language),
            data,
            user=user,
            encoding=encoding,
            delimiter=delimiter,
            progress=progress,
            mappings=mappings,
            overwrite=overwrite,
            same_as=same_as,
        )
        if guest_import.can_confirm and not dry_run:
            for column, value, code in mappings:
                value_mapping_set(event=event, column_key=column.key, value=value, target=code, user=user)
            _guest_import_apply(guest_import=guest_import, plan=plan, user=user, step=step)
        else:
            # A dry run or a list with errors leaves no trace: nothing was imported.
            transaction.set_rollback(True)
            guest_import.source_file.delete(save=False)
    return guest_import


def _guest_import_check(
    guest_import, data, *, user, encoding, delimiter, progress=None, mappings=(), overwrite=None, same_as=None
):
    """Read, check and plan the list into `guest_import` (saved); returns it and the plan (or None).

    The event's value mappings (and `mappings` from the command line) apply, and what the organizer
    decided on the preview (guest_import.decisions: cells corrected, rows skipped, stored values the
    file may replace, who guests are); the command line's `overwrite` and `same_as` are added to them.
    """
    event, language = guest_import.event, guest_import.language
    decisions = guest_import.decisions
    decisions["read"] = {"encoding": encoding, "delimiter": delimiter}
    if overwrite:
        decisions["overwrite"] = True
    if same_as:
        decisions["same_as"] = decisions.get("same_as", {}) | {str(row): pk for row, pk in same_as.items()}
    plan, parsed = None, None
    limit = settings.GUEST_IMPORT_MAX_BYTES
    if len(data) > limit:
        guest_import.errors = [error(None, "", "", too_big_message(len(data), limit))]
    else:
        try:
            rows = read_rows(data, encoding=encoding, delimiter=delimiter)
            if progress is not None:
                rows = _rows_counted(rows, progress, rows_estimate(data))
            parsed = parse_guest_list(
                rows,
                zone=event.zone,
                mappings=mappings_with(event_mappings(event), mappings),
                corrections={int(row): cells for row, cells in decisions.get("cells", {}).items()},
                skipped_rows={int(row) for row in decisions.get("skip", [])},
            )
        except GuestListFileError as reason:
            guest_import.errors = [error(None, "", "", str(reason))]
        else:
            if progress is not None:
                count = len(parsed.guests)
                progress(
                    count,
                    count,
                    _("%(count)d guests read; checking them against the address book.") % {"count": count},
                )
            plan = plan_guest_list(
                event=event, guests=parsed.guests, language=language, **_decided(decisions)
            )
            _guest_import_record_plan(guest_import, parsed, plan, user)
    guest_import.error_count = max(guest_import.error_count, len(guest_import.errors))
    # Kept all the same when there are errors, so the preview also shows what the rows without errors
    # would do.
    guest_import.status = (
        GuestImport.Status.HAS_ERRORS if guest_import.errors else GuestImport.Status.PREVIEWED
    )
    withheld = parsed is not None and parsed.identity_columns and not guest_import.holds_identity_documents
    if withheld or len(data) > limit:
        guest_import.source_file.delete(save=False)
    elif not guest_import.source_file:
        guest_import.source_file.save(_kept_file_name(guest_import.file_name), ContentFile(data), save=False)
    guest_import.save()
    guest_import_files_purge()
    return guest_import, plan


def _decided(decisions):
    """What plan_guest_list takes of the organizer's decisions."""
    return {"overwrite": decisions.get("overwrite"), "same_as": decisions.get("same_as")}


def _rows_counted(rows, progress, estimate):
    """The rows as they are read, telling `progress` every PROGRESS_EVERY of them."""
    count = 0
    for count, row in enumerate(rows, start=1):
        if count % PROGRESS_EVERY == 0:
            # The estimate can fall short of the rows (a job's done never passes its total).
            progress(count, max(estimate, count), _("%(count)d rows read.") % {"count": count})
        yield row


def _guest_import_record_plan(guest_import, parsed, plan, user):
    """What the preview keeps: the first errors (all are counted), the checked rows and the plan."""
    errors = sorted(parsed.errors + plan.errors, key=lambda item: item["row"] or 0)
    guest_import.errors = errors[: settings.GUEST_IMPORT_ERRORS_KEPT]
    guest_import.error_count = parsed.errors.total + plan.errors.total
    guest_import.warnings = parsed.warnings + _identity_columns_warnings(guest_import, parsed, user)
    guest_import.skipped = parsed.skipped[: settings.GUEST_IMPORT_ERRORS_KEPT]
    guest_import.guests = parsed.guests
    guest_import.preview = plan.entries
    guest_import.proposals = plan.proposals
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


def guest_import_confirm(*, guest_import, user=None, step=None):
    """Write exactly what the preview showed, in one transaction, or nothing if the data changed since.

    A second confirm of the same import (two clicks, two jobs) waits for the first's lock and is then
    refused. `step(done, total)` is called as the guests are written.
    """
    with transaction.atomic():
        guest_import = (
            GuestImport.objects.select_for_update()
            .select_related("event")
            .defer("preview", "proposals")  # the plan is made again below; the kept one may be large
            .get(pk=guest_import.pk)
        )
        if not guest_import.can_confirm:
            raise ValidationError(
                _("This import is “%(status)s” and cannot be confirmed.")
                % {"status": guest_import.get_status_display()}
            )
        plan = plan_guest_list(
            event=guest_import.event,
            guests=guest_import.guests,
            language=guest_import.language,
            similar=False,
            **_decided(guest_import.decisions),
        )
        if not plan.errors and plan.digest() == guest_import.digest:
            try:
                with transaction.atomic():
                    _guest_import_apply(guest_import=guest_import, plan=plan, user=user, step=step)
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


def _guest_import_apply(*, guest_import, plan, user=None, step=None):
    guest_import.undo_journal = writing.plan_write(guest_import=guest_import, plan=plan, user=user, step=step)
    guest_import.status = GuestImport.Status.IMPORTED
    guest_import.imported_at = timezone.now()
    # A conditional update: of two confirms that got this far (SQLite has no row lock), one imports.
    if not GuestImport.objects.filter(pk=guest_import.pk, status=GuestImport.Status.PREVIEWED).update(
        undo_journal=guest_import.undo_journal,
        status=guest_import.status,
        imported_at=guest_import.imported_at,
    ):
        raise ValidationError(_("This import was confirmed meanwhile."))


class GuestImportUndoRefused(ValidationError):
    pass


def guest_import_undo(*, guest_import, user=None, step=None):
    """Remove what an import created and restore what it changed, unless those records changed since.

    Raises GuestImportUndoRefused naming every record edited since; then nothing is changed. A second
    undo of the same import (two clicks, two jobs) waits for the first's lock and is then refused.
    `step(done, total)` is called as the records are written.
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
        reason = _("Undo of guest-list import #%(pk)s") % {"pk": guest_import.pk}
        with written_by(f"guest_import:{guest_import.pk}"):
            undo.journal_undo(journal, user=user, reason=reason, step=step)
        # A conditional update: of two undos that got this far, only one marks it undone.
        if not GuestImport.objects.filter(pk=guest_import.pk, status=GuestImport.Status.IMPORTED).update(
            status=GuestImport.Status.UNDONE, undone_at=timezone.now()
        ):
            raise ValidationError(_("This import was undone meanwhile."))
        guest_import.status = GuestImport.Status.UNDONE
    return guest_import


JOB_KINDS = {"confirm": "guest_import_confirm", "undo": "guest_import_undo"}


def guest_import_job_start(*, guest_import, action, user=None):
    """Start the job that confirms (`action` "confirm") or undoes ("undo") a long import; returns it.

    Refused while another job works on the import: the import's row is locked, and the job is
    recorded on it by a conditional update, so of two clicks at once only one starts a job.
    """
    with transaction.atomic():
        locked = (
            GuestImport.objects.select_for_update()
            .only("pk", "status", "job_id", "file_name", "new_count", "updated_count")
            .get(pk=guest_import.pk)
        )
        if guest_import_busy(locked):
            raise ValidationError(_("A job is already working on this import: wait for it to end."))
        allowed = locked.can_confirm if action == "confirm" else locked.can_undo
        if not allowed:
            raise ValidationError(
                _("This import is “%(status)s”: there is nothing to do.")
                % {"status": locked.get_status_display()}
            )
        titles = {
            "confirm": _("Importing guest list %(file)s, %(count)d guests"),
            "undo": _("Undoing the import of %(file)s, %(count)d guests"),
        }
        return _guest_import_job(
            locked,
            kind=JOB_KINDS[action],
            title=titles[action],
            user=user,
            total=locked.new_count + locked.updated_count,
            previous=locked.job_id,
        )


def guest_import_busy(guest_import):
    """Whether a job is queued or running for the import (its buttons say so instead)."""
    return (
        bool(guest_import.job_id)
        and Job.objects.filter(
            pk=guest_import.job_id, state__in=[Job.State.QUEUED, Job.State.RUNNING]
        ).exists()
    )


def _check_job_start(guest_import, *, user, rows, encoding, delimiter, previous=None):
    """The job that reads and checks the kept file of a long list (at upload, or again after a decision)."""
    return _guest_import_job(
        guest_import,
        kind="guest_import_check",
        title=_("Checking guest list %(file)s, %(count)d rows"),
        user=user,
        total=rows,
        previous=previous,
        encoding=encoding,
        delimiter=delimiter,
    )


def _guest_import_job(guest_import, *, kind, title, user, total, previous=None, **parameters):
    job = job_start(
        kind=kind,
        title=title % {"file": guest_import.file_name, "count": total},
        user=user,
        parameters={"guest_import": guest_import.pk, **parameters},
        total=total,
        viewers="guest_import",
    )
    if not GuestImport.objects.filter(pk=guest_import.pk, job=previous).update(job=job):
        raise ValidationError(_("A job is already working on this import: wait for it to end."))
    guest_import.job = job
    return job


def guest_list_export_start(*, pks, file_format, export_fields, file_name, user):
    """Start the job that writes the guest list of the attendees `pks` (in that order) as the export
    action would (guest_lists.export.guest_list_export); returns it. Its result is for those who may
    export."""
    return job_start(
        kind="guest_list_export",
        title=_("Export of %(count)d attendees (%(format)s)")
        % {"count": len(pks), "format": file_format.upper()},
        user=user,
        parameters={"attendees": pks, "format": file_format, "fields": export_fields, "file_name": file_name},
        total=len(pks),
        viewers="export",
    )
