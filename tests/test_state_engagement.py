"""A State's page lists the activities it organised, was approached by or attended, and what followed; who was
approached or attended a closed activity shows only to the organisations permitted to read it."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from treatywatch.core.dates import whole_months_between
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach import engagement
from treatywatch.outreach.actions import ActivityInput, do_save_activity
from treatywatch.outreach.models import ActivityKind
from treatywatch.registry.models import Source, State, Treaty

pytestmark = pytest.mark.django_db

APPROACH = "Bilateral démarche on ratification"
PUBLIC_VISIT = "Visit to the Ministry of Foreign Affairs"


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def organisation(name: str, admin: User) -> Organisation:
    made = Organisation(name=name, slug=name.lower(), kind=OrganisationKind.CAMPAIGN_MEMBER)
    return do_save_organisation(made, actor=admin, reason="test")


def member_of(org: Organisation, username: str, admin: User) -> Client:
    user = User.objects.create_user(username, password="x")
    do_set_membership(org, user, Role.VIEWER, actor=admin, reason="test")
    client = Client()
    client.force_login(user)
    return client


def record(ccm: Treaty, admin: User, title: str, day: date, visibility: str, owner: Organisation | None) -> None:
    source = Source.objects.create(citation=f"Notes of {title}")
    given = ActivityInput(
        treaty=ccm,
        kind=ActivityKind.DEMARCHE,
        title=title,
        date=day,
        source=source,
        target_states=(State.objects.get(iso3="NGA"),),
        visibility=visibility,
        owner=owner,
    )
    do_save_activity(None, given, actor=admin, reason="test")


def page(client: Client, iso3: str, day: str = "") -> str:
    response = client.get(f"/states/{iso3}/" + (f"?as_of={day}" if day else ""))
    assert response.status_code == 200
    return response.content.decode()


def test_a_state_page_lists_the_activities_it_organised_with_their_source(ccm: Treaty) -> None:
    html = page(Client(), "UGA")  # not an organiser: the Kampala seminar was organised by others
    assert "CCM Ratification Seminar" not in html
    html = page(Client(), "NZL")
    assert "CCM Ratification Seminar" in html
    assert "29 May 2017 to 30 May 2017" in html
    assert "organised it" in html
    assert "clusterconvention.org" in html
    assert "CCM Ratification Seminar" not in page(Client(), "NZL", "2017-05-28")


def test_a_closed_approach_shows_with_what_followed_only_to_the_permitted(ccm: Treaty, site_admin: User) -> None:
    coalition = organisation("Coalition", site_admin)
    record(ccm, site_admin, APPROACH, date(2021, 6, 1), Visibility.ORGANISATION, coalition)
    for outsider in (Client(), member_of(organisation("Other", site_admin), "other", site_admin)):
        assert APPROACH not in page(outsider, "NGA")
    html = page(member_of(coalition, "campaigner", site_admin), "NGA")
    assert APPROACH in html
    assert "approached" in html
    # Nigeria ratified on 28 February 2023 (UNTC): 20 whole months after 1 June 2021.
    assert "deposited its instrument 20 months later (28 February 2023)" in html
    assert "closed" in html


def test_a_public_approach_shows_to_everyone_from_its_date(ccm: Treaty, site_admin: User) -> None:
    record(ccm, site_admin, PUBLIC_VISIT, date(2022, 3, 15), Visibility.PUBLIC, None)
    anonymous = Client()
    # Both days of what was one interval before the visit was recorded, asked in either order.
    assert PUBLIC_VISIT not in page(anonymous, "NGA", "2022-03-14")
    assert PUBLIC_VISIT in page(anonymous, "NGA", "2022-03-15")
    assert PUBLIC_VISIT not in page(anonymous, "NGA", "2022-03-14")
    assert "deposited its instrument 11 months later (28 February 2023)" in page(anonymous, "NGA", "2023-03-01")


def test_whole_months_count_only_complete_months() -> None:
    assert whole_months_between(date(2021, 6, 1), date(2023, 2, 28)) == 20
    assert whole_months_between(date(2021, 1, 31), date(2021, 2, 27)) == 0
    assert (
        whole_months_between(date(2021, 1, 31), date(2021, 2, 28)) == 1
    )  # a month after 31 January, as add_months counts
    assert whole_months_between(date(2021, 1, 31), date(2021, 3, 1)) == 1
    assert whole_months_between(date(2021, 5, 29), date(2021, 5, 30)) == 0
    assert whole_months_between(date(2022, 3, 15), date(2023, 2, 28)) == 11


def test_a_page_answered_to_a_signed_in_reader_is_kept_by_no_shared_cache(ccm: Treaty, site_admin: User) -> None:
    coalition = organisation("Coalition", site_admin)
    record(ccm, site_admin, APPROACH, date(2021, 6, 1), Visibility.ORGANISATION, coalition)
    personal = member_of(coalition, "campaigner", site_admin).get("/states/NGA/")
    assert APPROACH in personal.content.decode()
    assert {"private", "no-store"} <= {part.strip() for part in personal["Cache-Control"].split(",")}
    anonymous = Client().get("/states/NGA/")
    assert "private" not in anonymous.get("Cache-Control", "")


def test_a_state_page_shows_its_latest_activities_and_how_many_there_are(ccm, monkeypatch) -> None:
    monkeypatch.setattr(engagement, "SHOWN_ON_THE_PAGE", 1)
    html = page(Client(), "NZL")  # New Zealand co-organised the Kampala seminar (2017) and the Addis workshop (2016)
    assert "CCM Ratification Seminar" in html
    assert "Africa Regional Workshop" not in html
    assert "The 1 latest of 2 activities." in html
    assert 'href="/activities/?state=NZL"' in html  # the activities page lists every one
