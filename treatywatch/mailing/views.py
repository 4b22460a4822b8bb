"""The campaign call's pages: for the coalition's staff, who gets the call, in which language, with which link, and
where each stands (a dry run before anything is sent), the button that sends it as a job, and that job's progress;
for each person, the unsubscribe page an e-mail links to.

The sending page lists people of every member organisation: it is the coalition staff's own, never cached. It says
which asks each member's brief carries on the campaign's first day, the day the briefs the e-mails link to answer
for, or on the day asked for (`?as_of=`), like the campaign's page and its briefs. The
unsubscribe page changes nothing on a plain GET (link checkers and previews cannot unsubscribe anyone); the button,
or a mail client's one-click unsubscribe (RFC 8058), posts to it. Its signed token is its only credential, so it
needs no CSRF token."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from treatywatch.campaigns.models import Campaign
from treatywatch.campaigns.queries import get_campaign
from treatywatch.campaigns.views import campaign_day
from treatywatch.jobs.models import Job, JobKind, JobStatus
from treatywatch.lib.actions import ActionError
from treatywatch.lib.dates import as_of_context
from treatywatch.lib.errors import answers_user_errors
from treatywatch.lib.mail import private_answer
from treatywatch.mailing.actions import do_resume_calls, do_start_call, do_stop_calls, may_send_call
from treatywatch.mailing.calls import PENDING, STANDING_LABELS, Standing, member_asks, recipients, user_for_token
from treatywatch.mailing.models import CallOptOut
from treatywatch.organisations.coalitions import is_coalition_staff


def _start(request: HttpRequest, campaign: Campaign, user: User) -> HttpResponse:
    try:
        job = do_start_call(campaign, started_by=user)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        started = _("The call is being sent (job %(job)s): its progress shows below.") % {"job": job.pk}
        messages.success(request, started)
    return redirect("mailing:sending", slug=campaign.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@answers_user_errors
def call_sending(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign(slug)
    user = request.user
    assert isinstance(user, User)  # login_required
    if campaign.organiser is None or not is_coalition_staff(user, campaign.organiser):
        raise Http404(f"No campaign {slug!r} whose call you send.")
    if request.method == "POST":
        return _start(request, campaign, user)
    found = recipients(campaign)
    day = campaign_day(request, campaign)
    asks = member_asks(campaign, day, {r.member.pk: r.member for r in found}.values())
    counts = Counter(r.standing for r in found)
    job = Job.objects.filter(kind=JobKind.CAMPAIGN_CALL, campaign_slug=campaign.slug).first()
    context = {
        **as_of_context(request, day),
        "campaign": campaign,
        "rows": [(r, asks[r.member.pk]) for r in found],
        "counts": [(STANDING_LABELS[standing], counts[standing]) for standing in Standing if counts[standing]],
        "pending": sum(counts[s] for s in PENDING),
        "job": job,
        "in_progress": job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING),
        "may_send": may_send_call(user, campaign),
    }
    return private_answer(render(request, "mailing/sending.html", context))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    person = user_for_token(token)
    if person is None:
        raise Http404("This unsubscribe link is not one Treatywatch sent.")
    if request.method == "POST":
        if "resume" in request.POST:
            do_resume_calls(person)
        else:
            do_stop_calls(person)
    stopped = CallOptOut.objects.filter(user=person).exists()
    return private_answer(render(request, "mailing/unsubscribe.html", {"person": person, "stopped": stopped}))
