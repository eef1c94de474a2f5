from django import forms
from django.conf import settings
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from ceremony.core.locking import changed_since_message
from ceremony.core.validators import spoken_language_choices
from ceremony.guest_lists.cells import clean_text, normalize_header
from ceremony.guest_lists.columns import MAPPABLE_COLUMNS
from ceremony.guest_lists.mappings import mapping_target
from ceremony.guest_lists.reading import too_big_message
from ceremony.models import Event, ValueMapping, VideoAddress
from ceremony.rules import blocking


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


class ProgramItemForm(VersionedModelForm):
    """A program item; the sections it uses are of its venue (rules.blocking.sections_of_the_venue)."""

    def clean(self):
        cleaned_data = super().clean()
        if "sections" in self.fields and "venue" in cleaned_data:
            venue, sections = cleaned_data["venue"], cleaned_data.get("sections") or []
            for field, message in blocking.sections_of_the_venue(venue, sections).items():
                self.add_error(field, message)
        return cleaned_data


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


class AttendeeActionForm(ActionForm):
    """The attendee list's actions, with the language their printouts (badges, itineraries) are in."""

    print_language = forms.ChoiceField(
        label=_("Printouts in:"),
        # Each language by its own name, as on the print buttons.
        choices=[
            ("", _("each attendee's language")),
            *((code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES),
        ],
        required=False,
    )


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


class ValueMappingForm(VersionedModelForm):
    """A value mapping: the column is one whose values can be mapped, and what the value means is
    given as the import would read it (a code, a label in any language or a word people write)."""

    column = forms.ChoiceField(label=_("column"))

    class Meta:
        model = ValueMapping
        fields = ("event", "column", "value", "target")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].choices = [(key, column.label) for key, column in MAPPABLE_COLUMNS.items()]

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("value") is not None:
            self.instance.value_key = normalize_header(cleaned_data["value"])
        column = MAPPABLE_COLUMNS.get(cleaned_data.get("column"))
        value = clean_text(cleaned_data.get("value"))
        if column is None or not value:
            return cleaned_data
        try:
            cleaned_data["target"] = mapping_target(column, cleaned_data.get("target") or "")
        except ValidationError as refusal:
            self.add_error("target", refusal)
        cleaned_data["value"] = value
        return cleaned_data


class GuestImportDecisionForm(forms.Form):
    """One decision on an import's preview, as its buttons post it."""

    ACTIONS = ("fix", "skip", "unskip", "map", "accept", "accept_column", "keep", "same", "new")

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    row = forms.IntegerField(required=False, min_value=1, max_value=10_000_000)
    column = forms.CharField(required=False, max_length=64)
    text = forms.CharField(required=False, max_length=2000, strip=False)
    value = forms.CharField(required=False, max_length=255)
    target = forms.CharField(required=False, max_length=64)
    person = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def clean(self):
        cleaned_data = super().clean()
        action = cleaned_data.get("action")
        if action in ("fix", "skip", "unskip", "accept", "same", "new") and cleaned_data.get("row") is None:
            raise ValidationError(_("Say which row."))
        if action in ("fix", "map", "accept", "accept_column") and not cleaned_data.get("column"):
            raise ValidationError(_("Say which column."))
        if action == "same" and not cleaned_data.get("person"):
            raise ValidationError(_("Say which person."))
        return cleaned_data

    def errors_text(self):
        return " ".join(message for messages in self.errors.values() for message in messages)
