"""People's names in Latin letters, for those stored before the import transliterated them."""

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from ceremony.core.batches import chunks
from ceremony.core.locking import versions_bump
from ceremony.models import Person
from ceremony.wording import written_in_cyrillic

LATIN_FIELDS = ("family_name_latin", "given_name_latin", "name_latin_generated")


@transaction.atomic
def people_latin_names_fill(*, people, user=None):
    """Give each of `people` (a queryset) whose Cyrillic name has no Latin form one, transliterated and
    marked so (Person.latin_transliterate); a Latin name someone typed is never touched. Each change is
    in the person's history as the user's; their versions go up, so that a form opened before cannot
    be saved over it. Returns how many were given one."""
    lacking = people.filter(family_name_latin="", given_name_latin="").values_list(
        "pk", "family_name", "given_name"
    )
    pks = [pk for pk, family_name, given_name in lacking if written_in_cyrillic(family_name, given_name)]
    versions_bump(Person, pks)  # before reading: the rows stay locked, the history gets the new version
    filled = []
    for chunk in chunks(pks):
        for person in Person.objects.filter(pk__in=chunk):
            if not (person.family_name_latin or person.given_name_latin):  # typed in meanwhile: kept
                person.latin_transliterate()
                filled.append(person)
    bulk_update_with_history(
        filled,
        Person,
        LATIN_FIELDS,
        batch_size=500,
        default_user=user,
        default_change_reason=_("Latin name filled by transliteration"),
    )
    return len(filled)
