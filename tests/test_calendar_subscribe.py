"""Calendars people find: the treaty, compliance and State pages offer their deadlines' feed (webcal:// and an
address to copy, with how-to text), say when no date is ahead, and an empty feed says why."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from treatywatch.obligations.announced import announced, upcoming
from treatywatch.registry.models import State, Treaty


@pytest.fixture
def client(db: None) -> Client:
    return Client()


@pytest.fixture
def on_day(monkeypatch: pytest.MonkeyPatch) -> date:
    """Today pinned to a day when the CCM has clearance deadlines ahead."""
    today = date(2026, 2, 3)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    return today


def subscribe_block(html: str) -> str:
    start = html.index('<section aria-labelledby="subscribe-heading"')
    return html[start : html.index("</section>", start)]


@pytest.mark.parametrize(
    ("path", "feed"),
    [
        ("/treaties/ccm/", "/treaties/ccm/deadlines.ics"),
        ("/treaties/ccm/compliance/", "/treaties/ccm/deadlines.ics"),
        ("/states/TCD/", "/states/TCD/deadlines.ics"),
    ],
    ids=["treaty", "compliance", "state"],
)
def test_the_page_offers_its_feed_with_how_to_text(client: Client, on_day: date, path: str, feed: str) -> None:
    block = subscribe_block(client.get(path, {"as_of": "2015-09-07"}).content.decode())

    assert f'href="webcal://testserver{feed}"' in block
    assert f'value="http://testserver{feed}"' in block  # the address to copy, whatever day the page shows
    for program in ("Google Calendar", "Outlook", "Apple Calendar"):
        assert program in block
    assert re.search(r"\d+ upcoming deadlines?, the next on \d+ \w+ \d{4}\.", block)
    assert "No upcoming dates" not in block


def test_the_compliance_page_offers_each_obligations_feed(client: Client, on_day: date) -> None:
    block = subscribe_block(client.get("/treaties/ccm/compliance/").content.decode())

    assert 'href="webcal://testserver/treaties/ccm/deadlines/clearance.ics"' in block


def test_a_page_says_no_upcoming_dates_when_none_is_ahead(client: Client, on_day: date) -> None:
    block = subscribe_block(client.get("/states/LTU/").content.decode())

    assert "No upcoming dates: no deadline is ahead today." in block
    assert 'href="webcal://testserver/states/LTU/deadlines.ics"' in block


def test_the_subscribe_block_is_in_the_pages_language(client: Client, on_day: date) -> None:
    block = subscribe_block(client.get("/fr/states/LTU/").content.decode())

    assert 'href="webcal://testserver/fr/states/LTU/deadlines.ics"' in block
    assert "Aucune date à venir" in block


def test_the_feed_holds_the_upcoming_deadlines(client: Client, ccm: Treaty, on_day: date) -> None:
    ahead = upcoming(announced(on_day, treaties=[ccm]), on_day)
    assert ahead, "no deadline ahead in the register on this day: the test would check nothing"

    calendar = Calendar.from_ical(client.get("/treaties/ccm/deadlines.ics").content)

    starts = {event.decoded("dtstart") for event in calendar.walk("VEVENT")}
    assert {item.on for item in ahead} <= starts
    assert "No upcoming deadline" not in str(calendar["X-WR-CALDESC"])


def test_an_empty_feed_says_why(client: Client, db: None) -> None:
    lithuania = State.objects.get(iso3="LTU")

    calendar = Calendar.from_ical(
        client.get(f"/states/{lithuania.iso3}/deadlines.ics", {"as_of": "2026-02-03"}).content
    )

    assert not calendar.walk("VEVENT")
    for field in ("X-WR-CALDESC", "DESCRIPTION"):
        text = str(calendar[field]).replace("\\,", ",")  # X-WR-CALDESC is read back still escaped
        assert (
            "There is no deadline to show: none was due, overdue, awaiting a decision or completed on 2026-02-03."
            in text
        )
