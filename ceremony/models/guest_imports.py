"""Guest-list imports: each upload, its preview, what it wrote and how to undo it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ceremony.core.locking import Versioned
from ceremony.core.storage import private_storage

from .events import Event
from .jobs import Job


class GuestImport(models.Model):
    """One upload of a guest list: its preview, what it wrote, and how to undo it.

    The preview keeps the rows it validated (`guests`), so confirming does not read the file again;
    `digest` is the fingerprint of the changes the preview showed, so a confirm that would now write
    something else is refused. `undo_journal` records what the import created and changed, for undo.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", _("Being read and checked")
        PREVIEWED = "previewed", _("Previewed, not imported")
        HAS_ERRORS = "has_errors", _("Has errors, not imported")
        IMPORTED = "imported", _("Imported")
        STALE = "stale", _("Data changed since the preview, not imported")
        UNDONE = "undone", _("Undone")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="guest_imports"
    )
    file_name = models.CharField(_("file"), max_length=255)
    # The file as uploaded, kept privately: what exactly was imported, for whoever asks later.
    source_file = models.FileField(
        _("uploaded file"), storage=private_storage, upload_to="guest-imports/%Y/%m/", blank=True
    )
    # The file has a column of identity documents (which an import never reads): only those who may
    # see identity documents download it.
    holds_identity_documents = models.BooleanField(_("holds identity documents"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported"), null=True, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.PREVIEWED)
    language = models.CharField(
        _("language of titles"),
        max_length=8,
        choices=settings.LANGUAGES,
        help_text=_("Positions and forms of address in the file are in this language."),
    )
    new_count = models.PositiveIntegerField(_("new"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    # What the preview found; kept so that confirm, the report and undo need not read the file again.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    # Lines that are not guests (titles, totals, signatures, rows skipped in the preview): listed, not read.
    skipped = models.JSONField(_("skipped lines"), default=list, blank=True)
    # What the organizer decided on the preview, applied at every check of the file:
    # {"cells": {row: {column key: text}}, "skip": [rows], "read": {"encoding", "delimiter"}}
    decisions = models.JSONField(default=dict, blank=True, editable=False)
    guests = models.JSONField(default=list, blank=True, editable=False)
    preview = models.JSONField(default=list, blank=True, editable=False)
    digest = models.CharField(max_length=64, blank=True, editable=False)
    undo_journal = models.JSONField(default=dict, blank=True, editable=False)
    # The last background job that checked, confirmed or undid a big list (settings.GUEST_IMPORT_JOB_ROWS):
    # while it is queued or running, no second one starts.
    job = models.ForeignKey(
        Job, verbose_name=_("job"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("guest-list import")
        verbose_name_plural = _("guest-list imports")
        ordering = ["-created_at", "-pk"]
        permissions = [("undo_guestimport", _("Can undo a guest-list import"))]

    def __str__(self):
        return f"{self.file_name} ({self.event})"

    @property
    def rows(self):
        """The guests the list holds (those with errors not counted), as the preview counted them."""
        return self.new_count + self.updated_count + self.unchanged_count

    @property
    def can_confirm(self):
        return self.status == self.Status.PREVIEWED

    @property
    def can_undo(self):
        return self.status == self.Status.IMPORTED


class ValueMapping(Versioned):
    """What a word in a guest list's column means for an event: «Ветераны труда» is the category
    Veteran, «Гость» leaves the cell blank. Chosen once in a preview (or given to the command line
    with --map), and applied to every later import of the event."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="value_mappings"
    )
    column = models.CharField(_("column"), max_length=32)
    value = models.CharField(_("value as written"), max_length=255)
    # The value as cells compare it (guest_lists.cells.normalize_header): case and punctuation aside.
    value_key = models.CharField(max_length=255, editable=False)
    target = models.CharField(
        _("means"), max_length=64, blank=True, help_text=_("Left empty, the cell is read as blank.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("chosen"), auto_now_add=True)

    class Meta:
        verbose_name = _("value mapping")
        verbose_name_plural = _("value mappings")
        ordering = ["event", "column", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "column", "value_key"],
                name="value_mapping_once_per_value",
                violation_error_message=_("This value already has a meaning for this event."),
            ),
        ]

    def __str__(self):
        return f"{self.value} → {self.target or '—'}"
