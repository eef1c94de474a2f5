"""Which organization a guest list means, whatever language, quotes or legal form it writes it in.

«Госкорпорация «Роскосмос»», "Roscosmos State Corporation" and «Роскосмос» are one organization:
the address book keeps its names and short names in English, Russian and Kazakh and aliases, and every
one of them, whichever language it is written in, is compared by its key (`organization_key`): quotes,
punctuation, case and ё folded, abbreviations written out, legal forms (АО, ТОО, JSC, State
Corporation, ...) left out.

`OrganizationDirectory` holds the keys of every organization, loaded in one query, and answers in
memory. Two organizations may come to share a key («АО «Байтерек»» beside a «Байтерек» typed long
ago): the directory then never picks one, it says which (`AmbiguousOrganization`), unless the name
is exactly one organization's name.
"""

import functools
import re
import unicodedata

from django.conf import settings
from django.utils.translation import gettext as _

from ceremony.enums import OrganizationKind
from ceremony.models import Organization

from .cells import name_key

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
NAME_FIELDS = tuple(f"name_{code}" for code in LANGUAGES)
SHORT_NAME_FIELDS = tuple(f"short_name_{code}" for code in LANGUAGES)

# Legal forms, as the key's words: left out wherever they stand. Multi-word forms come first.
LEGAL_FORMS = (
    ("государственная", "корпорация"),
    ("state", "corporation"),
    ("на", "пхв"),  # «на праве хозяйственного ведения», which follows РГП
    ("госкорпорация",),
    *(
        (form,)
        for form in (
            "ао", "тоо", "нк", "гк", "гу", "ргп", "ргкп", "ооо", "оао", "зао", "пао",
            "пхв", "ақ", "жшс", "jsc", "llp", "llc", "ltd", "inc",
        )
    ),
)  # fmt: skip
# Abbreviations written out, so that «г. Байконур» and «город Байконур» are one key.
ABBREVIATIONS = {
    "г": "город",
    "гор": "город",
    # «г.» stands for the word in any case: «г. Байконур» is «город Байконур» and «города Байконур».
    "города": "город",
    "городе": "город",
    "городу": "город",
    "им": "имени",
    "обл": "область",
    "области": "область",
    "респ": "республика",
    "рк": "республика казахстан",
    "рф": "российская федерация",
    "нац": "национальный",
    "межд": "международный",
}
# The key's words: runs of letters and digits; quotes of every kind and punctuation only separate them.
WORD = re.compile(r"\w+")


def organization_key(name):
    """The key a name of an organization is compared by: «АО НК «Байтерек»» and "Baiterek JSC" give
    «байтерек» and «baiterek» (the two scripts meet through the organization's names, not here).

    A name that is nothing but a legal form keeps it ("ТОО" stays «тоо»); no name gives "".
    """
    return _organization_key(str(name or ""))


# A list of 20,000 guests names a few hundred organizations, each asked for many times (matching,
# planning, merging spellings): computed once per name, a second of a 10,000-row preview saved.
@functools.lru_cache(maxsize=20_000)
def _organization_key(name):
    text = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    words = []
    for word in WORD.findall(text.replace("_", " ")):
        words += ABBREVIATIONS.get(word, word).split()
    kept = _without_legal_forms(words)
    return " ".join(kept or words)


def _without_legal_forms(words):
    kept, index = [], 0
    while index < len(words):
        for form in LEGAL_FORMS:
            if tuple(words[index : index + len(form)]) == form:
                index += len(form)
                break
        else:
            kept.append(words[index])
            index += 1
    return kept


def aliases_of(text):
    """The aliases an organization keeps (one per line) as a list, blank lines left out."""
    return [" ".join(line.split()) for line in (text or "").splitlines() if line.strip()]


class AmbiguousOrganization(Exception):
    """A name whose key belongs to more than one organization: which one is for a person to say."""

    def __init__(self, name, organizations):
        self.name, self.organizations = name, organizations
        super().__init__(self.message)

    @property
    def message(self):
        return _(
            "is a name of %(count)d organizations in the address book (%(names)s); write the name "
            "as the address book has it for the one meant"
        ) % {"count": len(self.organizations), "names": "; ".join(self.organizations.values())}


class OrganizationDirectory:
    """Every name of every organization by its key and by its exact spelling, loaded in one query."""

    def __init__(self, rows=()):
        self.by_key = {}  # organization_key → {pk}
        self.by_name = {}  # name_key (case and spaces folded) → {pk}
        self.labels = {}  # pk → a name to show in messages
        # name → pk (or None, or the AmbiguousOrganization): a list names a few hundred organizations
        # in thousands of rows, and each is looked up for matching and again for writing.
        self.found = {}
        for row in rows:
            self.add(row["pk"], _names_of_row(row))

    @classmethod
    def load(cls):
        fields = ("pk", *NAME_FIELDS, *SHORT_NAME_FIELDS, "aliases")
        # The base manager: modeltranslation's rewriting of lookups is not wanted for plain columns.
        rows = Organization._base_manager.values(*fields).order_by("pk")
        return cls(rows.iterator(chunk_size=2000))

    def add(self, pk, names):
        self.found.clear()
        for name in names:
            self.labels.setdefault(pk, name)
            self.by_name.setdefault(name_key(name), set()).add(pk)
            key = organization_key(name)
            if key:
                self.by_key.setdefault(key, set()).add(pk)

    def find(self, name):
        """The pk of the organization `name` means, None for one the address book lacks.

        Raises AmbiguousOrganization when its key belongs to several organizations and the name is
        not exactly one organization's own.
        """
        if not name:
            return None
        if name not in self.found:
            self.found[name] = self._find(name)
        found = self.found[name]
        if isinstance(found, AmbiguousOrganization):
            raise found
        return found

    def _find(self, name):
        exact = self.by_name.get(name_key(name), set())
        if len(exact) == 1:
            return next(iter(exact))
        pks = exact or self.by_key.get(organization_key(name), set())
        if len(pks) > 1:
            return AmbiguousOrganization(name, {pk: self.labels[pk] for pk in sorted(pks)})
        return next(iter(pks), None)

    def get(self, name, default=None):
        """As find, with ambiguity as no organization (for matching people, where it is reported later)."""
        try:
            pk = self.find(name)
        except AmbiguousOrganization:
            return default
        return default if pk is None else pk

    def others_sharing(self, pk, names):
        """{name: pks of other organizations with its key} for each of `names` of organization `pk`."""
        shared = {}
        for name in names:
            others = self.by_key.get(organization_key(name), set()) - {pk}
            if others:
                shared[name] = others
        return shared


def _names_of_row(row):
    names = [row[field] for field in (*NAME_FIELDS, *SHORT_NAME_FIELDS)] + aliases_of(row["aliases"])
    return [name for name in names if name]


def new_organization(name, language, *, kind="", country=""):
    """The organization an import creates for a name its list gives: the name in the list's
    language, no short name (every other language given as none, so that none is looked up as a
    default)."""
    names = dict.fromkeys((*NAME_FIELDS, *SHORT_NAME_FIELDS)) | {f"name_{language}": " ".join(name.split())}
    return Organization(
        **names, short_name="", aliases="", kind=kind or OrganizationKind.OTHER, country=country
    )
