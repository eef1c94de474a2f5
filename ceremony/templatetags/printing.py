"""Helpers for the print templates: text into CSS strings, names in the document's language."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def css_string(value):
    """Text as a CSS string literal, for @page margin boxes ("content: ...").

    The stylesheet sits inside <style>, where HTML escaping would break the CSS; CSS escapes keep a
    stray "</style>" harmless instead.
    """
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
    text = text.replace("<", "\\3C ").replace(">", "\\3E ").replace("&", "\\26 ")
    return mark_safe(f'"{text}"')  # noqa: S308


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
    return person.name_in(get_language())
