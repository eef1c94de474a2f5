"""List filters with many choices (countries, organizations, delegations) as a dropdown with a box to
narrow it (templates/admin/ceremony/dropdown_filter.html): Django's list of links made the attendee
list 6,700 px tall. Each lists only what the records use."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter


class DropdownMixin:
    template = "admin/ceremony/dropdown_filter.html"


class CountryDropdownFilter(DropdownMixin, CountryFilter):
    """The countries the listed records have, by name in the reader's language."""

    title = _("country")


class RelatedDropdownFilter(DropdownMixin, admin.RelatedOnlyFieldListFilter):
    """The related records (organizations, delegations) the listed records point to."""
