"""The deadline digest: the right deadlines to the right watches, once each, through a real mail server too."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from treatywatch.obligations.models import DigestEntry, DigestStatus, ObligationFact, Watch
from treatywatch.registry.models import State, Treaty

from .deadline_facts import declare_stockpiles, party_without_facts, record, stockpile_deadline, words
from .smtp import Inbox, free_port, smtp_settings

SITE = "https://treatywatch.example"


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.TREATYWATCH_SITE_URL = SITE + "/"
    settings.DEFAULT_FROM_EMAIL = "Treatywatch <deadlines@treatywatch.example>"


@pytest.fixture
def party(ccm: Treaty) -> State:
    state = party_without_facts(ccm, "AUT")
    declare_stockpiles(ccm, state)
    return state


@pytest.fixture
def due(ccm: Treaty, party: State) -> date:
    return stockpile_deadline(ccm, party, date(2026, 2, 3))


@pytest.fixture
def watch(ccm: Treaty, party: State) -> Watch:
    return Watch.objects.create(email="isu@example.org", treaty=ccm, state=party, obligation="stockpile_destruction")


def digest(day: date, *args: str) -> str:
    out = StringIO()
    call_command("send_deadline_digest", "--as-of", day.isoformat(), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def sent_to(address: str) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if address in m.to]


# --- What is sent, and when ---------------------------------------------------------------------------------------


def test_due_soon_then_overdue_each_sent_once(watch: Watch, party: State, due: date) -> None:
    day = due - timedelta(days=60)
    output = digest(day)
    assert "Sent to isu@example.org: Treatywatch: 1 deadline due soon or overdue" in output
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["isu@example.org"]
    assert message.from_email == "Treatywatch <deadlines@treatywatch.example>"
    assert message.subject == "Treatywatch: 1 deadline due soon or overdue"
    body = message.body
    assert f"Treatywatch deadlines on {day} for your watch: CCM, {party.name}, stockpile_destruction." in body
    assert "== Due within 90 days (1) ==" in body and "== Overdue" not in body
    assert f"{party.name}: Destruction of stockpiled cluster munitions (CCM, Article 3)" in body
    assert f"  Status on {words(day)}: due" in body
    assert f"  Deadline: {words(due)}" in body
    assert "  - CCM Article 7 report (test) <https://example.org/r>" in body
    assert f"  {SITE}/states/{party.iso3}/" in body
    unsubscribe = f"{SITE}/deadlines/unsubscribe/{watch.unsubscribe_token}/"
    assert f"To stop these e-mails: {unsubscribe}" in body
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    entry = DigestEntry.objects.get(watch=watch)
    assert (entry.status, entry.deadline_on) == (DigestStatus.DUE_SOON, due)
    assert entry.deadline == f"ccm-{party.iso3}-stockpile_destruction-{due}"

    # Running again, the same day or later, sends nothing new.
    assert "0 e-mail(s) sent" in digest(day)
    digest(day + timedelta(days=30))
    digest(due)
    assert len(mail.outbox) == 1

    # The day after the deadline it is overdue: sent again, once.
    digest(due + timedelta(days=1))
    assert len(mail.outbox) == 2
    overdue = mail.outbox[1].body
    assert "== Overdue (1) ==" in overdue and "Due within" not in overdue
    assert f"  Status on {words(due + timedelta(days=1))}: overdue" in overdue
    digest(due + timedelta(days=2))
    digest(due + timedelta(days=400))
    assert len(mail.outbox) == 2
    assert sorted(DigestEntry.objects.filter(watch=watch).values_list("status", flat=True)) == ["due_soon", "overdue"]


def test_a_deadline_beyond_the_window_waits(watch: Watch, due: date) -> None:
    digest(due - timedelta(days=200))
    assert mail.outbox == []
    digest(due - timedelta(days=200), "--within", "365")
    assert len(mail.outbox) == 1
    assert "== Due within 365 days (1) ==" in mail.outbox[0].body


def test_a_dry_run_sends_and_records_nothing(watch: Watch, due: date) -> None:
    output = digest(due + timedelta(days=1), "--dry-run", "-v", "2")
    assert "Would send to isu@example.org: Treatywatch: 1 deadline due soon or overdue" in output
    assert "== Overdue (1) ==" in output  # the body, at verbosity 2
    assert "nothing was sent" in output
    assert mail.outbox == []
    assert not DigestEntry.objects.exists()
    digest(due + timedelta(days=1))
    assert len(mail.outbox) == 1


def test_an_extension_brings_the_new_deadline_round_again(ccm: Treaty, watch: Watch, party: State, due: date) -> None:
    digest(due - timedelta(days=60))
    assert len(mail.outbox) == 1
    new_deadline = due + timedelta(days=730)
    granted = due - timedelta(days=30)
    record(ccm, party, "stockpile_destruction", "extension_granted", date=granted, new_deadline=new_deadline)
    # Once the extension is granted the old date passes quietly: the deadline is now two years off.
    digest(due + timedelta(days=1))
    assert len(mail.outbox) == 1
    digest(new_deadline - timedelta(days=10))
    assert len(mail.outbox) == 2
    body = mail.outbox[1].body
    assert f"  Deadline: {words(new_deadline)}" in body
    assert f"  Original deadline: {words(due)}" in body
    assert f"  Extended to {words(new_deadline)}, granted {words(granted)}" in body
    entries = DigestEntry.objects.filter(watch=watch, status=DigestStatus.DUE_SOON)
    assert sorted(entries.values_list("deadline_on", flat=True)) == [due, new_deadline]
    assert len(set(entries.values_list("deadline", flat=True))) == 1, "the same deadline, moved"


def test_a_completed_deadline_is_not_sent(ccm: Treaty, watch: Watch, party: State, due: date) -> None:
    record(ccm, party, "stockpile_destruction", "completion", date=due - timedelta(days=100))
    digest(due - timedelta(days=60))
    digest(due + timedelta(days=1))
    assert mail.outbox == []


def test_each_watch_gets_what_it_follows(ccm: Treaty, apmbc: Treaty, watch: Watch, party: State, due: date) -> None:
    whole_treaty = Watch.objects.create(email="monitor@example.org", treaty=ccm)
    everything = Watch.objects.create(email="all@example.org")
    other_state = Watch.objects.create(email="other@example.org", treaty=ccm, state=party_without_facts(ccm, "MLT"))
    other_treaty = Watch.objects.create(email="mines@example.org", treaty=apmbc, state=party)
    clearance = Watch.objects.create(email="clearance@example.org", treaty=ccm, obligation="clearance", state=party)
    Watch.objects.create(email="stopped@example.org", treaty=ccm, state=party, active=False)
    digest(due + timedelta(days=1))
    title = f"{party.name}: Destruction of stockpiled cluster munitions (CCM, Article 3)"
    for followed in (watch, whole_treaty, everything):
        (message,) = sent_to(followed.email)
        assert title in message.body
    for unrelated in (other_state, other_treaty, clearance):
        assert sent_to(unrelated.email) == []
    assert sent_to("stopped@example.org") == []
    assert DigestEntry.objects.filter(watch__in=[other_state, other_treaty, clearance]).count() == 0


def test_reporting_obligations_are_left_out_until_reports_are_recorded(ccm: Treaty, party: State) -> None:
    assert not ObligationFact.objects.filter(treaty=ccm, kind="report").exists(), "the shipped data has no reports"
    Watch.objects.create(email="reports@example.org", treaty=ccm, state=party, obligation="annual_report")
    Watch.objects.create(email="initial@example.org", treaty=ccm, state=party, obligation="initial_report")
    digest(date(2026, 2, 3))
    assert mail.outbox == []


def test_bad_options_are_refused(db: None) -> None:
    with pytest.raises(CommandError, match="--as-of: '2019-02-30' is not a valid date"):
        call_command("send_deadline_digest", "--as-of", "2019-02-30")
    with pytest.raises(CommandError, match="--within"):
        call_command("send_deadline_digest", "--within", "-1")


# --- Unsubscribing ----------------------------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_first_then_stops_the_watch(watch: Watch, due: date) -> None:
    client = Client(enforce_csrf_checks=True)
    url = f"/deadlines/unsubscribe/{watch.unsubscribe_token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop these e-mails" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    watch.refresh_from_db()
    assert watch.active, "opening the link changes nothing"
    # What a mail client's one-click unsubscribe (RFC 8058) posts, with no CSRF token.
    done = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert done.status_code == 200
    assert "These e-mails are stopped" in done.content.decode()
    watch.refresh_from_db()
    assert not watch.active
    digest(due + timedelta(days=1))
    assert mail.outbox == []
    assert client.get("/deadlines/unsubscribe/not-a-token/").status_code == 404


# --- Through a real SMTP server ---------------------------------------------------------------------------------


def test_the_digest_goes_through_a_real_smtp_server(
    smtp_server: tuple[Inbox, int], watch: Watch, party: State, due: date
) -> None:
    inbox, port = smtp_server
    with smtp_settings(port):
        digest(due + timedelta(days=1))
        digest(due + timedelta(days=2))
    assert len(inbox.envelopes) == 1, "sent once"
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "deadlines@treatywatch.example"
    assert envelope.rcpt_tos == ["isu@example.org"]
    (message,) = inbox.messages()
    assert message["From"] == "Treatywatch <deadlines@treatywatch.example>"
    assert message["Subject"] == "Treatywatch: 1 deadline due soon or overdue"
    assert message["To"] == "isu@example.org"
    assert message["List-Unsubscribe"].strip() == f"<{SITE}/deadlines/unsubscribe/{watch.unsubscribe_token}/>"
    assert message.get_content_type() == "text/plain"
    text = message.get_content()
    assert f"{party.name}: Destruction of stockpiled cluster munitions (CCM, Article 3)" in text
    assert f"  Deadline: {words(due)}" in text
    assert DigestEntry.objects.filter(watch=watch, status=DigestStatus.OVERDUE).count() == 1


def test_a_refused_recipient_fails_alone_and_is_tried_again(
    smtp_server: tuple[Inbox, int], ccm: Treaty, watch: Watch, party: State, due: date
) -> None:
    inbox, port = smtp_server
    bouncing = Watch.objects.create(email="gone@bounce.example", treaty=ccm, state=party)
    with smtp_settings(port), pytest.raises(CommandError, match="1 e-mail\\(s\\) could not be sent"):
        digest(due + timedelta(days=1))
    assert [e.rcpt_tos for e in inbox.envelopes] == [["isu@example.org"]]
    assert DigestEntry.objects.filter(watch=watch).count() == 1
    assert not DigestEntry.objects.filter(watch=bouncing).exists(), "nothing recorded for a failed send"
    bouncing.email = "back@example.org"
    bouncing.save()
    with smtp_settings(port):
        digest(due + timedelta(days=2))
    assert [e.rcpt_tos for e in inbox.envelopes] == [["isu@example.org"], ["back@example.org"]]


def test_an_unreachable_server_records_nothing(watch: Watch, due: date) -> None:
    with smtp_settings(free_port()), pytest.raises(CommandError, match="could not be sent"):
        digest(due + timedelta(days=1))
    assert not DigestEntry.objects.exists()
    assert settings.EMAIL_BACKEND.endswith("locmem.EmailBackend")
    digest(due + timedelta(days=1))
    assert len(mail.outbox) == 1


def test_a_deadline_passed_while_a_timely_request_awaits_its_decision_is_not_mailed_as_overdue(
    ccm: Treaty, watch: Watch, party: State, due: date
) -> None:
    record(ccm, party, "stockpile_destruction", "extension_requested", date=due - timedelta(days=100))
    digest(due + timedelta(days=1))
    (message,) = mail.outbox
    assert message.subject == ("Treatywatch: 1 deadline due soon, overdue or awaiting a decision on an extension")
    assert "== Extension requested, decision not recorded (1) ==" in message.body
    assert "== Overdue" not in message.body
    assert "  Status on" in message.body and ": extension requested, decision not recorded" in message.body
    assert DigestEntry.objects.get(watch=watch).status == DigestStatus.EXTENSION_REQUESTED
    digest(due + timedelta(days=2))
    assert len(mail.outbox) == 1  # sent once


def test_a_request_made_after_the_deadline_does_not_suspend_overdue(
    ccm: Treaty, watch: Watch, party: State, due: date
) -> None:
    record(ccm, party, "stockpile_destruction", "extension_requested", date=due + timedelta(days=3))
    digest(due + timedelta(days=5))
    (message,) = mail.outbox
    assert "== Overdue (1) ==" in message.body
    assert "An extension was requested after the deadline; no decision is recorded yet." in message.body
