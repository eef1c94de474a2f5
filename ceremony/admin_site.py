"""The admin site itself (settings: `ceremony.apps.BackOfficeAdminConfig`), whose home page is the
dashboard of the current events (ceremony.dashboard) above Django's list of what can be edited.

Not in the `ceremony.admin` package: Django imports the site's class before it discovers the apps'
admin modules, and that package registers models as it is imported (some in other apps' admins).
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .dashboard import current_events, event_dashboard
from .permissions import may_check_in_guests, may_view_dashboard


class BackOfficeSite(admin.AdminSite):
    site_header = _("Ceremony back office")
    site_title = _("Ceremony back office")
    index_title = _("Program, guests, protocol and awards")
    index_template = "admin/dashboard.html"

    def index(self, request, extra_context=None):
        extra_context = dict(extra_context or {})
        if may_view_dashboard(request.user):
            extra_context["dashboards"] = [event_dashboard(event) for event in current_events()]
        elif may_check_in_guests(request.user):
            # An usher's home: the doors of the current events, the dashboards being not for them.
            extra_context["door_events"] = current_events()
        return super().index(request, extra_context)
