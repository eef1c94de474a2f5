"""How people, their roles and dates are written on paper, in English, Russian and Kazakh.

- Names: a name prints in the document's script when the person has it there, in the person's order
  (Person.name_in; the print templates' `printed_name`). A Cyrillic name has a Latin form for English
  documents (typed in, or made by `latin_from_cyrillic` on import); a name written only in Latin
  letters prints as it is written in every document: no Cyrillic is ever made up for it.
- Roles and statuses take the person's grammatical gender (`label_for`): «Ведущий» / «Ведущая»,
  «Приглашён» / «Приглашена». English has one form; Kazakh has no gender, its two forms are the same.
- Dates print as "2 June 2025", «2 июня 2025», «2 маусым 2025» (`date_in_words`): Kazakh writes the
  month in lower case, where Django's Kazakh month names are capitalized.
"""

import functools
import re
import unicodedata

from anyascii import anyascii
from django.utils import dateformat
from django.utils.translation import get_language, pgettext_lazy

from .enums import Gender, NameOrder, ParticipantRole, RsvpStatus

# Where official lists put the family name first: the CIS (and Georgia, whose lists follow suit).
FAMILY_FIRST_COUNTRIES = frozenset({"AM", "AZ", "BY", "GE", "KG", "KZ", "MD", "RU", "TJ", "TM", "UZ"})
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def written_in_cyrillic(*parts):
    return any(CYRILLIC.search(part) for part in parts if part)


def written_in_latin(*parts):
    """Whether every letter is a Latin one, with or without accents (Müller, Oliveira, Đorđević)."""
    letters = [char for part in parts if part for char in part if char.isalpha()]
    return bool(letters) and all(
        char.isascii() or unicodedata.name(char, "").startswith("LATIN") for char in letters
    )


def derived_name_order(*, family_name, given_name, country):
    """The order a name is written in when the record does not say: Latin-only names and people of
    countries outside the CIS given name first, Cyrillic (and unknown) ones family name first."""
    if written_in_latin(family_name, given_name):
        return NameOrder.GIVEN_FIRST
    if country and str(country) not in FAMILY_FIRST_COUNTRIES:
        return NameOrder.GIVEN_FIRST
    return NameOrder.FAMILY_FIRST


def initials_of(name):
    """«Т.», «Қ.-Ж.» for Қасым-Жомарт, «J. R.» for "John Ronald": each part's first letter."""
    return " ".join(
        "-".join(f"{piece[0]}." for piece in word.split("-") if piece)
        for word in name.split()
        if word.strip("-")
    )


def name_with_initials(family_name, given_name, patronymic, order):
    """The family name in full and the others as initials, in the name's order: «Мусабаев Т. А.»,
    "T. Musabayev"; what a seating chart's seat holds."""
    initials = " ".join(part for part in (initials_of(given_name), initials_of(patronymic)) if part)
    parts = (initials, family_name) if order == NameOrder.GIVEN_FIRST else (family_name, initials)
    return " ".join(part for part in parts if part)


# The Cyrillic letters in the order of the Kazakh alphabet, which holds the Russian one in its order:
# Python's own order would put Ё and the Kazakh letters after Я.
CYRILLIC_ORDER = {letter: index for index, letter in enumerate("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")}


def alphabetical_key(text, language):
    """A sort key putting `text` in alphabetical order for a document in `language`: the letters of
    the document's script first (Cyrillic in a Russian or Kazakh one, in their alphabet; Latin, accents
    aside, in an English one), then those of the other script."""
    cyrillic_first = language != "en"
    key = []
    for char in unicodedata.normalize("NFC", text.casefold()):
        if char in CYRILLIC_ORDER:
            key.append((0 if cyrillic_first else 1, CYRILLIC_ORDER[char], 0))
        else:
            base = unicodedata.normalize("NFD", char)[0]
            key.append((1 if cyrillic_first else 0, ord(base), ord(char)))
    return tuple(key)


def name_joined(family_name, given_name, patronymic, order):
    parts = (family_name, given_name, patronymic)
    if order == NameOrder.GIVEN_FIRST:
        parts = (given_name, patronymic, family_name)
    return " ".join(part for part in parts if part)


# Kazakh and Russian letters in Latin ones, as Kazakh passports write them (Жұмабаев → Zhumabayev,
# Есенов → Yessenov is a passport office's choice; the table gives Yesenov). Lower case; upper case is
# made from it.
LATIN_LETTERS = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
LATIN_TABLE = str.maketrans(
    LATIN_LETTERS
    | {cyrillic.upper(): latin.capitalize() for cyrillic, latin in LATIN_LETTERS.items()}
    # After a vowel, a soft sign or at the start of a word, е is ye: Елена → Yelena, Андреев → Andreyev.
    | {"\x01": "ye", "\x02": "Ye"}
)
IOTATED_E = re.compile(r"(?:(?<=[аәеёиоөуұүыэюяіъь])|(?<![\w]))[еЕ]", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)  # names repeat through a list: Айдын, Мурат, Болатұлы
def latin_from_cyrillic(text):
    """A Cyrillic name in Latin letters (Жұмабаев → Zhumabayev, ЕСЕНОВ → YESENOV); letters the
    table lacks go through anyascii. Cheap: a regular expression and a str.translate."""
    if not text:
        return ""
    marked = IOTATED_E.sub(lambda match: "\x02" if match.group().isupper() else "\x01", text)
    latin = anyascii(marked.translate(LATIN_TABLE))
    return latin.upper() if text.isupper() and len(text) > 1 else latin


# A label per gender, for the labels that change with it in Russian: (English msgid, female, male).
# pgettext's context is the gender; a form not translated yet gives the msgid back, and the label's
# ungendered translation is printed instead.
GENDERED_LABELS = {
    ParticipantRole.HOST: ("Host", pgettext_lazy("female", "Host"), pgettext_lazy("male", "Host")),
    ParticipantRole.SPEAKER: (
        "Speaker",
        pgettext_lazy("female", "Speaker"),
        pgettext_lazy("male", "Speaker"),
    ),
    ParticipantRole.PRESENTER: (
        "Presenter",
        pgettext_lazy("female", "Presenter"),
        pgettext_lazy("male", "Presenter"),
    ),
    ParticipantRole.ESCORT: ("Escort", pgettext_lazy("female", "Escort"), pgettext_lazy("male", "Escort")),
    ParticipantRole.INTERPRETER: (
        "Interpreter",
        pgettext_lazy("female", "Interpreter"),
        pgettext_lazy("male", "Interpreter"),
    ),
    RsvpStatus.INVITED: ("Invited", pgettext_lazy("female", "Invited"), pgettext_lazy("male", "Invited")),
    RsvpStatus.CONFIRMED: (
        "Confirmed",
        pgettext_lazy("female", "Confirmed"),
        pgettext_lazy("male", "Confirmed"),
    ),
    RsvpStatus.DECLINED: ("Declined", pgettext_lazy("female", "Declined"), pgettext_lazy("male", "Declined")),
    RsvpStatus.ATTENDED: ("Attended", pgettext_lazy("female", "Attended"), pgettext_lazy("male", "Attended")),
    "award recipient": (
        "Award recipient",
        pgettext_lazy("female", "Award recipient"),
        pgettext_lazy("male", "Award recipient"),
    ),
}


def label_for(person, choice, label=None):
    """The label of `choice` (a ParticipantRole, an RsvpStatus, a key of GENDERED_LABELS) in the
    person's grammatical gender, in the active language. `label` is the ungendered label, for the
    keys that are no choice; a person of no gender given, or a label not translated for a gender,
    has the ungendered one."""
    ungendered = label if label is not None else choice.label
    forms = GENDERED_LABELS.get(choice)
    if forms is None or person.gender not in (Gender.FEMALE, Gender.MALE):
        return str(ungendered)
    msgid, female, male = forms
    gendered = str(female if person.gender == Gender.FEMALE else male)
    return gendered if gendered != msgid or get_language() == "en" else str(ungendered)


def date_in_words(value, *, weekday=False):
    """ "2 June 2025", «2 июня 2025», «2 маусым 2025»; with `weekday`, "Monday, 2 June 2025"."""
    text = dateformat.format(value, "j E Y")
    if get_language() == "kk":
        text = text.lower()  # Kazakh months are written in lower case: 2 маусым 2025
    if weekday:
        text = f"{dateformat.format(value, 'l')}, {text}"
    return text
