"""Protocol: RSVP answers, and the order in which people speak or present by precedence."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from ceremony.core.bulk import records_set
from ceremony.core.history import source_attrs
from ceremony.core.locking import versions_bump
from ceremony.models import Attendee
from ceremony.selectors import PROGRAM_ROLES, precedence_positions


def attendee_set_rsvp(*, attendees, status, user=None):
    """Set the RSVP status of many attendees at once, each change in their history; returns how many.

    Their versions go up, so that a change form opened before cannot be saved over the new status.
    """
    return records_set(attendees, field="rsvp_status", value=status, user=user)


@transaction.atomic
def program_item_order_speakers(*, program_item):
    """Suggest a speaking order: hosts, speakers and presenters by precedence, highest first.

    Those without a protocol rank follow, in the order they had. Returns how many moved.
    """
    participations = program_item.participations.filter(role__in=PROGRAM_ROLES)
    return order_by_precedence(program_item.event, participations, "attendee_id")


@transaction.atomic
def order_by_precedence(event, queryset, attendee_field):
    """Renumber `order` of the rows by the precedence of the attendee in `attendee_field`."""
    positions = precedence_positions(event=event)
    rows = list(queryset.select_for_update().order_by("order", "pk"))  # locked until the versions go up
    # Unranked attendees keep together (e.g. all presentations of one presenter), in their old order.
    ranked = sorted(
        rows,
        key=lambda row: (
            positions.get(getattr(row, attendee_field), len(positions)),
            getattr(row, attendee_field) or 0,
        ),
    )
    moved = []
    for number, row in enumerate(ranked, start=1):
        if row.order != number:
            row.order = number
            row.version += 1  # as versions_bump raises it in the database
            moved.append(row)
    versions_bump(queryset.model, [row.pk for row in moved])
    bulk_update_with_history(moved, queryset.model, ["order"], custom_historical_attrs=source_attrs())
    return len(moved)


def badges_reissue(*, attendees):
    """Revoke the badges of `attendees`: each gets a new code, the old one is refused at the doors,
    and the badge counts as not printed until its new one is. Returns how many.

    The version moves: a form opened before must not save the old issue back over the new one.
    """
    with transaction.atomic():
        pks = list(attendees.values_list("pk", flat=True))
        versions_bump(Attendee, pks)
        return Attendee.objects.filter(pk__in=pks).update(
            badge_issue=F("badge_issue") + 1, badge_printed_at=None
        )


def badges_printed(*, attendee_ids):
    """Note that the badges of `attendee_ids` were printed now (the dashboard counts them).

    A plain update: printing changes nothing of the attendee an editor could be saving over, so neither
    the version nor the history moves.
    """
    Attendee.objects.filter(pk__in=attendee_ids).update(badge_printed_at=timezone.now())
