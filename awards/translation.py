"""Award names, citations and the wording of order numbers print in English, Russian and Kazakh."""

from modeltranslation.translator import register

from ceremony.translation import PrintedTexts

from .models import Award, AwardPresentation


@register(Award)
class AwardTranslationOptions(PrintedTexts):
    fields = ("name", "issuing_authority", "description")


@register(AwardPresentation)
class AwardPresentationTranslationOptions(PrintedTexts):
    # «Указ № 70-2025/011», "Order No. 70-2025/011": the number's wording is in the document's language.
    fields = ("citation", "decree_number")
