from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from ceremony.views import favicon, healthz, language_set, private_file, rsvp

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    # Django's set_language, which also remembers the choice on the logged-in user.
    path("i18n/setlang/", language_set, name="set_language"),
    path("print/", include("ceremony.urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("files/<path:name>", private_file, name="private-file"),
    # A guest's personal RSVP page; the token is masked in every log (ceremony.core.secret_paths).
    path("rsvp/<str:token>/", rsvp, name="rsvp"),
    # The same page at a short address a guest types from a printed card.
    path("i/<str:token>/", rsvp, name="invitation-short"),
]
