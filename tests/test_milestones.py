"""Milestones from the register: the page, its downloads, its calendar feed and the API, on the shipped record."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from itertools import pairwise

import pytest
from django.test import Client
from django.utils import translation
from icalendar import Calendar, Event

from treatywatch.registry.milestones import (
    MILESTONE,
    Window,
    _milestones_in,
    default_window,
    register_milestones,
    state_milestones,
    treaty_milestones,
)
from treatywatch.registry.models import State, Treaty
from treatywatch.registry.standings import change_days, state_change_days
from treatywatch.web.milestones import Upcoming, upcoming_for_state, upcoming_for_treaty

from .conftest import ROOT


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def summaries(rows: list) -> list[str]:
    return [row.summary() for row in rows]


# ---- The register's milestones -------------------------------------------------------------------------


def test_the_ccm_opened_in_oslo_ten_years_before_3_december_2018_as_did_norways_signature_and_ratification(ccm):
    rows = register_milestones(Window(date(2018, 12, 3), date(2018, 12, 3)), date(2018, 12, 3), [ccm])
    found = summaries(rows)
    assert found[0] == "CCM: 10 years since opening for signature"
    assert "Norway: 10 years since signature (CCM)" in found
    assert "Norway: 10 years since deposit of its instrument of ratification (CCM)" in found
    assert all(row.milestone.round for row in rows)


def test_each_milestone_cites_its_source(ccm):
    rows = register_milestones(Window(date(2018, 12, 3), date(2018, 12, 3)), date(2018, 12, 3), [ccm])
    opening = rows[0]
    assert opening.state is None and opening.source == ccm.key_dates_source
    norway = [r for r in rows if r.state and r.state.iso3 == "NOR"]
    assert norway and all(r.source is not None and "XXVI-6" in r.source.citation for r in norway)


def test_a_state_entry_into_force_is_the_one_the_rules_derive_and_cites_the_deposit(ccm):
    norway = State.objects.get(iso3="NOR")
    rows = state_milestones(norway, date(2020, 8, 1), date(2020, 8, 1))
    assert [(r.treaty.slug, r.kind.value, r.milestone.years) for r in rows] == [("ccm", "entry_into_force", 10)]
    assert rows[0].for_this_state() == "10 years since the treaty entered into force for this State (CCM)"
    assert rows[0].milestone.event.on.day == date(2010, 8, 1)


def test_a_brief_says_ten_years_since_this_state_signed(ccm):
    rows = state_milestones(State.objects.get(iso3="NOR"), date(2018, 12, 1), date(2018, 12, 31))
    sentences = [r.for_this_state() for r in rows if r.treaty == ccm]
    assert "10 years since this State signed the treaty (CCM)" in sentences
    assert "10 years since this State deposited its instrument of ratification (CCM)" in sentences


def test_a_deposit_on_29_february_has_its_anniversary_on_28_february_in_a_common_year(apmbc):
    albania = State.objects.get(iso3="ALB")
    common = state_milestones(albania, date(2025, 2, 28), date(2025, 2, 28))
    leap = state_milestones(albania, date(2024, 2, 29), date(2024, 2, 29))
    assert [(r.kind.value, r.milestone.years, r.milestone.round) for r in common] == [("deposit", 25, True)]
    assert [(r.kind.value, r.milestone.years) for r in leap] == [("deposit", 24)]


def test_facts_after_the_day_asked_about_do_not_count(ccm):
    """Lithuania ratified the CCM on 24 March 2011: asked as of 2010, its deposit has no anniversary."""
    lithuania = State.objects.get(iso3="LTU")
    window = Window(date(2012, 3, 1), date(2012, 3, 31))
    assert register_milestones(window, date(2010, 12, 31), [ccm], lithuania) == []
    assert [r.kind.value for r in register_milestones(window, date(2012, 3, 1), [ccm], lithuania)] == ["deposit"]


def test_a_state_whose_withdrawal_took_effect_has_no_milestones_under_that_treaty(ccm):
    """Lithuania's withdrawal from the CCM took effect on 6 March 2025."""
    lithuania = State.objects.get(iso3="LTU")
    window = Window(date(2025, 12, 1), date(2025, 12, 31))
    assert register_milestones(window, date(2025, 3, 5), [ccm], lithuania) != []
    assert register_milestones(window, date(2025, 3, 6), [ccm], lithuania) == []


def test_the_treaty_entry_into_force_counts_once_its_threshold_is_reached(ccm):
    window = Window(date(2020, 8, 1), date(2020, 8, 1))
    before = register_milestones(window, date(2009, 12, 31), [ccm])
    after = register_milestones(window, date(2020, 8, 1), [ccm])
    assert "CCM: 10 years since entry into force of the treaty" not in summaries(before)
    assert "CCM: 10 years since entry into force of the treaty" in summaries(after)


@pytest.mark.parametrize("iso3", [None, "NOR", "LAO", "FRA"])
def test_a_window_of_twelve_months_lists_what_working_it_out_alone_lists_on_any_day(ccm, iso3):
    """The twelve months from a day are read from that year's milestones, shared by every day with the same
    events: each day's list is the one worked out for its window alone."""
    state = State.objects.get(iso3=iso3) if iso3 else None
    days = [date(2008, 1, 1) + timedelta(days=n) for n in range(0, 19 * 366, 37)]
    days += [date(2008, 12, 3), date(2009, 12, 31), date(2012, 2, 29), date(2024, 12, 31)]
    for day in days:
        window = default_window(day)
        shared = treaty_milestones(ccm, window, day, state)
        alone = [row.milestone for row in _milestones_in(ccm, window, day, state)]
        assert [row.milestone for row in shared] == alone, day


def _longest_stretch(known: set[date]) -> list[date]:
    """The days of the longest stretch between two of `known` from 1997 to 2030 (two years of it at most)."""
    bounds = {date(1997, 1, 1), date(2031, 1, 1)}
    changes = sorted({d for d in known if min(bounds) < d < max(bounds)} | bounds)
    start, end = max(pairwise(changes), key=lambda pair: pair[1] - pair[0])
    return [start + timedelta(days=n) for n in range(min((end - start).days, 2 * 366))]


@pytest.mark.parametrize("iso3", ["NOR", "LAO", "FRA", "USA"])
def test_a_state_pages_twelve_months_on_any_day_between_two_changes_are_those_worked_out_alone(db, iso3):
    """A State page's stored answer lists the next twelve months for each day asked: the list kept between the
    days a milestone comes in or passes is the one worked out for that day alone, in English and French."""
    state, treaties = State.objects.get(iso3=iso3), list(Treaty.objects.all())
    days = _longest_stretch(set().union(*(state_change_days(t, state) for t in treaties)))
    for language in ("en", "fr"):
        with translation.override(language):
            slot = Upcoming(treaties, state)
            for day in days:
                assert slot(day) == upcoming_for_state(state, day, treaties), (language, day)
    assert len(days) > 100


@pytest.mark.parametrize("slug", ["ccm", "apmbc"])
def test_a_treaty_pages_twelve_months_on_any_day_between_two_changes_are_those_worked_out_alone(db, slug):
    """The same for a treaty's page: its own milestones and the count of its States' round ones."""
    treaty = Treaty.objects.get(slug=slug)
    days = _longest_stretch(set(change_days(treaty).days))
    for language in ("en", "es"):
        with translation.override(language):
            slot = Upcoming([treaty])
            for day in days:
                assert slot(day) == upcoming_for_treaty(treaty, day), (language, day)
    assert len(days) > 100


def test_milestones_of_every_treaty_are_read_in_a_few_queries(db, django_assert_max_num_queries):
    Treaty.objects.count()  # the session's register is loaded
    with django_assert_max_num_queries(20):
        rows = register_milestones(Window(date(2026, 1, 1), date(2026, 12, 31)), date(2026, 2, 3))
    assert len({r.treaty.slug for r in rows}) == 4
    assert len(rows) > 500


# ---- The page ------------------------------------------------------------------------------------------


def test_the_page_lists_the_next_twelve_months_as_of_the_day_asked_about(client):
    response = client.get("/milestones/", {"as_of": "2018-01-01", "treaty": "ccm", "round": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "from 1 January 2018 to 31 December 2018" in html
    assert 'Opening for signature <span class="muted">(3 December 2008)</span>' in html
    assert 'value="2018-01-01"' in html and 'value="2018-12-31"' in html
    first_page = client.get("/milestones/", {"as_of": "2018-01-01"}).content.decode()
    assert "Page 1 of" in first_page and 'rel="next"' in first_page


def test_the_page_filters_by_treaty_state_and_round_anniversaries(client):
    response = client.get("/milestones/", {"from": "2018-12-01", "to": "2018-12-31", "state": "NOR", "round": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "10 years" in html and "Norway" in html
    assert "Mine Ban Treaty" not in html.split("<tbody>")[1]  # its 21st year since signature is not round
    treaty_only = client.get("/milestones/", {"from": "2018-12-03", "to": "2018-12-03", "treaty": "apmbc"})
    assert "CCM" not in treaty_only.content.decode().split("<tbody>")[1]


def test_the_page_in_french_and_spanish(client):
    french = client.get("/fr/milestones/", {"from": "2018-12-03", "to": "2018-12-03", "treaty": "ccm"}).content
    spanish = client.get("/es/milestones/", {"from": "2018-12-03", "to": "2018-12-03", "treaty": "ccm"}).content
    assert "10 ans" in french.decode()
    assert "Jalons" in french.decode()
    assert "10 años" in spanish.decode() and "Hitos" in spanish.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2020-01-01", "to": "2019-01-01"}, "the window ends on 2019-01-01 before it starts on 2020-01-01"),
        ({"from": "2000-01-01", "to": "2005-01-02"}, "is longer than 5 years"),
        ({"from": "1899-12-31"}, "from: 1899-12-31 is outside the dates the register answers for"),
        ({"to": "2019-02-30"}, "to: &#x27;2019-02-30&#x27; is not a valid date"),
        ({"state": "XYZ"}, "state: &#x27;XYZ&#x27; is not the ISO 3166 alpha-3 code"),
        ({"treaty": "nope"}, "treaty: &#x27;nope&#x27; is not a treaty in the register"),
        ({"round": "maybe"}, "round: &#x27;maybe&#x27; is not true or false"),
        ({"page": "99"}, "page: &#x27;99&#x27; is not a page of this list"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_what_is_wrong(client, query, message):
    response = client.get("/milestones/", query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_navigation_links_to_the_milestones(client):
    assert 'href="/milestones/"' in client.get("/states/").content.decode()


def test_the_treaty_and_state_pages_link_to_their_milestones(client):
    assert 'href="/milestones/?treaty=ccm"' in client.get("/treaties/ccm/").content.decode()
    state = client.get("/states/NOR/", {"as_of": "2017-02-20"}).content.decode()
    assert 'href="/milestones/?state=NOR&amp;as_of=2017-02-20"' in state


def _upcoming(html: str) -> str:
    section = html[html.index('id="milestones-heading"') :]
    return section[: section.index("</section>")]


def test_a_state_page_lists_its_milestones_in_the_next_twelve_months_as_a_brief_says_them(client):
    html = _upcoming(client.get("/states/NOR/", {"as_of": "2018-01-01"}).content.decode())
    assert "10 years since this State signed the treaty (CCM)" in html
    assert "3 December 2018" in html
    # The same stored answer, asked about another day of the interval, counts its twelve months from that day.
    later = _upcoming(client.get("/states/NOR/", {"as_of": "2018-12-04"}).content.decode())
    assert "10 years since this State signed the treaty (CCM)" not in later
    assert "11 years since this State signed the treaty (CCM)" in later


def test_a_treaty_page_lists_its_own_milestones_and_counts_its_states_round_ones(client):
    html = _upcoming(client.get("/treaties/ccm/", {"as_of": "2018-01-01"}).content.decode())
    assert "CCM: 10 years since adoption" in html
    assert "CCM: 10 years since opening for signature" in html
    assert "Norway" not in html
    assert "round anniversaries of its States" in html
    french = _upcoming(client.get("/fr/treaties/ccm/", {"as_of": "2018-01-01"}).content.decode())
    assert "Jalons des douze prochains mois" in french and "CCM : adoption, 10 ans après" in french


# ---- Downloads and the feed ----------------------------------------------------------------------------


def test_the_csv_download_has_the_outputs_columns_and_the_pages_rows(client):
    query = {"from": "2018-12-03", "to": "2018-12-03", "treaty": "ccm", "state": "NOR"}
    response = client.get("/milestones.csv", query)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert tuple(rows[0]) == MILESTONE.columns()
    assert [(r["event"], r["years"], r["round"], r["iso3"]) for r in rows] == [
        ("deposit", "10", "True", "NOR"),
        ("signature", "10", "True", "NOR"),
    ]
    assert all("XXVI-6" in r["source"] for r in rows)


def _events(response) -> list[Event]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT") if isinstance(c, Event)]


def test_the_feed_has_one_all_day_event_per_milestone_with_a_stable_uid(client):
    query = {"from": "2018-12-03", "to": "2018-12-03", "treaty": "ccm", "state": "NOR"}
    found = _events(client.get("/milestones/feed.ics", query))
    by_uid = {str(e["UID"]): e for e in found}
    assert set(by_uid) == {
        "milestone-ccm-NOR-signature-10@treatywatch",
        "milestone-ccm-NOR-deposit-10@treatywatch",
    }
    signature = by_uid["milestone-ccm-NOR-signature-10@treatywatch"]
    assert signature.decoded("dtstart") == date(2018, 12, 3)
    assert signature.decoded("dtend") == date(2018, 12, 4)
    assert str(signature["SUMMARY"]) == "Norway: 10 years since signature (CCM)"
    assert "Source: UNTC" in str(signature["DESCRIPTION"])
    again = _events(client.get("/milestones/feed.ics", {**query, "as_of": "2026-02-03"}))
    assert {str(e["UID"]) for e in again} == set(by_uid)


def test_the_feed_refuses_a_bad_window_in_plain_text(client):
    response = client.get("/milestones/feed.ics", {"from": "2020-01-01", "to": "2019-12-31"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "before it starts" in response.content.decode()


# ---- The API -------------------------------------------------------------------------------------------


def test_the_api_lists_the_milestones_of_a_window(client):
    body = client.get("/api/v1/milestones", {"from": "2018-12-03", "to": "2018-12-03", "state": "NOR"}).json()
    assert (body["from"], body["to"], body["state"], body["round"]) == ("2018-12-03", "2018-12-03", "NOR", False)
    assert body["count"] == len(body["milestones"]) == 3  # CCM signature and ratification; Mine Ban signature
    first = body["milestones"][0]
    assert set(first) == {f.name for f in MILESTONE.api_fields()}
    ccm_signature = next(m for m in body["milestones"] if m["treaty"] == "ccm" and m["event"] == "signature")
    assert ccm_signature | {"source": None} == {
        "date": "2018-12-03",
        "date_precision": "day",
        "years": 10,
        "round": True,
        "treaty": "ccm",
        "event": "signature",
        "event_date": "2008-12-03",
        "instrument": None,
        "iso3": "NOR",
        "state": "Norway",
        "summary": "Norway: 10 years since signature (CCM)",
        "source": None,
    }
    assert "XXVI-6" in ccm_signature["source"]["citation"]


def test_the_api_answer_matches_its_declared_schema(client):
    from pydantic import TypeAdapter

    from treatywatch.api.milestone_endpoints import Milestones

    body = client.get("/api/v1/milestones", {"from": "2018-12-01", "to": "2018-12-31", "treaty": "ccm"}).json()
    adapter = TypeAdapter(Milestones)
    assert adapter.dump_python(adapter.validate_python(body), mode="json", by_alias=True) == body


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2020-01-01", "to": "2019-01-01"}, "from, to: the window ends on 2019-01-01 before it starts"),
        ({"from": "2000-01-01", "to": "2005-01-02"}, "longer than 5 years"),
        ({"to": "9999-12-31"}, "to: 9999-12-31 is outside the dates the register answers for"),
        ({"from": "2019-13-01"}, "from: '2019-13-01' is not a valid date"),
        ({"from": ""}, "from: empty"),
        ({"as_of": ""}, "as_of: empty"),
        ({"treaty": "nope"}, "treaty: 'nope' is not a treaty"),
        ({"state": "XYZ"}, "state: 'XYZ' is not"),
        ({"round": "yes please"}, "round: 'yes please' is not true or false"),
    ],
)
def test_the_api_refuses_a_bad_window_or_filter_with_its_error_shape(client, query, message):
    response = client.get("/api/v1/milestones", query)
    assert response.status_code == 400
    assert set(response.json()) == {"detail"}
    assert message in response.json()["detail"]


def test_the_published_schema_lists_the_milestone_fields_in_order():
    schemas = json.loads((ROOT / "tests" / "snapshots" / "openapi.json").read_text())["components"]["schemas"]
    assert schemas["MilestoneOut"]["required"] == [f.name for f in MILESTONE.api_fields()]
    assert list(schemas["Milestones"]["required"]) == [
        "as_of", "from", "to", "treaty", "state", "round", "count", "milestones"
    ]  # fmt: skip
