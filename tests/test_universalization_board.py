"""A treaty's universalization board: every State not bound on the day, by stage, with its last and next
activity; an approach recorded as closed counts only for readers permitted to read it."""

from __future__ import annotations

import csv
import html
import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from treatywatch.organisations.actions import do_create_api_token, do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.actions import ActivityInput, do_save_activity
from treatywatch.outreach.models import ActivityKind
from treatywatch.registry.models import Source, State, Treaty

pytestmark = pytest.mark.django_db

BOARD = "/treaties/ccm/universalization"
# The 12 signatories that have not ratified, as the UN Treaty Collection lists them on 3 February 2026.
SIGNATORIES = {"AGO", "CAF", "CYP", "COD", "DJI", "HTI", "IDN", "JAM", "KEN", "LBR", "UGA", "TZA"}


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


@pytest.fixture
def coalition(site_admin: User) -> Organisation:
    made = Organisation(name="Coalition", slug="coalition", kind=OrganisationKind.COALITION)
    return do_save_organisation(made, actor=site_admin, reason="test")


def reader_of(org: Organisation, username: str, admin: User) -> Client:
    user = User.objects.create_user(username, password="x")
    do_set_membership(org, user, Role.VIEWER, actor=admin, reason="test")
    client = Client()
    client.force_login(user)
    return client


def approach(ccm: Treaty, admin: User, iso3: str, title: str, day: date, owner: Organisation | None) -> None:
    given = ActivityInput(
        treaty=ccm,
        kind=ActivityKind.DEMARCHE,
        title=title,
        date=day,
        source=Source.objects.create(citation=f"Record of {title}"),
        target_states=(State.objects.get(iso3=iso3),),
        visibility=Visibility.ORGANISATION if owner else Visibility.PUBLIC,
        owner=owner,
    )
    do_save_activity(None, given, actor=admin, reason="test")


def rows(client: Client, query: str = "") -> dict[str, dict[str, str]]:
    response = client.get(f"{BOARD}.csv?{query}")
    assert response.status_code == 200
    return {row["iso3"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}


def test_the_board_holds_every_state_not_bound_by_stage(ccm: Treaty) -> None:
    board = rows(Client(), "as_of=2026-02-03")
    signed = {iso3 for iso3, row in board.items() if row["stage"] == "signed"}
    assert signed == SIGNATORIES
    assert board["VUT"]["stage"] == "deposited"  # acceded 5 September 2025, in force for it from 1 March 2026
    assert board["LTU"]["stage"] == "not_engaged"  # withdrew with effect from 6 March 2025
    assert "NOR" not in board and "FRA" not in board  # parties, in force
    assert "VUT" not in rows(Client(), "as_of=2026-03-01")
    page = Client().get(f"{BOARD}/?as_of=2026-02-03").content.decode()
    assert 'Signed <span class="muted">(12)</span>' in page


def test_a_closed_approach_engages_a_state_only_for_the_permitted(ccm, site_admin, coalition) -> None:
    approach(ccm, site_admin, "BRA", "Meeting with the Ministry of Foreign Affairs", date(2024, 4, 9), coalition)
    approach(ccm, site_admin, "IDN", "Letter to the parliament", date(2025, 1, 10), coalition)
    outsider = reader_of(
        do_save_organisation(
            Organisation(name="Other", slug="other", kind=OrganisationKind.MONITOR), actor=site_admin, reason="test"
        ),
        "outsider",
        site_admin,
    )
    for client in (Client(), outsider):
        board = rows(client, "as_of=2026-02-03")
        assert board["BRA"]["stage"] == "not_engaged"
        assert board["IDN"]["last_activity"] == ""
    board = rows(reader_of(coalition, "campaigner", site_admin), "as_of=2026-02-03")
    assert (board["BRA"]["stage"], board["BRA"]["last_activity_on"]) == ("engaged", "2024-04-09")
    assert (board["IDN"]["stage"], board["IDN"]["last_activity"]) == ("signed", "Letter to the parliament")
    assert rows(reader_of(coalition, "earlier", site_admin), "as_of=2024-04-08")["BRA"]["stage"] == "not_engaged"


def test_a_planned_activity_is_the_next_one(ccm, site_admin) -> None:
    approach(ccm, site_admin, "KEN", "Ratification workshop", date(2026, 6, 15), None)
    board = rows(Client(), "as_of=2026-02-03")
    assert (board["KEN"]["next_activity_on"], board["KEN"]["next_activity"]) == ("2026-06-15", "Ratification workshop")
    assert board["KEN"]["last_activity"] == ""
    assert rows(Client(), "as_of=2026-06-15")["KEN"]["last_activity"] == "Ratification workshop"


def test_the_board_filters_by_stage_and_region(ccm) -> None:
    board = rows(Client(), "as_of=2026-02-03&stage=signed&region=Africa")
    assert set(board) == SIGNATORIES - {"CYP", "HTI", "IDN", "JAM"}
    assert {row["region"] for row in board.values()} == {"Africa"}


def test_a_bad_filter_is_refused_with_what_is_wrong(ccm) -> None:
    for query, message in (("stage=ratified", "stage: 'ratified' is not a stage we know"), ("region=Mars", "region")):
        response = Client().get(f"{BOARD}/?{query}")
        assert response.status_code == 400
        assert message in html.unescape(response.content.decode())
    assert Client().get(f"{BOARD}.pdf").status_code == 404


def test_the_api_refuses_an_empty_filter_the_page_reads_as_all(ccm) -> None:
    assert Client().get(f"{BOARD}/?stage=&region=").status_code == 200
    for name in ("stage", "region"):
        refused = Client().get("/api/v1/treaties/ccm/universalization", {name: ""})
        assert refused.status_code == 400
        assert refused.json()["detail"].startswith(f"{name}: empty")


def test_the_api_answers_the_board_for_the_token_s_reader(ccm, site_admin, coalition) -> None:
    approach(ccm, site_admin, "BRA", "Meeting with the Ministry of Foreign Affairs", date(2024, 4, 9), coalition)
    url = "/api/v1/treaties/ccm/universalization"
    anonymous = Client().get(url, {"as_of": "2026-02-03", "stage": "engaged"}).json()
    assert "BRA" not in {row["iso3"] for row in anonymous["states"]}
    assert anonymous["count"] == len(anonymous["states"])
    member = User.objects.create_user("campaigner", password="x")
    do_set_membership(coalition, member, Role.VIEWER, actor=site_admin, reason="test")
    _token, key = do_create_api_token(member, name="board", actor=member, reason="test")
    answered = Client().get(url, {"as_of": "2026-02-03", "stage": "engaged"}, HTTP_AUTHORIZATION=f"Bearer {key}")
    row = next(r for r in answered.json()["states"] if r["iso3"] == "BRA")
    assert (row["stage"], row["last_activity_on"]) == ("engaged", "2024-04-09")
    assert "no-store" in answered["Cache-Control"]
    refused = Client().get(url, {"stage": "ratified"})
    assert refused.status_code == 400
    assert refused.json()["detail"] == "stage: 'ratified' is not a stage we know"
