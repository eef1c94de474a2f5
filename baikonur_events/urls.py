from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from ceremony.views import favicon, healthz, private_file

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("print/", include("ceremony.urls")),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon),
    path("files/<path:name>", private_file, name="private-file"),
]
