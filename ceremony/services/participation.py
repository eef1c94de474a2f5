"""Many attendees added to a program item at once: the attendee list's action «Add to a program
item…» and the program item's «Add attendees…» page.

Each attendee meets the rules a participant's own save runs (`rules.blocking`: of the item's event, in
no overlapping item, not denied clearance for the item's visit) and has not declined, checked for all
of them together in a few queries; whoever fails is refused by name, whoever takes part already is
left as they are, and the others are added in one transaction, their history written as one batch
(`core.history`).
"""

import dataclasses

from django.db import transaction
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ceremony.core.batches import chunks
from ceremony.core.history import record_bulk_created
from ceremony.enums import ParticipantRole, RsvpStatus
from ceremony.models import Attendee, Participation, ProgramItem
from ceremony.rules import blocking
from ceremony.rules.placements import overlapping_items

REASON_LENGTH = 100  # django-simple-history's history_change_reason column


@dataclasses.dataclass
class ParticipantsAdded:
    added: list  # the attendees added, by name
    present: list  # the attendees who took part already, left as they were
    refused: list  # a message per attendee refused, naming them and what stands in the way


def participants_add(*, program_item, attendees, role=ParticipantRole.GUEST, user=None):
    """Add the attendees of the queryset `attendees` to `program_item` in `role`, but those a rule
    refuses and those taking part already; returns a ParticipantsAdded."""
    with transaction.atomic():
        # Locked until the end: two organizers adding the same guests elsewhere wait for each other,
        # and each then sees the other's additions.
        item = (
            ProgramItem.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=program_item.pk)
        )
        chosen = list(
            Attendee.objects.select_for_update(of=("self",))
            .filter(pk__in=attendees.values("pk"))
            .select_related("person")
            .order_by("person__family_name", "person__given_name", "pk")
        )
        present, denied, clashes = set(), set(), {}
        # A chunk at a time, so that a whole guest list fits in what any database takes in one IN (...).
        for ids in chunks([attendee.pk for attendee in chosen]):
            here = Participation.objects.filter(program_item=item, attendee__in=ids)
            present |= set(here.values_list("attendee", flat=True))
            denied |= set(blocking.denied_at(item.pk, ids).values_list("attendee", flat=True))
            clashes |= overlapping_items(attendee_ids=set(ids) - present, item=item)
        result = ParticipantsAdded(added=[], present=[], refused=[])
        for attendee in chosen:
            if attendee.event_id != item.event_id:
                result.refused.append(blocking.other_event_message(attendee, item.event))
            elif attendee.pk in present:
                result.present.append(attendee)
            elif attendee.rsvp_status == RsvpStatus.DECLINED:
                result.refused.append(
                    _("%(person)s declined the invitation to %(event)s.")
                    % {"person": blocking.named(attendee.person), "event": item.event}
                )
            elif attendee.pk in denied:
                result.refused.append(blocking.denied_participant_message(attendee, item))
            elif attendee.pk in clashes:
                result.refused.append(
                    blocking.double_booking_message(attendee, item, clashes[attendee.pk][0])
                )
            else:
                result.added.append(attendee)
        created = Participation.objects.bulk_create(
            [Participation(program_item=item, attendee=attendee, role=role) for attendee in result.added],
            batch_size=500,
        )
        reason = ngettext(
            "%(count)d attendee added at once to “%(item)s”",
            "%(count)d attendees added at once to “%(item)s”",
            len(created),
        ) % {"count": len(created), "item": item}
        record_bulk_created(
            Participation,
            [row.pk for row in created],
            user=user,
            reason=Truncator(reason).chars(REASON_LENGTH),
        )
    return result
