"""What the admin searches when someone types a name: every spelling, the email, the organization."""

PERSON_SEARCH_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "family_name_latin",
    "given_name_latin",
    "email",
    "organization__name",
)


def person_search_fields(prefix):
    """The same search through a relation, e.g. person_search_fields("attendee__person")."""
    return tuple(f"{prefix}__{field}" for field in PERSON_SEARCH_FIELDS)
