"""Every admin page runs the same number of queries however many attendees the event has and however
many rows its inlines show: pinned at two sizes, so that a query per choice or per row fails here.

The lists are pinned in test_admin.py (one and fifty rows), the conflicts page in test_conflicts.py
and the printouts in test_printing.py.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ceremony.models import (
    Attendee,
    CheckIn,
    Event,
    FacilityVisit,
    Invitation,
    Job,
    OutboxMessage,
    Person,
    ProgramItem,
    ShowMark,
)
from tests import factories
from tests.admin_pages import admin_url
from tests.test_admin import ADMIN_CASES, _with_links

pytestmark = pytest.mark.django_db


def queries(client, url):
    client.get(url)  # warm the session, the content types and the permissions caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def event_of(record):
    for path in ("event", "program_item", "ceremony", "visit"):
        related = getattr(record, path, None)
        if isinstance(related, Event):
            return related
        if related is not None:
            return event_of(related)
    return None


@pytest.mark.parametrize("model", ADMIN_CASES, ids=lambda model: model.__name__)
def test_add_and_change_pages_whatever_the_number_of_attendees(admin_client, model):
    record = _with_links(ADMIN_CASES[model][0])()
    event = event_of(record) or factories.EventFactory()
    pages = [admin_url(model, "change", record.pk)]
    # Made by actions, jobs, the show's page and the doors' page: no add page.
    if model not in (Job, Invitation, OutboxMessage, ShowMark, CheckIn):
        pages.append(admin_url(model, "add"))
    factories.AttendeeFactory(event=event)
    few = [queries(admin_client, url) for url in pages]
    factories.AttendeeFactory.create_batch(20, event=event)
    assert Attendee.objects.filter(event=event).count() >= 21
    assert [queries(admin_client, url) for url in pages] == few


def _participants(count):
    """Interpreters, each accompanying a guest of the item's event."""
    item = factories.ProgramItemFactory()
    for _n in range(count):
        guest = factories.AttendeeFactory(event=item.event)
        factories.ParticipationFactory(program_item=item, role="interpreter", accompanies=guest)
    return item


def _videos(count):
    item = factories.ProgramItemFactory()
    factories.VideoAddressFactory.create_batch(count, program_item=item)
    return item


def _seats(count):
    item = factories.ProgramItemFactory(venue=factories.VenueFactory(seat_rows=5, seats_per_row=5))
    for number in range(1, count + 1):
        factories.SeatAssignmentFactory(program_item=item, seat=number)
    return item


def _presentations(count):
    ceremony = factories.ProgramItemFactory(kind="award_ceremony")
    for _n in range(count):
        presenter = factories.AttendeeFactory(event=ceremony.event)
        factories.AwardPresentationFactory(ceremony=ceremony, presenter=presenter)
    return ceremony


def _attendances(count):
    person = factories.PersonFactory()
    for _n in range(count):
        event = factories.EventFactory()
        factories.AttendeeFactory(
            person=person, event=event, delegation=factories.DelegationFactory(event=event)
        )
    return person


def _parts(count):
    attendee = factories.AttendeeFactory()
    factories.ParticipationFactory.create_batch(count, attendee=attendee, program_item__event=attendee.event)
    return attendee


def _visitors(count):
    visit = factories.FacilityVisitFactory()
    factories.VisitParticipantFactory.create_batch(count, visit=visit)
    return visit


# A page's record with `count` rows in one of its inlines.
PAGES_WITH_ROWS = {
    "participants": (ProgramItem, _participants),
    "video addresses": (ProgramItem, _videos),
    "seats": (ProgramItem, _seats),
    "award presentations": (ProgramItem, _presentations),
    "attendances": (Person, _attendances),
    "parts in the program": (Attendee, _parts),
    "visitors": (FacilityVisit, _visitors),
}


@pytest.mark.parametrize("rows", PAGES_WITH_ROWS)
def test_change_pages_whatever_the_number_of_inline_rows(admin_client, rows):
    model, make = PAGES_WITH_ROWS[rows]
    one = queries(admin_client, admin_url(model, "change", make(1).pk))
    assert queries(admin_client, admin_url(model, "change", make(4).pk)) == one


def test_history_page_whatever_the_number_of_changes(admin_client):
    attendee = factories.AttendeeFactory()
    url = admin_url(Attendee, "history", attendee.pk)
    one = queries(admin_client, url)
    for notes in ("Первая правка", "Вторая правка", "Третья правка"):
        attendee.notes = notes
        attendee.save()
    assert queries(admin_client, url) == one


def test_order_of_precedence_page_whatever_the_number_of_dignitaries(admin_client):
    event = factories.EventFactory()
    url = admin_url(Event, "precedence", event.pk)
    factories.AttendeeFactory(
        event=event, precedence_rank=1, person__organization=factories.OrganizationFactory()
    )
    one = queries(admin_client, url)
    for rank in range(2, 8):
        delegation = factories.DelegationFactory(event=event, precedence_rank=rank)
        factories.AttendeeFactory(event=event, precedence_rank=rank, delegation=delegation)
    assert queries(admin_client, url) == one


def test_translations_page_whatever_the_number_of_texts(admin_client):
    event = factories.EventFactory()
    url = admin_url(Event, "translations", event.pk)

    def grow(count):
        for _n in range(count):
            item = factories.ProgramItemFactory(event=event, title_ru="Пункт", title_kk="")
            factories.VideoAddressFactory(program_item=item)
            factories.AttendeeFactory(event=event, person__organization=factories.OrganizationFactory())

    grow(1)
    one = queries(admin_client, url)
    grow(15)
    assert queries(admin_client, url) == one
