"""Award names and citations are printed in English, Russian and Kazakh."""

from modeltranslation.translator import TranslationOptions, register

from .models import Award, AwardPresentation


@register(Award)
class AwardTranslationOptions(TranslationOptions):
    fields = ("name", "issuing_authority", "description")
    required_languages = ("en",)


@register(AwardPresentation)
class AwardPresentationTranslationOptions(TranslationOptions):
    fields = ("citation",)
