"""`/api/v1/campaigns/{slug}/reports` gives what the list page gives: the reports the reader may read (anonymous:
the public ones; with a token: the user's organisations' too, every member's for the campaign's organisers), with
the page's filters and the download's fields, a page at a time."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.campaign_reports import Coalition, make_coalition, report
from treatywatch.campaigns.report_queries import REPORT
from treatywatch.organisations.actions import do_create_api_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/campaigns/oslo-10/reports"


@pytest.fixture
def coalition() -> Coalition:
    made = make_coalition()
    report(made, made.kenya_editor, made.kenya_member, ask="ratify", iso3="KEN", target="MFA", note="kept")
    report(made, made.lebanon_editor, made.lebanon_member, iso3="LBN", kind="media", public=True)
    return made


def _token_client(user: User) -> Client:
    key = do_create_api_token(user, "script", actor=user, reason="test")[1]
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_anonymous_readers_get_the_public_reports(coalition: Coalition) -> None:
    answer = Client().get(URL, {"as_of": "2017-03-31"})
    assert answer.status_code == 200
    data = answer.json()
    assert (data["campaign"], data["as_of"], data["count"], data["page"], data["pages"]) == (
        "oslo-10",
        "2017-03-31",
        1,
        1,
        1,
    )
    assert data["reports"][0]["state"] == "LBN" and data["reports"][0]["visibility"] == "public"
    assert tuple(data["reports"][0]) == tuple(f.name for f in REPORT.api_fields())


def test_a_token_reads_what_its_user_may_read(coalition: Coalition) -> None:
    staff = _token_client(coalition.staff).get(URL).json()
    assert staff["count"] == 2
    kenya = _token_client(coalition.kenya_viewer).get(URL)
    assert "no-store" in kenya["Cache-Control"]
    assert {r["state"] for r in kenya.json()["reports"]} == {"KEN", "LBN"}
    lebanon = _token_client(coalition.lebanon_editor).get(URL).json()
    assert [r["state"] for r in lebanon["reports"]] == ["LBN"]
    assert "kept" not in str(lebanon)


def test_the_filters_are_the_pages(coalition: Coalition) -> None:
    client = _token_client(coalition.staff)
    assert client.get(URL, {"state": "KEN"}).json()["count"] == 1
    assert client.get(URL, {"ask": "ratify"}).json()["reports"][0]["ask"] == "ratify"
    assert client.get(URL, {"kind": "media"}).json()["count"] == 1
    assert client.get(URL, {"as_of": "2017-02-19"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"state": "XXX"}, "state: 'XXX' is not the ISO 3166 alpha-3 code of a State in the register"),
        ({"ask": "nope"}, "ask: 'nope' is not one of the campaign's asks (accede, ratify, condemn_use,"),
        ({"kind": "petition"}, "kind: 'petition' is not one of met_official"),
        ({"as_of": ""}, "as_of: empty"),
        ({"page": "3"}, "page: '3' is not a page of this list (1 to 1)"),
    ],
)
def test_a_bad_parameter_is_a_400_that_says_why(coalition: Coalition, query: dict[str, str], message: str) -> None:
    answer = Client().get(URL, query)
    assert answer.status_code == 400
    assert message in answer.json()["detail"]


def test_an_unknown_campaign_is_a_404_in_the_apis_error_shape(coalition: Coalition) -> None:
    answer = Client().get("/api/v1/campaigns/oslo-11/reports")
    assert answer.status_code == 404 and answer.json() == {"detail": "No campaign 'oslo-11'."}


def test_a_bad_token_is_a_401_never_read_as_anonymous(coalition: Coalition) -> None:
    answer = Client(headers={"Authorization": "Bearer not-a-key"}).get(URL)
    assert answer.status_code == 401


def test_a_page_holds_a_hundred_reports(coalition: Coalition) -> None:
    for _ in range(100):
        report(coalition, coalition.kenya_editor, coalition.kenya_member, iso3="KEN", day=date(2017, 2, 22))
    client = _token_client(coalition.staff)
    first, second = client.get(URL).json(), client.get(URL, {"page": "2"}).json()
    assert (first["count"], first["pages"], len(first["reports"]), len(second["reports"])) == (102, 2, 100, 2)
