"""Two people saving the same record: the second save is refused, never written over the first.

Every record edited in the admin carries a version; so does every row of its inlines. The attendee's
page is tested in detail, every other page and inline generically, and the clearance decisions that
must never be silently reverted by name.
"""

import threading
import time

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import formats, timezone

from awards.models import AwardPresentation
from ceremony.admin.people import AttendeeAdmin
from ceremony.core.locking import RecordChanged, Versioned
from ceremony.enums import ProgramItemKind, RsvpStatus
from ceremony.guest_lists.services import guest_import_undo
from ceremony.models import (
    Attendee,
    FacilityVisit,
    Person,
    ProgramItem,
    Venue,
    VideoAddress,
    VisitParticipant,
)
from ceremony.services.protocol import program_item_order_speakers
from tests import factories
from tests.admin_pages import admin_url, open_change_form, open_form
from tests.test_bad_input import make_record
from tests.test_import import import_now, xlsx

pytestmark = pytest.mark.django_db


def change_url(attendee):
    return reverse("admin:ceremony_attendee_change", args=[attendee.pk])


def organizer(username, first_name="", last_name=""):
    user = User.objects.create_superuser(username, first_name=first_name, last_name=last_name)
    client = Client()
    client.force_login(user)
    return user, client


def form_errors(response):
    return response.context_data["adminform"].form.non_field_errors()


def expected_message(attendee, user_name=None, reason=None):
    """The refusal as the organizer reads it: who changed the record last, and when, in the event's zone."""
    latest = attendee.history.first()
    time = formats.date_format(
        timezone.localtime(latest.history_date, attendee.event.zone), "DATETIME_FORMAT"
    )
    if user_name:
        head = f"{user_name} changed this attendee at {time}, after you opened it."
    else:
        head = f"This attendee was changed at {time}, after you opened it."
    if reason:
        head += f" It was recorded as “{reason}”."
    return (
        f"{head} Your changes were not saved, so that they do not overwrite that change. Reload the page "
        "to see the current version and make your changes again; what you typed is still in the form below."
    )


@pytest.fixture
def attendee():
    return factories.AttendeeFactory(dietary_needs="", notes="")


def test_a_save_keeps_the_change_and_bumps_the_version(admin_client, admin_user, attendee):
    data = open_form(admin_client, change_url(attendee), "attendee_form")
    assert data["loaded_version"] == ["1"]
    response = admin_client.post(change_url(attendee), {**data, "notes": "Встречает аким"})
    assert response.status_code == 302
    attendee.refresh_from_db()
    assert (attendee.notes, attendee.version) == ("Встречает аким", 2)
    latest = attendee.history.first()
    assert (latest.version, latest.notes, latest.history_user) == (2, "Встречает аким", admin_user)
    # Saving again from a page opened after that save goes through too.
    data = open_form(admin_client, change_url(attendee), "attendee_form")
    assert admin_client.post(change_url(attendee), {**data, "dietary_needs": "Халал"}).status_code == 302
    attendee.refresh_from_db()
    assert (attendee.notes, attendee.dietary_needs, attendee.version) == ("Встречает аким", "Халал", 3)


def test_the_second_of_two_organizers_is_refused_and_the_first_change_kept(attendee):
    _first, first = organizer("aigerim", "Айгерим", "Сапарова")
    _second, second = organizer("roman")
    first_data = open_form(first, change_url(attendee), "attendee_form")
    second_data = open_form(second, change_url(attendee), "attendee_form")

    assert first.post(change_url(attendee), {**first_data, "notes": "Встречает аким"}).status_code == 302
    response = second.post(
        change_url(attendee), {**second_data, "notes": "Без сопровождения", "dietary_needs": "Вегетарианское"}
    )

    assert response.status_code == 200  # the form again, not a redirect
    attendee.refresh_from_db()
    assert (attendee.notes, attendee.dietary_needs, attendee.version) == ("Встречает аким", "", 2)
    assert form_errors(response) == [expected_message(attendee, "Айгерим Сапарова")]
    # What the second organizer typed is still in the form.
    form = response.context["adminform"].form
    assert (form["notes"].value(), form["dietary_needs"].value()) == ("Без сопровождения", "Вегетарианское")
    assert "Reload the page" in response.content.decode()
    # Posting the same form again is refused again: only a reload (a newer version) lets it through.
    assert second.post(change_url(attendee), {**second_data, "notes": "Снова"}).status_code == 200
    reloaded = open_form(second, change_url(attendee), "attendee_form")
    assert (
        second.post(change_url(attendee), {**reloaded, "dietary_needs": "Вегетарианское"}).status_code == 302
    )
    attendee.refresh_from_db()
    assert (attendee.notes, attendee.dietary_needs, attendee.version) == (
        "Встречает аким",
        "Вегетарианское",
        3,
    )


def test_an_rsvp_action_between_opening_and_saving_refuses_the_save(attendee):
    _user, organizer_client = organizer("roman")
    _other, other_client = organizer("dana", "Дана", "Абенова")
    data = open_form(organizer_client, change_url(attendee), "attendee_form")

    other_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "mark_declined", "_selected_action": [attendee.pk]},
    )
    response = organizer_client.post(
        change_url(attendee), {**data, "rsvp_status": RsvpStatus.CONFIRMED, "notes": "Подтвердил по телефону"}
    )

    assert response.status_code == 200
    attendee.refresh_from_db()
    assert (attendee.rsvp_status, attendee.notes, attendee.version) == (RsvpStatus.DECLINED, "", 2)
    assert form_errors(response) == [expected_message(attendee, "Дана Абенова")]


def test_the_attendee_list_has_no_editable_column_to_save_over_a_newer_change(admin_client, attendee):
    # An editable list row carries no version; RSVP changes go through the actions instead.
    page = admin_client.get(reverse("admin:ceremony_attendee_changelist")).content.decode()
    assert "form-0-rsvp_status" not in page
    assert "mark_confirmed" in page


def test_a_form_posted_without_its_version_is_refused(admin_client, attendee):
    data = open_form(admin_client, change_url(attendee), "attendee_form")
    del data["loaded_version"]
    response = admin_client.post(change_url(attendee), {**data, "notes": "Без версии"})
    assert response.status_code == 200
    assert form_errors(response) == ["This page was not sent as it was opened. Reload it and try again."]
    attendee.refresh_from_db()
    assert (attendee.notes, attendee.version) == ("", 1)


def test_the_version_cannot_be_set_by_hand(admin_client, attendee):
    page = admin_client.get(change_url(attendee)).content.decode()
    assert '<input type="hidden" name="loaded_version" value="1"' in page
    assert 'name="version"' not in page
    data = open_form(admin_client, change_url(attendee), "attendee_form")
    # A posted version is not the record's version: the save counts on.
    assert admin_client.post(change_url(attendee), {**data, "version": "99"}).status_code == 302
    attendee.refresh_from_db()
    assert attendee.version == 2
    # Nor does claiming a later version than the one stored get a form through.
    data = open_form(admin_client, change_url(attendee), "attendee_form")
    response = admin_client.post(change_url(attendee), {**data, "loaded_version": "99", "notes": "Чужое"})
    assert response.status_code == 200
    attendee.refresh_from_db()
    assert (attendee.version, attendee.notes) == (2, "")
    # A mangled version is refused where the user sees it (the field itself is hidden).
    for mangled in ("abc", str(2**70)):
        response = admin_client.post(
            change_url(attendee), {**data, "loaded_version": mangled, "notes": "Чужое"}
        )
        assert response.status_code == 200
        assert form_errors(response) == ["This page was not sent as it was opened. Reload it and try again."]
    attendee.refresh_from_db()
    assert (attendee.version, attendee.notes) == (2, "")


def test_a_change_between_reading_and_writing_the_record_is_refused_with_the_message(admin_user, attendee):
    """The race the form's check cannot see: another save commits after this request read the record.

    The save's own check (one UPDATE ... WHERE version = ...) refuses it; the page then shows the form
    with the message, as for any other refused save.
    """
    _user, organizer_client = organizer("roman")
    data = open_form(organizer_client, change_url(attendee), "attendee_form")
    read_before_the_other_save = [Attendee.objects.get(pk=attendee.pk)]
    _other, other_client = organizer("dana", "Дана", "Абенова")
    other_data = open_form(other_client, change_url(attendee), "attendee_form")
    assert other_client.post(change_url(attendee), {**other_data, "notes": "Первой"}).status_code == 302

    class ReadBeforeTheOtherSave(AttendeeAdmin):
        def get_object(self, request, object_id, from_field=None):
            # This request's first read happened before the other save committed.
            if read_before_the_other_save:
                return read_before_the_other_save.pop()
            return super().get_object(request, object_id, from_field)

    request = RequestFactory().post(change_url(attendee), {**data, "notes": "Второй"})
    request.user = admin_user
    request._dont_enforce_csrf_checks = True
    response = ReadBeforeTheOtherSave(Attendee, admin.site).change_view(request, str(attendee.pk))

    assert response.status_code == 200
    assert read_before_the_other_save == []  # the stale read was used, and refused at the save
    attendee.refresh_from_db()
    assert (attendee.notes, attendee.version) == ("Первой", 2)
    assert form_errors(response) == [expected_message(attendee, "Дана Абенова")]


def test_a_stale_copy_of_the_record_cannot_be_saved(attendee):
    first, second = Attendee.objects.get(pk=attendee.pk), Attendee.objects.get(pk=attendee.pk)
    first.notes = "Первый"
    first.save()
    second.notes = "Второй"
    with pytest.raises(RecordChanged):
        second.save()
    attendee.refresh_from_db()
    assert (attendee.notes, attendee.version, second.version) == ("Первый", 2, 1)
    assert attendee.history.count() == 2  # created, then the first save; nothing of the refused one


def test_importing_and_undoing_a_guest_list_refuses_forms_opened_before(admin_client):
    event = factories.EventFactory(slug="baikonur-70", default_language="ru")
    person = factories.PersonFactory(family_name="Новиков", given_name="Игорь", email="novikov@example.kz")
    attendee = factories.AttendeeFactory(event=event, person=person, dietary_needs="")
    before_import = open_form(admin_client, change_url(attendee), "attendee_form")

    guest_import = import_now(
        event,
        xlsx(
            [["Фамилия", "Имя", "Эл. почта", "Питание"], ["Новиков", "Игорь", "novikov@example.kz", "Халал"]]
        ),
    )
    attendee.refresh_from_db()
    assert (attendee.dietary_needs, attendee.version) == ("Халал", 2)
    response = admin_client.post(change_url(attendee), {**before_import, "notes": "Старая форма"})
    assert response.status_code == 200
    assert form_errors(response) == [
        expected_message(attendee, reason=f"Guest-list import #{guest_import.pk} (guests.xlsx)")
    ]

    before_undo = open_form(admin_client, change_url(attendee), "attendee_form")
    guest_import_undo(guest_import=guest_import)
    attendee.refresh_from_db()
    assert (attendee.dietary_needs, attendee.version) == ("", 3)
    assert (
        admin_client.post(change_url(attendee), {**before_undo, "notes": "Старая форма"}).status_code == 200
    )
    attendee.refresh_from_db()
    assert attendee.notes == ""


def test_an_attendance_row_on_the_persons_page_is_refused_when_stale(admin_client, attendee):
    person_url = reverse("admin:ceremony_person_change", args=[attendee.person.pk])
    data = open_form(admin_client, person_url, "person_form")
    assert data["attendances-0-loaded_version"] == ["1"]
    _other, other_client = organizer("dana")
    other_client.post(
        reverse("admin:ceremony_attendee_changelist"),
        {"action": "mark_declined", "_selected_action": [attendee.pk]},
    )
    response = admin_client.post(person_url, {**data, "attendances-0-rsvp_status": RsvpStatus.CONFIRMED})
    assert response.status_code == 200
    attendee.refresh_from_db()
    assert attendee.rsvp_status == RsvpStatus.DECLINED
    (formset,) = response.context["inline_admin_formsets"]
    assert (
        formset.formset.forms[0]
        .non_field_errors()[0]
        .startswith(f"dana changed the attendee “{attendee}” at")
    )


# ---------------------------------------------------------------------------------------------------
# Every page and every inline


def versioned_admins():
    models = [model for model in apps.get_models() if admin.site.is_registered(model)]
    return sorted(
        (model for model in models if issubclass(model, Versioned)), key=lambda model: model._meta.label
    )


def test_every_record_edited_in_the_admin_is_versioned():
    editable = {
        model._meta.label
        for model in apps.get_models()
        if admin.site.is_registered(model) and model._meta.app_label in ("ceremony", "awards")
    }
    # Imports, jobs, the outbox, personal links, the show's marks and scans at the doors are records of
    # what happened, not something to edit.
    assert editable - {model._meta.label for model in versioned_admins()} == {
        "ceremony.CheckIn",
        "ceremony.GuestImport",
        "ceremony.Invitation",
        "ceremony.Job",
        "ceremony.OutboxMessage",
        "ceremony.ShowAdjustment",
        "ceremony.ShowMark",
        "ceremony.ShowScreen",
    }


def saved_elsewhere(record):
    """Someone else saves the record meanwhile (any save raises its version)."""
    type(record).objects.get(pk=record.pk).save()


@pytest.mark.parametrize("model", versioned_admins(), ids=lambda model: model._meta.label)
def test_every_change_page_refuses_a_save_over_a_newer_change(admin_client, model):
    record = make_record(model)
    data = open_change_form(admin_client, record)
    assert data["loaded_version"] == ["1"]
    saved_elsewhere(record)
    response = admin_client.post(admin_url(model, "change", record.pk), data)
    assert response.status_code == 200
    (message,) = form_errors(response)
    assert message.startswith(f"This {model._meta.verbose_name} was changed at ")
    assert type(record).objects.get(pk=record.pk).version == 2  # nothing of the refused save


def inline_rows():
    """(page's record maker, inline prefix) for every inline of every versioned admin."""
    return [
        pytest.param(make, prefix, id=f"{model._meta.label}:{prefix}")
        for model in versioned_admins()
        for make, prefix in PAGES_WITH_ROWS.get(model, [])
    ]


PAGES_WITH_ROWS = {
    ProgramItem: [
        (lambda: factories.ParticipationFactory().program_item, "participations"),
        (lambda: factories.VideoAddressFactory().program_item, "video_addresses"),
        (lambda: factories.SeatAssignmentFactory().program_item, "seats"),
        (lambda: factories.AwardPresentationFactory().ceremony, "award_presentations"),
        (lambda: factories.FacilityVisitFactory().program_item, "facility_visit"),
        (lambda: factories.TableAssignmentFactory().program_item, "table_assignments"),
    ],
    Venue: [
        (lambda: factories.BanquetTableFactory().venue, "banquet_tables"),
        (lambda: factories.VenueSectionFactory().venue, "sections"),
    ],
    Person: [(lambda: factories.AttendeeFactory().person, "attendances")],
    Attendee: [(lambda: factories.ParticipationFactory().attendee, "participations")],
    FacilityVisit: [(lambda: factories.VisitParticipantFactory().visit, "visitors")],
}


def test_every_inline_is_tested_here():
    tested = {(model, prefix) for model, pages in PAGES_WITH_ROWS.items() for _make, prefix in pages}
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    found = set()
    for model in versioned_admins():
        model_admin = admin.site.get_model_admin(model)
        for obj in records_showing_every_inline(model):
            for inline_class in model_admin.get_inlines(request, obj):
                prefix = inline_class(model, admin.site).get_formset(request).get_default_prefix()
                found.add((model, prefix))
    assert found == tested


def records_showing_every_inline(model):
    """Unsaved records between them showing every inline of the model's page (a program item's
    inlines depend on its kind and venue)."""
    if model is not ProgramItem:
        return [None]
    seated = Venue(seat_rows=1, seats_per_row=1)
    banquet_hall = factories.BanquetTableFactory().venue  # stored: the page asks whether it has tables
    return [
        ProgramItem(kind=ProgramItemKind.FACILITY_VISIT, venue=seated),
        ProgramItem(kind=ProgramItemKind.AWARD_CEREMONY),
        ProgramItem(kind=ProgramItemKind.RECEPTION, venue=banquet_hall),
    ]


@pytest.mark.parametrize(("make", "prefix"), inline_rows())
def test_a_stale_row_of_any_inline_refuses_the_whole_save_and_names_the_row(admin_client, make, prefix):
    parent = make()
    data = open_change_form(admin_client, parent)
    assert data[f"{prefix}-0-loaded_version"] == ["1"]
    row_model = type(parent)._meta.get_field(RELATED[prefix]).related_model
    row = row_model.objects.get(pk=data[f"{prefix}-0-id"][0])
    saved_elsewhere(row)
    response = admin_client.post(admin_url(type(parent), "change", parent.pk), data)
    assert response.status_code == 200
    (formset,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == prefix
    ]
    (message,) = formset.forms[0].non_field_errors()
    assert message.startswith(f"The {row_model._meta.verbose_name} “{row}” was changed at ")
    assert type(parent).objects.get(pk=parent.pk).version == 1  # the page's own record is not saved either


# The related name each inline's prefix stands for, from the page's model.
RELATED = {
    "participations": "participations",
    "video_addresses": "video_addresses",
    "seats": "seats",
    "award_presentations": "award_presentations",
    "facility_visit": "facility_visit",
    "attendances": "attendances",
    "visitors": "visitors",
    "table_assignments": "table_assignments",
    "banquet_tables": "banquet_tables",
    "sections": "sections",
}


def test_deleting_a_row_someone_changed_meanwhile_is_refused(admin_client):
    visitor = factories.VisitParticipantFactory()
    data = open_change_form(admin_client, visitor.visit)
    data["visitors-0-DELETE"] = ["on"]
    saved_elsewhere(visitor)
    response = admin_client.post(admin_url(FacilityVisit, "change", visitor.visit.pk), data)
    assert response.status_code == 200
    (formset,) = [inline.formset for inline in response.context["inline_admin_formsets"]]
    (message,) = formset.non_form_errors()
    assert message.startswith(f"The visitor “{visitor}” was changed at ")
    assert VisitParticipant.objects.filter(pk=visitor.pk).exists()


# ---------------------------------------------------------------------------------------------------
# Clearance decisions are never silently reverted


@pytest.fixture
def clearance_scene():
    """An organizer has the visit's page open; then a security officer denies a visitor clearance."""
    _organizer, organizer_client = organizer("aigerim", "Айгерим", "Сапарова")
    _officer, officer_client = organizer("dana", "Дана", "Абенова")
    visitor = factories.VisitParticipantFactory(clearance_notes="")
    page = open_change_form(organizer_client, visitor.visit)
    return visitor, organizer_client, officer_client, page


def test_a_visit_page_opened_before_a_denial_cannot_put_the_visitor_back(clearance_scene):
    visitor, organizer_client, officer_client, page = clearance_scene
    visitor_page = open_change_form(officer_client, visitor)
    visitor_page.update(clearance_status=["denied"], clearance_notes_ru=["Отказ ФСО"])
    assert (
        officer_client.post(admin_url(VisitParticipant, "change", visitor.pk), visitor_page).status_code
        == 302
    )

    response = organizer_client.post(
        admin_url(FacilityVisit, "change", visitor.visit.pk), {**page, "transport": ["Автобус №3"]}
    )
    assert response.status_code == 200
    (formset,) = [inline.formset for inline in response.context["inline_admin_formsets"]]
    assert (
        formset.forms[0].non_field_errors()[0].startswith(f"Дана Абенова changed the visitor “{visitor}” at ")
    )
    visitor.refresh_from_db()
    assert (visitor.clearance_status, visitor.clearance_notes_ru) == ("denied", "Отказ ФСО")
    assert visitor.visit.transport == ""


def test_a_clearance_action_refuses_pages_opened_before_it(clearance_scene):
    visitor, organizer_client, officer_client, page = clearance_scene
    officer_client.post(
        admin_url(VisitParticipant, "changelist"), {"action": "set_denied", "_selected_action": [visitor.pk]}
    )
    visitor.refresh_from_db()
    assert (visitor.clearance_status, visitor.version) == ("denied", 2)
    assert visitor.history.first().history_user.username == "dana"
    response = organizer_client.post(admin_url(FacilityVisit, "change", visitor.visit.pk), page)
    assert response.status_code == 200
    visitor.refresh_from_db()
    assert visitor.clearance_status == "denied"


def test_the_visitor_list_has_no_editable_column_to_save_over_a_newer_decision(admin_client):
    factories.VisitParticipantFactory()
    page = admin_client.get(admin_url(VisitParticipant, "changelist")).content.decode()
    assert "form-0-clearance_status" not in page
    assert 'value="set_denied"' in page


def test_an_attendee_page_opened_before_a_change_of_their_part_in_the_program_is_refused(admin_client):
    participation = factories.ParticipationFactory(notes="")
    attendee_page = open_change_form(admin_client, participation.attendee)
    _other, other_client = organizer("dana")
    item_page = open_change_form(other_client, participation.program_item)
    item_page["participations-0-notes"] = ["Выступает вторым"]
    assert (
        other_client.post(
            admin_url(ProgramItem, "change", participation.program_item.pk), item_page
        ).status_code
        == 302
    )

    response = admin_client.post(admin_url(Attendee, "change", participation.attendee.pk), attendee_page)
    assert response.status_code == 200
    participation.refresh_from_db()
    assert participation.notes == "Выступает вторым"


# ---------------------------------------------------------------------------------------------------
# Bulk actions and services raise the versions they touch


def test_actions_and_services_raise_the_versions_they_touch(admin_client):
    video = factories.VideoAddressFactory()
    presentation = factories.AwardPresentationFactory()
    admin_client.post(
        admin_url(VideoAddress, "changelist"), {"action": "set_approved", "_selected_action": [video.pk]}
    )
    admin_client.post(
        admin_url(AwardPresentation, "changelist"),
        {"action": "set_approved", "_selected_action": [presentation.pk]},
    )
    video.refresh_from_db()
    presentation.refresh_from_db()
    assert (video.status, video.version, presentation.status, presentation.version) == (
        "approved",
        2,
        "approved",
        2,
    )

    item = factories.ProgramItemFactory()
    first, second = (
        factories.ParticipationFactory(program_item=item, role="speaker", order=order) for order in (1, 2)
    )
    Attendee.objects.filter(pk=second.attendee_id).update(precedence_rank=1)
    assert program_item_order_speakers(program_item=item) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert [(p.order, p.version) for p in (second, first)] == [(1, 2), (2, 2)]
    assert second.history.first().version == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time anyway")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: factories.AttendeeFactory(notes=""), "notes"),
        (lambda: factories.FacilityVisitFactory(transport=""), "transport"),
        (lambda: factories.ParticipationFactory(notes=""), "notes"),
    ],
    ids=["attendee", "facility visit", "participation"],
)
def test_two_concurrent_saves_cannot_both_pass(make, field):
    """The second save reads while the first is written but not committed, and must still be refused."""
    record = make()
    model = type(record)
    copies = {name: model.objects.get(pk=record.pk) for name in ("first", "second")}
    first_written, commit_first = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                setattr(copies["first"], field, "Первый")
                copies["first"].save()
                first_written.set()
                commit_first.wait(10)
        finally:
            connection.close()

    def second():
        try:
            first_written.wait(10)
            setattr(copies["second"], field, "Второй")
            try:
                copies["second"].save()  # waits for the first one's row lock
                outcome["second"] = "saved"
            except RecordChanged:
                outcome["second"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_written.wait(10)
    time.sleep(0.5)  # the second save is now waiting on the first one's lock
    commit_first.set()
    for thread in threads:
        thread.join(20)
    record.refresh_from_db()
    assert (outcome, getattr(record, field), record.version) == ({"second": "refused"}, "Первый", 2)
