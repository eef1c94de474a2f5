"""The admin in its reader's language: the switcher in the header, remembered on the user; and every
admin page read in Kazakh and in Russian shows no English interface word."""

import pytest
from django.conf import settings
from django.urls import reverse

from ceremony.models import AdminPreference
from tests import factories

pytestmark = pytest.mark.django_db


def page_language(response):
    return response["Content-Language"]


# ---------------------------------------------------------------------------------------------------
# The switcher


def test_the_header_offers_each_language_named_in_itself(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert '<option value="en" lang="en" selected>English</option>' in page
    assert '<option value="ru" lang="ru">Русский</option>' in page
    assert '<option value="kk" lang="kk">Қазақ</option>' in page


def test_switching_sets_the_cookie_and_remembers_the_choice_on_the_user(admin_client, admin_user):
    response = admin_client.post(reverse("set_language"), {"language": "kk", "next": "/admin/ceremony/"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/ceremony/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    assert AdminPreference.objects.get(user=admin_user).language == "kk"
    page = admin_client.get(reverse("admin:index"))
    assert page_language(page) == "kk"
    assert '<option value="kk" lang="kk" selected>' in page.content.decode()


def test_switching_again_changes_the_remembered_language(admin_client, admin_user):
    admin_client.post(reverse("set_language"), {"language": "kk", "next": "/admin/"})
    admin_client.post(reverse("set_language"), {"language": "ru", "next": "/admin/"})

    assert AdminPreference.objects.get(user=admin_user).language == "ru"
    assert page_language(admin_client.get(reverse("admin:index"))) == "ru"


def test_the_remembered_language_follows_the_user_to_another_browser(client):
    preference = factories.AdminPreferenceFactory(language="ru", user__is_superuser=True)
    client.force_login(preference.user)

    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="kk")

    assert page_language(response) == "ru"
    # The cookie is brought in line, so that the login page after logging out is in Russian too.
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    client.post(reverse("admin:logout"))
    assert page_language(client.get(reverse("admin:login"))) == "ru"


def test_a_user_who_never_chose_reads_the_browser_language(client):
    client.force_login(factories.UserFactory(is_superuser=True))

    response = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="kk")

    assert page_language(response) == "kk"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_an_anonymous_visitor_switches_the_login_page_by_the_cookie_alone(client):
    response = client.post(reverse("set_language"), {"language": "kk", "next": "/admin/login/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    assert AdminPreference.objects.count() == 0
    assert page_language(client.get(reverse("admin:login"))) == "kk"


def test_an_unknown_language_changes_nothing(admin_client, admin_user):
    admin_client.post(reverse("set_language"), {"language": "de", "next": "/admin/"})

    assert AdminPreference.objects.filter(user=admin_user).count() == 0
    assert page_language(admin_client.get(reverse("admin:index"))) == "en"
