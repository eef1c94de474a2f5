"""Writes of awards that touch several records."""

from django.db import transaction

from ceremony.services.protocol import order_by_precedence

from .models import AwardPresentation


@transaction.atomic
def award_ceremony_order_by_presenter(*, ceremony):
    """Call the presentations presenter by presenter, the highest-ranking presenter first.

    Within one presenter the order stays as it was. Returns how many presentations moved.
    """
    presentations = AwardPresentation.objects.filter(ceremony=ceremony)
    return order_by_precedence(ceremony.event, presentations, "presenter_id")
