"""Jobs in the admin: each user's list, and a job's page, which follows its progress by itself."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ceremony.jobs.services import job_cancel
from ceremony.models import Job
from ceremony.permissions import may_see_job

from .inputs import CheckedInputsMixin
from .mixins import DeclinedTitlesMixin


@admin.register(Job)
class JobAdmin(DeclinedTitlesMixin, CheckedInputsMixin, admin.ModelAdmin):
    """Every staff member sees the jobs they started (superusers all of them), newest first."""

    verbose_name_accusative = pgettext_lazy("accusative", "job")

    list_display = ("title", "state", "progress", "created_by", "created_at", "finished_at")
    list_display_links = ("title",)
    list_filter = ("state", "kind")
    search_fields = ("title", "created_by__username")
    list_select_related = ("created_by",)
    date_hierarchy = None
    ordering = ("-created_at", "-pk")

    def get_queryset(self, request):
        jobs = super().get_queryset(request).filter(parent=None)  # parts are their parent's business
        return jobs if request.user.is_superuser else jobs.filter(created_by=request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or may_see_job(request.user, obj)

    def has_download_permission(self, request, obj):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False  # jobs are started by the actions and pages that need them

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("progress"))
    def progress(self, job):
        return f"{job.done} / {job.total}" if job.total else "—"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/cancel/", view(self.cancel_view), name="ceremony_job_cancel"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Not through get_queryset: a job whose result someone may see is theirs to follow too.
        job = Job.objects.filter(pk=object_id).first() if str(object_id).isdecimal() else None
        if job is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, job):
            raise PermissionDenied
        if request.GET.get("format") == "json":
            return JsonResponse(job_status(job))
        context = {
            **self.admin_site.each_context(request),
            "title": job.title,
            "opts": self.opts,
            "original": job,
            "job": job,
            "status": job_status(job),
        }
        return TemplateResponse(request, "admin/ceremony/job/page.html", context)

    def cancel_view(self, request, pk):
        job = get_object_or_404(Job, pk=pk)
        if request.method != "POST" or not self.has_view_permission(request, job):
            raise PermissionDenied
        if job_cancel(job=job):
            self.message_user(request, _("The job was cancelled."), messages.SUCCESS)
        return redirect("admin:ceremony_job_change", job.pk)


def job_status(job):
    """What a job's page shows, and what a script gets at its address with ?format=json."""
    result_url = job.result_file.url if job.result_file else job.result_url or None
    return {
        "state": job.state,
        "state_label": str(job.get_state_display()),
        "done": job.done,
        "total": job.total,
        "message": job.message,
        "result_url": result_url if job.state == Job.State.DONE else None,
        "cancel_url": reverse("admin:ceremony_job_cancel", args=[job.pk]) if job.can_cancel else None,
    }
