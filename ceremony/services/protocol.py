"""Protocol: RSVP answers, and the order in which people speak or present by precedence."""

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from ceremony.core.batches import chunks
from ceremony.core.locking import versions_bump
from ceremony.models import Attendee
from ceremony.selectors import PROGRAM_ROLES, precedence_positions


@transaction.atomic
def attendee_set_rsvp(*, attendees, status, user=None):
    """Set the RSVP status of many attendees at once, each change in their history; returns how many.

    Their versions go up first, so that a change form opened before cannot be saved over the new status.
    """
    pks = list(attendees.exclude(rsvp_status=status).values_list("pk", flat=True))
    versions_bump(Attendee, pks)
    changed = []
    for chunk in chunks(pks):
        changed += Attendee.objects.filter(pk__in=chunk)
    for attendee in changed:
        attendee.rsvp_status = status
    bulk_update_with_history(changed, Attendee, ["rsvp_status"], batch_size=500, default_user=user)
    return len(changed)


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
    rows = list(queryset.order_by("order", "pk"))
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
            moved.append(row)
    bulk_update_with_history(moved, queryset.model, ["order"])
    return len(moved)
