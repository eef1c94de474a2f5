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
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _


def is_key(field, value):
    """Whether `value` can be a value of the key `field` (an id the database can hold)."""
    try:
        field.run_validators(field.to_python(value))  # the validators hold the database's range
    except ValidationError:
        return False
    return True


class KnownIdAutocompleteSelect(AutocompleteSelect):
    """Shows only posted values that can be ids; the form field says what is wrong with the rest."""

    def optgroups(self, name, value, attr=None):
        key = self.field.target_field
        return super().optgroups(name, [item for item in value if is_key(key, item)], attr)


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
    """Checks every new or changed row against the database's constraints, its own foreign key included."""

    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.is_valid() or not form.has_changed():
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            try:
                form.instance.validate_constraints()
            except ValidationError as refusal:
                form.add_error(None, refusal)
