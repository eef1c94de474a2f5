"""The groups a ceremony is run by, and what each may do.

They exist after every `manage.py migrate` (a post_migrate handler), so a new database has them and a
change here reaches existing ones. Identity documents are seen only with `view_identity_documents`,
which only the security officer has.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

OUR_APPS = ("ceremony", "awards")
IDENTITY = "view_identity_documents"
PRINT = "print_documents"

ORGANIZER = "Organizer"
PROTOCOL_OFFICER = "Protocol officer"
SECURITY_OFFICER = "Security officer"
PRINT_STAFF = "Print staff"
VIEWER = "Viewer"


def _codenames(*models, actions=("add", "change", "delete", "view")):
    return {f"{action}_{model}" for model in models for action in actions}


def role_permissions(all_permissions):
    """{group name: set of permission codenames}, from the codenames that exist in our apps."""
    views = {
        codename for codename in all_permissions if codename.startswith("view_") and codename != IDENTITY
    }
    everything = set(all_permissions) - {IDENTITY}
    return {
        ORGANIZER: everything,
        PROTOCOL_OFFICER: views
        | {PRINT, "change_event"}  # the event's rule for equal protocol ranks
        | _codenames(
            "attendee",
            "person",
            "delegation",
            "award",
            "awardpresentation",
            "participation",
            "seatassignment",
        )
        - {"delete_attendee", "delete_person"},
        SECURITY_OFFICER: views | {PRINT, IDENTITY} | _codenames("facilityvisit", "visitparticipant"),
        PRINT_STAFF: views | {PRINT},
        VIEWER: views,
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
