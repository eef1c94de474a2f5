"""Who may do what: the groups a ceremony is run by, and every permission the code checks.

The admin, the views and the templates ask the functions below (templates through the `may` context
variable); no permission name is written anywhere else.

The groups exist after every `manage.py migrate` (a post_migrate handler), so a new database has them
and a change here reaches existing ones. Identity documents are seen only with
`view_identity_documents`, which only the security officer has.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

OUR_APPS = ("ceremony", "awards")
IDENTITY = "view_identity_documents"
PRINT = "print_documents"
# The outbox holds every message as sent, personal links included: organizers only.
VIEW_OUTBOX = "view_outboxmessage"
SEND_EMAIL = "ceremony.change_outboxmessage"

VIEW_IDENTITY_DOCUMENTS = f"ceremony.{IDENTITY}"
PRINT_DOCUMENTS = f"ceremony.{PRINT}"
VIEW_ATTENDEES = "ceremony.view_attendee"
IMPORT_GUEST_LISTS = "ceremony.add_guestimport"
VIEW_GUEST_IMPORTS = "ceremony.view_guestimport"
EXPORT = "export_attendee"
EXPORT_GUEST_LISTS = f"ceremony.{EXPORT}"
UNDO_GUEST_IMPORTS = "ceremony.undo_guestimport"
# Protocol officers order speakers and seat guests without the right to change the program itself.
ORDER_BY_PRECEDENCE = "ceremony.change_participation"
ADD_PARTICIPANTS = "ceremony.add_participation"
# Who may create events may change all of one; others who may change an event (protocol officers)
# change only its rule for equal protocol ranks, not its address, dates or time zone.
EDIT_EVENT_DETAILS = "ceremony.add_event"
EVENT_FIELDS_FOR_PROTOCOL = ("precedence_tie_break",)
# Personal RSVP links are made by whoever may make invitations; answers that came by phone or letter
# are taken down by whoever may change attendees.
ISSUE_INVITATIONS = "ceremony.add_invitation"
RECORD_ANSWERS = "ceremony.change_attendee"
# Ushers at the doors: the check-in page and its scans, nothing else (no identity documents, no records).
CHECK_IN = "check_in_guests"
CHECK_IN_GUESTS = f"ceremony.{CHECK_IN}"
ASSIGN_SEATS = ("ceremony.add_seatassignment", "ceremony.delete_seatassignment")
ASSIGN_TABLES = ("ceremony.add_tableassignment", "ceremony.delete_tableassignment")
# The stage manager marks items started and finished and adjusts what follows; a screen backstage
# is opened by whoever may see the marks, or by a screen link without a login.
RUN = "run_show"
RUN_SHOW = f"ceremony.{RUN}"
VIEW_SHOW = "ceremony.view_showmark"

ORGANIZER = "Organizer"
PROTOCOL_OFFICER = "Protocol officer"
SECURITY_OFFICER = "Security officer"
PRINT_STAFF = "Print staff"
VIEWER = "Viewer"
STAGE_MANAGER = "Stage manager"
USHER = "Usher"
ROLES = (ORGANIZER, PROTOCOL_OFFICER, SECURITY_OFFICER, PRINT_STAFF, VIEWER, STAGE_MANAGER, USHER)


def _codenames(*models, actions=("add", "change", "delete", "view")):
    return {f"{action}_{model}" for model in models for action in actions}


def role_permissions(all_permissions):
    """{group name: set of permission codenames}, from the codenames that exist in our apps."""
    views = {
        codename
        for codename in all_permissions
        if codename.startswith("view_") and codename not in (IDENTITY, VIEW_OUTBOX)
    }
    everything = set(all_permissions) - {IDENTITY}
    return {
        ORGANIZER: everything,
        PROTOCOL_OFFICER: views
        | {PRINT, EXPORT, "change_event"}  # the event's rule for equal protocol ranks
        | _codenames(
            "attendee",
            "person",
            "delegation",
            "award",
            "awardpresentation",
            "participation",
            "seatassignment",
            "tableassignment",
        )
        - {"delete_attendee", "delete_person"},
        SECURITY_OFFICER: views | {PRINT, IDENTITY} | _codenames("facilityvisit", "visitparticipant"),
        PRINT_STAFF: views | {PRINT},
        VIEWER: views,
        STAGE_MANAGER: views | {PRINT, RUN} | _codenames("showmark", "showadjustment", "showscreen"),
        USHER: {CHECK_IN},
    }


@transaction.atomic
def roles_ensure():
    """Create the groups, and give each exactly the permissions of its role."""
    permissions = {
        permission.codename: permission
        for permission in Permission.objects.filter(content_type__app_label__in=OUR_APPS)
    }
    for name, codenames in role_permissions(permissions).items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set([permissions[codename] for codename in codenames if codename in permissions])


def roles_on_migrate(sender, app_config=None, **kwargs):
    # Permissions are created by another post_migrate handler; run once ours exist.
    if app_config is not None and app_config.label == "awards":
        roles_ensure()


def may_view_identity_documents(user):
    return user.has_perm(VIEW_IDENTITY_DOCUMENTS)


def may_view_dashboard(user):
    return user.has_perm(VIEW_ATTENDEES)


def may_print(user):
    return user.has_perm(PRINT_DOCUMENTS)


def may_print_manifests(user):
    """Visit manifests list identity documents: printing them needs both permissions."""
    return user.has_perms((PRINT_DOCUMENTS, VIEW_IDENTITY_DOCUMENTS))


def may_import_guest_lists(user):
    return user.has_perm(IMPORT_GUEST_LISTS)


def may_view_guest_imports(user):
    return user.has_perm(VIEW_GUEST_IMPORTS)


def may_export_guest_lists(user):
    """Exports carry every guest's email and phone: not for everyone who may look at the list."""
    return user.has_perm(EXPORT_GUEST_LISTS)


def may_undo_guest_imports(user):
    return user.has_perm(UNDO_GUEST_IMPORTS)


def may_order_by_precedence(user):
    return user.has_perm(ORDER_BY_PRECEDENCE)


def may_add_participants(user):
    """Many attendees added to a program item at once (the attendee list's action, the item's page)."""
    return user.has_perm(ADD_PARTICIPANTS)


def may_issue_invitations(user):
    return user.has_perm(ISSUE_INVITATIONS)


def may_send_invitations(user):
    """Email invitations and reminders: make personal links and queue messages."""
    return user.has_perm(ISSUE_INVITATIONS) and user.has_perm(SEND_EMAIL)


def may_record_answers(user):
    return user.has_perm(RECORD_ANSWERS)


def may_assign_seats(user):
    return user.has_perms(ASSIGN_SEATS)


def may_assign_tables(user):
    return user.has_perms(ASSIGN_TABLES)


def may_check_in_guests(user):
    return user.has_perm(CHECK_IN_GUESTS)


def may_edit_event_details(user):
    return user.has_perm(EDIT_EVENT_DETAILS)


def may_run_show(user):
    return user.is_active and user.has_perm(RUN_SHOW)


def may_view_show(user):
    return user.is_active and (user.has_perm(VIEW_SHOW) or user.has_perm(RUN_SHOW))


def may_send_email(user):
    """Send the outbox's failed messages again."""
    return user.has_perm(SEND_EMAIL)


# Who besides the one who started a job may see its result, by what the result holds (Job.viewers).
JOB_RESULT_VIEWERS = {
    "print": may_print,
    "export": may_export_guest_lists,
    "import": may_import_guest_lists,
    # The jobs of an import (checking, confirming, undoing) show no more than the import's own page.
    "guest_import": may_view_guest_imports,
}


def may_see_job(user, job):
    """The job's page and its result: the one who started it, superusers, and those its result is for."""
    if user.is_superuser or (job.created_by_id is not None and job.created_by_id == user.pk):
        return True
    check = JOB_RESULT_VIEWERS.get(job.viewers)
    return check is not None and check(user)


def roles_of(user):
    """The names of the role groups the user is in."""
    return set(user.groups.filter(name__in=ROLES).values_list("name", flat=True))


class UserMay:
    """What the templates ask: `{% if may.print %}`, evaluated only when a template asks."""

    def __init__(self, user):
        self.user = user

    @property
    def print(self):
        return may_print(self.user)

    @property
    def print_manifests(self):
        return may_print_manifests(self.user)

    @property
    def view_identity_documents(self):
        return may_view_identity_documents(self.user)

    @property
    def import_guest_lists(self):
        return may_import_guest_lists(self.user)

    @property
    def add_participants(self):
        return may_add_participants(self.user)

    @property
    def run_show(self):
        return may_run_show(self.user)

    @property
    def view_show(self):
        return may_view_show(self.user)

    @property
    def view_dashboard(self):
        return may_view_dashboard(self.user)

    @property
    def check_in_guests(self):
        return may_check_in_guests(self.user)


def template_permissions(request):
    """Context processor (settings.TEMPLATES): `may`, what the user may do, for every template."""
    return {"may": UserMay(request.user) if hasattr(request, "user") else None}
