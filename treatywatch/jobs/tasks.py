"""The one task the worker runs: a job, by its id. It records its progress and report on the job."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import F
from django.utils import timezone, translation
from django_tasks import task

from treatywatch.campaigns.member_briefs import do_generate_member_briefs
from treatywatch.campaigns.queries import get_campaign
from treatywatch.jobs.models import Job, JobKind, JobStatus
from treatywatch.lib.actions import ActionError
from treatywatch.lib.errors import NotFound
from treatywatch.obligations.digest import DigestBusy, run_digest
from treatywatch.obligations.importer import import_obligations_file
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.pattern import ImportReport
from treatywatch.registry.importers.runner import import_csv_file, import_untc_file
from treatywatch.registry.queries import get_treaty

logger = logging.getLogger(__name__)


# What a job's work hands back: its report, and whether everything went through.
Outcome = tuple[list[str], bool]


def _import(job: Job) -> Outcome:
    path = Path(job.upload.path)
    report: ImportReport[Any]
    if job.kind == JobKind.IMPORT_UNTC:
        report = import_untc_file(path, job.treaty_slug, commit=job.commit, actor=job.started_by)
    elif job.kind == JobKind.IMPORT_CSV:
        report = import_csv_file(path, job.treaty_slug, commit=job.commit, actor=job.started_by)
    else:
        treaty = get_treaty(job.treaty_slug)
        report = import_obligations_file(path, treaty, commit=job.commit, actor=job.started_by)
    return report.lines(to_commit="Commit this import below to apply it."), True


def _progress(job: Job) -> Callable[[int, int], None]:
    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    return progress


def _digest(job: Job) -> Outcome:
    day = job.day or timezone.localdate()
    run = run_digest(day, job.within_days or 0, _progress(job))
    lines = [f"Sent to {d.watch.email}: {d.subject()}" for d in run.sent]
    lines += [f"Not sent to {d.watch.email} (watch {d.watch.pk}): {problem}" for d, problem in run.failed]
    lines.append(f"On {day}: {len(run.sent)} e-mail(s) sent, {len(run.failed)} not sent (tried again next run).")
    return lines, not run.failed


def _member_briefs(job: Job) -> Outcome:
    campaign = get_campaign(job.campaign_slug)
    return do_generate_member_briefs(campaign, actor=job.started_by, progress=_progress(job)), True


_RUNNERS: dict[str, Callable[[Job], Outcome]] = {
    JobKind.IMPORT_UNTC: _import,
    JobKind.IMPORT_CSV: _import,
    JobKind.IMPORT_OBLIGATIONS: _import,
    JobKind.DIGEST: _digest,
    JobKind.CAMPAIGN_BRIEFS: _member_briefs,
}


def add_runner(kind: str, runner: Callable[[Job], Outcome]) -> None:
    """Let an app above this one run its own kind of job (called from its AppConfig.ready)."""
    _RUNNERS[kind] = runner


def _finish(job: Job, status: JobStatus, output: str) -> None:
    Job.objects.filter(pk=job.pk).update(status=status, output=output, finished_at=timezone.now())


@task()
def run_job(job_id: int) -> str:
    """Run a queued job once; a refusal is the job's report, anything else is logged and re-raised."""
    job = Job.objects.select_related("started_by").get(pk=job_id)
    claimed = Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING, done=0)
    if not claimed:  # already run: a job never runs twice
        return job.status
    try:
        with translation.override(settings.LANGUAGE_CODE):
            lines, complete = _RUNNERS[job.kind](job)
    except ImportRefused as error:
        _finish(job, JobStatus.FAILED, error.summary())
        return JobStatus.FAILED
    except (DigestBusy, NotFound, ActionError) as error:
        _finish(job, JobStatus.FAILED, str(error))
        return JobStatus.FAILED
    except Exception:
        logger.exception("Job %s failed", job.pk)
        _finish(job, JobStatus.FAILED, "The job stopped on an unexpected error; the server's log has the details.")
        raise
    Job.objects.filter(pk=job.pk).update(done=F("total"))
    status = JobStatus.SUCCEEDED if complete else JobStatus.FAILED
    _finish(job, status, "\n".join(lines))
    return status
