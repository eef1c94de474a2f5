"""The admin site: its titles, login throttling and its lockout page, and Django's and django-axes'
own admins, with our input checks."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from ceremony.models import AdminPreference
from ceremony.permissions import roles_of

from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin
from .mixins import DeclinedTitlesMixin, OptimisticLockingMixin


class StaffLoginForm(AdminAuthenticationForm):
    """The admin's login, saying so when the password is right but the account is not staff yet (Django
    says only that the username or password is wrong, and the user tries again and again)."""

    def confirm_login_allowed(self, user):
        if user.is_active and not user.is_staff:
            raise ValidationError(
                _(
                    "This account may not use the back office yet: it has no role. Ask an organizer to "
                    "give it one in Users."
                ),
                code="not_staff",
            )
        super().confirm_login_allowed(user)


admin.site.login_form = StaffLoginForm


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


# Django's own permissions of every model ("Can add attendee"), by the admin's words for the action.
DEFAULT_PERMISSION_ACTIONS = {
    "add": _("Add"),
    "change": _("Change"),
    "delete": _("Delete"),
    "view": _("View"),
}


def permission_label(permission):
    """A permission as Django names it ("app | model | name"), its name in the reader's language:
    names are stored in English when migrations run; the project's catalog translates its own."""
    action, _separator, model_name = permission.codename.partition("_")
    if action in DEFAULT_PERMISSION_ACTIONS and model_name == permission.content_type.model:
        return f"{permission.content_type} | {DEFAULT_PERMISSION_ACTIONS[action]}"
    return f"{permission.content_type} | {gettext(permission.name)}"


class TranslatedPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and field.queryset.model is Permission:
            field.label_from_instance = permission_label
        return field


@admin.register(get_user_model())
class UserAdmin(DeclinedTitlesMixin, TranslatedPermissionsMixin, CheckedInputsMixin, auth_admin.UserAdmin):
    """Django's user admin; a user put into one of the roles becomes staff, who may log in here."""

    verbose_name_accusative = pgettext_lazy("accusative", "user")

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "groups" in form.base_fields:
            form.base_fields["groups"].help_text = _(
                "The user's roles. Someone given a role is made staff, so that they can log in."
            )
        return form

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        if not user.is_staff and roles_of(user):
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            self.message_user(
                request,
                _("%(user)s has a role, so they are now staff and can log in.")
                % {"user": user.get_username()},
                messages.INFO,
            )


@admin.register(Group)
class GroupAdmin(DeclinedTitlesMixin, TranslatedPermissionsMixin, CheckedInputsMixin, auth_admin.GroupAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "group")


@admin.register(AdminPreference)
class AdminPreferenceAdmin(DeclinedTitlesMixin, OptimisticLockingMixin, RecordHistoryAdmin):
    """Each user's language of the back office, which they choose in the header; kept here so that an
    operator can see or set it for someone who cannot read the one it is in (from their next login:
    a session keeps the language it started with, ceremony.core.languages)."""

    verbose_name_accusative = pgettext_lazy("accusative", "admin preference")

    list_display = ("user", "language")
    list_filter = ("language",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user",)


# Login throttling (django-axes): its admins, with the same checks. Deleting an attempt unlocks that
# username and address; axes' "clean up expired attempts" action needs a login request, so it is left out.
# The task queue's own admin (django-tasks-db), for operators: with the same checks.
task_results_admin = type(admin.site.get_model_admin(DBTaskResult))
admin.site.unregister(DBTaskResult)
admin.site.register(
    DBTaskResult, type(task_results_admin.__name__, (CheckedInputsMixin, task_results_admin), {})
)

for axes_model in (AccessAttempt, AccessLog, AccessFailureLog):
    axes_admin = type(admin.site.get_model_admin(axes_model))
    admin.site.unregister(axes_model)
    checked = type(axes_admin.__name__, (CheckedInputsMixin, axes_admin), {"actions": ["delete_selected"]})
    admin.site.register(axes_model, checked)
