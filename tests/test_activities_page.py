"""The activities page, its downloads and its calendar feed: every filter, what each reader may see (anonymous, a
member of another organisation, a member of the organisation that recorded a closed activity), the private feed
address and its key (valid, revoked, unknown), and bad filters answered with a 400 that says why."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from treatywatch.organisations.actions import (
    do_create_api_token,
    do_revoke_api_token,
    do_save_organisation,
    do_set_membership,
)
from treatywatch.organisations.models import ApiToken, Organisation, OrganisationKind, Role, TokenPurpose
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach import activity_search
from treatywatch.outreach.actions import (
    ActivityInput,
    FollowUpInput,
    do_add_follow_up,
    do_mark_follow_up_done,
    do_save_activity,
)
from treatywatch.outreach.models import Activity, ActivityKind
from treatywatch.registry.models import Source, State, Treaty

pytestmark = pytest.mark.django_db

PAGE, FEED = "/activities/", "/activities/feed.ics"
NOTES = "closed-approach-notes-kept-private"
# The shipped CCM log holds six public activities, from 2016 to 2018.
SHIPPED = 6


def states(*codes: str) -> tuple[State, ...]:
    return tuple(State.objects.get(iso3=code) for code in codes)


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def organisation(name: str, admin: User) -> Organisation:
    made = Organisation(name=name, slug=name.lower(), kind=OrganisationKind.COALITION)
    return do_save_organisation(made, actor=admin, reason="test")


@pytest.fixture
def recorder(site_admin: User) -> Organisation:
    return organisation("Recorder", site_admin)


@pytest.fixture
def member(recorder: Organisation, site_admin: User) -> User:
    user = User.objects.create_user("recorder-viewer", password="x")
    do_set_membership(recorder, user, Role.VIEWER, actor=site_admin, reason="test")
    return user


@pytest.fixture
def outsider(site_admin: User) -> User:
    user = User.objects.create_user("other-viewer", password="x")
    do_set_membership(organisation("Other", site_admin), user, Role.VIEWER, actor=site_admin, reason="test")
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def planned_day() -> date:
    return timezone.localdate() + timedelta(days=30)


@pytest.fixture
def closed(ccm: Treaty, recorder: Organisation, site_admin: User, planned_day: date) -> Activity:
    """A planned closed démarche to Indonesia, organised by the recorder: nobody else may learn whom it approaches."""
    given = ActivityInput(
        treaty=ccm,
        kind=ActivityKind.DEMARCHE,
        title="Démarche on the Convention",
        date=planned_day,
        place="Jakarta",
        source=Source.objects.create(citation="Recorder's log of démarches"),
        organising_organisations=(recorder,),
        target_states=states("IDN"),
        notes=NOTES,
        visibility=Visibility.ORGANISATION,
        owner=recorder,
    )
    return do_save_activity(None, given, actor=site_admin, reason="test")


def download(client: Client, query: str = "", fmt: str = "csv") -> list[dict[str, str]]:
    response = client.get(f"/activities.{fmt}?{query}")
    assert response.status_code == 200, response.content[:300]
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def titles(client: Client, query: str = "") -> set[str]:
    return {row["title"] for row in download(client, query)}


def events(response: Any) -> list[Any]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


# ---- Filters -------------------------------------------------------------------------------------------------


def test_the_page_lists_every_activity_the_latest_first_with_its_date_as_precise_as_its_source(ccm: Treaty) -> None:
    page = Client().get(PAGE).content.decode()
    assert f"{SHIPPED} activities" in page
    assert page.index("May 2018") < page.index("November 2016") < page.index("August 2016")  # month precision kept
    assert "Addis Ababa, Ethiopia" in page and "New Zealand" in page
    assert 'href="http://www.clusterconvention.org/work-programme/thematic-coordination/universalization/"' in page
    assert len(download(Client())) == SHIPPED


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("treaty=ccm", SHIPPED),
        ("treaty=apmbc", 0),
        ("kind=workshop", 1),
        ("kind=concept_note", 2),
        ("state=NZL", 2),  # organised the Kampala seminar and the Addis Ababa workshop
        ("region=Oceania", 2),
        ("organiser=NZL", 2),
        ("organiser=isu-ccm", 1),
        ("from=2018-01-01", 2),
        ("to=2016-12-31", 2),
        ("from=2016-09-01&to=2017-12-31", 3),
        ("q=addis", 1),  # the place
        ("q=Dubrovnik", 2),  # the titles
        ("q=parliamentarians", 1),  # the summary
        ("q=no+such+words", 0),
    ],
)
def test_each_filter_narrows_the_list(ccm: Treaty, query: str, expected: int) -> None:
    rows = download(Client(), query)
    assert len(rows) == expected, [r["title"] for r in rows]
    page = Client().get(f"{PAGE}?{query}").content.decode()
    assert f"{expected} activit" in page


def test_the_api_searches_the_same_words(ccm: Treaty) -> None:
    answer = Client().get("/api/v1/activities", {"q": "KAMPALA"}).json()
    assert [a["title"] for a in answer["activities"]] == ["CCM Ratification Seminar"]
    refused = Client().get("/api/v1/activities", {"q": ""})
    assert refused.status_code == 400 and refused.json()["detail"].startswith("q: give between 1 and 200")


def test_an_empty_field_of_the_form_does_not_filter(ccm: Treaty) -> None:
    empty = "treaty=&state=&region=&kind=&organiser=&from=&to=&q="
    assert len(download(Client(), empty)) == SHIPPED


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("state=XXX", "state: &#x27;XXX&#x27; is not the ISO 3166 alpha-3 code of a State in the register"),
        ("state=FRA&region=Europe", "state, region: give one or the other"),
        ("region=Atlantis", "region: &#x27;Atlantis&#x27; is not one of"),
        ("kind=party", "kind: &#x27;party&#x27; is not one of"),
        ("organiser=nobody", "organiser: &#x27;nobody&#x27; is neither"),
        ("from=2018-02-30", "from:"),
        ("from=2019-01-01&to=2018-01-01", "from, to: 2018-01-01 comes before 2019-01-01"),
        ("treaty=none", "treaty"),
        ("q=" + "x" * 201, "q: give between 1 and 200 characters"),
        ("page=9", "page: &#x27;9&#x27; is not a page of this list"),
        ("page=last-but-one", "page:"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_why(ccm: Treaty, query: str, message: str) -> None:
    response = Client().get(f"{PAGE}?{query}")
    assert response.status_code in (400, 404)
    assert message in response.content.decode()
    if "page" not in query:
        assert Client().get(f"/activities.json?{query}").status_code == response.status_code
        feed = Client().get(f"{FEED}?{query}")
        assert feed.status_code == response.status_code
        if feed.status_code == 400:
            assert feed["Content-Type"] == "text/plain; charset=utf-8"


def test_the_list_comes_a_page_at_a_time(ccm: Treaty, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(activity_search, "PER_PAGE", 4)
    first = Client().get(f"{PAGE}?treaty=ccm").content.decode()
    assert "Page 1 of 2" in first and 'href="?treaty=ccm&amp;page=2"' in first
    second = Client().get(f"{PAGE}?treaty=ccm&page=2").content.decode()
    assert "Page 2 of 2" in second and "August 2016" in second and "August 2016" not in first
    assert len(download(Client(), "treaty=ccm")) == SHIPPED  # a download holds the whole list


def test_the_downloads_come_in_every_format_with_the_filters_and_formulas_neutralised(
    ccm: Treaty, site_admin: User
) -> None:
    given = ActivityInput(
        treaty=ccm,
        kind=ActivityKind.LETTER,
        title='=HYPERLINK("http://example.org")',
        date=date(2019, 1, 10),
        source=Source.objects.create(citation="+a citation that looks like a formula"),
    )
    do_save_activity(None, given, actor=site_admin, reason="test")
    rows = download(Client(), "kind=letter")
    assert rows[0]["title"] == '\'=HYPERLINK("http://example.org")'
    assert rows[0]["source_citation"] == "'+a citation that looks like a formula"
    answer = json.loads(Client().get("/activities.json?kind=letter").content)
    assert answer["kind"] == "letter" and answer["activities"][0]["title"].startswith("=HYPERLINK")
    sheet = load_workbook(io.BytesIO(Client().get("/activities.xlsx?kind=letter").content)).worksheets[0]
    assert sheet.cell(2, 4).value == '=HYPERLINK("http://example.org")' and sheet.cell(2, 4).data_type == "s"


# ---- What each reader sees ------------------------------------------------------------------------------------


def test_a_closed_activity_shows_its_private_part_to_its_organisation_only(
    closed: Activity, member: User, outsider: User
) -> None:
    for client in (Client(), signed_in(outsider)):
        page = client.get(PAGE).content.decode()
        assert "Démarche on the Convention" in page and "closed" in page
        assert NOTES not in page and page.count("Indonesia") == 1  # in the form's list of States only
        for fmt in ("csv", "json"):
            assert NOTES not in client.get(f"/activities.{fmt}").content.decode()
        row = next(r for r in download(client) if r["title"] == "Démarche on the Convention")
        assert row["target_states"] == "" and row["private_part_withheld"] == "True"
        assert NOTES not in events(client.get(FEED))[0]["description"]
    page = signed_in(member).get(PAGE).content.decode()
    assert NOTES in page and page.count("Indonesia") == 2
    row = next(r for r in download(signed_in(member)) if r["title"] == "Démarche on the Convention")
    assert row["target_states"] == "IDN" and row["notes"] == NOTES


def test_a_search_by_state_does_not_tell_an_outsider_that_a_closed_activity_approached_it(
    closed: Activity, member: User, outsider: User
) -> None:
    for query in ("state=IDN", "region=Asia"):
        for client in (Client(), signed_in(outsider)):
            assert "Démarche on the Convention" not in titles(client, query), query
            assert "Démarche on the Convention" not in client.get(f"{PAGE}?{query}").content.decode()
            assert not events(client.get(f"{FEED}?{query}"))
        assert "Démarche on the Convention" in titles(signed_in(member), query)
    assert "Démarche on the Convention" in titles(Client(), "organiser=recorder")  # who organised it is public


def test_an_anonymous_answer_is_shared_and_a_members_is_not(closed: Activity, member: User) -> None:
    assert NOTES in signed_in(member).get(PAGE).content.decode()
    anonymous = Client().get(PAGE)
    assert NOTES not in anonymous.content.decode()
    personal = signed_in(member).get(PAGE)
    assert "no-store" in personal["Cache-Control"] and "private" in personal["Cache-Control"]


# ---- The feed -------------------------------------------------------------------------------------------------


def test_the_feed_holds_the_planned_activities_only(ccm: Treaty, closed: Activity, planned_day: date) -> None:
    found = events(Client().get(FEED))
    assert [str(e["summary"]) for e in found] == ["Démarche on the Convention"]  # the shipped ones are past
    event = found[0]
    assert event.decoded("dtstart") == planned_day
    assert event.decoded("dtend") == planned_day + timedelta(days=1)
    assert str(event["location"]) == "Jakarta"
    assert str(event["uid"]) == f"activity-{closed.pk}@treatywatch"
    assert "not public" in str(event["description"]) and NOTES not in str(event["description"])
    assert not events(Client().get(f"{FEED}?kind=seminar"))
    assert events(Client().get(f"{FEED}?treaty=ccm&organiser=recorder"))


def test_an_activity_that_ends_later_is_still_planned_and_a_rough_date_spans_its_month(
    ccm: Treaty, site_admin: User
) -> None:
    today = timezone.localdate()
    given = ActivityInput(
        treaty=ccm,
        kind=ActivityKind.SEMINAR,
        title="Regional seminar",
        date=today - timedelta(days=2),
        ends_on=today + timedelta(days=1),
        source=Source.objects.create(citation="Programme"),
    )
    do_save_activity(None, given, actor=site_admin, reason="test")
    next_year = date(today.year + 1, 3, 31)
    rough = ActivityInput(
        treaty=ccm,
        kind=ActivityKind.VISIT,
        title="Visit planned for March",
        date=next_year,
        date_precision="month",
        source=Source.objects.create(citation="Work plan"),
    )
    do_save_activity(None, rough, actor=site_admin, reason="test")
    found = {str(e["summary"]): e for e in events(Client().get(FEED))}
    assert found["Regional seminar"].decoded("dtend") == today + timedelta(days=2)
    assert found["Visit planned for March"].decoded("dtstart") == date(today.year + 1, 3, 1)
    assert "March" in str(found["Visit planned for March"]["description"])


def test_a_feed_key_gives_its_user_the_private_part_until_it_is_revoked(
    closed: Activity, member: User, outsider: User
) -> None:
    token, key = do_create_api_token(member, "calendar", actor=member, reason="test", purpose=TokenPurpose.FEED)
    response = Client().get(f"{FEED}?token={key}")
    assert NOTES in events(response)[0]["description"]
    assert "no-store" in response["Cache-Control"]
    _other, other_key = do_create_api_token(outsider, "calendar", actor=outsider, reason="test", purpose="feed")
    assert NOTES not in events(Client().get(f"{FEED}?token={other_key}"))[0]["description"]
    do_revoke_api_token(token, actor=member, reason="test")
    refused = Client().get(f"{FEED}?token={key}")
    assert refused.status_code == 403
    assert "revoked" in refused.content.decode() and NOTES not in refused.content.decode()


def test_a_private_feed_holds_the_follow_ups_still_to_do_of_the_activities_its_user_reads(
    closed: Activity, recorder: Organisation, member: User, outsider: User, site_admin: User
) -> None:
    today = timezone.localdate()
    for description, due in (("Send the concept note", today + timedelta(days=5)), ("Call the mission", today)):
        do_add_follow_up(closed, FollowUpInput(description, due, recorder), actor=site_admin, reason="test")
    done = do_add_follow_up(
        closed, FollowUpInput("Book the room", today - timedelta(days=3), recorder), actor=site_admin, reason="test"
    )
    do_mark_follow_up_done(done, today, actor=site_admin, reason="test")
    _token, key = do_create_api_token(member, "calendar", actor=member, reason="test", purpose=TokenPurpose.FEED)
    found = {str(e["summary"]): e for e in events(Client().get(FEED, {"token": key}))}
    follow_ups = {summary: event for summary, event in found.items() if summary.startswith("Follow-up due")}
    assert sorted(follow_ups) == ["Follow-up due: Call the mission", "Follow-up due: Send the concept note"]
    assert follow_ups["Follow-up due: Call the mission"].decoded("dtstart") == today
    assert "Recorder" in str(follow_ups["Follow-up due: Send the concept note"]["description"])
    assert str(follow_ups["Follow-up due: Send the concept note"]["url"]).endswith(f"/activities/{closed.pk}/")
    # Read as due dates, the filter's dates keep the follow-ups due in them.
    window = {"from": (today + timedelta(days=1)).isoformat(), "token": key}
    assert [str(e["summary"]) for e in events(Client().get(FEED, window)) if "Follow-up" in str(e["summary"])] == [
        "Follow-up due: Send the concept note"
    ]
    _other, other_key = do_create_api_token(outsider, "calendar", actor=outsider, reason="test", purpose="feed")
    for response in (Client().get(FEED), Client().get(FEED, {"token": other_key})):
        assert b"Follow-up" not in response.content and b"concept note" not in response.content


@pytest.mark.parametrize("key", ["", "tw_unknown", "not a key at all"])
def test_an_unknown_feed_key_is_refused_not_read_as_anonymous(closed: Activity, key: str) -> None:
    refused = Client().get(FEED, {"token": key})
    assert refused.status_code == 403
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    assert "this feed address is not valid" in refused.content.decode()


def test_an_api_key_opens_no_feed_and_a_feed_key_no_api(closed: Activity, member: User) -> None:
    _api, api_key = do_create_api_token(member, "script", actor=member, reason="test")
    assert Client().get(FEED, {"token": api_key}).status_code == 403
    _feed, feed_key = do_create_api_token(member, "calendar", actor=member, reason="test", purpose="feed")
    assert Client(headers={"Authorization": f"Bearer {feed_key}"}).get("/api/v1/activities").status_code == 401


# ---- The private feed address on the page --------------------------------------------------------------------


def test_a_signed_in_reader_makes_a_private_feed_address_with_the_pages_filters_and_revokes_it(
    closed: Activity, member: User
) -> None:
    client = signed_in(member)
    page = client.get(f"{PAGE}?treaty=ccm").content.decode()
    assert "Your private calendar feed" in page and 'value="treaty=ccm"' in page
    made = client.post("/activities/feed-addresses/", {"name": "Office calendar", "query": "treaty=ccm&evil=1"})
    assert made.status_code == 200 and "no-store" in made["Cache-Control"]
    text = made.content.decode()
    address = text[text.index("http://testserver/activities/feed.ics?") :].split('"')[0].replace("&amp;", "&")
    assert "treaty=ccm" in address and "evil" not in address
    assert NOTES in events(Client().get(address.removeprefix("http://testserver")))[0]["description"]
    token = ApiToken.objects.get(user=member, purpose=TokenPurpose.FEED)
    assert token.name == "Office calendar" and token.history.latest().history_change_reason
    listed = client.get(PAGE).content.decode()
    assert "Office calendar" in listed and f'value="{token.pk}"' in listed
    revoked = client.post("/activities/feed-addresses/", {"revoke": token.pk})
    assert revoked.status_code == 302
    assert Client().get(address.removeprefix("http://testserver")).status_code == 403
    assert "Office calendar" not in client.get(PAGE).content.decode()


def test_no_one_makes_or_revokes_a_feed_address_for_someone_else(
    closed: Activity, member: User, outsider: User
) -> None:
    assert "Your private calendar feed" not in Client().get(PAGE).content.decode()
    assert Client().post("/activities/feed-addresses/", {"name": "x"}).status_code == 403
    token, _key = do_create_api_token(member, "calendar", actor=member, reason="test", purpose="feed")
    refused = signed_in(outsider).post("/activities/feed-addresses/", {"revoke": token.pk})
    assert refused.status_code == 400 and "is not one of your feed addresses" in refused.content.decode()
    api_token, _key = do_create_api_token(outsider, "script", actor=outsider, reason="test")
    assert signed_in(outsider).post("/activities/feed-addresses/", {"revoke": api_token.pk}).status_code == 400
    assert Client().get("/activities/feed-addresses/").status_code == 405


# ---- Languages and links --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "heading"),
    [("/fr", "Activités d"), ("/es", "Actividades de universalización")],
)
def test_the_page_speaks_french_and_spanish(ccm: Treaty, prefix: str, heading: str) -> None:
    page = Client().get(f"{prefix}{PAGE}").content.decode()
    assert f"<h1>{heading}" in page
    assert "Words in the title" not in page and "Download this list" not in page
    assert f'href="{prefix}/activities.csv"' in page


def test_the_board_the_state_page_and_the_treaty_page_link_to_the_activities(ccm: Treaty) -> None:
    board = Client().get("/treaties/ccm/universalization/").content.decode()
    assert 'href="/activities/?treaty=ccm"' in board
    treaty = Client().get("/treaties/ccm/").content.decode()
    assert 'href="/activities/?treaty=ccm"' in treaty
    assert 'href="/activities/?treaty=apmbc"' not in Client().get("/treaties/apmbc/").content.decode()
    state = Client().get("/states/NZL/").content.decode()
    assert 'href="/activities/?state=NZL"' in state


def test_each_activity_links_to_its_page_and_a_signed_in_reader_finds_the_form(closed: Activity, member: User) -> None:
    page = Client().get("/activities/").content.decode()
    assert f'href="/activities/{closed.pk}/"' in page
    assert "/activities/new/" not in page
    assert "/activities/new/" in signed_in(member).get("/activities/").content.decode()
