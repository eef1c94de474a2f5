"""The interface's own English, to find on a page or a paper that should have none: the phrases of
every msgid of the project's catalog, Django's (its admin, users and forms) and the country names.

Shared by the sweeps of the admin (tests/test_admin_languages.py) and of the printed documents
(tests/test_document_languages.py)."""

import gettext as gettext_module
import re
from html.parser import HTMLParser
from pathlib import Path

import django
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
PACKAGES = Path(django.__file__).parent.parent
# Read from the compiled Russian catalogs, which hold every msgid.
CATALOGS = [
    LOCALE / "ru/LC_MESSAGES/django.mo",
    PACKAGES / "django/conf/locale/ru/LC_MESSAGES/django.mo",
    PACKAGES / "django/contrib/admin/locale/ru/LC_MESSAGES/django.mo",
    PACKAGES / "django/contrib/auth/locale/ru/LC_MESSAGES/django.mo",
    PACKAGES / "django/contrib/contenttypes/locale/ru/LC_MESSAGES/django.mo",
    PACKAGES / "django_countries/locale/ru/LC_MESSAGES/django.mo",
]
# What every language writes the same, so it is no slip when a Kazakh or Russian page shows it.
SAME_IN_EVERY_LANGUAGE = {
    "English",  # the language switcher names each language in itself
}
WORD = re.compile(r"[A-Za-z]{2,}")


def interface_phrases():
    """The English phrases of the interface: msgids with a word in them, not format strings (their
    words are checked where they are whole) nor markup."""
    phrases = set()
    for path in CATALOGS:
        with path.open("rb") as compiled:
            catalog = gettext_module.GNUTranslations(compiled)._catalog
        for key in catalog:
            msgid = key[0] if isinstance(key, tuple) else key
            msgid = msgid.rpartition("\x04")[2]  # a context comes first, before \x04
            if not msgid or any(mark in msgid for mark in ("%", "{", "<", "&", "\n")):
                continue
            phrase = " ".join(msgid.split()).strip(" :.…")
            if WORD.search(phrase) and phrase not in SAME_IN_EVERY_LANGUAGE:
                phrases.add(phrase)
    return phrases


PHRASES = interface_phrases()
ONE_WORD = {phrase.casefold() for phrase in PHRASES if " " not in phrase}
SEVERAL_WORDS = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(phrase) for phrase in PHRASES if " " in phrase) + r")(?!\w)",
    re.IGNORECASE,
)


class VisibleText(HTMLParser):
    """The pieces of text a reader sees: text between tags (not scripts or styles) and the labels
    of buttons; not a file's own text that a page quotes."""

    # Not seen, or not the interface's: <kbd> marks what a file may write (the upload page's
    # "Family name", «фамилия»: headers are matched in any language), which is no untranslated
    # interface text. Only <kbd>, so that text the interface itself words stays swept.
    HIDDEN = {"script", "style", "template", "kbd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        elif tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.pieces.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.pieces.append(" ".join(data.split()))


def english_in(pieces):
    """The English interface phrases of some pieces of text. A one-word phrase counts where it is all
    of a piece ("Save", "Filter"), so that a record's own name ("Organization 7") does not; a longer
    one wherever it stands."""
    found = set()
    for piece in pieces:
        bare = piece.strip(" :.…›/|()")
        if bare.casefold() in ONE_WORD:
            found.add(bare)
        found |= {match.group(1) for match in SEVERAL_WORDS.finditer(piece)}
    return found


def english_on(page):
    """The English interface phrases of an HTML page, piece by piece of its visible text."""
    parser = VisibleText()
    parser.feed(page)
    return english_in(parser.pieces)
