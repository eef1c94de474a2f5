"""What prints in which language: the event's fallback order, and the texts missing in a language.

Texts that print (titles, names, positions, assembly points...) are entered in English, Russian and
Kazakh (ceremony/translation.py). One language is enough to save a record; a document in another
language then prints the text in the first language of the event's fallback order that has it
(Event.fallback_order), never silently: `event_translations` lists every text of an event a language
lacks, for the event's Translations page and its page; `missing_in_document` the texts one document
prints in a language that lacks them, for that document's print page.

modeltranslation reads a field in the active language and then in its fallback languages; those
come from `FALLBACKS` below, which gives the order of the event being printed (`event_fallbacks`)
and the project's order (settings.MODELTRANSLATION_FALLBACK_LANGUAGES) otherwise.
"""

import contextvars
import dataclasses
import functools
from contextlib import contextmanager

from django.conf import settings
from django.urls import reverse

from awards.models import Award, AwardPresentation

from .models import (
    BanquetTable,
    Delegation,
    Event,
    FacilityVisit,
    Organization,
    Person,
    ProgramItem,
    Venue,
    VenueSection,
    VideoAddress,
    VisitParticipant,
)

LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

_printed_event_order = contextvars.ContextVar("printed_event_order", default=None)


class _EventFallbacks(dict):
    """modeltranslation's `fallback_languages` option: the printed event's order, when there is one.

    modeltranslation asks `.get("default", ...)` for the languages to try after the active one
    (and `.get(language, ...)` for a language's own, which we do not set).
    """

    def get(self, key, default=None):
        order = _printed_event_order.get()
        if key == "default" and order is not None:
            return order
        return default


FALLBACKS = _EventFallbacks()


@contextmanager
def event_fallbacks(event):
    """Within the block, a text missing in the active language reads in `event`'s fallback order."""
    token = _printed_event_order.set(event.fallback_order)
    try:
        yield
    finally:
        _printed_event_order.reset(token)


def filled(value):
    return value not in (None, "") and bool(str(value).strip())


# ---------------------------------------------------------------------------------------------------
# What is missing


@dataclasses.dataclass(frozen=True)
class TranslatedText:
    """One field of one record that prints, as entered in each language."""

    model: type
    pk: int
    label: str  # the record, as the organizer knows it
    field: str
    values: dict  # language → text

    @property
    def field_label(self):
        return self.model._meta.get_field(self.field).verbose_name

    @property
    def kind(self):
        return self.model._meta.verbose_name

    @property
    def languages_filled(self):
        return [code for code in LANGUAGES if filled(self.values.get(code))]

    def missing_in(self, language):
        return bool(self.languages_filled) and not filled(self.values.get(language))

    @property
    def admin_url(self):
        meta = self.model._meta
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[self.pk])


@dataclasses.dataclass
class Coverage:
    """How much of what prints for an event is written in each language."""

    texts: list  # TranslatedText, every text that is given in at least one language

    def missing(self, language):
        return [text for text in self.texts if text.missing_in(language)]

    def rows(self):
        """Per kind of text (model, field): the count given and, per language, how many are written
        and what share (whole percent)."""
        groups = {}
        for text in self.texts:
            groups.setdefault((text.model, text.field), []).append(text)
        rows = []
        for (model, field), texts in groups.items():
            per_language = []
            for code in LANGUAGES:
                written = sum(1 for text in texts if filled(text.values.get(code)))
                per_language.append(
                    {"language": code, "written": written, "percent": 100 * written // len(texts)}
                )
            rows.append(
                {
                    "kind": model._meta.verbose_name,
                    "field": model._meta.get_field(field).verbose_name,
                    "total": len(texts),
                    "languages": per_language,
                }
            )
        return rows

    def missing_counts(self):
        """{language: how many texts lack it}."""
        return {code: len(self.missing(code)) for code in LANGUAGES}


@dataclasses.dataclass(frozen=True)
class _Source:
    """Where an event's printed texts of one kind are: the records, their texts, what names them."""

    model: type
    records: object  # event → queryset
    fields: tuple
    named_by: tuple  # columns; the first filled one names the record (a person, a visitor: all, joined)


def _sources():
    return (
        _Source(
            Event,
            lambda event: Event.objects.filter(pk=event.pk),
            ("name", "city", "description", "rsvp_contact"),
            _each("name"),
        ),
        _Source(
            ProgramItem,
            lambda event: event.program_items.all(),
            ("title", "description", "staff_notes"),
            _each("title"),
        ),
        _Source(
            Venue,
            lambda event: Venue.objects.filter(program_items__event=event).distinct(),
            ("name", "address"),
            _each("name"),
        ),
        _Source(
            VenueSection,
            lambda event: VenueSection.objects.filter(venue__program_items__event=event).distinct(),
            ("name",),
            _each("name"),
        ),
        _Source(
            VideoAddress,
            lambda event: VideoAddress.objects.filter(program_item__event=event),
            ("speaker_name", "speaker_title"),
            _each("speaker_name"),
        ),
        _Source(
            FacilityVisit,
            lambda event: FacilityVisit.objects.filter(program_item__event=event),
            ("transport", "assembly_point"),
            _each("program_item__title"),
        ),
        _Source(
            VisitParticipant,
            lambda event: VisitParticipant.objects.filter(visit__program_item__event=event),
            ("clearance_notes",),
            _names_of_person("attendee__person__"),
        ),
        _Source(Delegation, lambda event: event.delegations.all(), ("name", "short_name"), _each("name")),
        _Source(
            Organization,
            lambda event: Organization.objects.filter(people__attendances__event=event).distinct(),
            ("name", "short_name"),
            _each("name"),
        ),
        _Source(
            Person,
            lambda event: Person.objects.filter(attendances__event=event),
            ("honorific", "position"),
            _names_of_person(""),
        ),
        _Source(
            BanquetTable,
            lambda event: BanquetTable.objects.filter(venue__program_items__event=event).distinct(),
            ("name",),
            _each("name"),
        ),
        _Source(
            Award,
            lambda event: Award.objects.filter(presentations__ceremony__event=event).distinct(),
            ("name", "issuing_authority"),
            _each("name"),
        ),
        _Source(
            AwardPresentation,
            lambda event: AwardPresentation.objects.filter(ceremony__event=event),
            ("citation", "decree_number"),
            _each("award__name"),
        ),
    )


def _names_of_person(path):
    return tuple(f"{path}{name}" for name in ("family_name", "given_name", "patronymic"))


def _each(field):
    return tuple(f"{field}_{code}" for code in LANGUAGES)


def event_translations(event):
    """Every text that prints in `event`'s documents, in each language; one query per kind of record,
    whatever the size of the event."""
    texts = []
    for source in _sources():
        columns = [f"{field}_{code}" for field in source.fields for code in LANGUAGES]
        rows = source.records(event).values("pk", *columns, *source.named_by).order_by("pk")
        for row in rows:
            label = _label(source, [row[column] for column in source.named_by])
            for field in source.fields:
                values = {code: row[f"{field}_{code}"] for code in LANGUAGES}
                if any(filled(value) for value in values.values()):
                    texts.append(TranslatedText(source.model, row["pk"], label, field, values))
    return Coverage(texts)


def _label(source, names):
    """The record's name from the values of `source.named_by`."""
    if source.model in (Person, VisitParticipant):
        return " ".join(name for name in names if name)
    return next((name for name in names if filled(name)), "")


# ---------------------------------------------------------------------------------------------------
# What one document lacks


@dataclasses.dataclass(frozen=True)
class Printed:
    """What a document prints of some records (already fetched, of one model): their `fields`, in
    `language`. None among the records (an item without a venue) prints nothing."""

    language: str
    records: object  # an iterable of records
    fields: tuple


@dataclasses.dataclass(frozen=True)
class MissingText:
    """A text a document prints in a language it is not written in, so in another."""

    text: TranslatedText
    languages: tuple  # the languages of the document's pages it prints in without being written in

    @property
    def language_names(self):
        return [LANGUAGE_NAMES[code] for code in self.languages]


def missing_in_document(document):
    """The texts `document` (printing.PrintDocument) prints in a language that lacks them, each once
    however often it prints, in the order first printed. Read from the records the document holds
    (its `printed_texts`), with no query."""
    return missing_in_printed(document.printed_texts)


def missing_in_printed(printed_texts):
    """The texts of `printed_texts` (Printed) printed in a language that lacks them, as above."""
    sources = {source.model: source for source in _sources()}
    texts, printed_in = {}, {}
    for printed in printed_texts:
        for record in printed.records:
            if record is None:
                continue
            for field in printed.fields:
                key = (type(record), record.pk, field)
                if key not in texts:
                    texts[key] = _translated_text(sources[type(record)], record, field)
                printed_in.setdefault(key, set()).add(printed.language)
    found = []
    for key, text in texts.items():
        languages = tuple(code for code in LANGUAGES if code in printed_in[key] and text.missing_in(code))
        if languages:
            found.append(MissingText(text, languages))
    return found


def _translated_text(source, record, field):
    names = [_attribute(record, column) for column in source.named_by]
    values = {code: getattr(record, f"{field}_{code}") for code in LANGUAGES}
    return TranslatedText(source.model, record.pk, _label(source, names), field, values)


def _attribute(record, column):
    """`program_item__title_en` read on a record: its program item, fetched with it, and its title."""
    return functools.reduce(lambda value, name: getattr(value, name, None), column.split("__"), record)


LANGUAGE_NAMES = dict(settings.LANGUAGES)  # code → the language's name, lazily translated
