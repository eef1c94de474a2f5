"""Text as the site stores it: no control characters, no invisible format characters.

A control character typed or pasted into a name (a carriage return, a form feed, a NUL, a bidi
override) is invisible on screen but breaks every format the text goes on to: it ends a CSS string in
a printout, writes a raw line into a calendar, and PostgreSQL refuses a NUL outright. The text is
cleaned once, where it is stored:

- `clean_line` for one-line text (CharField): line breaks and tabs become a space, so that words
  stay apart; every other control or invisible format character is removed.
- `clean_text` for text of several lines (TextField): the same, but tabs stay and every line break
  (CR LF, CR, form feed, vertical tab, NEL, the Unicode line and paragraph separators) becomes `\\n`.

`clean_stored_text()` (called once, from `ceremony.apps`) makes every CharField and TextField of the
models of APPS clean its text, whoever writes it:

- each field's `to_python` cleans, and Django calls it both where a record is validated
  (`Model.clean_fields`, so that the form's uniqueness checks see the text that will be stored) and
  where a value goes to the database (`get_prep_value`: save, `QuerySet.update`, bulk_create and
  bulk_update alike);
- a `pre_save` handler cleans the record itself (`clean_record`), so that what the page, the history
  and the log show after a save is what was stored.

`clean_record` is also what a write that bypasses `save()` (bulk_create, bulk_update) should call on
each record first: the database gets clean text either way, and the records in memory get it too.

What is kept: every visible character, the zero-width joiner and non-joiner (emoji sequences and
some scripts need them), the soft hyphen (a hyphenation hint) and the prepended concatenation marks
of Arabic and other scripts, which are visible signs.

Text that goes into another format is escaped for it where it goes in, whatever it holds (records
stored before this cleaning existed still hold controls): `css_string` here for CSS; calendars through
the icalendar library's own text type (ceremony.printing).
"""

import functools
import re

from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save

# The apps whose records are cleaned on save.
APPS = ("ceremony", "awards")

# Line breaks in any of their spellings: CR LF first, so that it counts as one.
_LINE_BREAK = re.compile("\r\n|[\r\n\v\f\x85\u2028\u2029]")

# Characters never stored: C0 and C1 controls (tab and line feed are handled above), the invisible
# format characters of Unicode (category Cf) but those kept on purpose, lone surrogates (which cannot
# be written as UTF-8) and the noncharacters.
_REMOVED = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0, DEL, C1 (but \t and \n)
    "\u061c"  # Arabic letter mark
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200e\u200f"  # zero-width space, left-to-right and right-to-left marks
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064"  # word joiner, invisible operators
    "\u2066-\u206f"  # bidi isolates, deprecated format characters
    "\ufeff"  # byte-order mark, zero-width no-break space
    "\ufff9-\ufffb"  # interlinear annotation
    "\U00013430-\U0001343f"  # Egyptian hieroglyph format controls
    "\U0001bca0-\U0001bca3"  # shorthand format controls
    "\U0001d173-\U0001d17a"  # musical symbol format controls
    "\U000e0001\U000e0020-\U000e007f"  # tags (invisible ASCII)
    "\ud800-\udfff"  # lone surrogates
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters
    "]"
)


def clean_line(value):
    """One-line text with line breaks and tabs turned into spaces and invisible controls removed."""
    if not isinstance(value, str) or value.isprintable():
        # Every character changed below is unprintable: printable text (nearly all) is clean as it is,
        # and every text field's value passes here on its way to the database (a bulk_create of 20,000
        # people, 480,000 times).
        return value
    return _REMOVED.sub("", _LINE_BREAK.sub(" ", value).replace("\t", " "))


def clean_text(value):
    """Text of several lines: every line break as `\\n`, tabs kept, invisible controls removed."""
    if not isinstance(value, str) or value.isprintable():
        return value  # as in clean_line
    return _REMOVED.sub("", _LINE_BREAK.sub("\n", value))


# In a CSS string, as they are: printable characters but those that end the string, start an escape,
# or could close the <style> element the stylesheet sits in.
_CSS_ESCAPED = frozenset("\\\"'<>&")


def css_string(value):
    """Any text as one CSS string literal, quotes included.

    Every character that could end the string or the <style> element (quotes, backslash, every line
    terminator, `<`, `>`, `&`) and every character that is not printable (controls, format
    characters, separators) is written as a CSS hex escape, "\\D ", whose trailing space the escape
    takes up. The CSS parser reads the same text back, whatever it was.
    """
    escaped = (
        f"\\{ord(character):X} " if character in _CSS_ESCAPED or not character.isprintable() else character
        for character in str(value)
    )
    return f'"{"".join(escaped)}"'


def clean_record(record):
    """Clean every CharField and TextField of a model instance, in place; the names of those changed.

    For writes that bypass `save()`: call it on each record before bulk_create or bulk_update.
    """
    # The values are read and written where Django keeps them, the instance's __dict__: a deferred
    # field that was never loaded is not fetched, and modeltranslation's descriptor on a translated
    # field's base name (which reads and writes the active language's column) is left alone; the
    # columns of each language are cleaned themselves.
    values = record.__dict__
    changed = []
    for field in record._meta.concrete_fields:
        if isinstance(field, models.TextField):
            clean = clean_text
        elif isinstance(field, models.CharField):
            clean = clean_line
        else:
            continue
        value = values.get(field.attname)
        cleaned = clean(value)
        if cleaned != value:
            values[field.attname] = cleaned
            changed.append(field.attname)
    return changed


def _clean_on_save(sender, instance, **kwargs):
    if sender._meta.app_label in APPS:
        clean_record(instance)


def _cleaning(to_python, clean):
    @functools.wraps(to_python)
    def cleaned_to_python(value):
        return clean(to_python(value))

    return cleaned_to_python


def clean_stored_text():
    """Every text field of the models of APPS cleans what it validates and writes (see above)."""
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if getattr(field, "cleans_text", False):
                    continue
                if isinstance(field, models.TextField):
                    field.to_python = _cleaning(field.to_python, clean_text)
                elif isinstance(field, models.CharField):
                    field.to_python = _cleaning(field.to_python, clean_line)
                else:
                    continue
                field.cleans_text = True
    pre_save.connect(_clean_on_save, dispatch_uid="ceremony.core.text.clean")
