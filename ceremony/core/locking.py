"""Optimistic locking: two organizers saving the same record must not silently overwrite each other.

A record with a `version` (the abstract model `Versioned`) gets one more at every write. A save is
based on the version it was read at, and is refused (`RecordChanged`) when the record has moved on
since. The check and the increment are one statement, `UPDATE ... SET version = version + 1 WHERE
pk = %s AND version = %s`, so of two concurrent saves of the same version only one can pass: the other
waits for the first one's row lock and then finds its version gone.

Writes that do not go through `save()` (bulk updates) raise the version with `versions_bump` before
they read the records they change, so a form opened before them cannot be saved over them.
The change form carries the version it was opened at (`ceremony.admin.forms.VersionedModelForm`), and
the admin shows the refusal as a form error, with who changed the record and when (`changed_since_message`).
"""

from django.db import models, router, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .batches import chunks


class RecordChanged(Exception):
    """A save based on an older version of the record than the stored one; nothing of it was written."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(f"{type(instance).__name__} {instance.pk} changed since version {instance.version}")


class Versioned(models.Model):
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("One more at every change; a form opened at an older version cannot be saved."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None or kwargs.get("force_insert"):
            return super().save(*args, **kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            stored = type(self)._base_manager.using(using).filter(pk=self.pk, version=self.version)
            if not stored.update(version=models.F("version") + 1):
                raise RecordChanged(self)
            self.version += 1
            try:
                super().save(*args, **kwargs)
            except BaseException:
                self.version -= 1  # rolled back with the transaction; the instance says so too
                raise


def versions_bump(model, pks):
    """Raise the version of these records by one, for a write that bypasses `save()` (bulk_update).

    Call it first, inside the writing transaction, and read the records after: the UPDATE locks the
    rows until the transaction ends, and the records then carry their new version into their history.
    """
    for chunk in chunks(pks):
        model._base_manager.filter(pk__in=chunk).update(version=models.F("version") + 1)


def changed_since_message(instance, loaded_version, *, named=False):
    """Why a form opened at `loaded_version` was not saved: who changed the record and when, if the
    history knows, and what to do. `named`: the record is one row of a page, so say which."""
    change = None
    if hasattr(type(instance), "history") and loaded_version < instance.version:
        change = (
            instance.history.filter(version__gt=loaded_version)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")
            .first()
        )
    what = {"model": instance._meta.verbose_name, "record": str(instance)}
    user = change.history_user if change is not None else None
    if change is not None:
        what["time"] = formats.date_format(timezone.localtime(change.history_date), "DATETIME_FORMAT")
    if user is not None:
        what["user"] = user.get_full_name() or user.get_username()
    if named:
        if change is None:
            head = gettext(
                "The %(model)s “%(record)s” was changed by someone else after you opened this page."
            )
        elif user is None:
            head = gettext("The %(model)s “%(record)s” was changed at %(time)s, after you opened this page.")
        else:
            head = gettext(
                "%(user)s changed the %(model)s “%(record)s” at %(time)s, after you opened this page."
            )
    elif change is None:
        head = gettext("This %(model)s was changed by someone else after you opened it.")
    elif user is None:
        head = gettext("This %(model)s was changed at %(time)s, after you opened it.")
    else:
        head = gettext("%(user)s changed this %(model)s at %(time)s, after you opened it.")
    head %= what
    if change is not None and change.history_change_reason:
        head += " " + gettext("It was recorded as “%(reason)s”.") % {"reason": change.history_change_reason}
    return " ".join(
        (
            head,
            gettext(
                "Your changes were not saved, so that they do not overwrite that change. Reload the page "
                "to see the current version and make your changes again; what you typed is still in "
                "the form below."
            ),
        )
    )
