"""The doors: what an usher is told when a badge is scanned, and the record of every scan.

`scan` decides, in this order: a code that is no badge of the event's (not on the list); a badge
reissued since (revoked); a guest who declined; a category the entrance does not let through; a
facility visit behind the entrance the guest has no clearance for; a guest already admitted at this
entrance (when, and by whom); otherwise admitted, or admitted with the protocol office's note for the
doors (attention). Every answer is recorded with the device's nonce: the same nonce again gets the
same answer and records nothing (a phone retries after a lost answer). Of two admissions of one guest
at one entrance at once, the database keeps the first (a partial unique index), and the second is told
the guest is already in.
"""

import dataclasses

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext

from ceremony.enums import ClearanceStatus, RsvpStatus
from ceremony.models import Attendee, CheckIn, VisitParticipant
from ceremony.models.people import badge_code_parts

Result = CheckIn.Result
Reason = CheckIn.Reason
ADMISSIONS = (Result.ADMITTED, Result.ATTENTION)
CODE_LENGTH = CheckIn._meta.get_field("code").max_length
NONCE_LENGTH = CheckIn._meta.get_field("nonce").max_length


class ScanRefused(ValueError):
    """The request itself is wrong (no nonce, an entrance of another event): nothing was recorded."""


@dataclasses.dataclass(frozen=True)
class Answer:
    result: str
    message: str
    attendee: dict | None
    reason: str = ""

    def as_json(self):
        """The contract's answer; `attention` is an admission the usher must act on."""
        return {
            "result": self.result,
            "admitted": self.result in ADMISSIONS,
            "reason": self.reason,
            "message": self.message,
            "attendee": self.attendee,
        }


def attendee_card(attendee):
    """What the usher sees of a guest: no identity document, no contact details."""
    person = attendee.person
    return {
        "name": person.full_name,
        "category": attendee.category,
        "category_label": str(attendee.get_category_display()),
        "delegation": attendee.delegation.name if attendee.delegation_id else "",
        "organization": str(person.organization) if person.organization_id else "",
        "note": attendee.checkin_note,
    }


def _reason_message(reason):
    return {
        Reason.NOT_ON_LIST: gettext("Not on the list."),
        Reason.DECLINED: gettext("The guest declined the invitation."),
        Reason.WRONG_ENTRANCE: gettext("Not this entrance: the guest's category does not pass here."),
        Reason.CLEARANCE_DENIED: gettext("No security clearance for the visit."),
        Reason.BADGE_REVOKED: gettext("Badge revoked: a new one was issued."),
    }[reason]


def _already_message(event, admission):
    return gettext("Already admitted at %(time)s at %(entrance)s.") % {
        "time": formats.time_format(event.localtime(admission.scanned_at), "H:i"),
        "entrance": admission.entrance.name,
    }


def _lacks_clearance(entrance, attendee):
    """The entrance leads to a facility visit that needs clearance, and the guest has none approved."""
    visits = [
        item.facility_visit
        for item in entrance.program_items.all()
        if hasattr(item, "facility_visit") and item.facility_visit.clearance_required
    ]
    if not visits:
        return False
    approved = VisitParticipant.objects.filter(
        visit__in=visits, attendee=attendee, clearance_status=ClearanceStatus.APPROVED
    ).count()
    return approved < len(visits)


def _decide(*, event, entrance, code):
    """(result, reason, attendee, earlier admission) for a code scanned now; reads only."""
    parts = badge_code_parts(code)
    attendee = None
    if parts is not None:
        attendee = (
            Attendee.objects.select_related("person__organization", "delegation")
            .filter(event=event, pk=parts[0])
            .first()
        )
    if attendee is None:
        return Result.REFUSED, Reason.NOT_ON_LIST, None, None
    if parts[1] != attendee.badge_issue:
        return Result.REFUSED, Reason.BADGE_REVOKED, attendee, None
    if attendee.rsvp_status == RsvpStatus.DECLINED:
        return Result.REFUSED, Reason.DECLINED, attendee, None
    if not entrance.admits_category(attendee.category):
        return Result.REFUSED, Reason.WRONG_ENTRANCE, attendee, None
    if _lacks_clearance(entrance, attendee):
        return Result.REFUSED, Reason.CLEARANCE_DENIED, attendee, None
    earlier = _admission_of(attendee, entrance)
    if earlier is not None:
        return Result.ALREADY_ADMITTED, "", attendee, earlier
    return (Result.ATTENTION if attendee.checkin_note else Result.ADMITTED), "", attendee, None


def _admission_of(attendee, entrance):
    return (
        CheckIn.objects.select_related("entrance")
        .filter(attendee=attendee, entrance=entrance, admitted=True)
        .first()
    )


def _message(event, result, reason, attendee, earlier):
    if result == Result.REFUSED:
        return pgettext("check-in", "Refused") + ". " + _reason_message(reason)
    if result == Result.ALREADY_ADMITTED:
        return _already_message(event, earlier)
    if result == Result.ATTENTION:
        return gettext("Admitted. Attention: %(note)s") % {"note": attendee.checkin_note}
    return pgettext("check-in", "Admitted")


def answer_of(check_in):
    """The answer a recorded scan gave, told again (the same nonce sent twice)."""
    attendee = check_in.attendee
    return Answer(
        result=check_in.result,
        message=check_in.message,
        attendee=attendee_card(attendee) if attendee is not None else None,
        reason=check_in.reason,
    )


def _recorded(nonce):
    return (
        CheckIn.objects.select_related("attendee__person__organization", "attendee__delegation")
        .filter(nonce=nonce)
        .first()
    )


def scan(*, event, entrance, code, nonce, usher, scanned_at=None):
    """The answer to a badge scanned at `entrance` (an Answer), recorded once per nonce.

    `scanned_at`: when a phone that was offline scanned it (now if None; never in the future).
    """
    nonce = (nonce or "").strip()
    if not nonce or len(nonce) > NONCE_LENGTH:
        raise ScanRefused(
            gettext("Each scan needs a nonce of at most %(count)d characters.") % {"count": NONCE_LENGTH}
        )
    if entrance.event_id != event.pk:
        raise ScanRefused(gettext("This entrance is not one of this event's."))
    known = _recorded(nonce)
    if known is not None:
        return answer_of(known)
    now = timezone.now()
    scanned_at = min(scanned_at or now, now)
    code = "".join(ch for ch in str(code or "") if ch.isprintable()).strip()[:CODE_LENGTH]
    result, reason, attendee, earlier = _decide(event=event, entrance=entrance, code=code)
    check_in = CheckIn(
        event=event,
        entrance=entrance,
        attendee=attendee,
        code=code,
        nonce=nonce,
        result=result,
        reason=reason,
        message=_message(event, result, reason, attendee, earlier)[:500],
        usher=usher if usher is not None and usher.is_authenticated else None,
        scanned_at=scanned_at,
        admitted=result in ADMISSIONS,
    )
    try:
        with transaction.atomic():
            check_in.save()
    except IntegrityError:
        # Another request got there first: the same nonce (a retry racing its original), or another
        # admission of this guest here. Tell what the database now holds.
        known = _recorded(nonce)
        if known is not None:
            return answer_of(known)
        earlier = _admission_of(attendee, entrance) if attendee is not None else None
        if earlier is None:
            raise
        check_in.pk = None
        check_in.result = Result.ALREADY_ADMITTED
        check_in.admitted = False
        check_in.message = _already_message(event, earlier)[:500]
        with transaction.atomic():
            check_in.save()
    return answer_of(check_in)


def offline_list(entrance):
    """What a phone at `entrance` keeps to decide alone while the network is down: each guest's code,
    card and, where the server would refuse them here, the refusal; and who is already in.

    No identity documents, no contact details. A revoked badge's code is absent: the phone tells it
    from a stranger's by its guest's id, the code's first part. Four queries however many guests.
    """
    event = entrance.event
    attendees = Attendee.objects.filter(event=event).select_related("person__organization", "delegation")
    visits = [
        item.facility_visit
        for item in entrance.program_items.select_related("facility_visit")
        if hasattr(item, "facility_visit") and item.facility_visit.clearance_required
    ]
    cleared = {}
    if visits:
        for attendee_id in VisitParticipant.objects.filter(
            visit__in=visits, clearance_status=ClearanceStatus.APPROVED
        ).values_list("attendee_id", flat=True):
            cleared[attendee_id] = cleared.get(attendee_id, 0) + 1
    admitted = {
        check_in.attendee_id: check_in
        for check_in in CheckIn.objects.filter(entrance=entrance, admitted=True).select_related("entrance")
    }
    guests = []
    for attendee in attendees:
        reason = ""
        if attendee.rsvp_status == RsvpStatus.DECLINED:
            reason = Reason.DECLINED
        elif not entrance.admits_category(attendee.category):
            reason = Reason.WRONG_ENTRANCE
        elif visits and cleared.get(attendee.pk, 0) < len(visits):
            reason = Reason.CLEARANCE_DENIED
        earlier = admitted.get(attendee.pk)
        guests.append(
            {
                **attendee_card(attendee),
                "code": attendee.badge_code,
                "refused": str(reason),
                "message": _message(
                    event,
                    Result.REFUSED
                    if reason
                    else Result.ALREADY_ADMITTED
                    if earlier
                    else Result.ATTENTION
                    if attendee.checkin_note
                    else Result.ADMITTED,
                    reason,
                    attendee,
                    earlier,
                ),
                "admitted": earlier is not None,
            }
        )
    return {
        "entrance": entrance.slug,
        "made_at": timezone.now().isoformat(),
        "not_on_list": pgettext("check-in", "Refused") + ". " + _reason_message(Reason.NOT_ON_LIST),
        "badge_revoked": pgettext("check-in", "Refused") + ". " + _reason_message(Reason.BADGE_REVOKED),
        "already_admitted": gettext("Already admitted on this device while offline."),
        "guests": guests,
    }
