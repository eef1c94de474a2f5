"""Merging duplicates: a person or an organization entered twice (two guest lists spelled the name two
ways) becomes one record.

Everything that points at the records merged away moves to the record that stays, found through the
model's own relations (`_meta.related_objects` and the hidden ones), so a model added later is covered
without a change here. Blanks of the kept record are filled from the merged ones; a value the kept
record has is never overwritten. The history of every record touched says so, as the user's change.

A merge that would break a rule is refused before anything is written, naming the records: the rules
of the database that a merge can break (one attendee per person and event: any unique constraint of a
model pointing here) and those that span records (a once-only award held twice, `awards.rules`).
"""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Q
from django.utils import translation
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalChanges

from awards import rules as award_rules
from ceremony.core.batches import chunks
from ceremony.core.history import record_bulk_changed, records_delete
from ceremony.core.locking import Versioned, versions_bump

# The kept record's history row starts with what comes before %(merged)s, in any language: an undo of
# a guest import finds by it the records that took others in (see `records_merged_into`).
KEPT_REASON = gettext_noop("Merged into this: %(merged)s")
MERGED_REASON = gettext_noop("Merged into %(kept)s")
MOVED_REASON = gettext_noop("%(model)s %(merged)s merged into %(kept)s")
REASON_LENGTH = 100  # django-simple-history's history_change_reason column


def people_merge(*, kept, merged, user=None):
    """Merge the people `merged` (one or several) into `kept`: their attendances (and with them seats,
    awards, visits...) move to `kept`, which takes their values where it has none; they are deleted.

    Raises ValidationError, having written nothing, when the merge would break a rule. Returns the kept
    person as stored now.
    """
    return records_merge(
        kept=kept, merged=merged, user=user, rules=(award_rules.merged_people_hold_awards_once,)
    )


def organizations_merge(*, kept, merged, user=None):
    """Merge the organizations `merged` into `kept`: their people and delegations move to `kept`, as
    `people_merge` does for people."""
    return records_merge(kept=kept, merged=merged, user=user)


def records_merge(*, kept, merged, user=None, rules=()):
    """Merge the records `merged` into `kept`, of the same model (see the module's docstring). A record
    whose version has moved on since the instance given was read refuses the merge.

    `rules` are functions of the records about to become one (kept first) → messages, each refusing.
    """
    model = type(kept)
    merged = [merged] if isinstance(merged, models.Model) else list(merged)
    merged_pks = list(dict.fromkeys(record.pk for record in merged))
    if not merged_pks:
        raise ValidationError(_("Choose at least one record to merge into the one that stays."))
    if any(type(record) is not model for record in merged):
        raise ValidationError(_("Only records of the same kind can be merged."))
    if kept.pk in merged_pks:
        raise ValidationError(_("%(record)s cannot be merged into itself.") % {"record": record_label(kept)})
    try:
        with transaction.atomic():
            # Before reading: the rows stay locked until the merge ends, and a form opened before
            # cannot be saved over it (core.locking).
            versions_bump(model, [kept.pk, *merged_pks])
            stored = model._base_manager.in_bulk([kept.pk, *merged_pks])
            missing = [pk for pk in [kept.pk, *merged_pks] if pk not in stored]
            if missing:
                raise ValidationError(
                    _("These records no longer exist: %(pks)s. Nothing was merged.")
                    % {"pks": ", ".join(f"#{pk}" for pk in missing)}
                )
            # The records as the caller read them (the page the user chose on): one changed since
            # might not be what the user meant to merge.
            read = {record.pk: record for record in [kept, *merged]}
            changed = [stored[pk] for pk, record in read.items() if stored[pk].version != record.version + 1]
            if changed:
                raise ValidationError(
                    _(
                        "%(records)s changed after the merge was opened. Nothing was merged: look at them "
                        "again and merge once more."
                    )
                    % {"records": ", ".join(record_label(record) for record in changed)}
                )
            records = [stored[kept.pk], *(stored[pk] for pk in merged_pks)]
            refusals = merge_refusals(records)
            for rule in rules:
                refusals += rule(records)
            if refusals:
                raise ValidationError(refusals)
            _merge(model, records, user)
            # A reference missed above makes the database refuse here, inside the block, rather than
            # at the request's commit (foreign keys are checked at commit). Every table: the one that
            # points here unseen is by definition not among those found.
            connection.check_constraints()
    except IntegrityError as failure:
        raise ValidationError(
            _("The database refused this merge (%(reason)s). Nothing was merged.") % {"reason": failure}
        ) from None
    return model.objects.get(pk=kept.pk)


def record_label(record):
    """«#12 (Аимбетов Айдын)», as merge messages and history name a record."""
    return f"#{record.pk} ({record})"


def merge_refusals(records):
    """Why `records` (kept first) cannot become one, as sentences: for each model pointing at them,
    two rows that would be the same under one of its unique constraints once they point at one record
    (the same person attending the same event twice)."""
    model = type(records[0])
    by_pk = {record.pk: record for record in records}
    refusals = []
    for related, field in links_to(model):
        for others in _unique_with(related, field):
            columns = [related._meta.get_field(name).attname for name in others]
            owners_by_key = defaultdict(set)
            rows = related._base_manager.filter(**{f"{field.name}__in": list(by_pk)})
            for owner, *key in rows.values_list(field.attname, *columns):
                if None not in key:  # NULLs never clash in a unique index
                    owners_by_key[tuple(key)].add(owner)
            for key, owners in owners_by_key.items():
                if len(owners) > 1:
                    refusals.append(
                        _(
                            "%(records)s cannot be merged: each is in %(what)s with %(values)s, where one "
                            "%(model)s can be only once. Remove one of them first."
                        )
                        % {
                            "records": ", ".join(record_label(by_pk[pk]) for pk in sorted(owners)),
                            "what": related._meta.verbose_name_plural,
                            "values": ", ".join(_described(related, others, key)),
                            "model": model._meta.verbose_name,
                        }
                    )
    return refusals


def links_to(model):
    """(model, foreign key) of everything that points at `model`, many-to-many tables and relations
    without a reverse name included; history rows left out (they keep what the record was)."""
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete) or relation.many_to_many:
            continue  # a many-to-many table's own foreign key is in the list
        if issubclass(relation.related_model, HistoricalChanges):
            continue
        yield relation.related_model, relation.field


def records_merged_into(model, pks):
    """Those of `pks` that have taken another record in by a merge. An undo of the guest import that
    created them must not delete them: the records merged in live on in them."""
    heads = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            heads.add(_(KEPT_REASON).partition("%(merged)s")[0])
    matches = Q()
    for head in filter(None, heads):  # a translation starting with the names would match any reason
        matches |= Q(history_change_reason__startswith=head)
    found = set()
    for chunk in chunks(pks):
        rows = model.history.filter(matches, id__in=chunk, history_type="~")
        found |= set(rows.values_list("id", flat=True).distinct())
    return found


def _merge(model, records, user):
    kept, merged = records[0], records[1:]
    kept_label = record_label(kept)
    for related, field in links_to(model):
        for record in merged:
            pks = list(related._base_manager.filter(**{field.name: record.pk}).values_list("pk", flat=True))
            if not pks:
                continue
            if issubclass(related, Versioned):
                versions_bump(related, pks)
            for chunk in chunks(pks):
                related._base_manager.filter(pk__in=chunk).update(**{field.attname: kept.pk})
            if hasattr(related, "history"):
                reason = _(MOVED_REASON) % {
                    "model": capfirst(model._meta.verbose_name),
                    "merged": record_label(record),
                    "kept": kept_label,
                }
                record_bulk_changed(related, pks, user=user, reason=_reason(reason))
    fills = _blanks_filled(model, kept, merged)
    # Deleted before the kept record takes their values: an email is unique.
    records_delete(
        model,
        [record.pk for record in merged],
        user=user,
        reason=_reason(_(MERGED_REASON) % {"kept": kept_label}),
    )
    if fills:
        model._base_manager.filter(pk=kept.pk).update(**fills)
    merged_labels = ", ".join(record_label(record) for record in merged)
    record_bulk_changed(
        model, [kept.pk], user=user, reason=_reason(_(KEPT_REASON) % {"merged": merged_labels})
    )


def _blanks_filled(model, kept, merged):
    """{column: value} for each field the kept record leaves blank and a merged one has (the first)."""
    names = [
        field.attname
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name != "version"
    ]
    # As stored: reading a translated field of an instance gives the active language's value instead.
    rows = model._base_manager.filter(pk__in=[kept.pk, *(record.pk for record in merged)]).values(
        "pk", *names
    )
    values = {row.pop("pk"): row for row in rows}
    fills = {}
    for name in names:
        if values[kept.pk][name] not in (None, ""):
            continue
        for record in merged:
            if values[record.pk][name] not in (None, ""):
                fills[name] = values[record.pk][name]
                break
    return fills


def _unique_with(related, field):
    """For each unique constraint of `related` that `field` is part of, the other fields in it."""
    sets = [constraint.fields for constraint in related._meta.total_unique_constraints]
    sets += [tuple(names) for names in related._meta.unique_together]
    if field.unique:
        sets.append((field.name,))
    return [tuple(name for name in names if name != field.name) for names in sets if field.name in names]


def _described(related, names, values):
    """«event “Baikonur 70”» for each field of a clash, the related record named as it reads."""
    described = []
    for name, value in zip(names, values, strict=True):
        field = related._meta.get_field(name)
        if field.is_relation:
            value = field.related_model._default_manager.filter(pk=value).first() or value
        described.append(f"{field.verbose_name} “{value}”")
    return described


def _reason(text):
    return Truncator(text).chars(REASON_LENGTH)
