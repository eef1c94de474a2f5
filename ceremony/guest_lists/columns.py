"""The import's one schema: the columns of a guest list and everything about the field each one fills.

A column knows its headers (the one our exports write, and the ones people write, in English,
Russian or Kazakh, matched whatever their case, spacing or punctuation), its label (what the
organizer reads it as, in the admin's language), how a cell is parsed, which
record and model field it writes (a person's or an attendee's; for translated titles the field of the
list's language), and how its value is written, restored by undo, shown in the preview and the
report, and exported. Planning, writing, undo, the report and the export walk COLUMNS and keep no
list of fields of their own: a column added here is imported, written, undone, reported and
exported, or the schema test (tests/test_import_columns.py) says which step it misses.

A value has three forms:
- kept: plain JSON, as GuestImport.guests, .preview and .undo_journal store it. `parse` gives the
  file's value (moments with the event's offset); `stored` gives what the plan and the undo journal
  keep of a model value (moments in UTC, no value as "");
- model: what the model attribute takes, from a kept value (`model_value`);
- shown: text for the organizer (`shown`) and the export cell (`exported`), which imports back to
  the same value.
"""

import datetime
from functools import cached_property

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_countries import countries

from ceremony.enums import AttendeeCategory, OrganizationKind, RsvpStatus
from ceremony.models import Attendee, Organization, Person

from .cells import (
    choice_parser,
    clean_datetime,
    clean_email,
    clean_multiline_text,
    clean_phone,
    clean_text,
    country_parser,
    language_parser,
    name_key,
    normalize_header,
)
from .organizations import NAME_FIELDS, SHORT_NAME_FIELDS, aliases_of, organization_key
from .vocabulary import CATEGORY_WORDS, ORGANIZATION_KIND_WORDS, RSVP_WORDS

PERSON, ATTENDEE = "person", "attendee"  # the record a column writes
MOMENT_FORMAT = "d.m.Y H:i"  # how moments are shown and exported, in the event's zone


def stored(value):
    """A model value as the plan and the undo journal keep it: JSON, moments in UTC, no value as ""."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if value is None:
        return ""
    return str(value) if not isinstance(value, int) else value


def differs(old, new):
    """Whether a file's value changes a stored one; spacing alone is no change (the file's is trimmed)."""
    if isinstance(old, str) and isinstance(new, str):
        return old.split() != new.split()
    return old != new


class Column:
    """A text column: the cell's text with its spaces folded, written to the field as it is.

    `target` is the record the column writes (PERSON or ATTENDEE), `field` its model field (the key
    unless said otherwise).
    """

    kind = "text"  # what kind of value the column holds; each kind is a class below
    mappable = False  # whether the column names one of a few values, which a ValueMapping may give

    def __init__(self, key, header, label, aliases, *, target=PERSON, field="", required=False):
        self.key = key
        self.header = header  # the header our exports write
        # What the organizer reads the column as, in the admin's language; the header and the aliases
        # are what a file writes, in any language, and are shown as such.
        self.label = label
        self.aliases = tuple(normalize_header(alias) for alias in aliases)
        # The headers a file may write, spelled as people write them (one spelling of each), for the
        # upload page to show as a file's text.
        spellings = {}
        for spelling in (header, *aliases):
            spellings.setdefault(normalize_header(spelling), spelling)
        self.headers = tuple(spellings.values())
        self.target = target
        self.field = field or key
        self.required = required

    def __repr__(self):
        return f"<{type(self).__name__} {self.key}>"

    @property
    def model(self):
        return Person if self.target == PERSON else Attendee

    @cached_property
    def max_length(self):
        """The longest value the field takes, checked while parsing; None for no limit."""
        return self.model._meta.get_field(self.field).max_length

    # Reading the file

    def parse(self, raw, zone):
        """A cell as the file's value (kept form), or CellError; `zone` is the event's time zone."""
        return clean_text(raw)

    # The record's field

    def attname(self, language):
        """The model attribute the column writes, for a list whose titles are in `language`."""
        return self.field

    def attnames(self):
        """Every model attribute the column may write, whatever the list's language."""
        return (self.field,)

    def record_of(self, attendee):
        return attendee.person if self.target == PERSON else attendee

    def model_value(self, value):
        """A kept value (the file's, or an old one from the undo journal) as the model attribute takes it."""
        return value

    def stored(self, model_value):
        return stored(model_value)

    # Planning: what an import would change

    def read_fields(self, language):
        """What planning reads of a stored record (`.values()` names) to compare it with the file."""
        return (self.attname(language),)

    def current(self, record, language):
        """The record's value (a `.values()` row of read_fields), in the form the plan keeps."""
        return self.stored(record[self.attname(language)])

    def planned(self, value):
        """The file's value in the form the plan keeps and compares with `current`."""
        return self.stored(self.model_value(value))

    def differs(self, old, new):
        return differs(old, new)

    # Writing and undoing

    def new_record_fields(self, value, language):
        """What a record the import creates gets from the file; a blank cell leaves the model's default."""
        if value in ("", None):
            return {}
        return {self.attname(language): self.model_value(value)}

    def restored(self, attname, value):
        """What undo puts back in `attname` for the old value the undo journal kept.

        No value is NULL where the field allows it: a title never given in a language, a person
        without an email.
        """
        if value in ("", None) and self.model._meta.get_field(attname).null:
            return None
        return self.model_value(value)

    # Showing and exporting

    def shown(self, value, event):
        """A kept value as the preview and the report show it."""
        return "" if value in ("", None) else str(value)

    def exported(self, attendee):
        """The export's cell for `attendee`: text that imports back to the value stored."""
        value = getattr(self.record_of(attendee), self.field)
        return "" if value is None else value


class MultilineTextColumn(Column):
    """Text that keeps its line breaks (notes); spaces within each line are folded."""

    kind = "multiline text"

    def parse(self, raw, zone):
        return clean_multiline_text(raw)


class EmailColumn(Column):
    """An email address, in lower case; a person without one has none (NULL, not "")."""

    kind = "email"

    def parse(self, raw, zone):
        return clean_email(raw)

    def model_value(self, value):
        return value or None


class PhoneColumn(Column):
    """A phone number, in the one international form (+77011234567)."""

    kind = "phone"

    def parse(self, raw, zone):
        return clean_phone(raw)


class CountryColumn(Column):
    """A country, by name in English or Russian or by code; kept and exported as its two-letter code."""

    kind = "country"
    mappable = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parser = country_parser()

    def options(self):
        """(code, name) of every value, for choosing what an unknown word means."""
        return [(code, str(name)) for code, name in countries]

    def parse(self, raw, zone):
        return self._parser(raw)

    def shown(self, value, event):
        return (str(countries.name(value)) or value) if value else ""

    def exported(self, attendee):
        return getattr(self.record_of(attendee), self.field).code or ""


class LanguageColumn(Column):
    """One of the site's languages, by code or by name in any of them; kept and exported as its code."""

    kind = "language"
    mappable = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parser = language_parser()

    def options(self):
        return [(code, str(name)) for code, name in settings.LANGUAGES]

    def parse(self, raw, zone):
        return self._parser(raw)


class ChoiceColumn(Column):
    """One of a model field's choices, by code or by label in any site language; exported by label."""

    kind = "choice"
    mappable = True

    def __init__(self, key, header, label, aliases, *, choices, what, words, **kwargs):
        super().__init__(key, header, label, aliases, **kwargs)
        self.choices = choices
        self._parser = choice_parser(choices, what, words)

    def options(self):
        return [(code, str(label)) for code, label in self.choices.choices]

    def parse(self, raw, zone):
        return self._parser(raw)

    def shown(self, value, event):
        return str(self.choices(value).label) if value else ""

    def exported(self, attendee):
        return str(getattr(self.record_of(attendee), f"get_{self.field}_display")())


class DateTimeColumn(Column):
    """A moment at the event: times without a zone are the event's local time, stored in UTC.

    The file's value keeps the event's offset ("2025-06-01T14:30:00+05:00"); the plan and the undo
    journal keep UTC; the preview and the export show day.month.year hours:minutes in the event's zone.
    """

    kind = "date-time"

    def parse(self, raw, zone):
        return clean_datetime(raw, zone)

    def model_value(self, value):
        return datetime.datetime.fromisoformat(value) if value else None

    def shown(self, value, event):
        return _local_time(self.model_value(value), event) if value else ""

    def exported(self, attendee):
        return _local_time(getattr(self.record_of(attendee), self.field), attendee.event)


def _local_time(moment, event):
    return formats.date_format(event.localtime(moment), MOMENT_FORMAT) if moment else ""


class TranslatedColumn(Column):
    """A translated field (modeltranslation): the list's text goes to the field of its language.

    A list in Russian writes position_ru and leaves position_en and position_kk as they are; the
    export gives the text in the event's language.
    """

    kind = "translated"
    languages = tuple(code for code, _name in settings.LANGUAGES)

    def attname(self, language):
        return f"{self.field}_{language}"

    def attnames(self):
        return tuple(self.attname(language) for language in self.languages)

    def new_record_fields(self, value, language):
        # Every translation given, so that none is looked up as a default: for 20,000 people that
        # lookup alone costs a second.
        blanks = {self.field: ""} | {self.attname(code): "" for code in self.languages}
        return blanks | super().new_record_fields(value, language)

    def exported(self, attendee):
        return getattr(self.record_of(attendee), self.attname(attendee.event.default_language)) or ""


class StoredOrganization(str):
    """A stored organization's name as the plan keeps it (plain text once kept), knowing every name
    the organization has: a list that writes any of them in any form means the same organization."""

    def __new__(cls, shown, names):
        text = super().__new__(cls, shown)
        text.exact = {name_key(name) for name in names}
        text.keys = {organization_key(name) for name in names} - {""}
        return text

    def means(self, name):
        return name_key(name) in self.exact or organization_key(name) in self.keys


class OrganizationColumn(Column):
    """The person's organization: a relation matched by any of its names (guest_lists.organizations);
    a name not yet known makes a new one, with its name in the list's language.

    The file and the plan keep the name (the preview shows it); planning resolves it to an existing
    organization or one to create, and the records and the undo journal keep its pk
    (`organization_id`), so model_value takes the pk the name was resolved to. A person at
    «АО НК «Байтерек»» whose list says "Baiterek JSC" is no change: the stored organization is read
    with all its names, and any of them in any form is the same organization.
    """

    kind = "organization"
    # Its names and short names in every language; with its aliases, what a list may write it by.
    name_fields = tuple(f"organization__{field}" for field in (*NAME_FIELDS, *SHORT_NAME_FIELDS))

    def __init__(self, key, header, label, aliases, **kwargs):
        super().__init__(key, header, label, aliases, field="organization", **kwargs)

    @cached_property
    def max_length(self):
        return Organization._meta.get_field("name").max_length

    def attname(self, language):
        return "organization_id"

    def attnames(self):
        return ("organization_id",)

    def model_value(self, pk):
        return pk or None

    def read_fields(self, language):
        return (*self.name_fields, "organization__aliases")

    def current(self, record, language):
        names = [record[f"organization__{field}"] for field in NAME_FIELDS]
        shown = record[f"organization__name_{language}"] or next((name for name in names if name), "")
        if not shown:
            return ""
        names = [record[field] for field in self.name_fields] + aliases_of(record["organization__aliases"])
        return StoredOrganization(shown, [name for name in names if name])

    def planned(self, value):
        return value

    def differs(self, old, new):
        if isinstance(old, StoredOrganization):
            return not old.means(new)
        return organization_key(old) != organization_key(new)

    def exported(self, attendee):
        # The name in the event's language, as positions are: it imports back to the same organization.
        organization = attendee.person.organization
        return organization.name_in(attendee.event.default_language) if organization else ""


class NewOrganizationColumn(Column):
    """What a list says of the organization a guest names (its kind, its country): given to an
    organization the import creates, never to one the address book has.

    So it changes no stored record (`differs` is never true, undo has nothing to restore: the
    organizations an import created go with it), writes no field of a person, and is shown and
    exported as the guest's organization has it. `default` names a guest's column whose value a new
    organization takes when the list has no column of its own for it (the guest's country).
    """

    default = ""

    @property
    def model(self):
        return Organization

    def attnames(self):
        return ()

    def record_of(self, attendee):
        return attendee.person.organization

    def read_fields(self, language):
        return ()

    def current(self, record, language):
        return ""

    def planned(self, value):
        return value

    def differs(self, old, new):
        return False

    def new_record_fields(self, value, language):
        return {}

    def organization_fields(self, values):
        """What an organization the import creates for a guest with `values` gets from the list."""
        value = values[self.key] if self.key in values else values.get(self.default, "")
        return {self.field: value} if value else {}

    def exported(self, attendee):
        return super().exported(attendee) if self.record_of(attendee) is not None else ""


class OrganizationKindColumn(NewOrganizationColumn, ChoiceColumn):
    """The kind of a new organization, by label in any language or the words people write
    («Госорган», «СМИ», «НКО»: vocabulary.ORGANIZATION_KIND_WORDS)."""

    kind = "organization kind"

    def __init__(self, key, header, label, aliases, **kwargs):
        super().__init__(
            key,
            header,
            label,
            aliases,
            field="kind",
            choices=OrganizationKind,
            what=gettext_lazy("kind of organization"),
            words=ORGANIZATION_KIND_WORDS,
            **kwargs,
        )


class OrganizationCountryColumn(NewOrganizationColumn, CountryColumn):
    """The country of a new organization; without this column, the guest's own country."""

    kind = "organization country"
    default = "country"

    def __init__(self, key, header, label, aliases, **kwargs):
        super().__init__(key, header, label, aliases, field="country", **kwargs)


COLUMNS = (
    Column(
        "family_name",
        "Family name",
        pgettext_lazy("guest list column", "Family name"),
        ("family name", "last name", "surname", "фамилия", "тегі"),
        required=True,
    ),
    Column(
        "given_name",
        "Given name",
        pgettext_lazy("guest list column", "Given name"),
        ("given name", "first name", "forename", "имя", "аты", "есімі"),
        required=True,
    ),
    Column(
        "patronymic",
        "Patronymic",
        pgettext_lazy("guest list column", "Patronymic"),
        ("patronymic", "middle name", "отчество", "әкесінің аты"),
    ),
    Column(
        "family_name_latin",
        "Family name (Latin)",
        pgettext_lazy("guest list column", "Family name (Latin)"),
        (
            "family name latin",
            "family name in latin letters",
            "last name latin",
            "surname latin",
            "фамилия латиницей",
            "фамилия на латинице",
        ),
    ),
    Column(
        "given_name_latin",
        "Given name (Latin)",
        pgettext_lazy("guest list column", "Given name (Latin)"),
        (
            "given name latin",
            "given name in latin letters",
            "first name latin",
            "имя латиницей",
            "имя на латинице",
        ),
    ),
    TranslatedColumn(
        "honorific",
        "Form of address",
        pgettext_lazy("guest list column", "Form of address"),
        ("form of address", "honorific", "salutation", "обращение"),
    ),
    TranslatedColumn(
        "position",
        "Position",
        pgettext_lazy("guest list column", "Position"),
        ("position", "title", "job title", "должность", "лауазымы"),
    ),
    OrganizationColumn(
        "organization",
        "Organization",
        pgettext_lazy("guest list column", "Organization"),
        ("organization", "organisation", "company", "организация", "место работы", "ұйым"),
    ),
    OrganizationKindColumn(
        "organization_kind",
        "Organization kind",
        pgettext_lazy("guest list column", "Organization kind"),
        (
            "organization kind",
            "organization type",
            "kind of organization",
            "type of organization",
            "тип организации",
            "вид организации",
            "ұйым түрі",
        ),
    ),
    OrganizationCountryColumn(
        "organization_country",
        "Organization country",
        pgettext_lazy("guest list column", "Organization country"),
        ("organization country", "country of organization", "страна организации", "ұйым елі"),
    ),
    CountryColumn(
        "country", "Country", pgettext_lazy("guest list column", "Country"), ("country", "страна", "ел")
    ),
    EmailColumn(
        "email",
        "Email",
        pgettext_lazy("guest list column", "Email"),
        ("email", "e-mail", "email address", "эл. почта", "электронная почта", "e-mail адрес"),
    ),
    PhoneColumn(
        "phone",
        "Phone",
        pgettext_lazy("guest list column", "Phone"),
        ("phone", "telephone", "mobile", "phone number", "телефон", "тел", "мобильный телефон"),
    ),
    LanguageColumn(
        "preferred_language",
        "Preferred language",
        pgettext_lazy("guest list column", "Preferred language"),
        ("preferred language", "language", "язык", "тілі"),
    ),
    ChoiceColumn(
        "category",
        "Category",
        pgettext_lazy("guest list column", "Category"),
        ("category", "категория", "санаты"),
        target=ATTENDEE,
        choices=AttendeeCategory,
        what=gettext_lazy("category"),
        words=CATEGORY_WORDS,
    ),
    ChoiceColumn(
        "rsvp_status",
        "RSVP",
        pgettext_lazy("guest list column", "RSVP"),
        ("rsvp", "rsvp status", "status", "статус", "ответ"),
        target=ATTENDEE,
        choices=RsvpStatus,
        what=gettext_lazy("RSVP status"),
        words=RSVP_WORDS,
    ),
    DateTimeColumn(
        "arrival",
        "Arrival",
        pgettext_lazy("guest list column", "Arrival"),
        ("arrival", "arrival date", "дата прибытия", "прибытие", "дата приезда", "келу күні"),
        target=ATTENDEE,
    ),
    DateTimeColumn(
        "departure",
        "Departure",
        pgettext_lazy("guest list column", "Departure"),
        ("departure", "departure date", "дата отъезда", "отъезд", "дата убытия", "кету күні"),
        target=ATTENDEE,
    ),
    Column(
        "dietary_needs",
        "Dietary needs",
        pgettext_lazy("guest list column", "Dietary needs"),
        ("dietary needs", "diet", "питание", "диета"),
        target=ATTENDEE,
    ),
    Column(
        "accessibility_needs",
        "Accessibility needs",
        pgettext_lazy("guest list column", "Accessibility needs"),
        ("accessibility needs", "accessibility", "особые потребности", "доступная среда"),
        target=ATTENDEE,
    ),
    MultilineTextColumn(
        "notes",
        "Notes",
        pgettext_lazy("guest list column", "Notes"),
        ("notes", "note", "comment", "comments", "примечание", "примечания", "комментарий", "ескерту"),
        target=ATTENDEE,
    ),
)

COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}
COLUMNS_BY_ALIAS = {
    alias: column for column in COLUMNS for alias in (*column.aliases, normalize_header(column.key))
}
MAPPABLE_COLUMNS = {column.key: column for column in COLUMNS if column.mappable}
PERSON_COLUMNS = tuple(column for column in COLUMNS if column.target == PERSON)
ATTENDEE_COLUMNS = tuple(column for column in COLUMNS if column.target == ATTENDEE)
HEADERS = {column.key: column.header for column in COLUMNS}
# Which column writes a model attribute: undo restores each field the journal names through it.
COLUMNS_BY_ATTNAME = {(column.model, attname): column for column in COLUMNS for attname in column.attnames()}
ORGANIZATION = COLUMNS_BY_KEY["organization"]
# What the list says of the organizations it names, for those the import creates.
NEW_ORGANIZATION_COLUMNS = tuple(column for column in COLUMNS if isinstance(column, NewOrganizationColumn))
