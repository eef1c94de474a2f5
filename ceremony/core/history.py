"""Every change to every record is kept: who, when and what (django-simple-history).

History is attached here, when the app is ready, rather than in the models: the fields that
django-modeltranslation adds (name_en, name_ru, ...) exist only by then, and they must be recorded too.
Guest-list imports keep their own record (GuestImport), which is too large to copy at every change.

Who: the logged-in user, and what wrote the change when nobody did (or on their behalf): the demo
loader, a guest-list import, a job (`written_by`, stored as a key in `history_source` and
named in the reader's language by `source_label`).
"""

import contextvars
from contextlib import contextmanager

from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from simple_history import register
from simple_history.signals import pre_create_historical_record

from ceremony.enums import AnswerChannel

from .batches import chunks

_source = contextvars.ContextVar("history_source", default="")

# key (before the ":") → its name; the part after ":" is the import's or the job's number.
SOURCES = {
    "demo": gettext_lazy("Demo loader"),
    "guest_import": gettext_lazy("Guest-list import #%(detail)s"),
    "job": gettext_lazy("Job #%(detail)s"),
    # "guest:phone": an answer to an invitation, from the guest's page or taken down by an organizer.
    "guest": gettext_lazy("Answered by the guest (%(detail)s)"),
}
# Sources whose detail is a choice, named by its label: "guest:phone" → «… (Phone)».
SOURCE_DETAILS = {"guest": AnswerChannel}


class WrittenBy(models.Model):
    """The historical records' own column: what wrote the change (a `SOURCES` key), if not a person."""

    history_source = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        abstract = True


@contextmanager
def written_by(source):
    """Within the block, every change recorded is marked as written by `source` ("demo",
    "guest_import:4", "job:12"); the innermost block names it."""
    token = _source.set(source[:100])
    try:
        yield
    finally:
        _source.reset(token)


def source_label(source):
    """«Guest-list import #4» for "guest_import:4"; an unknown key as it is, none as ""."""
    key, _colon, detail = (source or "").partition(":")
    if key not in SOURCES:
        return source or ""
    choices = SOURCE_DETAILS.get(key)
    if choices is not None and detail in choices.values:
        detail = choices(detail).label
    return gettext(SOURCES[key]) % {"detail": detail}


def source_attrs():
    """For django-simple-history's bulk_create/update_with_history (`custom_historical_attrs`), which
    send no signal per row."""
    return {"history_source": _source.get()}


def _stamp_source(sender, history_instance, **kwargs):
    if not history_instance.history_source:
        history_instance.history_source = _source.get()


# An outbox message records its own sending (state, attempts, the last error), an invitation its own
# life (made, opened, answered; the answers go into the attendee's history), a check-in is itself a
# record of what happened: no history of them.
NOT_RECORDED = {"CheckIn", "GuestImport", "Invitation", "Job", "OutboxMessage", "ShowMark", "ShowScreen"}
# Identity documents are not copied into history: they stay in one place, behind one permission.
NOT_COPIED = {"VisitParticipant": ["document_type", "document_number"]}


def record_changes(app_config):
    for model in list(app_config.get_models()):
        if model.__name__ not in NOT_RECORDED and not hasattr(model, "history"):
            register(
                model,
                app=app_config.label,
                excluded_fields=NOT_COPIED.get(model.__name__, []),
                bases=[WrittenBy],
            )
    pre_create_historical_record.connect(_stamp_source, dispatch_uid="ceremony.history_source")


HISTORY_FIELDS = (
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_source",
)


def record_bulk_created(model, pks, *, user=None, reason=""):
    """History rows ("created") for records just written with bulk_create, copied by the database.

    django-simple-history's bulk_create_with_history builds a Python object per historical row, which
    made a 20,000-guest import half as slow again; INSERT ... SELECT writes the same rows in one
    statement per chunk.
    """
    _record_bulk(model, pks, "+", user=user, reason=reason)


def record_bulk_changed(model, pks, *, user=None, reason=""):
    """History rows ("changed") for records just written with bulk_update, copied as above."""
    _record_bulk(model, pks, "~", user=user, reason=reason)


def records_delete(model, pks, *, user=None, reason=""):
    """Delete the records `pks`, with their history rows ("deleted"), in a few statements per chunk.

    A queryset's delete() sends a signal per record, and django-simple-history answers each with an
    INSERT of its own: undoing a 50,000-guest import spent most of two minutes there. The caller makes
    sure that nothing else points at the records any more (an undo refuses when something does); a row
    it missed makes the database refuse the delete, and the transaction with it.
    """
    for chunk in chunks(pks):
        _record_bulk(model, chunk, "-", user=user, reason=reason)
        # The raw delete of the collector's fast path: no signals, no cascade (see above).
        model._base_manager.filter(pk__in=chunk)._raw_delete(model._base_manager.db)


def _record_bulk(model, pks, history_type, *, user, reason):
    historical = model.history.model
    fields = [field for field in historical._meta.concrete_fields if field.name not in HISTORY_FIELDS]
    quote = connection.ops.quote_name
    copied = ", ".join(quote(field.column) for field in fields)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for chunk in chunks(pks):
            cursor.execute(
                f"INSERT INTO {quote(historical._meta.db_table)} "  # noqa: S608 (names from the models)
                f"({copied}, history_date, history_change_reason, history_type, history_user_id, "
                "history_source) "
                f"SELECT {copied}, %s, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [now, reason, history_type, user.pk if user else None, _source.get(), *chunk],
            )
