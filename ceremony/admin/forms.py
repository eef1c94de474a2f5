from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from ceremony.core.locking import changed_since_message
from ceremony.core.validators import spoken_language_choices
from ceremony.guest_lists.reading import too_big_message
from ceremony.models import Event, VideoAddress


class VersionedModelForm(forms.ModelForm):
    """A form for a `Versioned` record (ceremony.core.locking), refused when the record changed after it
    was opened.

    The version it was opened at travels with it as a hidden field (not the model's own field, which
    no form may set). The record's save checks the same version again, atomically, for a change that
    lands between this check and the save.
    """

    loaded_version = forms.IntegerField(
        label=_("version the form was opened at"),
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        max_value=2**31 - 1,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("loaded_version", self.instance.version)

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("loaded_version")
        if self.instance.pk is None:
            return cleaned_data
        if loaded is None:
            # Missing or garbled: a stale form could not be told from a fresh one. The field is
            # hidden, so its own error would go unseen.
            raise forms.ValidationError(
                _("This page was not sent as it was opened. Reload it and try again."), code="unversioned"
            )
        if loaded != self.instance.version:
            # A row of an inline has a prefix; its message says which record it is.
            message = changed_since_message(self.instance, loaded, named=self.prefix is not None)
            raise forms.ValidationError(message, code="changed")
        return cleaned_data

    @property
    def is_stale(self):
        """Whether the form was refused because its record changed (or it came without its version)."""
        return any(
            error.code in ("changed", "unversioned")
            for error in self.errors.as_data().get(NON_FIELD_ERRORS, [])
        )


class VideoAddressForm(VersionedModelForm):
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

    def clean_media_file(self):
        upload = self.cleaned_data["media_file"]
        limit = settings.VIDEO_MAX_BYTES
        if upload and getattr(upload, "size", 0) > limit and upload != self.instance.media_file:
            raise forms.ValidationError(too_big_message(upload.size, limit))
        return upload


class GuestListUploadForm(forms.Form):
    """The first step of an import: the file, the event it is for, and how to read it."""

    ENCODINGS = [("", _("Detect")), ("utf-8-sig", "UTF-8"), ("cp1251", "Windows-1251")]
    DELIMITERS = [("", _("Detect")), (";", _("Semicolon ;")), (",", _("Comma ,")), ("\t", _("Tab"))]

    event = forms.ModelChoiceField(label=_("event"), queryset=Event.objects.all())
    file = forms.FileField(
        label=_("guest list"),
        help_text=_(
            "An Excel workbook (.xlsx), an OpenDocument spreadsheet (.ods) or a CSV file, with a header "
            "row. Old Excel files (.xls): save them as .xlsx first."
        ),
    )
    language = forms.ChoiceField(
        label=_("language of positions"),
        choices=[("", _("The event's language")), *settings.LANGUAGES],
        required=False,
    )
    encoding = forms.ChoiceField(label=_("CSV encoding"), choices=ENCODINGS, required=False)
    delimiter = forms.ChoiceField(label=_("CSV separator"), choices=DELIMITERS, required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.GUEST_IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(too_big_message(upload.size, limit))
        return upload
