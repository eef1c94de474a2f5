"""Reads of awards that pages, printouts and rules share."""

from .models import AwardPresentation


def earlier_presentation_of_unrepeatable_award(*, award, person_id, exclude_pk=None):
    """Another presentation that counts of `award` to the same person, when the award is once-only.

    "Same person" crosses events: a veteran decorated in 2015 cannot get the same medal again in 2025.
    """
    if award.is_repeatable:
        return None
    return (
        AwardPresentation.objects.that_count()
        .filter(award=award, recipient__person_id=person_id)
        .exclude(pk=exclude_pk)
        .select_related("ceremony__event")
        .first()
    )


def presentations_for_script(ceremony):
    """An award ceremony's presentations in calling order, for its script."""
    return (
        AwardPresentation.objects.filter(ceremony=ceremony)
        .select_related("award", "recipient__person", "presenter__person")
        .order_by("order", "pk")
    )
