"""What the admins of the ceremony share: times in the event's zone, lists of one event, optimistic
locking, actions that set a field of the selected records, trilingual texts written in any language."""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import formats, timezone, translation
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ceremony.core.locking import RecordChanged
from ceremony.models import Event

from .forms import VersionedModelForm
from .inputs import is_key


def event_time(event, value):
    """A time as the clock shows it at the event, for changelist columns."""
    if value is None:
        return "—"
    return formats.date_format(event.localtime(value), "j M Y, H:i")


class EventTimeZoneMixin:
    """Show and read the times of a record in its event's time zone, not the server's.

    `event_lookup` goes from Event to this model (to find the event of an existing record);
    `event_form_field` and `event_form_lookup` find it from the submitted form of a new one.
    """

    event_lookup = None
    event_form_field = "event"
    event_form_lookup = "pk"

    def _event_for(self, request, object_id):
        if object_id:
            # isdecimal, not isdigit: "²" is a digit to Python but not a number int() reads.
            if not str(object_id).isdecimal():
                return None  # the admin itself says that no such record exists
            filters = {self.event_lookup: object_id}
        else:
            value = request.POST.get(self.event_form_field) or request.GET.get(self.event_form_field)
            if not value or not str(value).isdecimal():
                return None
            filters = {self.event_form_lookup: value}
        return Event.objects.filter(**filters).only("pk", "time_zone").first()

    def _in_event_zone(self, request, object_id, view):
        event = self._event_for(request, object_id)
        zone = event.zone if event else timezone.get_default_timezone()
        request.event_zone = zone
        with timezone.override(zone):
            response = view()
            # A TemplateResponse renders later, outside this block: render it while the zone holds.
            if hasattr(response, "render"):
                response.render()
            return response

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._in_event_zone(
            request,
            object_id,
            lambda: super(EventTimeZoneMixin, self).changeform_view(
                request, object_id, form_url, extra_context
            ),
        )

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        return self._in_event_zone(
            request,
            object_id,
            lambda: super(EventTimeZoneMixin, self).history_form_view(
                request, object_id, version_id, extra_context
            ),
        )

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        zone = getattr(request, "event_zone", None)
        if zone is not None:
            for field in form.base_fields.values():
                if field.__class__.__name__ == "SplitDateTimeField":
                    field.help_text = _("Time in %(zone)s, the event's time zone.") % {"zone": zone.key}
        return form


def again_if_changed_meanwhile(view):
    """Run a change form view; if a record changed between the form's version check and its save,
    run it once more.

    The refused save wrote nothing (the view's transaction is rolled back), and the second run's check
    now fails: the form comes back with the message and what the user typed, rather than a server error.
    """
    try:
        return view()
    except RecordChanged:
        return view()


class AnyLanguageMixin:
    """For a `TranslationAdmin` or a translation inline: no language of a trilingual text is required by
    the form. django-modeltranslation makes the default language's field (English) required wherever
    the model's field is; here one language, any, is enough, and a text written in none is refused by
    the model's rule (`rules.blocking.WrittenInALanguage`) on the field of the event's language."""

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        if getattr(db_field, "translated_field", None) is not None:
            field.required = False


class OneEventListMixin:
    """The list of one event's records (filtered to it, as the event's page links to it) does not
    repeat the event's name on every row, and a record added from there starts in that event.

    `EVENT_FILTER`: the list's filter to one event; a list whose records reach their event through
    another record filters on that path (personal RSVP links: `attendee__event__id__exact`)."""

    EVENT_FILTER = "event__id__exact"

    def chosen_event_id(self, request):
        """The event the list is filtered to, seen from the list itself or from the add form opened
        from it (which Django's admin gives the list's filters as `_changelist_filters`)."""
        value = request.GET.get(self.EVENT_FILTER) or QueryDict(
            request.GET.get("_changelist_filters", "")
        ).get(self.EVENT_FILTER)
        return value if value and is_key(Event._meta.pk, value) else None

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if request.GET.get(self.EVENT_FILTER):
            columns = [column for column in columns if column != "event"]
        return columns

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        event_id = self.chosen_event_id(request)
        if event_id and "event" not in initial:
            initial["event"] = event_id
        return initial


class OptimisticLockingMixin:
    """The admin of a `core.locking.Versioned` model: a save over a newer change is refused.

    The change form carries the version it was opened at, as a hidden field of its first fieldset;
    so does every row of its inlines (`VersionedInlineMixin`), and a refused save of either comes
    back as the form with what the user typed.
    """

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is None else with_loaded_version(fieldsets)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return again_if_changed_meanwhile(
            lambda: super(OptimisticLockingMixin, self).changeform_view(
                request, object_id, form_url, extra_context
            )
        )


class VersionedInlineMixin:
    """An inline of `core.locking.Versioned` rows: each row carries the version it was opened at, and a
    row changed since refuses the whole save of the page, naming the row."""

    form = VersionedModelForm
    # Rows a page may hold (and send back): more participants than a hall seats is a typing error, and
    # every posted row costs a form to build and check.
    max_num = 500

    def get_fieldsets(self, request, obj=None):
        return with_loaded_version(super().get_fieldsets(request, obj))


def with_loaded_version(fieldsets):
    """The fieldsets with the hidden `loaded_version` at the end of the first one (where an admin
    without fieldsets of its own lists every form field, it is there already)."""
    if "loaded_version" in flatten_fieldsets(fieldsets):
        return fieldsets
    (name, options), *others = fieldsets
    return [(name, {**options, "fields": (*options["fields"], "loaded_version")}), *others]


def records_set_actions(choices, describe, change):
    """One admin action per choice, setting a field of the selected records to it (`change(request,
    queryset, value)` → how many changed), with the count or the refusal as the message.

    Used instead of editable list columns, which carry no version and would save over a newer change.
    """

    def action_for(value, label):
        @admin.action(description=format_lazy(describe, value=label), permissions=["change"])
        def action(modeladmin, request, queryset):
            try:
                count = change(request, queryset, value)
            except ValidationError as refusal:
                modeladmin.message_user(request, " ".join(refusal.messages), messages.ERROR)
                return
            modeladmin.message_user(
                request,
                ngettext("%(count)d record changed.", "%(count)d records changed.", count) % {"count": count},
                messages.SUCCESS,
            )

        action.__name__ = f"set_{value}"
        return action

    return [action_for(value, label) for value, label in choices.choices]


class DeclinedTitlesMixin:
    """Page titles that name the record as the object of a verb ("Select %s to change", "Add %s",
    "Change %s"), with its name in the accusative: Django puts the verbose name in as it is, and
    Russian and Kazakh read «Выберите участник для изменения». `verbose_name_accusative` is a
    pgettext_lazy("accusative", ...) of the verbose name; English reads the same words.
    """

    verbose_name_accusative = None

    def accusative(self):
        if self.verbose_name_accusative is None:
            return self.opts.verbose_name
        accusative = str(self.verbose_name_accusative)
        with translation.override("en"):
            untranslated = accusative == str(self.verbose_name_accusative)
        # Until the catalog has it, the verbose name (a word of the page's language) reads better
        # than the English one.
        if untranslated and not translation.get_language().startswith("en"):
            return self.opts.verbose_name
        return accusative

    def changelist_view(self, request, extra_context=None):
        title = _("Select %s to change") if self.has_change_permission(request) else _("Select %s to view")
        context = {"title": capfirst(title % self.accusative()), "verbose_name_accusative": self.accusative()}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if add:
            title = _("Add %s")
        elif self.has_change_permission(request, obj):
            title = _("Change %s")
        else:
            title = _("View %s")
        # Only Django's own title: a page that brings its own keeps it.
        if context.get("title") == title % self.opts.verbose_name:
            context["title"] = capfirst(title % self.accusative())
        return super().render_change_form(request, context, add, change, form_url, obj)
