"""Many attendees added to a program item at once: from the attendee list, the action «Add to a program
item…» (a page to choose the item and the role, like delete_selected's confirmation), and from the
item's page, «Add attendees…» (by category, delegation or a search, with a preview count). Both call
`services.participation.participants_add` and report what it did the same way."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ceremony.enums import AttendeeCategory, ParticipantRole
from ceremony.models import Attendee, Delegation, Event, ProgramItem
from ceremony.permissions import may_add_participants
from ceremony.rules import blocking
from ceremony.services.participation import participants_add

NAMES_SHOWN = 10


class RoleForm(forms.Form):
    role = forms.ChoiceField(
        label=capfirst(gettext_lazy("role")), choices=ParticipantRole.choices, initial=ParticipantRole.GUEST
    )


class ProgramItemChoiceForm(RoleForm):
    """The item (of the attendees' event, in time order) and the role they take part in."""

    program_item = forms.ModelChoiceField(
        label=capfirst(gettext_lazy("program item")), queryset=ProgramItem.objects.none()
    )
    field_order = ("program_item", "role")

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["program_item"]
        field.queryset = (
            ProgramItem.objects.filter(event=event)
            .select_related("event")
            .order_by("starts_at", "ends_at", "pk")
        )
        field.label_from_instance = lambda item: f"{blocking.span(item)} {item}"


class AttendeeFilterForm(RoleForm):
    """Which of the event's attendees: of a category, of a delegation, found by a search (each that is
    given narrows the choice; none given is every attendee of the event)."""

    category = forms.ChoiceField(
        label=capfirst(gettext_lazy("category")),
        choices=[("", "—"), *AttendeeCategory.choices],
        required=False,
    )
    delegation = forms.ModelChoiceField(
        label=capfirst(gettext_lazy("delegation")),
        queryset=Delegation.objects.none(),
        required=False,
        empty_label="—",
    )
    search = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Words of a name, an organization or a position, as the attendee list finds them."
        ),
    )
    field_order = ("category", "delegation", "search", "role")

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = Delegation.objects.filter(event=event).order_by("name")

    def attendees(self, request, event, attendee_admin):
        chosen = Attendee.objects.filter(event=event)
        if self.cleaned_data["category"]:
            chosen = chosen.filter(category=self.cleaned_data["category"])
        if self.cleaned_data["delegation"]:
            chosen = chosen.filter(delegation=self.cleaned_data["delegation"])
        if self.cleaned_data["search"]:
            chosen, _duplicates = attendee_admin.get_search_results(
                request, chosen, self.cleaned_data["search"]
            )
        return chosen


def names(attendees):
    shown = ", ".join(blocking.named(attendee.person) for attendee in attendees[:NAMES_SHOWN])
    if len(attendees) > NAMES_SHOWN:
        shown += " " + _("and %(count)d more") % {"count": len(attendees) - NAMES_SHOWN}
    return shown


def report(model_admin, request, item, role, result):
    """What participants_add did, as the messages over the next page, and the item's log entry."""
    if result.added:
        added = ngettext(
            "%(count)d attendee added to “%(item)s”, role: %(role)s.",
            "%(count)d attendees added to “%(item)s”, role: %(role)s.",
            len(result.added),
        ) % {"count": len(result.added), "item": item, "role": ParticipantRole(role).label}
        model_admin.log_change(request, item, added)
        model_admin.message_user(request, added, messages.SUCCESS)
    if result.present:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d attendee already takes part in “%(item)s” and was left as is: %(names)s.",
                "%(count)d attendees already take part in “%(item)s” and were left as they are: %(names)s.",
                len(result.present),
            )
            % {"count": len(result.present), "item": item, "names": names(result.present)},
            messages.WARNING,
        )
    if result.refused:
        refused = " ".join(result.refused[:NAMES_SHOWN])
        more = len(result.refused) - NAMES_SHOWN
        if more > 0:
            refused += " " + ngettext("And %(count)d more.", "And %(count)d more.", more) % {"count": more}
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d attendee was not added: %(refusals)s",
                "%(count)d attendees were not added: %(refusals)s",
                len(result.refused),
            )
            % {"count": len(result.refused), "refusals": refused},
            messages.ERROR,
        )
    if not (result.added or result.present or result.refused):
        model_admin.message_user(request, _("No attendee was chosen: nobody was added."), messages.WARNING)


class AddToProgramItemActionMixin:
    """The attendee list's action «Add to a program item…»."""

    add_to_program_item_template = "admin/ceremony/attendee/add_to_program_item.html"

    def has_participation_permission(self, request):
        return may_add_participants(request.user)

    @admin.action(description=gettext_lazy("Add to a program item…"), permissions=["participation"])
    def add_to_program_item(self, request, queryset):
        events = list(queryset.order_by().values_list("event", flat=True).distinct()[:2])
        if len(events) != 1:
            self.message_user(
                request,
                _("Select attendees of one event to add them to one of its program items."),
                messages.ERROR,
            )
            return None
        event = Event.objects.get(pk=events[0])
        form = ProgramItemChoiceForm(request.POST if request.POST.get("post") else None, event=event)
        if form.is_valid():
            item, role = form.cleaned_data["program_item"], form.cleaned_data["role"]
            result = participants_add(program_item=item, attendees=queryset, role=role, user=request.user)
            report(self, request, item, role, result)
            return None
        chosen = list(queryset.select_related("person")[: NAMES_SHOWN + 1])
        count = queryset.count()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Add to a program item"),
            "opts": self.opts,
            "event": event,
            "form": form,
            "count": count,
            "shown": [blocking.named(attendee.person) for attendee in chosen[:NAMES_SHOWN]],
            "more": max(count - NAMES_SHOWN, 0),
            # What the list posted, posted again with the choice: the same selection, or all it filters.
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, self.add_to_program_item_template, context)


class AddAttendeesViewMixin:
    """The program item's page «Add attendees…»: choose them by category, delegation or a search, see
    how many that is, confirm."""

    def add_attendees_view(self, request, pk):
        item = get_object_or_404(ProgramItem.objects.select_related("event"), pk=pk)
        if not (self.has_view_permission(request, item) and may_add_participants(request.user)):
            raise PermissionDenied
        form = AttendeeFilterForm(request.POST or None, event=item.event)
        preview = None
        if form.is_valid():
            attendees = form.attendees(request, item.event, self.admin_site.get_model_admin(Attendee))
            preview = attendees.aggregate(
                total=Count("pk", distinct=True),
                present=Count("pk", distinct=True, filter=Q(participations__program_item=item)),
            )
            if "_confirm" in request.POST:
                # Only the attendees counted on the page: a choice changed since is counted again first.
                if request.POST.get("counted") == str(preview["total"]):
                    role = form.cleaned_data["role"]
                    result = participants_add(
                        program_item=item, attendees=attendees, role=role, user=request.user
                    )
                    report(self, request, item, role, result)
                    return redirect("admin:ceremony_programitem_change", item.pk)
                self.message_user(
                    request,
                    _("The choice changed since it was counted; here is the new count. Nobody was added."),
                    messages.WARNING,
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Add attendees"),
            "subtitle": item,
            "opts": self.opts,
            "original": item,
            "form": form,
            "preview": preview,
        }
        return TemplateResponse(request, "admin/ceremony/programitem/add_attendees.html", context)
