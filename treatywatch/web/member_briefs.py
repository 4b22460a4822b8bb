"""A campaign's briefs for every member: the coalition's staff start the job that renders them and follow its
progress here; each member downloads its own, the staff every one. Signed-in readers only: the page and the
stored PDFs are private (`campaigns.member_briefs` says who reads which); a PDF the reader may not read does not
exist for them (404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from treatywatch.campaigns.member_briefs import (
    briefed_members,
    may_read_member_brief,
    may_start_member_briefs,
    readable_member_briefs,
)
from treatywatch.campaigns.models import MemberBrief
from treatywatch.campaigns.queries import get_campaign
from treatywatch.jobs.actions import do_start_member_briefs, latest_member_briefs_job
from treatywatch.jobs.models import JobStatus
from treatywatch.lib.actions import ActionError
from treatywatch.lib.errors import NotFound


def _campaign_or_404(slug: str) -> Any:
    try:
        return get_campaign(slug)
    except NotFound as error:
        raise Http404(str(error)) from None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def member_briefs(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign_or_404(slug)
    may_start = may_start_member_briefs(request.user, campaign)
    if request.method == "POST":
        try:
            do_start_member_briefs(campaign, started_by=request.user)  # type: ignore[arg-type]  # signed in
        except ActionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The briefs are being generated: this page shows their progress."))
        return redirect("member-briefs:list", slug=campaign.slug)
    job = latest_member_briefs_job(campaign) if may_start else None
    context = {
        "campaign": campaign,
        "may_start": may_start,
        "members_count": briefed_members(campaign).count() if may_start else 0,
        "job": job,
        "in_progress": job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "briefs": readable_member_briefs(request.user, campaign),
    }
    return render(request, "web/member_briefs.html", context)


@login_required
@require_safe
def member_brief_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    brief = MemberBrief.objects.select_related("campaign__organiser", "organisation", "state").filter(
        campaign__slug=slug, pk=pk
    )
    found = brief.first()
    if found is None or not may_read_member_brief(request.user, found):
        raise Http404("No such brief.")
    name = f"{found.campaign.slug}-{found.organisation.slug}-{found.state.iso3.lower()}-{found.language}.pdf"
    return FileResponse(found.file.open("rb"), content_type="application/pdf", filename=name)
