"""Starting jobs: each is recorded, then handed to the worker once the transaction commits."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from treatywatch.campaigns.member_briefs import may_start_member_briefs
from treatywatch.campaigns.models import Campaign
from treatywatch.jobs.models import IMPORT_KINDS, Job, JobKind
from treatywatch.jobs.tasks import run_job
from treatywatch.lib.actions import ActionError
from treatywatch.lib.errors import NotFound
from treatywatch.registry.queries import get_treaty


def enqueue(job: Job) -> Job:
    """Hand a recorded job to the worker once the transaction that records it commits."""
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


def do_start_import(
    *, kind: str, treaty_slug: str, upload: UploadedFile, started_by: User, commit: bool = False
) -> Job:
    """Queue an import of an uploaded file: a dry run unless `commit`."""
    if kind not in IMPORT_KINDS:
        raise ActionError(f"{kind!r} is not an import; use one of {', '.join(IMPORT_KINDS)}.")
    try:
        get_treaty(treaty_slug)
    except NotFound as error:
        raise ActionError(str(error)) from None
    with transaction.atomic():
        job = Job(kind=kind, treaty_slug=treaty_slug, started_by=started_by, commit=commit)
        job.upload.save(upload.name or "import", upload, save=False)
        job.save()
        return enqueue(job)


def do_commit_import(dry_run: Job, *, started_by: User) -> Job:
    """Queue the import a dry run showed, from the same file, this time writing the changes."""
    if not dry_run.can_be_committed:
        raise ActionError("Only a dry-run import that went through can be committed; start a new import instead.")
    with transaction.atomic():
        job = Job.objects.create(
            kind=dry_run.kind,
            treaty_slug=dry_run.treaty_slug,
            upload=dry_run.upload.name,
            started_by=started_by,
            commit=True,
            dry_run_of=dry_run,
        )
        return enqueue(job)


def do_start_digest(*, started_by: User, day: date, within_days: int) -> Job:
    """Queue a run of the deadline digest (it takes the digest's lock, so it never sends twice)."""
    if within_days < 0:
        raise ActionError("Give a number of days ahead, 0 or more.")
    with transaction.atomic():
        job = Job.objects.create(kind=JobKind.DIGEST, day=day, within_days=within_days, started_by=started_by)
        return enqueue(job)


def do_start_member_briefs(campaign: Campaign, *, started_by: User) -> Job:
    """Queue the rendering of every member's brief for the campaign (replacing those stored): its coalition's
    staff only."""
    if campaign.organiser is None:
        raise ActionError(f"{campaign.slug} names no coalition as its organiser: it has no members to brief.")
    if not may_start_member_briefs(started_by, campaign):
        raise ActionError(f"Only the staff of {campaign.organiser} (editors and above) generate its members' briefs.")
    with transaction.atomic():
        job = Job.objects.create(kind=JobKind.CAMPAIGN_BRIEFS, campaign_slug=campaign.slug, started_by=started_by)
        return enqueue(job)


def latest_member_briefs_job(campaign: Campaign) -> Job | None:
    return Job.objects.filter(kind=JobKind.CAMPAIGN_BRIEFS, campaign_slug=campaign.slug).first()
