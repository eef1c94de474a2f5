"""How one cell of a guest list becomes a clean value, and how headers are compared.

Every parser returns a value that can be stored as JSON (the preview keeps it) or raises `CellError`
with a sentence for the organizer. Which parser reads which column is the schema's business
(columns.py).
"""

import datetime
import functools
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl.utils.datetime import from_excel

from ceremony.core.phones import normalize_phone
from ceremony.core.text import clean_line as stored_line
from ceremony.core.text import clean_text as stored_text

from .vocabulary import COUNTRY_WORDS, LANGUAGE_WORDS

# Characters spreadsheets put around values that a person does not see.
INVISIBLE_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": "", "\ufeff": ""})
# A cell starting with one of these runs as a formula in a spreadsheet; exports put a quote before it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CellError(Exception):
    pass


def spreadsheet_safe(value):
    """A text cell that a spreadsheet will show, never run: a quote goes before a formula start.

    Imports take the quote off again (see clean_text), so an export imports back unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


NOT_LETTERS_OR_DIGITS = re.compile(r"[\W_]+")


def normalize_header(text):
    """«Эл. почта», "E-mail ", "FAMILY_NAME" → comparable keys: letters and digits only, ё as е."""
    text = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    return NOT_LETTERS_OR_DIGITS.sub("", text)


def name_key(*parts):
    """A name as it is compared: case, spaces and ё/е folded."""
    text = " ".join(part for part in parts if part)
    return " ".join(text.casefold().replace("ё", "е").split())


# ---------------------------------------------------------------------------------------------------
# Cell parsers


def clean_text(raw):
    if raw is None:
        return ""
    if type(raw) is str and raw.isprintable():
        # The common cell: every character that the line below removes or turns into a space is
        # unprintable, so there is nothing to take out (a third of the time, 180,000 times a list).
        text = raw
    else:
        if isinstance(raw, bool):
            raw = "yes" if raw else "no"
        elif isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        elif isinstance(raw, datetime.datetime | datetime.date):
            raw = raw.isoformat()
        # Controls and invisible characters go as they go from every text stored (core.text).
        text = stored_line(str(raw).translate(INVISIBLE_SPACES))
    # Our exports put a quote before what a spreadsheet would run as a formula; take it off again.
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    return " ".join(text.split())


def clean_multiline_text(raw):
    text = clean_text(raw) if not isinstance(raw, str) else stored_text(raw.translate(INVISIBLE_SPACES))
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        text = text[1:]
    lines = [" ".join(line.split()) for line in text.strip().splitlines()]
    return "\n".join(lines).strip()


class _EmailValidator(EmailValidator):
    """Django's email validation, with its patterns compiled up front rather than behind a lazy object
    (two look-ups through it a cell), and each domain checked once: a list of 20,000 guests has a few
    hundred domains, and the domain's pattern was a tenth of checking the list."""

    user_regex = re.compile(EmailValidator.user_regex.pattern, re.IGNORECASE)
    domain_regex = re.compile(EmailValidator.domain_regex.pattern, re.IGNORECASE)
    literal_regex = re.compile(EmailValidator.literal_regex.pattern, re.IGNORECASE)

    def validate_domain_part(self, domain_part):
        return _valid_domain(domain_part)


@functools.lru_cache(maxsize=1024)
def _valid_domain(domain_part):
    return EmailValidator.validate_domain_part(_validate_email, domain_part)


_validate_email = _EmailValidator()


def clean_email(raw):
    email = clean_text(raw).lower()
    if not email:
        return ""
    try:
        _validate_email(email)
    except ValidationError:
        raise CellError(_("is not a valid email address")) from None
    return email


def clean_phone(raw):
    text = clean_text(raw)
    if not text:
        return ""
    phone = normalize_phone(text)
    if phone is None:
        raise CellError(_("is not a phone number"))
    return phone


class UnknownValue(CellError):
    """A cell that names none of a column's choices: the preview groups these by distinct value and
    offers to map each one (ValueMapping), so an unknown word is one problem, not one per row."""


def _lookup(pairs):
    """{normalized text: code} from (text, code) pairs; the first code given for a text stays."""
    lookup = {}
    for text, code in pairs:
        lookup.setdefault(normalize_header(text), str(code))
    return lookup


def _in_every_language(labels):
    """(label, code) for each (code, lazy label) in each site language."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            yield from ((str(label), code) for code, label in labels)


def _words(words):
    return ((word, code) for code, spellings in words.items() for word in spellings)


class LookupParser:
    """A cell naming one of a few values: by code, by label in any site language, or by a word people
    write (vocabulary.py); a value still unknown raises UnknownValue with `reason()`, written in the
    language active when the cell is read."""

    # Cells as written that named a value, and the value: a list writes a few words thousands of
    # times. Bounded, for a file that writes every word differently.
    SEEN_LIMIT = 1000

    def __init__(self, build, reason):
        self._build, self.reason = build, reason
        self._table = None
        self._seen = {}

    @property
    def table(self):
        if self._table is None:
            self._table = self._build()
        return self._table

    def __call__(self, raw):
        if type(raw) is str and raw in self._seen:
            return self._seen[raw]
        text = clean_text(raw)
        if not text:
            return ""
        try:
            value = self.table[normalize_header(text)]
        except KeyError:
            raise UnknownValue(self.reason()) from None
        if type(raw) is str and len(self._seen) < self.SEEN_LIMIT:
            self._seen[raw] = value
        return value


def choice_parser(choices, what, words):
    def build():
        return _lookup(
            [
                *((code, code) for code in choices.values),
                *_in_every_language(choices.choices),
                *_words(words),
            ]
        )

    return LookupParser(build, lambda: _("is not a %(what)s") % {"what": what})


def country_parser():
    def build():
        names = []
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                names += [(name, code) for code, name in countries]
        codes = [(code, code) for code, _name in countries]
        codes += [(countries.alpha3(code), code) for code, _name in countries]
        return _lookup([*codes, *_words(COUNTRY_WORDS), *names])

    return LookupParser(build, lambda: _("is not a country (give its name or its two-letter code, e.g. KZ)"))


def language_parser():
    def build():
        names = []
        for code, name in settings.LANGUAGES:
            names.append((code, code))
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    names.append((str(translation.gettext(name)), code))
        return _lookup([*names, *_words(LANGUAGE_WORDS)])

    return LookupParser(build, lambda: _("is not one of the languages English, Russian or Kazakh"))


FIRST_YEAR, LAST_YEAR = 1900, 2200  # anything outside is a typing error, not a guest's arrival
DATE_FORMATS = (
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
)


def clean_datetime(raw, zone):
    """A moment at the event: real spreadsheet dates, dd.mm.yyyy [hh:mm], ISO, or an Excel day number.

    Times without a zone are the event's local time; a day without a time means its start.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    value = None
    if isinstance(raw, datetime.datetime):
        value = raw
    elif isinstance(raw, datetime.date):
        value = datetime.datetime.combine(raw, datetime.time())
    elif isinstance(raw, int | float) and not isinstance(raw, bool):
        # A date cell saved as a plain number: Excel counts days from 1899-12-30.
        if 20000 <= raw <= 80000:
            value = from_excel(raw)
    else:
        text = clean_text(raw)
        try:
            value = datetime.datetime.fromisoformat(text)
        except ValueError:
            for date_format in DATE_FORMATS:
                try:
                    value = datetime.datetime.strptime(text, date_format)
                    break
                except ValueError:
                    continue
    if value is None or not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise CellError(_("is not a date (write it as day.month.year, e.g. 02.06.2025, and a time if known)"))
    if timezone.is_naive(value):
        value = timezone.make_aware(value, zone)
    return value.isoformat()
