"""The words of invitation and reminder emails: an event's own text per language, or the built-in one,
with its placeholders filled for one guest.

Filling is plain replacement of {placeholder} (str.format_map over strings only, no attribute or index
lookups): organizers' text never runs template code. The values are stripped of control characters,
and, in the subject, of line breaks, so that no name can add a header to a message.
"""

import re
import string

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ceremony.models import InvitationText
from ceremony.wording import date_in_words

Kind = InvitationText.Kind

# Each placeholder and what it stands for (shown under the text's field in the admin).
PLACEHOLDERS = {
    "form_of_address": gettext_lazy("the guest's form of address, e.g. His Excellency"),
    "name": gettext_lazy("the guest's name as printed in the message's language"),
    "position": gettext_lazy("the guest's position"),
    "event": gettext_lazy("the event's name"),
    "dates": gettext_lazy("the event's days"),
    "venue": gettext_lazy("the event's city"),
    "link": gettext_lazy("the guest's personal RSVP link"),
    "deadline": gettext_lazy("the reply deadline"),
    "contact": gettext_lazy("whom to contact about answers"),
}

# Everything below U+0020 and DEL..U+009F, and the Unicode line and paragraph separators.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
LINE_BREAKS = re.compile("[\r\n\u2028\u2029\x0b\x0c\x85]+")


def _default_texts():
    """The built-in texts, in the active language (read through gettext)."""
    return {
        Kind.INVITATION: (
            _("Invitation: {event}"),
            _(
                "{form_of_address} {name},\n\n"
                "We have the honour to invite you to {event}, {dates}, {venue}.\n\n"
                "Please answer on your personal page by {deadline}:\n{link}\n\n"
                "The link is yours alone: please do not pass it on.\n\n"
                "Questions about your answer: {contact}"
            ),
        ),
        Kind.REMINDER: (
            _("Reminder: {event}"),
            _(
                "{form_of_address} {name},\n\n"
                "We have not yet received your answer to our invitation to {event}, {dates}, {venue}.\n\n"
                "Please answer by {deadline} on your personal page:\n{link}\n\n"
                "This link replaces the one sent before, which no longer opens your page.\n\n"
                "Questions about your answer: {contact}"
            ),
        ),
    }


def default_text(kind, language):
    """(subject, body) built in for `kind` in `language`."""
    with translation.override(language):
        subject, body = _default_texts()[Kind(kind)]
        return str(subject), str(body)


def placeholder_errors(text):
    """What is wrong with the placeholders of `text`: a list of messages, empty when it is fine.
    {{ and }} write a brace."""
    try:
        fields = [
            field for _literal, field, _spec, _conv in string.Formatter().parse(text) if field is not None
        ]
    except ValueError as error:
        return [
            _("The braces do not match: %(error)s. Write {{ or }} for a brace itself.") % {"error": error}
        ]
    errors = []
    for field in fields:
        if field not in PLACEHOLDERS:
            errors.append(
                _("Unknown placeholder {%(name)s}. Known ones: %(known)s.")
                % {"name": field, "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)}
            )
    return errors


def message_language(attendee):
    """The guest's language, or the event's when they have none."""
    return attendee.person.preferred_language or attendee.event.default_language


def clean_value(value, *, one_line=False):
    text = str(value or "")
    if one_line:
        text = LINE_BREAKS.sub(" ", text)
    return CONTROL.sub("", text).strip()


def placeholder_values(attendee, link, language):
    """What each placeholder stands for, for `attendee` in `language`."""
    event, person = attendee.event, attendee.person
    with translation.override(language):
        if event.start_date == event.end_date:
            dates = date_in_words(event.start_date)
        else:
            dates = f"{date_in_words(event.start_date)} – {date_in_words(event.end_date)}"
        deadline = ""
        if event.reply_deadline is not None:
            deadline = date_in_words(event.localtime(event.reply_deadline).date())
        name = getattr(event, f"name_{language}", None) or event.name
        city = getattr(event, f"city_{language}", None) or event.city
        contact = getattr(event, f"rsvp_contact_{language}", None) or event.rsvp_contact
        return {
            "form_of_address": person.honorific,
            "name": person.name_in(language),
            "position": person.position,
            "event": name,
            "dates": dates,
            "venue": city,
            "link": link,
            "deadline": deadline or _("the event"),
            "contact": contact or _("the organizers"),
        }


class _Values(dict):
    def __missing__(self, key):  # a text saved before a placeholder was renamed: left as written
        return "{" + key + "}"


def _fill(text, values):
    try:
        return string.Formatter().vformat(text, (), values)
    except (ValueError, IndexError, KeyError, AttributeError):
        return text  # never raised for a text that passed the form's check


def texts_for(event, kind):
    """{language: InvitationText} of `event` for `kind` (one query)."""
    return {text.language: text for text in InvitationText.objects.filter(event=event, kind=kind)}


def message_for(attendee, link, *, kind=Kind.INVITATION, texts=None):
    """(language, subject, body) of the message `attendee` gets, with `link` in it. `texts` is
    texts_for(event, kind), given when many guests of one event are written to."""
    language = message_language(attendee)
    if texts is None:
        texts = texts_for(attendee.event, kind)
    own = texts.get(language)
    subject, body = (own.subject, own.body) if own else default_text(kind, language)
    values = placeholder_values(attendee, link, language)
    subject_values = _Values({key: clean_value(value, one_line=True) for key, value in values.items()})
    body_values = _Values({key: clean_value(value) for key, value in values.items()})
    subject = clean_value(_fill(subject, subject_values), one_line=True)
    body = CONTROL.sub("", _fill(body, body_values).replace("\r\n", "\n")).strip()
    return language, subject, body
