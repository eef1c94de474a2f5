from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from ceremony import show_views
from ceremony.views import favicon, healthz, language_set, private_file, rsvp

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    # Django's set_language, which also remembers the choice on the logged-in user.
    path("i18n/setlang/", language_set, name="set_language"),
    path("print/", include("ceremony.urls")),
    # The ushers' check-in page at the doors, and the scans it posts.
    path("checkin/", include("ceremony.checkin_urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("files/<path:name>", private_file, name="private-file"),
    # A guest's personal RSVP page; the token is masked in every log (ceremony.core.secret_paths).
    path("rsvp/<str:token>/", rsvp, name="rsvp"),
    # The same page at a short address a guest types from a printed card.
    path("i/<str:token>/", rsvp, name="invitation-short"),
    # The live show (ceremony.show_views); a screen link's token is masked in logs as an RSVP one is.
    path("show/screen/<str:token>/", show_views.show_screen, name="show-screen"),
    path("show/screen/<str:token>/state.json", show_views.show_screen_state, name="show-screen-state"),
    path("show/<slug:slug>/", show_views.show_page, name="show"),
    path("show/<slug:slug>/mark", show_views.show_mark, name="show-mark"),
    path("show/<slug:slug>/adjust", show_views.show_adjust, name="show-adjust"),
    path("show/<slug:slug>/state.json", show_views.show_state_json, name="show-state"),
    path("show/<slug:slug>/report.csv", show_views.show_report, name="show-report"),
    path("show/<slug:slug>/screen/", show_views.show_screen_login, name="show-screen-login"),
    path(
        "show/<slug:slug>/screen/state.json",
        show_views.show_screen_login_state,
        name="show-screen-login-state",
    ),
]
