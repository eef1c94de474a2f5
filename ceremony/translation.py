"""Texts that print, entered in English, Russian and Kazakh (django-modeltranslation).

Each field gets name_en, name_ru and name_kk columns; reading `name` gives the active language, or
the first language of the printed event's fallback order that has it (ceremony.languages). One
language is enough to save a record (rules.blocking.written_in_a_language): which one the team
writes in is theirs to choose.
"""

from modeltranslation.translator import TranslationOptions, register

from .languages import FALLBACKS
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


class PrintedTexts(TranslationOptions):
    required_languages = ()
    fallback_languages = FALLBACKS


@register(Event)
class EventTranslationOptions(PrintedTexts):
    # Whom to contact prints on the invitation cards and the guest's answer page.
    fields = ("name", "city", "description", "rsvp_contact")


@register(Venue)
class VenueTranslationOptions(PrintedTexts):
    fields = ("name", "address")


@register(VenueSection)
class VenueSectionTranslationOptions(PrintedTexts):
    fields = ("name",)


@register(ProgramItem)
class ProgramItemTranslationOptions(PrintedTexts):
    # Staff notes print on the run-of-show.
    fields = ("title", "description", "staff_notes")


@register(VideoAddress)
class VideoAddressTranslationOptions(PrintedTexts):
    fields = ("speaker_name", "speaker_title")


@register(FacilityVisit)
class FacilityVisitTranslationOptions(PrintedTexts):
    fields = ("transport", "assembly_point")


@register(VisitParticipant)
class VisitParticipantTranslationOptions(PrintedTexts):
    # Clearance notes print on the visit manifest.
    fields = ("clearance_notes",)


@register(Person)
class PersonTranslationOptions(PrintedTexts):
    # Names are written once, in the person's own script (plus Latin); titles are translated.
    fields = ("honorific", "position")


@register(Organization)
class OrganizationTranslationOptions(PrintedTexts):
    # The guest-list import matches a list's organization on its names and short names in every
    # language (guest_lists.organizations).
    fields = ("name", "short_name")


@register(Delegation)
class DelegationTranslationOptions(PrintedTexts):
    fields = ("name", "short_name")


@register(BanquetTable)
class BanquetTableTranslationOptions(PrintedTexts):
    # A table's name prints on its table card and the table plan.
    fields = ("name",)
