"""Jobs: imports and digests started from the admin run as background jobs, with their progress
shown to the editor who started them; the digest's lock keeps two runs from sending twice."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, TestCase, override_settings
from django_tasks_db.models import DBTaskResult

from treatywatch.jobs.actions import do_start_digest
from treatywatch.jobs.models import Job, JobStatus
from treatywatch.obligations.digest import DigestBusy, run_digest
from treatywatch.obligations.models import DigestEntry, DigestLock, Watch
from treatywatch.registry.models import DepositaryFact, Treaty

from .deadline_facts import declare_stockpiles, party_without_facts, stockpile_deadline
from .smtp import free_port

HEADER = "state,iso3,signature_date,ratification_date,action_type,withdrawal_notified_date,source\n"
KENYA = "Kenya,KEN,2008-12-03,2025-01-15,ratification,,Kenya's instrument (test)\n"


def signed_in(name: str, role: str) -> Client:
    user = User.objects.create_user(name, password="a long test password", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(db: None) -> Client:
    return signed_in("editor", "editor")


def committed_post(client: Client, url: str, data: dict[str, object] | None = None) -> Any:
    """POST, then run what waits for the commit (the test's transaction never commits): the job."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {})


def status_shown(page: str) -> str:
    return page.split('<dd id="job-status">', 1)[1].split("</dd>", 1)[0].strip()


def upload(client: Client, rows: str, kind: str = "import_csv") -> Job:
    file = SimpleUploadedFile("states.csv", (HEADER + rows).encode(), content_type="text/csv")
    response = committed_post(client, "/admin/jobs/job/start-import/", {"kind": kind, "treaty": "ccm", "file": file})
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.latest("pk")
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    return job


def test_an_import_runs_as_a_dry_run_job_then_commits_from_its_page(editor: Client, ccm: Treaty) -> None:
    dry_run = upload(editor, KENYA)
    assert not DepositaryFact.objects.filter(treaty=ccm, state__iso3="KEN", kind="deposit").exists()
    page = editor.get(f"/admin/jobs/job/{dry_run.pk}/change/").content.decode()
    assert status_shown(page) == "done"
    assert "add deposit of an instrument of Kenya: 2025-01-15 (ratification)" in page
    assert "Dry run: nothing was written. Commit this import below to apply it." in page
    assert "--commit" not in page

    response = committed_post(editor, f"/admin/jobs/job/{dry_run.pk}/commit/")
    committed = Job.objects.latest("pk")
    assert response["Location"] == f"/admin/jobs/job/{committed.pk}/change/"
    assert committed.commit and committed.dry_run_of == dry_run and committed.status == JobStatus.SUCCEEDED
    fact = DepositaryFact.objects.get(treaty=ccm, state__iso3="KEN", kind="deposit")
    assert fact.history.get().history_user.username == "editor"
    assert "Committed." in editor.get(f"/admin/jobs/job/{committed.pk}/change/").content.decode()


def test_a_refused_file_fails_its_job_with_the_reason_and_changes_nothing(editor: Client, ccm: Treaty) -> None:
    facts = DepositaryFact.objects.count()
    job = upload(editor, "Atlantis,,2008-12-03,,,,x\n")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Import refused, nothing was changed" in job.output
    assert "row 2, column state: unknown State 'Atlantis'" in job.output
    assert DepositaryFact.objects.count() == facts
    assert "Commit this import" not in editor.get(f"/admin/jobs/job/{job.pk}/change/").content.decode()


def test_each_editor_sees_only_their_own_jobs(editor: Client, ccm: Treaty) -> None:
    mine = upload(editor, KENYA)
    other = signed_in("other", "editor")
    listing = other.get("/admin/jobs/job/").content.decode()
    assert f"/admin/jobs/job/{mine.pk}/change/" not in listing
    assert other.get(f"/admin/jobs/job/{mine.pk}/change/").status_code == 404
    assert other.post(f"/admin/jobs/job/{mine.pk}/commit/").status_code == 404
    assert f"/admin/jobs/job/{mine.pk}/change/" in editor.get("/admin/jobs/job/").content.decode()


def test_a_viewer_cannot_start_jobs(db: None) -> None:
    viewer = signed_in("viewer", "viewer")
    assert viewer.get("/admin/jobs/job/").status_code == 403
    file = SimpleUploadedFile("states.csv", (HEADER + KENYA).encode())
    response = viewer.post("/admin/jobs/job/start-import/", {"kind": "import_csv", "treaty": "ccm", "file": file})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_an_editor_may_not_send_the_digest_an_administrator_may(editor: Client) -> None:
    assert editor.get("/admin/jobs/job/start-digest/").status_code == 403
    administrator = signed_in("chief", "administrator")
    assert "Send the deadline digest" in administrator.get("/admin/jobs/job/").content.decode()


@pytest.fixture
def register_loaded(db: None) -> None:
    """Tests that commit for real (transaction=True) run after the others and find the register
    flushed by the one before: load it again."""
    if not Treaty.objects.exists():
        call_command("load_register", verbosity=0)


@pytest.fixture
def watched(register_loaded: None, ccm: Treaty) -> date:
    """A watch on Austria's stockpile deadline; returns a day on which it is due soon."""
    party = party_without_facts(ccm, "AUT")
    declare_stockpiles(ccm, party)
    Watch.objects.create(email="isu@example.org", treaty=ccm, state=party, obligation="stockpile_destruction")
    Watch.objects.create(email="coalition@example.org", treaty=ccm)
    return stockpile_deadline(ccm, party, date(2026, 2, 3)) - timedelta(days=60)


def test_a_digest_job_shows_its_progress_and_what_it_sent(watched: date) -> None:
    administrator = signed_in("chief", "administrator")
    response = committed_post(
        administrator, "/admin/jobs/job/start-digest/", {"day": watched.isoformat(), "within_days": 90}
    )
    job = Job.objects.get()
    assert response["Location"] == f"/admin/jobs/job/{job.pk}/change/"
    assert (job.status, job.done, job.total) == (JobStatus.SUCCEEDED, 2, 2)
    page = administrator.get(f"/admin/jobs/job/{job.pk}/change/").content.decode()
    assert '<progress id="job-progress" max="2" value="2">100%</progress>' in page
    assert "Sent to isu@example.org" in page and "Sent to coalition@example.org" in page
    assert sorted(m.to[0] for m in mail.outbox) == ["coalition@example.org", "isu@example.org"]
    run = DigestLock.objects.get()
    assert (run.running, run.sent, run.failed) == (None, 2, 0) and run.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_two_digest_runs_at_once_never_send_twice(watched: date) -> None:
    """The second run starts while the first is sending (from another thread, with its own connection)."""
    second: list[object] = []

    def start_second_run() -> None:
        try:
            second.append(run_digest(watched, 90))
        except DigestBusy as error:
            second.append(error)
        finally:
            connection.close()  # the thread's own connection

    def progress(done: int, total: int) -> None:
        if done == 1:  # the first e-mail is out, the second not yet
            other = threading.Thread(target=start_second_run)
            other.start()
            other.join()

    first = run_digest(watched, 90, progress)
    assert len(first.sent) == 2
    assert len(second) == 1 and isinstance(second[0], DigestBusy)
    assert "Another run of the deadline digest has been sending since" in str(second[0])
    assert len(mail.outbox) == 2
    assert DigestEntry.objects.count() == sum(len(d.items) for d in first.sent)
    # Once the first run is over, the lock is free and a new run finds nothing left to send.
    assert run_digest(watched, 90).sent == []
    assert len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_the_command_refuses_to_send_while_another_run_holds_the_lock(watched: date) -> None:
    DigestLock.objects.create(day=watched)
    with pytest.raises(CommandError, match="Another run of the deadline digest"):
        call_command("send_deadline_digest", "--as-of", watched.isoformat(), stdout=StringIO())
    assert mail.outbox == [] and not DigestEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_a_queued_job(watched: date) -> None:
    chief = User.objects.create_user("chief")
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        job = do_start_digest(started_by=chief, day=watched, within_days=90)
        job.refresh_from_db()
        assert job.status == JobStatus.QUEUED and mail.outbox == []
        assert DBTaskResult.objects.get().status == "READY"
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (JobStatus.SUCCEEDED, 2, 2)
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert len(mail.outbox) == 2


@override_settings(TREATYWATCH_IMPORT_MAX_BYTES=20)
def test_a_file_over_the_import_limit_is_refused_before_it_is_kept(editor: Client) -> None:
    file = SimpleUploadedFile("states.csv", (HEADER + KENYA).encode())
    response = editor.post("/admin/jobs/job/start-import/", {"kind": "import_csv", "treaty": "ccm", "file": file})
    assert response.status_code == 200
    size = len(HEADER + KENYA)
    message = f"states.csv is {size} bytes; an import reads at most 20 (TREATYWATCH_IMPORT_MAX_BYTES)."
    assert response.context["form"].errors == {"file": [message]}
    assert not Job.objects.exists()


def test_a_digest_job_that_could_not_send_everything_says_so(watched: date) -> None:
    chief = User.objects.create_user("chief")
    smtp = override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_PORT=free_port())
    with smtp, TestCase.captureOnCommitCallbacks(execute=True):
        job = do_start_digest(started_by=chief, day=watched, within_days=90)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Not sent to isu@example.org" in job.output
    assert "0 e-mail(s) sent, 2 not sent (tried again next run)." in job.output
    assert not DigestEntry.objects.exists()
