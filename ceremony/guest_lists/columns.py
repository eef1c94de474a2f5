"""The columns of a guest list: which headers mean what, and which parser cleans each cell.

Headers are matched whatever their case, spacing or punctuation, in English, Russian or Kazakh. The
parsers are in cells.py.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from ceremony.enums import AttendeeCategory, RsvpStatus
from ceremony.models import Attendee, Organization, Person

from .cells import (
    ChoiceParser,
    CountryParser,
    clean_datetime,
    clean_email,
    clean_language,
    clean_multiline_text,
    clean_phone,
    clean_text,
    normalize_header,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the header our exports write
    aliases: tuple[str, ...]
    parse: object
    model: type | None = None  # where max_length comes from
    model_field: str = ""
    required: bool = False
    needs_zone: bool = False  # the parser also takes the event's time zone

    @property
    def max_length(self):
        if self.model is None:
            return None
        return self.model._meta.get_field(self.model_field or self.key).max_length


# ---------------------------------------------------------------------------------------------------
# The columns


def _aliases(*texts):
    return tuple(normalize_header(text) for text in texts)


COLUMNS = (
    Column(
        "family_name",
        "Family name",
        _aliases("family name", "last name", "surname", "фамилия", "тегі"),
        clean_text,
        Person,
        required=True,
    ),
    Column(
        "given_name",
        "Given name",
        _aliases("given name", "first name", "forename", "имя", "аты", "есімі"),
        clean_text,
        Person,
        required=True,
    ),
    Column(
        "patronymic",
        "Patronymic",
        _aliases("patronymic", "middle name", "отчество", "әкесінің аты"),
        clean_text,
        Person,
    ),
    Column(
        "family_name_latin",
        "Family name (Latin)",
        _aliases(
            "family name latin",
            "family name in latin letters",
            "last name latin",
            "surname latin",
            "фамилия латиницей",
            "фамилия на латинице",
        ),
        clean_text,
        Person,
    ),
    Column(
        "given_name_latin",
        "Given name (Latin)",
        _aliases(
            "given name latin",
            "given name in latin letters",
            "first name latin",
            "имя латиницей",
            "имя на латинице",
        ),
        clean_text,
        Person,
    ),
    Column(
        "honorific",
        "Form of address",
        _aliases("form of address", "honorific", "salutation", "обращение"),
        clean_text,
        Person,
        "honorific_en",
    ),
    Column(
        "position",
        "Position",
        _aliases("position", "title", "job title", "должность", "лауазымы"),
        clean_text,
        Person,
        "position_en",
    ),
    Column(
        "organization",
        "Organization",
        _aliases("organization", "organisation", "company", "организация", "место работы", "ұйым"),
        clean_text,
        Organization,
        "name",
    ),
    Column("country", "Country", _aliases("country", "страна", "ел"), CountryParser()),
    Column(
        "email",
        "Email",
        _aliases("email", "e-mail", "email address", "эл. почта", "электронная почта", "e-mail адрес"),
        clean_email,
        Person,
    ),
    Column(
        "phone",
        "Phone",
        _aliases("phone", "telephone", "mobile", "phone number", "телефон", "тел", "мобильный телефон"),
        clean_phone,
        Person,
    ),
    Column(
        "preferred_language",
        "Preferred language",
        _aliases("preferred language", "language", "язык", "тілі"),
        clean_language,
    ),
    Column(
        "category",
        "Category",
        _aliases("category", "категория", "санаты"),
        ChoiceParser(AttendeeCategory, gettext_lazy("category")),
    ),
    Column(
        "rsvp_status",
        "RSVP",
        _aliases("rsvp", "rsvp status", "status", "статус", "ответ"),
        ChoiceParser(RsvpStatus, gettext_lazy("RSVP status")),
    ),
    Column(
        "arrival",
        "Arrival",
        _aliases("arrival", "arrival date", "дата прибытия", "прибытие", "дата приезда", "келу күні"),
        clean_datetime,
        needs_zone=True,
    ),
    Column(
        "departure",
        "Departure",
        _aliases("departure", "departure date", "дата отъезда", "отъезд", "дата убытия", "кету күні"),
        clean_datetime,
        needs_zone=True,
    ),
    Column(
        "dietary_needs",
        "Dietary needs",
        _aliases("dietary needs", "diet", "питание", "диета"),
        clean_text,
        Attendee,
    ),
    Column(
        "accessibility_needs",
        "Accessibility needs",
        _aliases("accessibility needs", "accessibility", "особые потребности", "доступная среда"),
        clean_text,
        Attendee,
    ),
    Column(
        "notes",
        "Notes",
        _aliases(
            "notes", "note", "comment", "comments", "примечание", "примечания", "комментарий", "ескерту"
        ),
        clean_multiline_text,
    ),
)
COLUMNS_BY_ALIAS = {
    alias: column for column in COLUMNS for alias in (*column.aliases, normalize_header(column.key))
}
ATTENDEE_COLUMNS = (
    "category",
    "rsvp_status",
    "arrival",
    "departure",
    "dietary_needs",
    "accessibility_needs",
    "notes",
)
HEADERS = {column.key: column.header for column in COLUMNS}
