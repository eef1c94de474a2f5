"""The rules of awards that refuse a save; see `ceremony.rules.blocking` for how rules are run."""

from django.utils.translation import gettext as _

from ceremony.rules import blocking
from ceremony.rules.blocking import SameEvent

from .models import AwardPresentation
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
    AwardPresentation: (SameEvent("ceremony.event", ("recipient", "presenter")), award_given_once),
}


def enforce(record):
    blocking.check(record, RULES.get(type(record), ()))
