from django import forms
from django.utils.translation import gettext_lazy as _

from .models import VideoAddress
from .validators import spoken_language_choices


class VideoAddressForm(forms.ModelForm):
    """Subtitles are picked from a list and stored as codes separated by commas."""

    subtitle_languages = forms.MultipleChoiceField(
        label=_("subtitles"),
        choices=spoken_language_choices,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )

    class Meta:
        model = VideoAddress
        fields = (
            "program_item",
            "play_order",
            "speaker_name",
            "speaker_title",
            "country",
            "language",
            "subtitle_languages",
            "duration",
            "media_file",
            "media_reference",
            "status",
            "technical_notes",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["subtitle_languages"] = self.instance.subtitle_language_list

    def clean_subtitle_languages(self):
        return ",".join(self.cleaned_data["subtitle_languages"])
