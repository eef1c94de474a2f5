"""The admin site: its titles, login throttling and its lockout page, and Django's and django-axes'
own admins, with our input checks."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .inputs import CheckedInputsMixin

admin.site.site_header = _("Ceremony back office")
admin.site.site_title = _("Ceremony back office")
admin.site.index_title = _("Program, guests, protocol and awards")


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows when logins are throttled (settings.AXES_LOCKOUT_CALLABLE)."""
    # The same page and status for every username, whether or not such an account exists.
    context = {
        **admin.site.each_context(request),
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "admin/locked_out.html", context, status=429)


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' own handler (settings.AXES_HANDLER), counting failures per address too.

    Axes compares every count with one limit, so the pair username + address (AXES_FAILURE_LIMIT)
    is its lockout parameter, and this adds the failures from the address under any username: at
    AXES_ADDRESS_FAILURE_LIMIT within the cool-off, every login from there is refused, as for a pair
    at its limit. A success resets its own pair only, so logging in to one account does not clear
    the count a script trying others has built up.
    """

    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        from_address = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(failures=Sum("failures_since_start"))["failures"]
        if (from_address or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


# ---------------------------------------------------------------------------------------------------
# Users and groups: Django's own admins, with the same checks on what is posted (inputs.py)

admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class UserAdmin(CheckedInputsMixin, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(CheckedInputsMixin, auth_admin.GroupAdmin):
    pass


# Login throttling (django-axes): its admins, with the same checks. Deleting an attempt unlocks that
# username and address; axes' "clean up expired attempts" action needs a login request, so it is left out.
for axes_model in (AccessAttempt, AccessLog, AccessFailureLog):
    axes_admin = type(admin.site.get_model_admin(axes_model))
    admin.site.unregister(axes_model)
    checked = type(axes_admin.__name__, (CheckedInputsMixin, axes_admin), {"actions": ["delete_selected"]})
    admin.site.register(axes_model, checked)
