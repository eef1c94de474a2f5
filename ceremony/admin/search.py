"""What the admin searches when someone types a name: every spelling, the email, the organization."""

import functools
import operator

from django.conf import settings
from django.db.models import Q
from django.utils.text import smart_split, unescape_string_literal

from ceremony.models import Organization, Person

PERSON_NAME_FIELDS = (
    "family_name",
    "given_name",
    "patronymic",
    "family_name_latin",
    "given_name_latin",
    "email",
)
# An organization by any of its names: full or short in every language, or another it is known by.
ORGANIZATION_SEARCH_FIELDS = (
    *(f"name_{code}" for code, _name in settings.LANGUAGES),
    *(f"short_name_{code}" for code, _name in settings.LANGUAGES),
    "aliases",
)
PERSON_SEARCH_FIELDS = (
    *PERSON_NAME_FIELDS,
    *(f"organization__{field}" for field in ORGANIZATION_SEARCH_FIELDS),
)


def person_search_fields(prefix):
    """The same search through a relation, e.g. person_search_fields("attendee__person")."""
    return tuple(f"{prefix}__{field}" for field in PERSON_SEARCH_FIELDS)


def search_terms(search_term):
    """The words of a search, as the admin splits them: "Ivanov Pyotr" is two, "'Ivanov Pyotr'" one."""
    terms = []
    for bit in smart_split(search_term):
        if bit.startswith(('"', "'")) and bit[0] == bit[-1]:
            bit = unescape_string_literal(bit)
        if bit:
            terms.append(bit)
    return terms


def person_matches(path, term):
    """A filter for records whose person (at `path`) has `term` in a name, an email or the name of
    their organization.

    The organizations are looked up first (there are few), so the people are one query on one table:
    PostgreSQL then answers it from its trigram indexes (migration 0010) and the person's
    organization index, instead of scanning 20,000 guests, and joins the few people found.
    """
    matches = functools.reduce(
        operator.or_, (Q(**{f"{field}__icontains": term}) for field in PERSON_NAME_FIELDS)
    )
    found = functools.reduce(
        operator.or_, (Q(**{f"{field}__icontains": term}) for field in ORGANIZATION_SEARCH_FIELDS)
    )
    organizations = list(Organization._base_manager.filter(found).values_list("pk", flat=True))
    if organizations:
        matches |= Q(organization__in=organizations)
    return Q(**{f"{path}__in": Person.objects.filter(matches).values("pk")})


class PersonSearchMixin:
    """The admin's search of records that belong to a person (`person_path`), through indexes.

    Every word must match, as in Django's own search; `search_fields` stays set so the admin shows the
    search box, and extends it here with the model's own fields after the person's (fields of the
    record or of what it points to, which cannot repeat a row).
    """

    person_path = "person"

    def get_search_results(self, request, queryset, search_term):
        if "\x00" in search_term:  # no stored text holds one, and PostgreSQL cannot even compare with it
            return queryset.none(), False
        prefix = f"{self.person_path}__"
        own_fields = [field for field in self.search_fields if not field.startswith(prefix)]
        for term in search_terms(search_term):
            matches = person_matches(self.person_path, term)
            for field in own_fields:
                matches |= Q(**{f"{field}__icontains": term})
            queryset = queryset.filter(matches)
        return queryset, False
