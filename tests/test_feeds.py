"""Calendar feeds of deadlines: valid RFC 5545, stable UIDs, the right events, clean errors."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from icalendar import Calendar, Event, vCategory

from treatywatch.lib.caching import memo
from treatywatch.registry.models import State, Treaty

from .deadline_facts import (
    declare_stockpiles,
    party_without_facts,
    record,
    source,
    stockpile_deadline,
    words,
)

AS_OF = "2026-02-03"


@pytest.fixture
def client(db: None) -> Client:
    return Client()


@pytest.fixture
def party(ccm: Treaty) -> State:
    state = party_without_facts(ccm, "AUT")
    declare_stockpiles(ccm, state)
    return state


def feed(client: Client, url: str, **query: str) -> tuple[bytes, Calendar]:
    response = client.get(url, {"as_of": AS_OF, **query})
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content, Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list[Event]:
    return [c for c in calendar.walk("VEVENT") if isinstance(c, Event)]


def by_uid(calendar: Calendar) -> dict[str, Event]:
    return {str(e["UID"]): e for e in events(calendar)}


def categories(event: Event) -> list[str]:
    value = event["CATEGORIES"]
    assert isinstance(value, vCategory)
    return [str(c) for c in value.cats]


def uid(treaty: str, state: State, obligation: str, when: str) -> str:
    return f"{treaty}-{state.iso3}-{obligation}-{when}@treatywatch"


def assert_valid_rfc5545(raw: bytes) -> None:
    """Content lines end in CRLF, are folded at 75 octets, and unfold to valid UTF-8 (RFC 5545 3.1)."""
    assert raw.endswith(b"\r\n")
    lines = raw[:-2].split(b"\r\n")
    assert all(b"\n" not in line and b"\r" not in line for line in lines), "bare LF or CR"
    assert all(len(line) <= 75 for line in lines), max(lines, key=len)
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    unfolded = raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    unfolded.decode("utf-8")
    for line in unfolded.split(b"\r\n")[:-1]:
        name = line.split(b":", 1)[0].split(b";", 1)[0]
        assert name and name.replace(b"-", b"").isalnum(), line


def assert_required_properties(calendar: Calendar) -> None:
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//Treatywatch//")
    assert str(calendar["X-WR-CALNAME"]).startswith("Treatywatch")
    uids = [str(e["UID"]) for e in events(calendar)]
    assert len(uids) == len(set(uids)), "UIDs are unique"
    for event in events(calendar):
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
            assert name in event, (name, event)
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and type(end) is date, "all-day events"
        assert end == start + timedelta(days=1)
        stamp = event.decoded("DTSTAMP")
        assert isinstance(stamp, datetime) and stamp.utcoffset() == timedelta(0)


def test_treaty_feed_has_the_declared_deadline(client: Client, ccm: Treaty, party: State) -> None:
    raw, calendar = feed(client, "/treaties/ccm/deadlines.ics")
    assert_valid_rfc5545(raw)
    assert_required_properties(calendar)
    due = stockpile_deadline(ccm, party, date(2026, 2, 3))
    event = by_uid(calendar)[uid("ccm", party, "stockpile_destruction", due.isoformat())]
    assert event.decoded("DTSTART") == due
    summary = str(event["SUMMARY"])
    assert party.name in summary
    assert "Destruction of stockpiled cluster munitions" in summary and "Article 3" in summary
    description = str(event["DESCRIPTION"])
    assert "Status on 3 February 2026: overdue" in description
    assert f"Deadline: {words(due)}" in description
    assert "CCM Article 7 report (test) <https://example.org/r>" in description
    assert description.endswith(f"/states/{party.iso3}/")
    assert "overdue" in categories(event)


def test_uids_and_events_are_stable_across_requests(client: Client, party: State) -> None:
    first, _ = feed(client, "/treaties/ccm/deadlines.ics")
    for store in caches.all():
        store.clear()
    memo.clear()
    second, calendar = feed(client, "/treaties/ccm/deadlines.ics")
    assert first == second
    assert events(calendar)


def test_an_extension_moves_the_event_and_keeps_its_uid(client: Client, ccm: Treaty, party: State) -> None:
    due = stockpile_deadline(ccm, party, date(2026, 2, 3))
    key = uid("ccm", party, "stockpile_destruction", due.isoformat())
    before = by_uid(feed(client, "/treaties/ccm/deadlines.ics")[1])[key]
    assert before.decoded("SEQUENCE") == 0
    new_deadline = due + timedelta(days=365 * 3)
    granted = due - timedelta(days=30)
    record(
        ccm,
        party,
        "stockpile_destruction",
        "extension_granted",
        date=granted,
        date_precision="by",
        new_deadline=new_deadline,
        decided_by="9MSP",
    )
    after = by_uid(feed(client, "/treaties/ccm/deadlines.ics")[1])[key]
    assert after.decoded("DTSTART") == new_deadline
    assert after.decoded("SEQUENCE") == 1
    description = str(after["DESCRIPTION"])
    assert f"Original deadline: {words(due)}" in description
    assert f"Extended to {words(new_deadline)} by 9MSP, granted by {words(granted)}" in description


def test_a_completed_deadline_stays_in_the_feed_marked_completed(client: Client, ccm: Treaty, party: State) -> None:
    due = stockpile_deadline(ccm, party, date(2026, 2, 3))
    record(ccm, party, "stockpile_destruction", "completion", date=due - timedelta(days=10))
    event = by_uid(feed(client, "/treaties/ccm/deadlines.ics")[1])[
        uid("ccm", party, "stockpile_destruction", due.isoformat())
    ]
    assert str(event["SUMMARY"]).endswith(": completed")
    assert f"Completed {words(due - timedelta(days=10))}\n" in str(event["DESCRIPTION"])
    assert "completed" in categories(event)


def test_as_of_before_the_declaration_counts_only_what_was_known(client: Client, ccm: Treaty, party: State) -> None:
    due = stockpile_deadline(ccm, party, date(2026, 2, 3))
    _raw, calendar = feed(client, "/treaties/ccm/deadlines.ics", as_of=(due - timedelta(days=1)).isoformat())
    event = by_uid(calendar)[uid("ccm", party, "stockpile_destruction", due.isoformat())]
    assert f"Status on {words(due - timedelta(days=1))}: due" in str(event["DESCRIPTION"])


def test_state_feed_holds_only_that_state(client: Client, ccm: Treaty, party: State) -> None:
    raw, calendar = feed(client, f"/states/{party.iso3.lower()}/deadlines.ics")
    assert_valid_rfc5545(raw)
    assert_required_properties(calendar)
    uids = list(by_uid(calendar))
    assert uids and all(f"-{party.iso3}-" in u for u in uids)
    due = stockpile_deadline(ccm, party, date(2026, 2, 3))
    assert uid("ccm", party, "stockpile_destruction", due.isoformat()) in uids
    assert party.name in str(calendar["X-WR-CALNAME"])


def test_obligation_feed_holds_only_that_obligation(client: Client, ccm: Treaty, party: State) -> None:
    raw, calendar = feed(client, "/treaties/ccm/deadlines/stockpile_destruction.ics")
    assert_valid_rfc5545(raw)
    assert_required_properties(calendar)
    uids = list(by_uid(calendar))
    assert uids and all(u.startswith("ccm-") and "-stockpile_destruction-" in u for u in uids)
    _raw, clearance = feed(client, "/treaties/ccm/deadlines/clearance.ics")
    assert not any("-stockpile_destruction-" in u for u in by_uid(clearance))


def test_report_obligations_appear_once_a_report_is_recorded(client: Client, apmbc: Treaty) -> None:
    """Before any report is recorded, every party's reports would look overdue: they are left out."""
    assert not any("report" in u for u in by_uid(feed(client, "/treaties/apmbc/deadlines.ics")[1]))
    assert not events(feed(client, "/treaties/apmbc/deadlines/annual_report.ics")[1])
    norway = State.objects.get(iso3="NOR")
    record(apmbc, norway, "annual_report", "report", date=date(2025, 4, 28), period=2024, cite=source("NOR 2025"))
    raw, calendar = feed(client, "/treaties/apmbc/deadlines/annual_report.ics")
    assert_valid_rfc5545(raw)
    assert_required_properties(calendar)
    found = by_uid(calendar)
    sent = found[uid("apmbc", norway, "annual_report", "2024")]
    assert "Completed 28 April 2025\n" in str(sent["DESCRIPTION"])
    summary = "Norway: Annual transparency report for 2024 (Mine Ban Treaty, Article 7(2)): completed"
    assert str(sent["SUMMARY"]) == summary
    missing = found[uid("apmbc", norway, "annual_report", "2023")]
    assert "Status on 3 February 2026: overdue" in str(missing["DESCRIPTION"])
    assert len({u.split("-")[1] for u in found}) > 100, "every party's annual reports now show"
    # The initial report has no report recorded yet: still left out.
    assert not any("-initial_report-" in u for u in by_uid(feed(client, "/treaties/apmbc/deadlines.ics")[1]))


def test_folding_keeps_multibyte_names_whole(client: Client, ccm: Treaty) -> None:
    ivory_coast = party_without_facts(ccm, "CIV")
    long_citation = "Rapport de transparence de la Côte d’Ivoire, article 7 — « stocks » " * 4
    declare_stockpiles(ccm, ivory_coast, cite=source(long_citation))
    raw, calendar = feed(client, "/fr/treaties/ccm/deadlines.ics")
    assert_valid_rfc5545(raw)
    assert_required_properties(calendar)
    assert any(line.startswith(b" ") for line in raw.split(b"\r\n")), "long lines are folded"
    description = "".join(str(e["DESCRIPTION"]) for e in events(calendar) if f"-{ivory_coast.iso3}-" in str(e["UID"]))
    assert long_citation.strip() in description
    if ivory_coast.iso3 == "CIV":
        summaries = [str(e["SUMMARY"]) for e in events(calendar) if "-CIV-" in str(e["UID"])]
        assert summaries and all(s.startswith("Côte d") for s in summaries)
        assert "/fr/states/CIV/" in description


@pytest.mark.parametrize(
    "url",
    [
        "/treaties/nope/deadlines.ics",
        "/treaties/nope/deadlines/stockpile_destruction.ics",
        "/treaties/ccm/deadlines/nope.ics",
        "/treaties/att/deadlines/stockpile_destruction.ics",
        "/states/ZZZ/deadlines.ics",
    ],
)
def test_unknown_treaty_state_or_obligation_is_404(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url", ["/treaties/ccm/deadlines.ics", "/treaties/ccm/deadlines/clearance.ics", "/states/BGR/deadlines.ics"]
)
def test_bad_as_of_is_400_saying_why(client: Client, url: str) -> None:
    response = client.get(url, {"as_of": "2019-02-30"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert "as_of: '2019-02-30' is not a valid date (expected YYYY-MM-DD)" in response.content.decode()


def test_feeds_default_to_today_and_answer_head(client: Client, party: State) -> None:
    response = client.get("/treaties/ccm/deadlines.ics")
    assert response.status_code == 200
    assert Calendar.from_ical(response.content)
    assert client.head("/states/BGR/deadlines.ics").status_code == 200
    assert client.post("/states/BGR/deadlines.ics").status_code == 405


def test_a_passed_deadline_with_a_timely_request_is_not_announced_as_overdue(
    client: Client, ccm: Treaty, party: State
) -> None:
    due = stockpile_deadline(ccm, party, date(2026, 2, 3))
    record(ccm, party, "stockpile_destruction", "extension_requested", date=due - timedelta(days=150))
    event = by_uid(feed(client, "/treaties/ccm/deadlines.ics")[1])[
        uid("ccm", party, "stockpile_destruction", due.isoformat())
    ]
    assert str(event["SUMMARY"]).endswith(": extension requested, decision not recorded")
    assert "Status on 3 February 2026: extension requested, decision not recorded" in str(event["DESCRIPTION"])
    assert categories(event)[0] == "extension requested, decision not recorded"
    assert "overdue" not in categories(event)


def test_a_completion_known_to_a_month_keeps_its_precision_in_the_feed(
    client: Client, ccm: Treaty, party: State
) -> None:
    due = stockpile_deadline(ccm, party, date(2026, 2, 3))
    record(ccm, party, "stockpile_destruction", "completion", date=date(2018, 3, 31), date_precision="month")
    event = by_uid(feed(client, "/treaties/ccm/deadlines.ics")[1])[
        uid("ccm", party, "stockpile_destruction", due.isoformat())
    ]
    assert "Completed March 2018\n" in str(event["DESCRIPTION"])
    assert "31 March 2018" not in str(event["DESCRIPTION"])
