"""Hardening for a hostile network: content security policy, login throttling without user
enumeration, readable error logs, and uploaded files that only staff can download."""

import base64
import hashlib
import logging
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import path, reverse

from baikonur_events.urls import urlpatterns as project_urls
from ceremony.core.request_log import RequestErrorFormatter
from ceremony.guest_lists import services
from ceremony.models import GuestImport, VideoAddress
from ceremony.permissions import PRINT_STAFF, VIEWER
from tests import factories
from tests.test_bad_input import posted_form

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


# ---------------------------------------------------------------------------------------------------
# Content security policy


def test_admin_pages_allow_scripts_from_this_site_only(admin_client):
    directives = csp_directives(admin_client.get(reverse("admin:index")))
    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


def test_the_import_page_asks_before_undo_without_inline_code(admin_client):
    event = factories.EventFactory()
    guest_import = services.guest_list_import(
        event=event, data="Фамилия;Имя\nИванов;Пётр\n".encode(), file_name="гости.csv"
    )
    assert guest_import.can_undo
    html = admin_client.get(reverse("admin:ceremony_guestimport_change", args=[guest_import.pk])).content
    html = html.decode()
    assert "ceremony/admin/confirm.js" in html
    assert 'data-confirm="Remove the guests this import created and restore what it changed?"' in html
    assert not INLINE_SCRIPT.search(html)
    assert not INLINE_HANDLER.search(html)


@pytest.mark.parametrize(
    "url_name", ["admin:ceremony_attendee_export", "admin:ceremony_attendee_changelist", "admin:index"]
)
def test_every_inline_handler_on_an_admin_page_is_allowed_by_its_hash(admin_client, url_name):
    response = admin_client.get(reverse(url_name))
    allowed = set(csp_directives(response)["script-src"])
    handlers = re.findall(r'\son[a-z]+="([^"]*)"', response.content.decode())
    if url_name == "admin:ceremony_attendee_export":
        assert handlers == ["onSelectToggleChange(event)"]  # django-import-export's "select all" box
    for handler in handlers:
        digest = base64.b64encode(hashlib.sha256(handler.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed, handler
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_a_printable_page_styles_itself_with_the_policys_nonce(client):
    event = factories.EventFactory()
    user = factories.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=PRINT_STAFF))
    client.force_login(user)
    response = client.get(reverse("print:program", kwargs={"slug": event.slug, "output": "html"}))
    nonce = re.search(r'<style nonce="([^"]+)">', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in csp_directives(response)["style-src"]


# ---------------------------------------------------------------------------------------------------
# Login throttling


def log_in(client, username, password):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, REMOTE_ADDR="10.1.2.3"
    )


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, settings):
    factories.UserFactory(username="aliya", is_staff=True)
    answers = [
        log_in(client, "aliya", "guess").status_code for _attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = log_in(client, "aliya", PASSWORD)
    assert response.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Too many failed logins. Wait {minutes} minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_clears_the_count(client, settings):
    factories.UserFactory(username="aliya", is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "aliya", "guess")
    assert log_in(client, "aliya", PASSWORD).status_code == 302
    client.logout()
    assert log_in(client, "aliya", "guess").status_code == 200  # counting starts again


def test_an_administrator_unlocks_a_login_by_deleting_the_attempt(client, admin_client, settings):
    factories.UserFactory(username="aliya", is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "aliya", "guess")
    attempt = AccessAttempt.objects.get(username="aliya")
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "aliya" in admin_client.get(changelist).content.decode()
    admin_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"}
    )
    assert log_in(client, "aliya", PASSWORD).status_code == 302


def test_another_address_is_not_locked_out(client, settings):
    factories.UserFactory(username="aliya", is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "aliya", "guess")
    assert log_in(client, "aliya", PASSWORD).status_code == 429
    response = client.post(
        reverse("admin:login"), {"username": "aliya", "password": PASSWORD}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302


def without_tokens(response):
    return re.sub(r'value="[^"]{32,}"', "", response.content.decode())


def test_the_login_page_does_not_tell_which_accounts_exist(client, settings):
    factories.UserFactory(username="aliya", is_staff=True)
    answers = {}
    for username in ("aliya", "nobody-by-this-name"):
        client.cookies.clear()
        pages = [log_in(client, username, "guess") for _attempt in range(settings.AXES_FAILURE_LIMIT + 1)]
        answers[username] = [
            (page.status_code, without_tokens(page).replace(username, "…")) for page in pages
        ]
    assert answers["aliya"] == answers["nobody-by-this-name"]
    assert [status for status, _page in answers["aliya"]] == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [
        429,
        429,
    ]


# ---------------------------------------------------------------------------------------------------
# Error logs an operator can read


def configured_request_formatter():
    """The formatter settings.LOGGING gives Django's request errors (not one made by the test)."""
    handlers = logging.getLogger("django.request").handlers  # and caplog's own, while capturing
    (formatter,) = [h.formatter for h in handlers if isinstance(h.formatter, RequestErrorFormatter)]
    return formatter


def fail_on_purpose(request):
    return 1 // 0


urlpatterns = [*project_urls, path("fail-on-purpose/", fail_on_purpose)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_request_error_is_one_log_line_with_the_user(client, caplog):
    client.raise_request_exception = False
    client.force_login(factories.UserFactory(username="aliya", is_staff=True))
    with caplog.at_level(logging.ERROR, logger="django.request"):
        assert client.get("/fail-on-purpose/?page=2").status_code == 500
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    line = configured_request_formatter().format(record)
    assert "\n" not in line
    assert re.fullmatch(
        r"\S+ \S+ ERROR 500 GET /fail-on-purpose/ user=aliya ip=127\.0\.0\.1 "
        r"ZeroDivisionError: integer division or modulo by zero "
        r"at tests/test_security\.py:\d+ in fail_on_purpose",
        line,
    ), line


def test_a_not_found_is_one_warning_line(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/no-such-page/")
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    line = configured_request_formatter().format(record)
    assert line.endswith("WARNING 404 GET /no-such-page/ user=anonymous ip=127.0.0.1 Not Found")


# ---------------------------------------------------------------------------------------------------
# Uploaded files


@pytest.fixture
def video(private_root):
    address = factories.VideoAddressFactory()
    address.media_file.save("greeting.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42 video bytes"))
    return address


def test_an_uploaded_video_is_kept_outside_the_static_root(admin_client, private_root, settings):
    address = factories.VideoAddressFactory()
    url = reverse("admin:ceremony_videoaddress_change", args=[address.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        program_item=address.program_item_id,
        subtitle_languages=[],
        media_file=ContentFile(b"video", name="address.mp4"),
        speaker_name_en=address.speaker_name,
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    stored = VideoAddress.objects.get(pk=address.pk).media_file
    assert stored.path.startswith(str(private_root))
    assert not stored.path.startswith(str(settings.STATIC_ROOT))
    page = admin_client.get(url).content.decode()
    assert f'href="{reverse("private-file", kwargs={"name": stored.name})}"' in page


def test_staff_allowed_to_view_the_record_download_the_file(client, video):
    user = factories.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=VIEWER))
    client.force_login(user)
    response = client.get(video.media_file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x00\x00\x00\x18ftypmp42 video bytes"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]


def test_anonymous_visitors_are_sent_to_log_in(client, video):
    response = client.get(video.media_file.url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_staff_without_permission_to_view_the_record_are_refused(client, video):
    client.force_login(factories.UserFactory(is_staff=True))
    assert client.get(video.media_file.url).status_code == 403


@pytest.mark.parametrize(
    "name",
    ["video-addresses/not-uploaded.mp4", "video-addresses/../../settings.py", "elsewhere/greeting.mp4"],
)
def test_only_files_held_by_a_record_are_served(admin_client, video, name):
    assert admin_client.get(reverse("private-file", kwargs={"name": name})).status_code == 404


def test_an_uploaded_guest_list_is_kept_for_staff_who_may_see_imports(admin_client, client, private_root):
    event = factories.EventFactory()
    data = "Фамилия;Имя;Организация\nИванов;Пётр;Роскосмос\n".encode()
    upload = SimpleUploadedFile("гости.csv", data, content_type="text/csv")
    response = admin_client.post(
        reverse("admin:ceremony_guestimport_add"), {"event": event.pk, "file": upload, "language": "ru"}
    )
    guest_import = GuestImport.objects.get()
    assert response.status_code == 302
    assert guest_import.source_file.path.startswith(str(private_root))
    page = admin_client.get(response.url).content.decode()
    assert f'href="{guest_import.source_file.url}"' in page
    download = admin_client.get(guest_import.source_file.url)
    assert b"".join(download.streaming_content) == data

    client.force_login(factories.UserFactory(is_staff=True))  # no role: may not view imports
    assert client.get(guest_import.source_file.url).status_code == 403


def test_a_command_line_dry_run_keeps_no_file(private_root):
    event = factories.EventFactory()
    services.guest_list_import(
        event=event, data="Фамилия;Имя\nИванов;Пётр\n".encode(), file_name="гости.csv", dry_run=True
    )
    assert not GuestImport.objects.exists()
    assert not list(private_root.rglob("*.csv"))


def test_deleting_a_record_deletes_its_private_file(video, django_capture_on_commit_callbacks):
    path = Path(video.media_file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        video.delete()
        assert path.exists()  # until the deletion is committed
    assert not path.exists()


def test_a_user_given_a_role_becomes_staff_and_can_log_in(admin_client, client):
    user = factories.UserFactory(username="dana", is_staff=False)
    response = admin_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert "Someone given a role is made staff, so that they can log in." in response.content.decode()
    page = posted_form(response, "user_form")[0]
    page["groups"] = [str(Group.objects.get(name="Print staff").pk)]
    url = reverse("admin:auth_user_change", args=[user.pk])
    saved = admin_client.post(url, {**page, "_save": "Save"}, follow=True)
    told, _saved = (str(message) for message in saved.context["messages"])
    assert told == "dana has a role, so they are now staff and can log in."
    user.refresh_from_db()
    assert user.is_staff
    assert log_in(client, "dana", PASSWORD).status_code == 302


def test_an_account_without_a_role_is_told_so_and_is_not_locked_out(client, settings):
    factories.UserFactory(username="dana", is_staff=False)
    answers = [log_in(client, "dana", PASSWORD) for _attempt in range(settings.AXES_FAILURE_LIMIT + 1)]
    assert [answer.status_code for answer in answers] == [200] * (settings.AXES_FAILURE_LIMIT + 1)
    assert answers[-1].context["form"].non_field_errors() == [
        "This account may not use the back office yet: it has no role. "
        "Ask an organizer to give it one in Users."
    ]
    assert not AccessAttempt.objects.filter(username="dana").exists()
    # A wrong password is still the usual message, which says nothing about the account.
    wrong = log_in(client, "dana", "guess")
    assert "This account may not use the back office" not in wrong.content.decode()


def video_form(admin_client, address, upload):
    url = reverse("admin:ceremony_videoaddress_change", args=[address.pk])
    data = posted_form(admin_client.get(url), "videoaddress_form")[0]
    return admin_client.post(url, {**data, "media_file": upload, "_save": "Save"})


def test_a_video_file_over_the_size_limit_is_refused(admin_client, private_root, settings):
    settings.VIDEO_MAX_BYTES = 1_000_000
    address = factories.VideoAddressFactory()
    response = video_form(admin_client, address, ContentFile(b"v" * 1_200_000, name="address.mp4"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["media_file"] == [
        "The file is 1.2 MB; the limit is 1 MB."
    ]
    assert not VideoAddress.objects.get(pk=address.pk).media_file
    assert not list(private_root.rglob("*.mp4"))


def test_replacing_a_video_file_deletes_the_old_one(admin_client, video, django_capture_on_commit_callbacks):
    old = Path(video.media_file.path)
    with django_capture_on_commit_callbacks(execute=True):
        response = video_form(admin_client, video, ContentFile(b"new video", name="greeting-v2.mp4"))
    assert response.status_code == 302
    video.refresh_from_db()
    assert Path(video.media_file.path).read_bytes() == b"new video"
    assert not old.exists()
