"""The live show in the admin: the marks made on the stage manager's page (the record of who marked
what, when), the adjustments, and the screens' links (made here, shown once, revoked here)."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from ceremony.core.links import absolute_url
from ceremony.models import ShowAdjustment, ShowMark, ShowScreen
from ceremony.services import show as show_services

from .history import RecordHistoryAdmin
from .inputs import CheckedInputsMixin
from .mixins import DeclinedTitlesMixin, OneEventListMixin


def _local(event, moment):
    return timezone.localtime(moment, event.zone).strftime("%Y-%m-%d %H:%M") if moment else "—"


@admin.register(ShowMark)
class ShowMarkAdmin(DeclinedTitlesMixin, CheckedInputsMixin, admin.ModelAdmin):
    """Read-only: marks are made on the show's page, where a later mark corrects an earlier one."""

    verbose_name_accusative = pgettext_lazy("accusative", "show mark")

    list_display = ("program_item", "venue", "mark", "at_local", "marked_by", "recorded_local")
    list_filter = (("program_item__event", admin.RelatedOnlyFieldListFilter), "mark")
    search_fields = ("program_item__title",)
    list_select_related = ("program_item__venue", "program_item__event", "marked_by")
    fields = ("program_item", "mark", "at_local", "marked_by", "recorded_local")
    readonly_fields = fields
    ordering = ("-recorded_at", "-pk")

    @admin.display(description=gettext_lazy("venue"), ordering="program_item__venue__name")
    def venue(self, mark):
        return mark.program_item.venue or "—"

    @admin.display(description=gettext_lazy("at"), ordering="at")
    def at_local(self, mark):
        return _local(mark.program_item.event, mark.at)

    @admin.display(description=gettext_lazy("recorded"), ordering="recorded_at")
    def recorded_local(self, mark):
        return _local(mark.program_item.event, mark.recorded_at)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the record of the show as it ran


@admin.register(ShowAdjustment)
class ShowAdjustmentAdmin(DeclinedTitlesMixin, RecordHistoryAdmin):
    verbose_name_accusative = pgettext_lazy("accusative", "show adjustment")

    list_display = ("from_item", "venue", "minutes", "reason", "made_by", "made_local")
    list_filter = (("from_item__event", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("from_item__title", "reason")
    list_select_related = ("from_item__venue", "from_item__event", "made_by")
    autocomplete_fields = ("from_item",)
    fields = ("from_item", "minutes", "reason")
    ordering = ("-made_at", "-pk")

    @admin.display(description=gettext_lazy("venue"), ordering="from_item__venue__name")
    def venue(self, adjustment):
        return adjustment.from_item.venue or "—"

    @admin.display(description=gettext_lazy("made"), ordering="made_at")
    def made_local(self, adjustment):
        return _local(adjustment.from_item.event, adjustment.made_at)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.made_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ShowScreen)
class ShowScreenAdmin(DeclinedTitlesMixin, OneEventListMixin, CheckedInputsMixin, admin.ModelAdmin):
    """A screen's link is shown once, when it is made; a lost one is revoked and a new one made."""

    verbose_name_accusative = pgettext_lazy("accusative", "show screen")

    list_display = ("name", "event", "state", "created_local", "created_by")
    list_filter = (("event", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name",)
    list_select_related = ("event", "created_by")
    autocomplete_fields = ("event",)
    fields = ("event", "name")
    ordering = ("event", "name", "pk")
    actions = ("revoke",)

    @admin.display(description=gettext_lazy("state"))
    def state(self, screen):
        return _("Revoked") if screen.revoked_at else _("Live")

    @admin.display(description=gettext_lazy("made"), ordering="created_at")
    def created_local(self, screen):
        return _local(screen.event, screen.created_at)

    def save_model(self, request, obj, form, change):
        if change:  # a new name (or event): the link stays the same
            super().save_model(request, obj, form, change)
            return
        screen, path = show_services.screen_issue(event=obj.event, name=obj.name, user=request.user)
        obj.pk, obj.token_hash, obj.created_at = screen.pk, screen.token_hash, screen.created_at
        obj.link = absolute_url(path, request)  # for response_add, the one time it is known

    def response_add(self, request, obj, post_url_continue=None):
        # Instead of the stock message: the link, shown this once.
        self.message_user(
            request,
            format_html(
                "{} <a href='{}'>{}</a>",
                _("The screen's link, shown only now: open it on the screen, or copy it."),
                obj.link,
                obj.link,
            ),
            messages.SUCCESS,
        )
        return self.response_post_save_add(request, obj)

    @admin.action(description=gettext_lazy("Revoke the links of the selected screens"))
    def revoke(self, request, queryset):
        count = show_services.screens_revoke(screens=list(queryset))
        self.message_user(
            request,
            ngettext("%(count)d screen link revoked.", "%(count)d screen links revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
