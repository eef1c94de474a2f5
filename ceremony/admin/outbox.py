"""The outbox in the admin: every email message with how its sending went; failed ones sent again."""

from pathlib import Path

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from ceremony.models import OutboxMessage
from ceremony.permissions import may_send_email
from ceremony.services.outbox import messages_send_again

from .inputs import CheckedInputsMixin
from .mixins import DeclinedTitlesMixin


@admin.register(OutboxMessage)
class OutboxMessageAdmin(DeclinedTitlesMixin, CheckedInputsMixin, admin.ModelAdmin):
    """Read-only: messages are queued by the actions that send them, and sent by a job."""

    verbose_name_accusative = pgettext_lazy("accusative", "outbox message")

    list_display = ("to", "subject", "state", "attempts", "sent_at")
    list_filter = ("state", "kind", "language")
    search_fields = ("to", "subject")
    ordering = ("-created_at", "-pk")
    actions = ("send_again",)
    fields = (
        "to",
        "subject",
        "language",
        "attendee",
        "kind",
        "state",
        "attempts",
        "last_error",
        "next_attempt_at",
        "sent_at",
        "written_file",
        "created_at",
        "created_by",
        "body_text",
        "body_html",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the outbox is the record of what was sent

    def has_send_permission(self, request):
        return may_send_email(request.user)

    @admin.action(description=_("Send again"), permissions=["send"])
    def send_again(self, request, queryset):
        again = messages_send_again(messages=queryset, user=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d failed message was queued to be sent again.",
                "%(count)d failed messages were queued to be sent again.",
                again,
            )
            % {"count": again},
            messages.SUCCESS if again else messages.WARNING,
        )

    @admin.display(description=_("written to file"))
    def written_file(self, message):
        if not message.file_name:
            return "—"
        url = reverse("admin:ceremony_outboxmessage_file", args=[message.pk])
        return format_html('<a href="{}">{}</a>', url, message.file_name)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/file/", view(self.file_view), name="ceremony_outboxmessage_file"),
            *super().get_urls(),
        ]

    def file_view(self, request, pk):
        """The message as the file backend wrote it (settings.EMAIL_FILE_PATH), as plain text."""
        message = get_object_or_404(OutboxMessage, pk=pk)
        if not self.has_view_permission(request, message):
            raise PermissionDenied
        folder = Path(settings.EMAIL_FILE_PATH).resolve()
        file = (folder / message.file_name).resolve()
        if not message.file_name or file.parent != folder or not file.is_file():
            raise Http404("No such file")
        response = FileResponse(file.open("rb"), filename=file.name, content_type="text/plain; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        return response
