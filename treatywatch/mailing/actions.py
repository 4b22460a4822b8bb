"""Starting a campaign's call and stopping or resuming a person's campaign mail: each checks, runs in a transaction
and keeps who and why (the job says who started a sending; the opt-out's history who stopped the mail)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from treatywatch.campaigns.models import Campaign
from treatywatch.jobs.actions import enqueue
from treatywatch.jobs.models import Job, JobKind, JobStatus
from treatywatch.lib.actions import ActionError, attach_actor
from treatywatch.mailing.models import CallOptOut
from treatywatch.organisations.coalitions import is_coalition_staff
from treatywatch.organisations.models import Role


def may_send_call(user: User, campaign: Campaign) -> bool:
    """The editors of the campaign's coalition (and site administrators): members never send a call."""
    return campaign.organiser is not None and is_coalition_staff(user, campaign.organiser, Role.EDITOR)


def sending_under_way(campaign: Campaign) -> Job | None:
    return (
        Job.objects.filter(
            kind=JobKind.CAMPAIGN_CALL,
            campaign_slug=campaign.slug,
            status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
        )
        .order_by("-created_at")
        .first()
    )


def do_start_call(campaign: Campaign, *, started_by: User) -> Job:
    """Queue the sending of `campaign`'s call to every member's people not yet sent it."""
    if campaign.organiser is None:
        raise ActionError(f"{campaign.slug}: the campaign names no organising coalition, so it has no members to call.")
    if not may_send_call(started_by, campaign):
        raise ActionError(f"Only the editors of {campaign.organiser.name} can send this campaign's call.")
    with transaction.atomic():
        running = sending_under_way(campaign)
        if running is not None:
            raise ActionError(f"This call is already being sent (job {running.pk}); its progress shows below.")
        job = Job.objects.create(kind=JobKind.CAMPAIGN_CALL, campaign_slug=campaign.slug, started_by=started_by)
        return enqueue(job)


UNSUBSCRIBED = "asked for no more campaign calls, from the link in one"
RESUBSCRIBED = "asked for campaign calls again, from the link in one"


def do_stop_calls(user: User) -> CallOptOut:
    """The person behind an unsubscribe link gets no campaign call from now on (asking twice changes nothing)."""
    with transaction.atomic():
        existing = CallOptOut.objects.filter(user=user).first()
        if existing is not None:
            return existing
        opt_out = CallOptOut(user=user)
        attach_actor(opt_out, user, UNSUBSCRIBED)
        opt_out.save()
        return opt_out


def do_resume_calls(user: User) -> None:
    with transaction.atomic():
        for opt_out in CallOptOut.objects.filter(user=user):
            attach_actor(opt_out, user, RESUBSCRIBED)
            opt_out.delete()
