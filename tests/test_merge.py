"""Duplicates merged: a person or an organization entered twice becomes one, and nothing is lost."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardPresentation
from ceremony.guest_lists.services import guest_import_undo
from ceremony.models import Attendee, Delegation, Organization, Person, SeatAssignment, VisitParticipant
from ceremony.permissions import ORGANIZER, PROTOCOL_OFFICER
from ceremony.services import merging
from ceremony.services.merging import organizations_merge, people_merge
from tests import factories
from tests.test_import import import_now, xlsx

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:ceremony_person_changelist")


@pytest.fixture
def user():
    return factories.UserFactory(username="dana")


def history_of(person_pk):
    return list(Person.history.filter(id=person_pk).order_by("-history_date", "-history_id"))


# ---------------------------------------------------------------------------------------------------
# People


def test_merging_a_person_moves_their_attendances_with_seats_awards_and_visits(user):
    kept = factories.PersonFactory(family_name="Аимбетов", given_name="Айдын")
    merged = factories.PersonFactory(family_name="Аимбетов", given_name="А.")
    kept_attendance = factories.AttendeeFactory(person=kept)
    presentation = factories.AwardPresentationFactory(recipient__person=merged)
    attendance = presentation.recipient
    seat = factories.SeatAssignmentFactory(attendee=attendance, program_item__event=attendance.event)
    visitor = factories.VisitParticipantFactory(
        attendee=attendance, visit__program_item__event=attendance.event
    )
    delegation = factories.DelegationFactory(event=attendance.event, head=attendance)

    people_merge(kept=kept, merged=[merged], user=user)

    assert list(Person.objects.all()) == [kept]
    assert set(Attendee.objects.filter(person=kept)) == {kept_attendance, attendance}
    assert AwardPresentation.objects.get().recipient == attendance
    assert SeatAssignment.objects.get() == seat
    assert VisitParticipant.objects.get() == visitor
    assert Delegation.objects.get(pk=delegation.pk).head == attendance


def test_merge_fills_the_kept_persons_blanks_and_keeps_its_own_values(user):
    organization = factories.OrganizationFactory()
    kept = factories.PersonFactory(phone="+77010000001", position_en="")
    merged = factories.PersonFactory(
        phone="+77010000002", email="a@example.kz", organization=organization, position_en="Veteran"
    )

    kept = people_merge(kept=kept, merged=merged, user=user)

    assert (kept.phone, kept.email, kept.organization, kept.position_en) == (
        "+77010000001",
        "a@example.kz",
        organization,
        "Veteran",
    )


def test_history_of_both_people_says_who_merged_them_and_how(user):
    kept = factories.PersonFactory(family_name="Аимбетов", given_name="Айдын")
    merged = factories.PersonFactory(family_name="Аимбетов", given_name="А.")
    attendance = factories.AttendeeFactory(person=merged)

    people_merge(kept=kept, merged=[merged], user=user)

    kept_row, merged_row = history_of(kept.pk)[0], history_of(merged.pk)[0]
    assert (kept_row.history_type, kept_row.history_change_reason, kept_row.history_user) == (
        "~",
        f"Merged into this: #{merged.pk} (Аимбетов А.)",
        user,
    )
    assert (merged_row.history_type, merged_row.history_change_reason, merged_row.history_user) == (
        "-",
        f"Merged into #{kept.pk} (Аимбетов Айдын)",
        user,
    )
    moved = attendance.history.first()
    assert (moved.person_id, moved.history_change_reason, moved.history_user) == (
        kept.pk,
        f"Person #{merged.pk} (Аимбетов А.) merged into #{kept.pk} (Аимбетов Айдын)",
        user,
    )


def test_several_people_merge_into_one_at_once(user):
    kept, *merged = factories.PersonFactory.create_batch(3)
    for person in merged:
        factories.AttendeeFactory(person=person)

    people_merge(kept=kept, merged=merged, user=user)

    assert list(Person.objects.all()) == [kept]
    assert Attendee.objects.filter(person=kept).count() == 2


def test_merge_is_refused_when_both_attend_the_same_event_and_nothing_is_written(user):
    event = factories.EventFactory(name="Baikonur 70")
    kept = factories.PersonFactory(family_name="Аимбетов", given_name="Айдын")
    merged = factories.PersonFactory(family_name="Аимбетов", given_name="А.", email="a@example.kz")
    factories.AttendeeFactory(event=event, person=kept)
    factories.AttendeeFactory(event=event, person=merged)
    other = factories.AttendeeFactory(person=merged)

    with pytest.raises(ValidationError) as refusal:
        people_merge(kept=kept, merged=[merged], user=user)

    assert refusal.value.messages == [
        f"#{kept.pk} (Аимбетов Айдын), #{merged.pk} (Аимбетов А.) cannot be merged: each is in attendees "
        "with event “Baikonur 70”, where one person can be only once. Remove one of them first."
    ]
    kept.refresh_from_db()
    other.refresh_from_db()
    assert (kept.email, kept.version, other.person_id) == (None, 1, merged.pk)
    assert Person.objects.count() == 2
    assert len(history_of(kept.pk)) == 1


def test_merge_is_refused_when_both_received_a_once_only_award(user):
    award = factories.AwardFactory(name="Медаль «Байконур»", is_repeatable=False)
    first = factories.AwardPresentationFactory(award=award).recipient.person
    second = factories.AwardPresentationFactory(award=award).recipient.person

    with pytest.raises(ValidationError) as refusal:
        people_merge(kept=first, merged=[second], user=user)

    assert refusal.value.messages == [
        f"#{first.pk} ({first}), #{second.pk} ({second}) cannot be merged: each received "
        "“Медаль «Байконур»”, which can be received only once, and one person would hold it twice."
    ]
    assert Person.objects.count() == 2


def test_a_person_cannot_be_merged_into_themselves(user):
    person = factories.PersonFactory(family_name="Аимбетов", given_name="Айдын")

    with pytest.raises(ValidationError) as refusal:
        people_merge(kept=person, merged=[person], user=user)

    assert refusal.value.messages == [f"#{person.pk} (Аимбетов Айдын) cannot be merged into itself."]


def test_a_reference_the_merge_missed_makes_the_database_refuse_it_and_nothing_is_written(user, monkeypatch):
    kept, merged = factories.PersonFactory.create_batch(2)
    attendance = factories.AttendeeFactory(person=merged)
    # As if Attendee were a model the merge does not know, still pointing at the merged person.
    monkeypatch.setattr(merging, "links_to", lambda model: iter(()))

    with pytest.raises(ValidationError, match=r"The database refused this merge \("):
        people_merge(kept=kept, merged=[merged], user=user)

    attendance.refresh_from_db()
    assert (Person.objects.count(), attendance.person_id) == (2, merged.pk)


# ---------------------------------------------------------------------------------------------------
# Organizations


def test_merging_organizations_moves_their_people_and_delegations(user):
    kept = factories.OrganizationFactory(name="Роскосмос", country="")
    merged = factories.OrganizationFactory(name="Госкорпорация Роскосмос", country="RU")
    person = factories.PersonFactory(organization=merged)
    delegation = factories.DelegationFactory(organization=merged)

    kept = organizations_merge(kept=kept, merged=[merged], user=user)

    assert list(Organization.objects.all()) == [kept]
    person.refresh_from_db()
    delegation.refresh_from_db()
    assert (person.organization, delegation.organization, kept.country.code) == (kept, kept, "RU")
    assert kept.history.first().history_change_reason == (
        f"Merged into this: #{merged.pk} (Госкорпорация Роскосмос)"
    )


def test_merging_organizations_fills_the_kept_ones_missing_short_names_language_by_language(user):
    kept = factories.OrganizationFactory(
        name=None, name_en="Roscosmos State Corporation", short_name_ru="Роскосмос"
    )
    merged = factories.OrganizationFactory(
        name=None,
        name_ru="Госкорпорация «Роскосмос»",
        short_name_en="Roscosmos",
        short_name_ru="ГК Роскосмос",
        short_name_kk="Роскосмос",
    )

    kept = organizations_merge(kept=kept, merged=[merged], user=user)

    stored = Organization.objects.values("short_name_en", "short_name_ru", "short_name_kk", "name_ru").get()
    assert stored == {
        "short_name_en": "Roscosmos",
        "short_name_ru": "Роскосмос",  # the kept one's own
        "short_name_kk": "Роскосмос",
        "name_ru": "Госкорпорация «Роскосмос»",
    }


# ---------------------------------------------------------------------------------------------------
# Undoing a guest import after a merge


def test_undo_of_an_import_refuses_to_delete_a_person_who_took_a_duplicate_in():
    event = factories.EventFactory()
    guest_import = import_now(event, xlsx([["Фамилия", "Имя"], ["Новиков", "Игорь"]]))
    imported = Person.objects.get()
    people_merge(kept=imported, merged=[factories.PersonFactory(email="i@example.kz")])

    with pytest.raises(ValidationError, match="Новиков Игорь has taken in a duplicate by a merge"):
        guest_import_undo(guest_import=guest_import)
    assert list(Person.objects.all()) == [imported]


def test_undo_of_an_import_whose_person_was_merged_away_refuses_without_deleting_the_kept_one():
    event = factories.EventFactory()
    kept = factories.PersonFactory(family_name="Новиков", given_name="Игорь Петрович")
    guest_import = import_now(event, xlsx([["Фамилия", "Имя"], ["Новиков", "Игорь"]]))
    people_merge(kept=kept, merged=[Person.objects.get(given_name="Игорь")])

    with pytest.raises(ValidationError, match=r"Новиков Игорь Петрович \(person\)"):
        guest_import_undo(guest_import=guest_import)
    assert list(Person.objects.all()) == [kept]
    assert Attendee.objects.get().person == kept


def test_undo_of_an_import_that_updated_a_person_merged_away_since_keeps_the_kept_one():
    event = factories.EventFactory()
    updated = factories.PersonFactory(
        family_name="Гришин", given_name="Дмитрий", email="d@example.kz", phone="+77010000001"
    )
    attendance = factories.AttendeeFactory(event=event, person=updated)
    data = xlsx(
        [["Фамилия", "Имя", "Эл. почта", "Телефон"], ["Гришин", "Дмитрий", "d@example.kz", "87010000002"]]
    )
    guest_import = import_now(event, data)
    kept = factories.PersonFactory(family_name="Гришин", given_name="Дмитрий Сергеевич")
    people_merge(kept=kept, merged=[Person.objects.get(pk=updated.pk)])

    guest_import_undo(guest_import=guest_import)

    attendance.refresh_from_db()
    assert (list(Person.objects.all()), attendance.person) == ([kept], kept)


def test_undo_of_an_import_keeps_an_organization_that_took_a_duplicate_in():
    event = factories.EventFactory()
    guest_import = import_now(event, xlsx([["Фамилия", "Имя", "Организация"], ["Новиков", "Игорь", "Новая"]]))
    imported = Organization.objects.get()
    organizations_merge(kept=imported, merged=[factories.OrganizationFactory(name="Новая организация")])

    guest_import_undo(guest_import=guest_import)

    assert (Person.objects.count(), list(Organization.objects.all())) == (0, [imported])


# ---------------------------------------------------------------------------------------------------
# The admin action


def test_merge_page_lists_the_selected_people_with_what_each_has(admin_client):
    organization = factories.OrganizationFactory(name="Роскосмос")
    kept = factories.PersonFactory(family_name="Аимбетов", given_name="Айдын", email="a@example.kz")
    merged = factories.PersonFactory(family_name="Аимбетов", given_name="А.", organization=organization)
    factories.AttendeeFactory(person=merged, event__name="Baikonur 70")

    page = admin_client.post(
        CHANGELIST, {"action": "merge_selected", "_selected_action": [kept.pk, merged.pk]}
    )

    assert page.status_code == 200
    assert page.context["records"] == [kept, merged]
    rows = dict(page.context["rows"])
    assert rows["Name"] == ["Аимбетов Айдын", "Аимбетов А."]
    assert rows["Organization"] == ["—", "Роскосмос"]
    assert rows["Email"] == ["a@example.kz", "—"]
    assert rows["Events attended"] == ["—", "Baikonur 70"]
    assert rows["Attendees (person)"] == [0, 1]
    assert page.context["kept"] == str(kept.pk)


def test_merge_page_runs_the_same_queries_for_two_and_five_people(
    admin_client, django_assert_max_num_queries
):
    organization = factories.OrganizationFactory()

    def selection_of(count):
        people = factories.PersonFactory.create_batch(count, organization=organization)
        for person in people:
            factories.AttendeeFactory(person=person)
        return {"action": "merge_selected", "_selected_action": [person.pk for person in people]}

    admin_client.post(CHANGELIST, selection_of(2))  # warm the session and content-type caches
    two, five = selection_of(2), selection_of(5)
    with CaptureQueriesContext(connection) as queries_for_two:
        assert admin_client.post(CHANGELIST, two).status_code == 200
    with django_assert_max_num_queries(len(queries_for_two)):
        assert len(admin_client.post(CHANGELIST, five).context["records"]) == 5


def test_merge_action_keeps_the_chosen_person(admin_client):
    first, chosen = factories.PersonFactory.create_batch(2)
    attendance = factories.AttendeeFactory(person=first)

    response = admin_client.post(
        CHANGELIST,
        {
            "action": "merge_selected",
            "_selected_action": [first.pk, chosen.pk],
            "post": "yes",
            "kept": chosen.pk,
        },
        follow=True,
    )

    assert list(Person.objects.all()) == [chosen]
    attendance.refresh_from_db()
    assert attendance.person == chosen
    assert [str(message) for message in response.context["messages"]] == [
        f"1 record merged into #{chosen.pk} ({chosen})."
    ]


def test_merge_action_shows_a_refusal_and_writes_nothing(admin_client):
    event = factories.EventFactory()
    first, second = factories.AttendeeFactory.create_batch(2, event=event)

    response = admin_client.post(
        CHANGELIST,
        {
            "action": "merge_selected",
            "_selected_action": [first.person.pk, second.person.pk],
            "post": "yes",
            "kept": first.person.pk,
        },
        follow=True,
    )

    messages = [(message.level_tag, str(message)) for message in response.context["messages"]]
    assert len(messages) == 1
    assert messages[0][0] == "error"
    assert "where one person can be only once" in messages[0][1]
    assert Person.objects.count() == 2


def test_merge_action_refuses_when_a_person_changed_after_the_page_was_opened(admin_client):
    first, second = factories.PersonFactory.create_batch(2)
    selection = {"action": "merge_selected", "_selected_action": [first.pk, second.pk]}
    page = admin_client.post(CHANGELIST, selection)
    assert f'name="version_{second.pk}" value="1"' in page.content.decode()
    second.phone = "+77010000009"
    second.save()

    response = admin_client.post(
        CHANGELIST,
        {**selection, "post": "yes", "kept": first.pk, f"version_{first.pk}": 1, f"version_{second.pk}": 1},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        f"#{second.pk} ({second}) changed after the merge was opened. Nothing was merged: look at them again "
        "and merge once more."
    ]
    assert Person.objects.count() == 2


def test_organization_merge_action_keeps_the_chosen_organization(admin_client):
    kept, merged = factories.OrganizationFactory.create_batch(2)
    person = factories.PersonFactory(organization=merged)

    admin_client.post(
        reverse("admin:ceremony_organization_changelist"),
        {
            "action": "merge_selected",
            "_selected_action": [kept.pk, merged.pk],
            "post": "yes",
            "kept": kept.pk,
        },
    )

    person.refresh_from_db()
    assert (list(Organization.objects.all()), person.organization) == ([kept], kept)


@pytest.mark.parametrize(("role", "offered"), [(ORGANIZER, True), (PROTOCOL_OFFICER, False)])
def test_merge_is_offered_only_to_those_who_may_change_and_delete_people(client, role, offered):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    people = factories.PersonFactory.create_batch(2)

    page = client.get(CHANGELIST)
    form = page.context["action_form"]  # none at all when the user may run no action
    actions = [name for name, _label in form.fields["action"].choices] if form else []
    client.post(
        CHANGELIST,
        {
            "action": "merge_selected",
            "_selected_action": [person.pk for person in people],
            "post": "yes",
            "kept": people[0].pk,
        },
    )

    assert ("merge_selected" in actions) is offered
    assert Person.objects.count() == (1 if offered else 2)
