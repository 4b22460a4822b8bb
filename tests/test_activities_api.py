"""The activities API: every activity's public part for everyone, its private part only with the API token of a
user who may read it; API tokens themselves (created and revoked with a reason, stored hashed, refused once
revoked); and answers given for a token never reaching anyone else through a cache."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from treatywatch.lib.actions import ActionError
from treatywatch.organisations.actions import (
    do_create_api_token,
    do_revoke_api_token,
    do_save_organisation,
    do_set_membership,
)
from treatywatch.organisations.models import ApiToken, Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.actions import ActivityInput, do_save_activity
from treatywatch.outreach.models import Activity, ActivityKind
from treatywatch.registry.actions import do_create_source
from treatywatch.registry.models import State, Treaty

pytestmark = pytest.mark.django_db

# The closed meeting of 23 May 2018 and the presentation to parliamentarians of 27 March 2018 in the ISU's log.
# The log does not name the States: the planted ones were CCM signatories that had not ratified on those days
# (tests/test_private_data.py checks it).
CLOSED_TARGETS, CLOSED_ATTENDING = ("IDN", "KEN"), ("GMB", "NAM")
SHARED_TARGETS = ("NGA", "PHL")
PRIVATE = ("target_states", "attending_states", "participants", "notes")


def marker(record: str, field_name: str) -> str:
    return f"{record}-{field_name}-kept-private"


@dataclass
class Planted:
    closed: Activity
    shared: Activity
    keys: dict[str, str]  # reader -> API key
    tokens: dict[str, ApiToken]
    users: dict[str, User]


def _organisation(name: str, kind: str, site_admin: User) -> Organisation:
    slug = name.lower().replace(" ", "-")
    return do_save_organisation(Organisation(name=name, slug=slug, kind=kind), actor=site_admin, reason="test")


def _states(*codes: str) -> tuple[State, ...]:
    return tuple(State.objects.get(iso3=code) for code in codes)


@pytest.fixture
def planted(db: None) -> Planted:
    ccm = Treaty.objects.get(slug="ccm")
    site_admin = User.objects.create_superuser("site-admin", password="a long test password")
    owner = _organisation("Owner organisation", OrganisationKind.SUPPORT_UNIT, site_admin)
    partner = _organisation("Partner organisation", OrganisationKind.GOVERNMENT, site_admin)
    other = _organisation("Other organisation", OrganisationKind.CAMPAIGN_MEMBER, site_admin)
    users = {}
    for reader, organisation, role in (
        ("owner", owner, Role.VIEWER),
        ("owner editor", owner, Role.EDITOR),
        ("partner", partner, Role.VIEWER),
        ("other", other, Role.ADMINISTRATOR),
    ):
        users[reader] = User.objects.create_user(reader.replace(" ", "-"), password="a long test password")
        do_set_membership(organisation, users[reader], role, actor=site_admin, reason="test")
    editor = users["owner editor"]
    source = do_create_source(
        citation="Convention on Cluster Munitions Implementation Support Unit, universalization activities log",
        actor=editor,
    )

    def closed_activity(name: str, **given: Any) -> Activity:
        given.setdefault("visibility", Visibility.ORGANISATION)
        activity = ActivityInput(
            treaty=ccm,
            source=source,
            owner=owner,
            participants=marker(name, "participants"),
            notes=marker(name, "notes"),
            **given,
        )
        return do_save_activity(None, activity, actor=editor, reason="test")

    closed = closed_activity(
        "closed-activity",
        kind=ActivityKind.MEETING,
        title="Informal, closed meeting with CCM Signatory States",
        date=date(2018, 5, 23),
        organising_states=_states("FRA", "PAN"),
        target_states=_states(*CLOSED_TARGETS),
        attending_states=_states(*CLOSED_ATTENDING),
    )
    shared = closed_activity(
        "shared-activity",
        kind=ActivityKind.PRESENTATION,
        title="Presentation on the CCM to parliamentarians",
        date=date(2018, 3, 27),
        place="Geneva",
        target_states=_states(*SHARED_TARGETS),
        attending_states=_states(SHARED_TARGETS[0]),
        visibility=Visibility.NAMED,
        shared_with=(partner,),
    )
    keys, tokens = {}, {}
    for reader in ("owner", "partner", "other"):
        tokens[reader], keys[reader] = do_create_api_token(
            users[reader], "test script", actor=users[reader], reason="test"
        )
    return Planted(closed, shared, keys, tokens, users)


def get(url: str, key: str | None = None, client: Client | None = None) -> Any:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return (client or Client()).get(url, headers=headers)


def by_id(body: dict[str, Any]) -> dict[int, dict[str, Any]]:
    return {item["id"]: item for item in body["activities"]}


def assert_no_marker(text: str) -> None:
    for record in ("closed-activity", "shared-activity"):
        for field_name in ("participants", "notes"):
            assert marker(record, field_name) not in text


# ---- Public and private parts -----------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [None, "other"])
def test_outsiders_get_every_public_part_and_no_private_part(planted: Planted, reader: str | None) -> None:
    response = get("/api/v1/activities?treaty=ccm", planted.keys.get(reader or ""))
    assert response.status_code == 200
    assert_no_marker(response.content.decode())
    activities = by_id(response.json())
    closed = activities[planted.closed.pk]
    assert closed["title"] == "Informal, closed meeting with CCM Signatory States"
    assert closed["organising_states"] == ["FRA", "PAN"]
    assert closed["date"] == "2018-05-23"
    assert closed["source"]["citation"].startswith("Convention on Cluster Munitions")
    for item in (closed, activities[planted.shared.pk]):
        assert item["private_part_withheld"] is True
        assert all(item[name] is None for name in PRIVATE)
    # The six public activities the CCM's data ships with are there, whole.
    public = [item for item in activities.values() if not item["private_part_withheld"]]
    assert len(public) == 6
    assert {item["participants"] for item in public} >= {"5 representatives from 4 Signatory States"}


def test_the_owners_member_reads_the_private_part(planted: Planted) -> None:
    activities = by_id(get("/api/v1/activities", planted.keys["owner"]).json())
    closed = activities[planted.closed.pk]
    assert closed["private_part_withheld"] is False
    assert closed["target_states"] == list(CLOSED_TARGETS)
    assert closed["attending_states"] == list(CLOSED_ATTENDING)
    assert closed["participants"] == marker("closed-activity", "participants")
    assert closed["notes"] == marker("closed-activity", "notes")
    assert activities[planted.shared.pk]["notes"] == marker("shared-activity", "notes")


def test_a_named_organisations_member_reads_what_is_shared_with_it_only(planted: Planted) -> None:
    activities = by_id(get("/api/v1/activities", planted.keys["partner"]).json())
    shared = activities[planted.shared.pk]
    assert shared["private_part_withheld"] is False
    assert shared["target_states"] == list(SHARED_TARGETS)
    assert shared["participants"] == marker("shared-activity", "participants")
    closed = activities[planted.closed.pk]
    assert closed["private_part_withheld"] is True
    assert all(closed[name] is None for name in PRIVATE)


def test_one_activity_by_its_id(planted: Planted) -> None:
    url = f"/api/v1/activities/{planted.closed.pk}"
    anonymous = get(url)
    assert anonymous.status_code == 200
    assert anonymous.json()["private_part_withheld"] is True
    assert_no_marker(anonymous.content.decode())
    assert get(url, planted.keys["other"]).json()["notes"] is None
    assert get(url, planted.keys["owner"]).json()["notes"] == marker("closed-activity", "notes")
    missing = get("/api/v1/activities/999999")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No activity 999999."}


def test_a_site_administrators_token_reads_every_private_part(planted: Planted) -> None:
    site_admin = User.objects.get(username="site-admin")
    _token, key = do_create_api_token(site_admin, "audit", actor=site_admin, reason="test")
    activities = by_id(get("/api/v1/activities", key).json())
    assert not any(item["private_part_withheld"] for item in activities.values())


# ---- Filters ----------------------------------------------------------------------------------------------


def ids(url: str, key: str | None = None) -> set[int]:
    response = get(url, key)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["activities"])
    return set(by_id(body))


def test_filters_by_treaty_kind_organiser_and_dates(planted: Planted) -> None:
    everything = ids("/api/v1/activities")
    assert ids("/api/v1/activities?treaty=ccm") == everything
    assert ids("/api/v1/activities?treaty=apmbc") == set()
    seminars = Activity.objects.visible_to(None).filter(kind="seminar")
    assert ids("/api/v1/activities?kind=seminar") == set(seminars.values_list("pk", flat=True))
    assert len(seminars) == 1
    by_new_zealand = ids("/api/v1/activities?organiser=NZL")
    assert len(by_new_zealand) == 2  # the 2017 ratification seminar and the 2016 regional workshop
    by_isu = get("/api/v1/activities?organiser=isu-ccm").json()["activities"]
    assert [item["date"] for item in by_isu] == ["2018-03-27"]
    # The seminar of 29-30 May 2017 is still going on on the 30th; the concept note of December 2017 is last.
    in_2017 = get("/api/v1/activities?from=2017-05-30&to=2017-12-31").json()["activities"]
    assert [item["kind"] for item in in_2017] == ["concept_note", "seminar"]
    after = get("/api/v1/activities?from=2017-05-31&to=2017-12-31").json()["activities"]
    assert [item["kind"] for item in after] == ["concept_note"]


def test_a_closed_activitys_targets_make_it_match_a_state_only_for_those_who_read_them(planted: Planted) -> None:
    url = f"/api/v1/activities?state={CLOSED_TARGETS[0]}"
    assert ids(url) == set()
    assert ids(url, planted.keys["other"]) == set()
    assert ids(url, planted.keys["partner"]) == set()
    assert ids(url, planted.keys["owner"]) == {planted.closed.pk}
    # Organising is public: France organised the closed meeting, and anyone finds it by France.
    assert planted.closed.pk in ids("/api/v1/activities?state=FRA")


def test_the_region_filter_follows_the_same_rule(planted: Planted) -> None:
    # Zambia (Africa) co-organised three shipped activities; the closed ones approached Kenya and Nigeria.
    public = ids("/api/v1/activities?region=Africa")
    assert len(public) == 3
    assert ids("/api/v1/activities?region=Africa", planted.keys["other"]) == public
    assert ids("/api/v1/activities?region=Africa", planted.keys["owner"]) == public | {
        planted.closed.pk,
        planted.shared.pk,
    }
    assert ids("/api/v1/activities?region=Asia", planted.keys["partner"]) == {planted.shared.pk}


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("treaty=nope", "treaty: 'nope' is not a treaty in the register"),
        ("state=XXX", "state: 'XXX' is not the ISO 3166 alpha-3 code of a State"),
        ("region=Atlantis", "region: 'Atlantis' is not one of Africa, Americas, Asia, Europe, Oceania"),
        ("kind=party", "kind: 'party' is not one of meeting"),
        ("organiser=nobody", "organiser: 'nobody' is neither a State's ISO 3166 alpha-3 code"),
        ("from=2018-02-30", "from: '2018-02-30' is not a valid date (expected YYYY-MM-DD)"),
        ("to=yesterday", "to: 'yesterday' is not a valid date"),
        ("from=2018-01-02&to=2018-01-01", "from, to: 2018-01-01 comes before 2018-01-02"),
        ("state=FRA&region=Europe", "state, region: give one or the other"),
        ("from=", "from: '' is not a valid date"),
        ("kind=", "kind: '' is not one of meeting"),
    ],
)
def test_bad_filters_get_a_400_that_says_what_is_wrong(planted: Planted, query: str, detail: str) -> None:
    response = get(f"/api/v1/activities?{query}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)


# ---- Tokens -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Bearer not-a-token", "Authorization: this token is not valid"),
        ("Token abc", "Authorization: expected 'Bearer <token>'."),
        ("Bearer ", "Authorization: expected 'Bearer <token>'."),
        ("", "Authorization: expected 'Bearer <token>'."),
    ],
)
def test_a_bad_authorization_header_is_a_401_not_an_anonymous_answer(
    planted: Planted, header: str, detail: str
) -> None:
    for url in ("/api/v1/activities", f"/api/v1/activities/{planted.closed.pk}"):
        response = Client().get(url, headers={"Authorization": header})
        assert response.status_code == 401
        assert response.json()["detail"].startswith(detail)
        assert response["WWW-Authenticate"].startswith("Bearer")
        assert "no-store" in response["Cache-Control"]


def test_a_revoked_token_is_refused(planted: Planted) -> None:
    owner = planted.users["owner"]
    assert get("/api/v1/activities", planted.keys["owner"]).status_code == 200
    do_revoke_api_token(planted.tokens["owner"], actor=owner, reason="the script is retired")
    response = get("/api/v1/activities", planted.keys["owner"])
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Authorization: this token is not valid (unknown, revoked, or its user is inactive)."
    }
    with pytest.raises(ActionError, match="already revoked"):
        do_revoke_api_token(planted.tokens["owner"], actor=owner, reason="again")


def test_an_inactive_users_token_is_refused(planted: Planted) -> None:
    owner = planted.users["owner"]
    owner.is_active = False
    owner.save(update_fields=["is_active"])
    assert get("/api/v1/activities", planted.keys["owner"]).status_code == 401


def test_a_token_is_stored_hashed_and_its_use_recorded(planted: Planted) -> None:
    token = planted.tokens["partner"]
    key = planted.keys["partner"]
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert key not in json.dumps(stored, default=str)
    assert stored["last_used_at"] is None
    get("/api/v1/activities", key)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.history.get().history_change_reason == "test"


def test_only_the_user_or_a_site_administrator_manages_a_users_tokens(planted: Planted) -> None:
    partner, other = planted.users["partner"], planted.users["other"]
    with pytest.raises(ActionError, match="Only the user or a site administrator"):
        do_create_api_token(partner, "for you", actor=other, reason="test")
    with pytest.raises(ActionError, match="Only the token's user or a site administrator"):
        do_revoke_api_token(planted.tokens["partner"], actor=other, reason="test")
    with pytest.raises(ActionError, match="Say why"):
        do_create_api_token(partner, "no reason", actor=partner, reason=" ")


def test_the_commands_create_a_token_printing_it_once_and_revoke_it(planted: Planted) -> None:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", "partner", name="monitor script", reason="yearly monitor", stdout=out, stderr=err)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(user__username="partner", name="monitor script")
    assert f"id {token.pk}" in err.getvalue() and "not shown again" in err.getvalue()
    assert get(f"/api/v1/activities/{planted.shared.pk}", key).json()["notes"] == marker("shared-activity", "notes")
    call_command("revoke_api_token", str(token.pk), reason="leaked", stdout=StringIO())
    assert get(f"/api/v1/activities/{planted.shared.pk}", key).status_code == 401
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("create_api_token", "nobody", name="x", reason="y")
    with pytest.raises(CommandError, match="already revoked"):
        call_command("revoke_api_token", str(token.pk), reason="again")


def test_the_admin_lists_a_users_own_tokens_without_their_keys_and_revokes_them(planted: Planted) -> None:
    other = planted.users["other"]
    other.is_staff = True
    other.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(other)
    listing = client.get("/admin/organisations/apitoken/")
    assert listing.status_code == 200
    text = listing.content.decode()
    assert text.count("test script") == 1  # its own token; the partner's, of the same name, is not listed
    assert planted.keys["other"] not in text and planted.tokens["other"].key_hash not in text
    assert client.get(f"/admin/organisations/apitoken/{planted.tokens['partner'].pk}/change/").status_code == 404
    change = f"/admin/organisations/apitoken/{planted.tokens['other'].pk}/change/"
    assert client.post(change, {"revoke": "on", "change_reason": "no longer needed"}).status_code == 302
    assert get("/api/v1/activities", planted.keys["other"]).status_code == 401
    revoked = planted.tokens["other"].history.order_by("-history_id").first()
    assert revoked.history_change_reason == "no longer needed"
    assert revoked.history_user == other


# ---- Caches -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/v1/activities?treaty=ccm", "/api/v1/activities/{closed}"])
def test_a_tokens_answer_is_never_stored_for_or_served_to_anyone_else(planted: Planted, path: str) -> None:
    url = path.format(closed=planted.closed.pk)
    first = get(url, planted.keys["owner"])
    assert marker("closed-activity", "notes") in first.content.decode()
    assert "private" in first["Cache-Control"] and "no-store" in first["Cache-Control"]
    for _repeat in range(2):  # the second anonymous request is answered from the cache the first filled
        anonymous = get(url)
        assert anonymous.status_code == 200
        assert "Authorization" in anonymous["Vary"]  # nor may a cache in front of the site mix them up
        assert_no_marker(anonymous.content.decode())
    # And the other way round: the anonymous answer now cached is not served to the token.
    again = get(url, planted.keys["owner"])
    assert marker("closed-activity", "notes") in again.content.decode()
    assert_no_marker(get(url, planted.keys["other"]).content.decode())


def test_the_openapi_schema_documents_the_optional_bearer_token(db: None) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    scheme = schema["components"]["securitySchemes"]["BearerToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for path in ("/api/v1/activities", "/api/v1/activities/{id}"):
        operation = schema["paths"][path]["get"]
        assert operation["security"] == [{"BearerToken": []}, {}]  # a token, or none
        assert {"200", "401"} <= set(operation["responses"])
    assert "security" not in schema["paths"]["/api/v1/treaties"]["get"]
