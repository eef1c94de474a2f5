"""Two organizers saving the same attendee: the second save is refused, never written over the first."""

import threading
import time
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import formats, timezone

from ceremony.admin.people import AttendeeAdmin
from ceremony.core.locking import RecordChanged
from ceremony.enums import RsvpStatus
from ceremony.guest_lists.services import guest_import_undo
from ceremony.models import Attendee
from tests import factories
from tests.test_import import import_now, xlsx

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """What a browser posts for one <form> of a page: its inputs, selected options and text areas."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.inside = False
        self.data = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        name = attrs.get("name")
        if not self.inside:
            return
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value") or ("on" if kind == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def posted(self):
        # A browser drops the newline that opens a text area.
        return {name: [value.removeprefix("\n") for value in values] for name, values in self.data.items()}


def open_form(client, url, form_id):
    """Open a change page; return what saving it unchanged would post."""
    response = client.get(url)
    assert response.status_code == 200
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    return {**parser.posted(), "_save": ["Save"]}


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
    assert formset.formset.forms[0].non_field_errors()[0].startswith("dana changed this attendee at")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time anyway")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_cannot_both_pass():
    """The second save reads while the first is written but not committed, and must still be refused."""
    attendee = factories.AttendeeFactory(notes="")
    copies = {name: Attendee.objects.get(pk=attendee.pk) for name in ("first", "second")}
    first_written, commit_first = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                copies["first"].notes = "Первый"
                copies["first"].save()
                first_written.set()
                commit_first.wait(10)
        finally:
            connection.close()

    def second():
        try:
            first_written.wait(10)
            copies["second"].notes = "Второй"
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
    attendee.refresh_from_db()
    assert (outcome, attendee.notes, attendee.version) == ({"second": "refused"}, "Первый", 2)
