"""Writes of awards that touch several records."""

from django.db import transaction

from ceremony.core.bulk import records_set
from ceremony.services.protocol import order_by_precedence

from . import rules as award_rules
from .models import AwardPresentation


@transaction.atomic
def award_ceremony_order_by_presenter(*, ceremony):
    """Call the presentations presenter by presenter, the highest-ranking presenter first.

    Within one presenter the order stays as it was. Returns how many presentations moved.
    """
    presentations = AwardPresentation.objects.filter(ceremony=ceremony)
    return order_by_precedence(ceremony.event, presentations, "presenter_id")


def presentations_set_status(*, presentations, status, user=None):
    """Set the status of many award presentations at once; returns how many changed.

    A presentation that comes to count again (no longer declined) is checked as on its own page: its
    recipient and presenter must be free at the ceremony, and a once-only award not given twice.
    """
    counts = AwardPresentation(status=status).counts
    rules = (award_rules.presentation_not_double_booked, award_rules.award_given_once) if counts else ()
    return records_set(presentations, field="status", value=status, user=user, rules=rules)
