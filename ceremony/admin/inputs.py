"""The admin answers input it cannot use with a form error or a message, where Django's own pieces
answer with a server error. The gaps, all found by tests/test_bad_input.py:

- The autocomplete widget looks the posted value up to show its label when the form comes back with
  errors. A value that is not an id (text, a number too large for the database) made that lookup raise,
  so the page failed instead of saying "Select a valid choice".
- An inline row is checked against the database's unique constraints without its own foreign key (it is
  set only on save), so a row repeating one already stored (another tab added it, or the form's hidden
  row counts were altered) reached the database and failed there.
- An action on selected records filters by the posted ids, and one that is not an id made that raise.
- A year like 10**30 in the list's date links overflowed Python's dates.
- A NUL character in a list's filter or an autocomplete's search reached PostgreSQL, which refuses it.
"""

from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _


def is_key(field, value):
    """Whether `value` can be a value of the key `field` (an id the database can hold)."""
    try:
        field.run_validators(field.to_python(value))  # the validators hold the database's range
    except ValidationError:
        return False
    return True


class KnownIdAutocompleteSelect(AutocompleteSelect):
    """Shows only posted values that can be ids; the form field says what is wrong with the rest.

    Django's widget looks its selected record up to show its label, a query (or two) per widget: per
    row, in an inline. `labels`, when a formset has looked all its rows' labels up at once
    (`label_autocompletes`), are used instead.
    """

    labels = None  # {str(pk): label}

    def optgroups(self, name, value, attr=None):
        key = self.field.target_field
        value = [item for item in value if is_key(key, item)]
        selected = {str(item) for item in value if str(item) not in self.choices.field.empty_values}
        if self.labels is None or not selected <= self.labels.keys():
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in sorted(selected):
            options.append(self.create_option(name, pk, self.labels[pk], selected, len(options)))
        return [(None, options, 0)]


class KnownIdAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    """The same for a many-to-many field: only posted values that can be ids are looked up."""

    def optgroups(self, name, value, attr=None):
        key = self.field.target_field
        return super().optgroups(name, [item for item in value if is_key(key, item)], attr)


# What a record's label (its str()) reads besides the record itself.
LABEL_READS = {"ceremony.Attendee": ("person",), "ceremony.FacilityVisit": ("program_item",)}


def label_autocompletes(forms):
    """Look up the labels of the autocomplete fields of all these forms (the rows of an inline) at once:
    one query per field, not one per row and field."""
    if not forms:
        return
    for name, field in forms[0].fields.items():
        widget = getattr(field.widget, "widget", field.widget)  # inside the admin's add/change links
        if not isinstance(widget, KnownIdAutocompleteSelect):
            continue
        key = widget.field.target_field
        values = {str(form[name].value()) for form in forms} - {str(empty) for empty in field.empty_values}
        records = field.queryset.filter(pk__in=[value for value in values if is_key(key, value)])
        records = records.select_related(*LABEL_READS.get(records.model._meta.label, ()))
        labels = {str(record.pk): field.label_from_instance(record) for record in records}
        for form in forms:
            row_widget = form.fields[name].widget
            getattr(row_widget, "widget", row_widget).labels = labels


class CheckedChangeList(ChangeList):
    def get_filters(self, request):
        values = [value for values in self.get_filters_params().values() for value in values]
        if any("\x00" in value for value in values):  # PostgreSQL cannot even compare with one
            raise IncorrectLookupParameters("A NUL character in a filter")
        try:
            return super().get_filters(request)
        except OverflowError as error:  # Django turns a ValueError into "?e=1", not this
            raise IncorrectLookupParameters(error) from error


class CheckedInputsMixin:
    """For ModelAdmins and inlines: what is posted or asked for is checked before Django uses it."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownIdAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownIdAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def get_search_results(self, request, queryset, search_term):
        # The list's own search form refuses a NUL character; the autocomplete's does not.
        if "\x00" in search_term:  # no stored text holds one, and PostgreSQL cannot even compare with it
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        wrong = [value for value in selected if not is_key(self.opts.pk, value)]
        if wrong:
            self.message_user(
                request,
                _("“%(value)s” is not the id of a record; select the records again.") % {"value": wrong[0]},
                messages.ERROR,
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset)


class ConstrainedInlineFormSet(BaseInlineFormSet):
    """The rows of an inline, checked as a whole before anything is saved.

    Every new or changed row is checked against the database's constraints, its own foreign key
    included; a row someone changed after the page was opened refuses the whole save, even when it
    was to be deleted; then `check_submission` runs the rules that span the rows of this one
    submission (ceremony.rules.blocking's `submitted_*`), which each row's own check cannot see.
    """

    @cached_property
    def forms(self):
        forms = super().forms
        label_autocompletes(forms)
        return forms

    def total_form_count(self):
        # A posted row count beyond what the page can hold builds no row at all: Django would build up
        # to 2,000 before saying there are too many, seconds of a worker for one request.
        return 0 if self.sends_too_many_rows() else super().total_form_count()

    def sends_too_many_rows(self):
        """Whether the page sent more rows than it holds: its stored rows, or as many as it may add."""
        if not self.is_bound:
            return False
        try:
            sent = int(self.data.get(f"{self.prefix}-{TOTAL_FORM_COUNT}", 0))
        except (TypeError, ValueError):
            return False  # the management form says what is wrong with it
        return sent > max(self.max_num, len(self.get_queryset()))

    def full_clean(self):
        if self.sends_too_many_rows():
            self._errors = []
            self._non_form_errors = self.error_class(
                [
                    _("This page sent more rows than it holds (at most %(count)d). Reload it and try again.")
                    % {"count": max(self.max_num, len(self.get_queryset()))}
                ],
                error_class="nonform",
                renderer=self.renderer,
            )
            return
        super().full_clean()

    def clean(self):
        super().clean()
        for form in self.forms:
            # A deleted row's errors are not shown by Django: deleting what someone has just changed
            # (a visitor just denied clearance) would silently undo their change.
            if self._deleting(form) and form.instance.pk is not None and getattr(form, "is_stale", False):
                raise ValidationError(form.non_field_errors())
        for form in self.forms:
            if not form.is_valid() or not form.has_changed() or self._deleting(form):
                continue
            try:
                form.instance.validate_constraints()
            except ValidationError as refusal:
                form.add_error(None, refusal)
        self.check_submission()

    def check_submission(self):
        """Subclasses add a rule's errors to the rows it names (form.add_error)."""

    def kept_forms(self):
        """The rows this submission keeps: valid, not deleted, and stored already or filled in."""
        return [
            form
            for form in self.forms
            if form.is_valid() and not self._deleting(form) and (form.instance.pk or form.has_changed())
        ]

    def _deleting(self, form):
        return self.can_delete and self._should_delete_form(form)
