"""The "Jobs" admin page: each editor sees the jobs they started, with status and progress, and starts
imports (a dry run first, then commit) and digests from there."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from treatywatch.jobs.actions import do_commit_import, do_start_digest, do_start_import
from treatywatch.jobs.forms import PERMISSION_FOR_KIND, DigestForm, ImportForm
from treatywatch.jobs.models import IMPORT_KINDS, Job, JobKind, JobStatus
from treatywatch.lib.actions import ActionError


def _may_start(request: HttpRequest, kind: str) -> bool:
    return request.user.has_perm(PERMISSION_FOR_KIND[JobKind(kind)])


@admin.register(Job)
class JobAdmin(admin.ModelAdmin[Job]):
    list_display = ["__str__", "treaty_slug", "commit", "status", "progress", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    change_list_template = "admin/jobs/job/change_list.html"

    @admin.display(description=_("progress"))
    def progress(self, job: Job) -> str:
        return f"{job.done} / {job.total} ({job.percent}%)"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Job]:
        jobs = super().get_queryset(request).select_related("started_by")
        return jobs if request.user.is_superuser else jobs.filter(started_by=request.user.pk)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return any(_may_start(request, kind) for kind in JobKind)

    def has_view_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # jobs are started by the forms below

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("start-import/", self.admin_site.admin_view(self.start_import), name="jobs_job_start_import"),
            path("start-digest/", self.admin_site.admin_view(self.start_digest), name="jobs_job_start_digest"),
            path("<int:job_id>/commit/", self.admin_site.admin_view(self.commit), name="jobs_job_commit"),
        ]
        return own + super().get_urls()

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        context = {
            "may_import": any(_may_start(request, kind) for kind in IMPORT_KINDS),
            "may_send_digest": _may_start(request, JobKind.DIGEST),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(self.get_queryset(request), pk=object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": str(job),
            "job": job,
            "in_progress": job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
            "may_commit": job.can_be_committed and _may_start(request, job.kind),
        }
        return TemplateResponse(request, "admin/jobs/job/detail.html", context)

    def _form_page(self, request: HttpRequest, form: Any, title: str) -> HttpResponse:
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": title, "form": form}
        return TemplateResponse(request, "admin/jobs/job/start.html", context)

    def _started(self, request: HttpRequest, job: Job) -> HttpResponseRedirect:
        messages.success(request, _("%(job)s started: this page shows its progress.") % {"job": job})
        return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[job.pk]))

    def start_import(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            kind = form.cleaned_data["kind"]
            if not _may_start(request, kind):
                raise PermissionDenied
            try:
                job = do_start_import(
                    kind=kind,
                    treaty_slug=form.cleaned_data["treaty"],
                    upload=form.cleaned_data["file"],
                    started_by=request.user,  # type: ignore[arg-type]  # admin_view: signed in
                )
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                return self._started(request, job)
        return self._form_page(request, form, str(_("Import a file (dry run)")))

    def start_digest(self, request: HttpRequest) -> HttpResponse:
        if not _may_start(request, JobKind.DIGEST):
            raise PermissionDenied
        form = DigestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                job = do_start_digest(
                    started_by=request.user,  # type: ignore[arg-type]  # admin_view: signed in
                    day=form.cleaned_data["day"],
                    within_days=form.cleaned_data["within_days"],
                )
            except ActionError as error:
                form.add_error(None, str(error))
            else:
                return self._started(request, job)
        return self._form_page(request, form, str(_("Send the deadline digest")))

    def commit(self, request: HttpRequest, job_id: int) -> HttpResponse:
        dry_run = get_object_or_404(self.get_queryset(request), pk=job_id)
        if request.method != "POST" or not _may_start(request, dry_run.kind):
            raise PermissionDenied
        try:
            job = do_commit_import(dry_run, started_by=request.user)  # type: ignore[arg-type]
        except ActionError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:jobs_job_change", args=[dry_run.pk]))
        return self._started(request, job)
