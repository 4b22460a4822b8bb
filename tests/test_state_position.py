"""A State's political position: the summary said only from what is recorded, the State page's section, and
the statements, findings and votes endpoints."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from treatywatch.lib.actions import ActionError
from treatywatch.positions.actions import do_save_finding
from treatywatch.positions.models import Finding, Topic
from treatywatch.positions.presenters import state_position
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.roles import EDITOR

pytestmark = pytest.mark.django_db
TODAY = date(2026, 1, 1)


def summary(iso3: str, day: date = TODAY) -> str:
    with translation.override("en"):
        return state_position(State.objects.get(iso3=iso3), day).summary()


def test_a_state_no_source_names_says_its_vote_is_not_known() -> None:
    said = summary("BRA")
    assert "vote counts for 2015–2023 but not how Brazil voted: its vote is not known" in said
    assert "The vote of 2024, 2025 was not found." in said
    assert "No statement on use is recorded" in said
    assert "against" not in said


def test_a_state_a_source_names_has_its_entries_counted() -> None:
    said = summary("RUS")
    assert "1 source entry says how Russia" in said
    assert "its vote in the other years is not known" in said


def test_statements_are_counted_with_the_latest_as_written() -> None:
    assert "5 statements on use are recorded, the latest 2023-07-08." in summary("GBR")
    assert "1 statement on use is recorded (2023-07-08)." in summary("CAN")


def test_as_of_keeps_only_facts_known_then() -> None:
    # Known to the month only: shown from the month's last day.
    assert "No statement on use is recorded" in summary("GBR", date(2013, 4, 29))
    assert "1 statement on use is recorded (2013-04)." in summary("GBR", date(2013, 4, 30))
    assert "No statement on use is recorded" in summary("CAN", date(2023, 7, 7))
    early = summary("BRA", date(2016, 1, 1))
    assert "vote counts for 2015–2015" in early and "2024" not in early


def test_a_gap_about_a_state_is_a_gap_not_a_statement() -> None:
    position = state_position(State.objects.get(iso3="YEM"), TODAY)
    assert not position.statements and [g.text[:20] for g in position.gaps] == ["Named national state"]


def test_the_position_takes_two_queries() -> None:
    state = State.objects.get(iso3="GBR")
    with CaptureQueriesContext(connection) as queries:
        position = state_position(state, TODAY)
        position.summary()
        [list(f.sources.all()) for f in position.statements]
    assert len(queries) == 2


def test_the_state_page_shows_the_position_beside_the_legal_status(client: Client) -> None:
    page = client.get("/states/IRL/", {"as_of": "2026-01-01"}).content.decode()
    assert page.index('id="treaty-ccm"') < page.index('id="political-position"')
    assert "Political position" in page and "the wrong decision" in page
    assert "how Ireland voted: its vote is not known" in page
    italy = client.get("/states/ITA/", {"as_of": "2026-01-01"}).content.decode()
    assert "low-reliability" in italy and "weak source" in italy


def test_the_section_is_translated(client: Client) -> None:
    assert "Position politique" in client.get("/fr/states/IRL/").content.decode()
    assert "Posición política" in client.get("/es/states/IRL/").content.decode()


def test_the_votes_endpoint_gives_counts_and_only_named_votes(client: Client) -> None:
    answer = client.get("/api/v1/states/BRA/votes", {"as_of": "2026-01-01"}).json()
    assert answer["state_votes"] == []
    ga = [v for v in answer["resolution_votes"] if v["body"] == "UN General Assembly"]
    assert [(v["year"], v["yes"], v["no"], v["abstain"], v["found"]) for v in ga][:3] == [
        (2015, 139, 2, 40, True),
        (2016, 141, 2, 39, True),
        (2017, 142, 2, None, True),
    ]
    assert (ga[-1]["year"], ga[-1]["found"], ga[-1]["yes"]) == (2025, False, None)
    assert "not known" in answer["summary"]
    zimbabwe = client.get("/api/v1/states/ZWE/votes").json()
    assert [v["as_of"] for v in zimbabwe["state_votes"]] == ["2015-2018"]
    assert zimbabwe["state_votes"][0]["as_of_precision"] == "span"


def test_the_statements_and_findings_endpoints(client: Client) -> None:
    statements = client.get("/api/v1/states/ITA/statements").json()
    assert statements["count"] == 2
    weak = [s for s in statements["statements"] if s["weak_source"]]
    assert weak and weak[0]["sources"][0]["reliability"] == "weak"
    assert client.get("/api/v1/states/YEM/statements").json()["gaps"][0]["gap"] is True
    findings = client.get("/api/v1/states/LAO/findings").json()
    assert findings["count"] > 0 and {f["topic"] for f in findings["findings"]} >= {"contamination"}
    assert client.get("/api/v1/states/LAO/findings", {"as_of": "2000-01-01"}).json()["count"] == 0
    assert client.get("/api/v1/states/XXX/findings").status_code == 404


def test_a_statement_shows_from_its_day_in_a_page_already_served(client: Client) -> None:
    """Its day is a change day of the page: the day before is answered without it, its day with it."""
    before = client.get("/states/CAN/", {"as_of": "2023-07-07"}).content.decode()
    on_the_day = client.get("/states/CAN/", {"as_of": "2023-07-08"}).content.decode()
    assert "We do not support the use of cluster munitions" not in before
    assert "We do not support the use of cluster munitions" in on_the_day


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("findings-admin", password="a long test password")


def test_a_finding_saved_shows_at_once_on_a_page_already_served(client: Client, site_admin: User) -> None:
    url, day = "/states/BRA/", {"as_of": "2026-01-01"}
    assert "No statement on use is recorded" in client.get(url, day).content.decode()
    source = Source.objects.create(citation="A statement read", url="https://example.org/statement")
    brazil = State.objects.get(iso3="BRA")
    statement = Finding(
        treaty=Treaty.objects.get(slug="ccm"),
        report_year=2024,
        topic=Topic.STATEMENT,
        state=brazil,
        named="Brazil",
        text="A statement on use",
        as_of_text="2024-05",
        on=date(2024, 5, 31),
        on_precision="month",
        order=1000,
    )
    do_save_finding(statement, [source], actor=site_admin, reason="statement read")
    page = client.get(url, day).content.decode()
    assert "1 statement on use is recorded (2024-05)." in page and "A statement on use" in page
    assert statement.history.first().history_change_reason == "statement read"


def test_a_finding_needs_its_source_and_a_reason(site_admin: User) -> None:
    finding = Finding.objects.filter(topic=Topic.USE).first()
    assert finding is not None
    with pytest.raises(ActionError, match="Say why"):
        do_save_finding(finding, list(finding.sources.all()), actor=site_admin, reason=" ")
    with pytest.raises(ActionError, match="needs its source"):
        do_save_finding(finding, [], actor=site_admin, reason="test")
    with pytest.raises(ActionError, match="Only a site administrator"):
        do_save_finding(finding, list(finding.sources.all()), actor=None, reason="test")


def test_only_site_administrators_see_the_findings_in_the_admin(site_admin: User) -> None:
    admin_client = Client()
    admin_client.force_login(site_admin)
    assert admin_client.get("/admin/positions/finding/").status_code == 200
    finding = Finding.objects.get(topic=Topic.UNGA_VOTE, report_year=2024)
    assert admin_client.get(f"/admin/positions/finding/{finding.pk}/change/").status_code == 200
    assert admin_client.get("/admin/positions/sourcereliability/").status_code == 200
    editor = User.objects.create_user("editor", password="a long test password", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.get("/admin/positions/finding/").status_code == 403


def test_a_finding_is_corrected_in_the_admin_with_its_reason(site_admin: User) -> None:
    finding = Finding.objects.get(topic=Topic.STATEMENT, state__iso3="CAN")
    admin_client = Client()
    admin_client.force_login(site_admin)
    form = {
        "treaty": finding.treaty_id,
        "report_year": 2023,
        "topic": "statement",
        "state": finding.state_id,
        "code": "CAN",
        "named": "Canada",
        "text": finding.text,
        "value": "",
        "unit": "",
        "as_of_text": "2023-07",
        "order": finding.order,
        "sources": [s.pk for s in finding.sources.all()],
        "change_reason": "dated to the month",
    }
    response = admin_client.post(f"/admin/positions/finding/{finding.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    finding.refresh_from_db()
    assert (finding.on, finding.on_precision) == (date(2023, 7, 31), "month")
    bad = admin_client.post(f"/admin/positions/finding/{finding.pk}/change/", {**form, "as_of_text": "July"})
    assert bad.status_code == 200 and "is not a date" in bad.content.decode()
