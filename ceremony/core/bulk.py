"""Changing one field of many records at once, as the admin's actions do: checked, versioned, recorded.

A bulk change raises the versions of the records it changes before it reads them, so a form opened
before cannot be saved over it (`locking`); checks each record, with its new value, against the rules
it could break, and changes nothing at all when one refuses; and records every change in the
records' history as the user's.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_update_with_history

from .batches import chunks
from .history import source_attrs
from .locking import versions_bump

REFUSALS_NAMED = 10


@transaction.atomic
def records_set(queryset, *, field, value, user=None, rules=()):
    """Set `field` to `value` on the records of `queryset` that differ; return how many changed.

    `rules` are functions of ceremony.rules.blocking's kind (record → {field: message}); any message
    refuses the whole change with a ValidationError that names each refused record.
    """
    model = queryset.model
    pks = list(queryset.exclude(**{field: value}).values_list("pk", flat=True))
    versions_bump(model, pks)  # before reading: the records then carry their new version into history
    records = []
    for chunk in chunks(pks):
        records += model.objects.filter(pk__in=chunk)
    refusals = []
    for record in records:
        setattr(record, field, value)
        for rule in rules:
            refusals += [f"{record}: {message}" for message in _messages(rule(record))]
    if refusals:
        shown = "; ".join(refusals[:REFUSALS_NAMED])
        more = len(refusals) - REFUSALS_NAMED
        if more > 0:
            shown += " " + ngettext("And %(count)d more.", "And %(count)d more.", more) % {"count": more}
        raise ValidationError(_("Nothing was changed: %(refusals)s") % {"refusals": shown})
    bulk_update_with_history(
        records, model, [field], batch_size=500, default_user=user, custom_historical_attrs=source_attrs()
    )
    return len(records)


def _messages(errors):
    for messages in errors.values():
        yield from [messages] if isinstance(messages, str) else messages
