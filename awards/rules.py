"""The rules of awards that refuse a save; see `ceremony.rules.blocking` for how rules are run."""

from collections import defaultdict

from django.db.models import Count
from django.utils.translation import gettext as _

from ceremony.models import Person
from ceremony.rules import blocking
from ceremony.rules.blocking import SameEvent

from .models import Award, AwardPresentation
from .selectors import earlier_presentation_of_unrepeatable_award


def award_given_once(presentation):
    """A once-only award is given to one person once, whatever the event (declined ones aside)."""
    if not (presentation.award_id and presentation.recipient_id) or not presentation.counts:
        return {}
    earlier = earlier_presentation_of_unrepeatable_award(
        award=presentation.award, person_id=presentation.recipient.person_id, exclude_pk=presentation.pk
    )
    if earlier is None:
        return {}
    return {
        "award": _(
            "%(person)s already has “%(award)s” (%(ceremony)s, %(event)s), and it can be received only once."
        )
        % {
            "person": presentation.recipient,
            "award": presentation.award,
            "ceremony": earlier.ceremony,
            "event": earlier.ceremony.event,
        }
    }


def award_stays_given_once(award):
    """An award made once-only is not held twice by anyone already."""
    if not award.pk or award.is_repeatable:
        return {}
    repeated = (
        AwardPresentation.objects.that_count()
        .filter(award=award.pk)
        .values("recipient__person")
        .annotate(times=Count("pk"))
        .filter(times__gt=1)
        .values_list("recipient__person", flat=True)
    )
    people = Person.objects.filter(pk__in=repeated).order_by("family_name", "given_name")[:5]
    if not people:
        return {}
    return {
        "is_repeatable": _(
            "%(people)s already received “%(award)s” more than once, so it must stay repeatable."
        )
        % {"people": ", ".join(str(person) for person in people), "award": award}
    }


def presentation_not_double_booked(presentation):
    """The recipient and the presenter are in no other item at the time of the award ceremony."""
    if not presentation.ceremony_id or not presentation.counts:
        return {}
    return blocking.free_at(presentation, presentation.ceremony, ("recipient", "presenter"))


def merged_people_hold_awards_once(people):
    """People about to be merged into one do not hold a once-only award between them twice (declined
    ones aside): as sentences naming them, one per award."""
    by_pk = {person.pk: person for person in people}
    holders = defaultdict(set)
    presentations = (
        AwardPresentation.objects.that_count()
        .filter(award__is_repeatable=False, recipient__person__in=list(by_pk))
        .values_list("award", "recipient__person")
    )
    for award, person in presentations:
        holders[award].add(person)
    twice = {award: pks for award, pks in holders.items() if len(pks) > 1}
    awards = Award.objects.in_bulk(list(twice))
    return [
        _(
            "%(people)s cannot be merged: each received “%(award)s”, which can be received only once, "
            "and one person would hold it twice."
        )
        % {
            "people": ", ".join(f"#{pk} ({by_pk[pk]})" for pk in sorted(pks)),
            "award": awards[award],
        }
        for award, pks in sorted(twice.items())
    ]


def submitted_awards_given_once(rows):
    """A once-only award given twice to one person within one submission, which each row's own check
    cannot see: {row: message} for each repeat, from rows of (row, award, recipient)."""
    seen, errors = set(), {}
    for row, award, recipient in rows:
        if award is None or recipient is None or award.is_repeatable:
            continue
        key = (award.pk, recipient.person_id)
        if key in seen:
            errors[row] = _("%(person)s is given “%(award)s” twice here; it can be received only once.") % {
                "person": recipient,
                "award": award,
            }
        seen.add(key)
    return errors


RULES = {
    Award: (blocking.WrittenInALanguage("name"), award_stays_given_once),
    AwardPresentation: (
        SameEvent("ceremony.event", ("recipient", "presenter")),
        presentation_not_double_booked,
        award_given_once,
    ),
}


def enforce(record):
    blocking.check(record, RULES.get(type(record), ()))
