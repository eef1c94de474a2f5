"""The language of the back office: the one a logged-in user chose (AdminPreference), on every
browser they log in from; LocaleMiddleware's choice (the language cookie, then the browser's
Accept-Language) for everyone else and for a user who never chose."""

from django.conf import settings
from django.utils import translation

from ceremony.models import AdminPreference

LANGUAGES = {code for code, _name in settings.LANGUAGES}
# The user's language is read from the database once, at login, and kept in the session: a page
# costs no query more. Logging out flushes the session, and with it this.
SESSION_KEY = "ceremony_admin_language"


def language_remember(request, language):
    request.session[SESSION_KEY] = language


def language_on_login(sender, request, user, **kwargs):
    """user_logged_in: the session takes the user's language, or none if they never chose."""
    language = AdminPreference.objects.filter(user=user).values_list("language", flat=True).first()
    language_remember(request, language or "")


class AdminLanguageMiddleware:
    """After AuthenticationMiddleware and LocaleMiddleware: the logged-in user's own language wins."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get(SESSION_KEY)
        if language not in LANGUAGES:
            return self.get_response(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # The cookie follows, so that the login page after logging out is in the same language.
        if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language and SESSION_KEY in request.session:
            language_cookie_set(response, language)
        return response


def language_cookie_set(response, language):
    """The cookie as Django's set_language view writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
