"""Running the show: marks of what started and finished, adjustments, and the screens' links."""

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ceremony.models import ProgramItem, ShowAdjustment, ShowMark, ShowScreen
from ceremony.show import latest_marks

TOKEN_BYTES = 32
Kind = ShowMark.Kind


@transaction.atomic
def show_mark(*, program_item, mark, at=None, user=None):
    """Mark `program_item` started or finished at `at` (now when None: a later time corrects a
    late press). Starting an item finishes the one still running in the same venue, at that time,
    as the stage manager's "go" does. Raises ValidationError where the times cannot be."""
    mark = Kind(mark)
    at = at or timezone.now()
    # The venue's items locked in one order, so that two marks at once are taken one after the other.
    venue_items = ProgramItem.objects.filter(event_id=program_item.event_id, venue_id=program_item.venue_id)
    list(venue_items.select_for_update().order_by("pk").values_list("pk", flat=True))
    latest = latest_marks(ShowMark.objects.filter(program_item__in=venue_items))
    started = latest.get((program_item.pk, Kind.STARTED))
    if mark == Kind.FINISHED:
        if started is None:
            raise ValidationError(_("“%(item)s” has not been marked started.") % {"item": program_item.title})
        if at < started:
            raise ValidationError(
                _("“%(item)s” cannot finish before it started.") % {"item": program_item.title}
            )
    else:
        finished = latest.get((program_item.pk, Kind.FINISHED))
        if finished is not None and at > finished:
            raise ValidationError(
                _("“%(item)s” cannot start after it finished.") % {"item": program_item.title}
            )
        running = [
            pk
            for (pk, kind), time in latest.items()
            if kind == Kind.STARTED
            and pk != program_item.pk
            and (pk, Kind.FINISHED) not in latest
            and time <= at
        ]
        ShowMark.objects.bulk_create(
            ShowMark(program_item_id=pk, mark=Kind.FINISHED, at=at, marked_by=_user(user)) for pk in running
        )
    return ShowMark.objects.create(program_item=program_item, mark=mark, at=at, marked_by=_user(user))


def cue_mark(*, program_item, cue, mark, at=None, user=None):
    """Mark a cue of `program_item` (a speaker, a video address, an award presentation, as
    "speaker:<participation pk>" and so on) started or finished; cues move no times."""
    mark = Kind(mark)
    kind, _colon, pk = cue.partition(":")
    cues = {
        "speaker": program_item.participations,
        "video": program_item.video_addresses,
        "presentation": program_item.award_presentations,
    }
    if kind not in cues or not pk.isdecimal() or not cues[kind].filter(pk=int(pk)).exists():
        raise ValidationError(
            _("“%(cue)s” is not a cue of “%(item)s”.") % {"cue": cue[:40], "item": program_item.title}
        )
    return ShowMark.objects.create(
        program_item=program_item,
        cue=f"{kind}:{int(pk)}",
        mark=mark,
        at=at or timezone.now(),
        marked_by=_user(user),
    )


def show_adjust(*, from_item, minutes, reason="", user=None):
    """Move the expected times of `from_item` and every later item of its venue by `minutes`."""
    adjustment = ShowAdjustment(from_item=from_item, minutes=minutes, reason=reason, made_by=_user(user))
    adjustment.full_clean()
    adjustment.save()
    return adjustment


def screen_token_hash(token):
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def screen_issue(*, event, name, user=None):
    """A new screen link; returns (screen, path). The token is kept nowhere: this is the one time
    the link can be read."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    screen = ShowScreen.objects.create(
        event=event, name=name, token_hash=screen_token_hash(token), created_by=_user(user)
    )
    return screen, reverse("show-screen", args=[token])


def screens_revoke(*, screens):
    return ShowScreen.objects.filter(
        pk__in=[screen.pk for screen in screens], revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def screen_for_token(token):
    """The live screen a token opens, with its event; None for an unknown or revoked one alike."""
    return (
        ShowScreen.objects.select_related("event")
        .filter(token_hash=screen_token_hash(token), revoked_at__isnull=True)
        .first()
    )


def _user(user):
    return user if user is not None and user.is_authenticated else None
