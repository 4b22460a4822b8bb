"""The job that sends a campaign's call: who gets it is read when the worker starts, then each delivery is claimed
before its e-mail goes (see calls.py), so a job run twice, or two at once, send each e-mail once."""

from __future__ import annotations

from treatywatch.campaigns.queries import get_campaign
from treatywatch.jobs.models import Job
from treatywatch.jobs.tasks import Outcome
from treatywatch.mailing.calls import CallRun, recipients, send_call


def run_lines(run: CallRun) -> list[str]:
    lines = [f"Sent to {r.user.email} ({r.member.name}, {r.language}): {r.link}" for r in run.sent]
    lines += [f"Not sent to {r.user.email} ({r.member.name}): {problem}" for r, problem in run.failed]
    lines.append(f"{len(run.sent)} e-mail(s) sent, {len(run.failed)} not sent (tried again on the next run).")
    return lines


def send_call_job(job: Job) -> Outcome:
    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total)

    campaign = get_campaign(job.campaign_slug)
    run = send_call(campaign, recipients(campaign), job=job, progress=progress)
    return run_lines(run), not run.failed
