"""Fields printed on programs, entered in English, Russian and Kazakh (django-modeltranslation).

Each field gets name_en, name_ru and name_kk columns; reading `name` gives the active language with
a fallback to English.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, Organization, Person, ProgramItem, Venue, VideoAddress


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("name", "city", "description")
    required_languages = ("en",)


@register(Venue)
class VenueTranslationOptions(TranslationOptions):
    fields = ("name", "address")
    required_languages = ("en",)


@register(ProgramItem)
class ProgramItemTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)


@register(VideoAddress)
class VideoAddressTranslationOptions(TranslationOptions):
    fields = ("speaker_name", "speaker_title")
    required_languages = ("en",)


@register(Person)
class PersonTranslationOptions(TranslationOptions):
    # Names are written once, in the person's own script (plus Latin); titles are translated.
    fields = ("honorific", "position")
    required_languages = ()


@register(Organization)
class OrganizationTranslationOptions(TranslationOptions):
    # An imported organization has its name in the list's language only; the model asks for one.
    fields = ("name",)
    required_languages = ()
