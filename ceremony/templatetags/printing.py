"""Helpers for the print templates: text into CSS strings, names in the document's language."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ceremony import wording
from ceremony.core import text
from ceremony.core.validators import spoken_language_choices

register = template.Library()


@register.filter
def css_string(value):
    """Text as a CSS string literal, for @page margin boxes ("content: ...").

    A margin box holds one line: the text is cleaned as one (`clean_line`: a record stored before
    text was cleaned on save may hold controls, which would print as boxes). The stylesheet sits inside
    <style>, where HTML escaping would break the CSS; `text.css_string` escapes every character that
    could end the string or the element, so the text stays text.
    """
    return mark_safe(text.css_string(text.clean_line(str(value))))  # noqa: S308 (escaped for CSS)


@register.simple_tag
def page_of_pages():
    """«Page 3 of 7» in the active language, as CSS content with the page counters in place."""
    marker = "\x00"
    text = _("Page %(page)s of %(pages)s") % {
        "page": f"{marker}page{marker}",
        "pages": f"{marker}pages{marker}",
    }
    # The pieces alternate: text, counter name, text, counter name, text.
    pieces = text.split(marker)
    css = " ".join(
        f"counter({piece})" if index % 2 else css_string(piece) for index, piece in enumerate(pieces)
    )
    return mark_safe(css)  # noqa: S308 (the text pieces went through css_string)


@register.filter
def printed_name(person):
    """The person's name as the document's language prints it (Person.name_in: the one place)."""
    return person.name_in(get_language())


@register.filter
def printed_short_name(person):
    """The printed name with initials for all but the family name: «Мусабаев Т. А.» (Person.short_name_in)."""
    return person.short_name_in(get_language())


@register.filter
def other_script_name(person):
    """The name's other form, beside the printed one: the Latin form in a Russian document."""
    return person.other_script_name_in(get_language())


@register.filter
def date_in_words(value, weekday=""):
    """«2 июня 2025», «2 маусым 2025»; `|date_in_words:"weekday"` starts with the day of the week."""
    return wording.date_in_words(value, weekday=bool(weekday)) if value else ""


@register.filter
def language_name(code):
    """A spoken language's name in the document's language («Казахский» for kk); a code no longer
    in the list, from a record older than its check, as it is."""
    return dict(spoken_language_choices()).get(code, code)
