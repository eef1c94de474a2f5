from .enums import PresentationStatus
from .models import AwardPresentation


def earlier_presentation_of_unrepeatable_award(*, award, person_id, exclude_pk=None):
    """Another live presentation of `award` to the same person, when the award is once-only.

    "Same person" crosses events: a veteran decorated in 2015 cannot get the same medal again in 2025.
    Declined presentations do not count.
    """
    if award.is_repeatable:
        return None
    return (
        AwardPresentation.objects.filter(award=award, recipient__person_id=person_id)
        .exclude(status=PresentationStatus.DECLINED)
        .exclude(pk=exclude_pk)
        .select_related("ceremony__event")
        .first()
    )
