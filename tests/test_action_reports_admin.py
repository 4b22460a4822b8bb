"""The members' action reports in the admin, as a site administrator sees it: listed, added, corrected, reverted
from the history and removed through the report actions, each with a reason kept in the history, the campaign's
tallies always equal to a recount from the reports; nobody else has a page of them there."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from tests.campaign_reports import Coalition, client_of, make_coalition, report
from treatywatch.campaigns.dashboard import activity_counts
from treatywatch.campaigns.models import ActionReport, ReportTally
from treatywatch.campaigns.tallies import recount
from treatywatch.organisations.actions import do_set_membership
from treatywatch.organisations.models import Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.registry.models import State
from treatywatch.registry.roles import ADMINISTRATOR

pytestmark = pytest.mark.django_db

REPORTS = "/admin/campaigns/actionreport/"


@pytest.fixture
def coalition() -> Coalition:
    made = make_coalition()
    report(made, made.kenya_editor, made.kenya_member, ask="ratify", iso3="IDN", public=True)
    report(made, made.lebanon_editor, made.lebanon_member, ask="implementation", iso3="LBN")
    return made


def tallies() -> set[tuple[Any, ...]]:
    return set(ReportTally.objects.filter(n__gt=0).values_list("public", "dimension", "key", "day", "n"))


def assert_tallies_as_recounted(coalition: Coalition) -> None:
    """The tallies the actions kept equal those rebuilt from the reports: nothing counted twice or left behind."""
    kept = tallies()
    recount(coalition.campaign)
    assert kept == tallies()


def form(found: ActionReport, **changes: object) -> dict[str, object]:
    """The change form as the admin shows it for `found`, with `changes`."""
    given: dict[str, object] = {
        "owner": found.owner_id,
        "kind": found.kind,
        "date": found.date.isoformat(),
        "ask": found.ask_id or "",
        "state": found.state_id or "",
        "target": found.target,
        "link": found.link,
        "note": found.note,
        "visibility": found.visibility,
        "seen_version": found.version,
        "change_reason": "checked with the member",
    }
    return {**given, **changes}


def kenyas(coalition: Coalition) -> ActionReport:
    return ActionReport.objects.get(owner=coalition.kenya_member)


def test_only_site_administrators_have_the_reports_in_the_admin(coalition: Coalition) -> None:
    listed = client_of(coalition.site_admin).get(REPORTS)
    assert listed.status_code == 200
    text = listed.content.decode()
    assert "Member in Kenya" in text and "Member in Lebanon" in text
    assert 'value="delete_selected"' not in text  # each removal has its reason
    # A staff account of the register's administrators, editor of the reporting member: no page of them.
    editor = User.objects.create_user("staff-editor", password="a long test password", is_staff=True)
    editor.groups.add(Group.objects.get(name=ADMINISTRATOR))
    do_set_membership(coalition.kenya_member, editor, Role.EDITOR, actor=coalition.site_admin, reason="test")
    found = kenyas(coalition)
    for path in ("", "add/", f"{found.pk}/change/", f"{found.pk}/delete/", f"{found.pk}/history/"):
        assert client_of(editor).get(REPORTS + path).status_code == 403, path
    # The coalition's staff (not staff of the site) are sent to sign in.
    assert client_of(coalition.staff).get(REPORTS).status_code == 302


def test_a_correction_moves_the_report_in_its_tallies_and_keeps_its_reason(coalition: Coalition) -> None:
    client = client_of(coalition.site_admin)
    found = kenyas(coalition)
    somalia = State.objects.get(iso3="SOM")
    moved = form(
        found,
        kind="letter",
        date="2017-03-15",
        ask=coalition.asks["accede"].pk,
        state=somalia.pk,
        visibility=Visibility.ORGANISATION,
    )
    response = client.post(f"{REPORTS}{found.pk}/change/", moved)
    assert response.status_code == 302, response.content.decode()[:3000]
    found.refresh_from_db()
    assert (found.kind, found.date, found.state, found.version) == ("letter", date(2017, 3, 15), somalia, 2)
    latest = found.history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (coalition.site_admin, "checked with the member")
    # No longer public: an anonymous reader counts none (Lebanon's is kept for its member and the organisers).
    assert activity_counts(None, coalition.campaign, date(2017, 12, 31)).total == 0
    staff = activity_counts(coalition.staff, coalition.campaign, date(2017, 12, 31))
    assert staff.total == 2 and staff.by_state[somalia.pk] == 1
    assert_tallies_as_recounted(coalition)


def test_a_correction_reverted_from_the_history_is_counted_once(coalition: Coalition) -> None:
    client = client_of(coalition.site_admin)
    found = kenyas(coalition)
    first = found.history.latest("history_date").history_id
    client.post(f"{REPORTS}{found.pk}/change/", form(found, date="2017-04-02", kind="event"))
    history_page = client.get(f"{REPORTS}{found.pk}/history/{first}/")
    assert history_page.status_code == 200
    found.refresh_from_db()
    reverted = form(found, kind="met_official", date="2017-02-20", change_reason="the correction was wrong")
    assert client.post(f"{REPORTS}{found.pk}/history/{first}/", reverted).status_code == 302
    found.refresh_from_db()
    assert (found.kind, found.date, found.version) == ("met_official", date(2017, 2, 20), 3)
    assert activity_counts(coalition.staff, coalition.campaign, date(2017, 2, 28)).total == 2
    assert_tallies_as_recounted(coalition)


def test_a_refused_correction_comes_back_on_the_form_and_changes_nothing(coalition: Coalition) -> None:
    client = client_of(coalition.site_admin)
    found = kenyas(coalition)
    before = tallies()
    # A social media post needs its link: the action's refusal, on the form.
    refused = client.post(f"{REPORTS}{found.pk}/change/", form(found, kind="social_media"))
    assert refused.status_code == 200 and "Give the address of the social media post." in refused.content.decode()
    # Another editor saved it since the form was shown: what changed, not an overwrite.
    crossing = client.post(f"{REPORTS}{found.pk}/change/", form(found, note="late", seen_version=0))
    assert crossing.status_code == 200 and "Another editor changed this record" in crossing.content.decode()
    # No reason: the form says so.
    unexplained = client.post(f"{REPORTS}{found.pk}/change/", form(found, note="late", change_reason=""))
    assert unexplained.status_code == 200 and "This field is required." in unexplained.content.decode()
    found.refresh_from_db()
    assert (found.kind, found.note, found.version) == ("met_official", "", 1)
    assert tallies() == before


def test_the_campaign_of_a_report_is_not_changed_and_its_asks_are_those_offered(coalition: Coalition) -> None:
    client = client_of(coalition.site_admin)
    found = kenyas(coalition)
    text = client.get(f"{REPORTS}{found.pk}/change/").content.decode()
    assert 'name="campaign"' not in text and 'name="reported_by"' not in text and 'name="version"' not in text
    assert 'name="change_reason"' in text
    assert '<option value="named"' not in text  # a report is public or kept for its organisation and organisers


def test_a_report_added_in_the_admin_is_counted(coalition: Coalition) -> None:
    client = client_of(coalition.site_admin)
    kenya = State.objects.get(iso3="KEN")
    added = {
        "campaign": coalition.campaign.pk,
        "owner": coalition.kenya_member.pk,
        "kind": "media",
        "date": "2017-02-22",
        "ask": coalition.asks["media"].pk,
        "state": kenya.pk,
        "target": "Daily Nation",
        "link": "",
        "note": "",
        "visibility": Visibility.PUBLIC,
        "change_reason": "reported by telephone",
    }
    response = client.post(f"{REPORTS}add/", added)
    assert response.status_code == 302, response.content.decode()[:3000]
    made = ActionReport.objects.get(target="Daily Nation")
    assert made.reported_by == coalition.site_admin
    assert made.history.get().history_change_reason == "reported by telephone"
    assert activity_counts(None, coalition.campaign, date(2017, 2, 28)).total == 2  # public: Kenya's two
    assert_tallies_as_recounted(coalition)


def test_a_report_is_removed_only_with_a_reason_and_leaves_its_tallies(coalition: Coalition) -> None:
    admin_user = coalition.site_admin
    client: Client = client_of(admin_user)
    found = kenyas(coalition)
    url = f"{REPORTS}{found.pk}/delete/"
    assert 'name="change_reason"' in client.get(url).content.decode()
    refused = client.post(url, {"post": "yes", "change_reason": " "})
    assert "Say why the report is removed" in refused.content.decode()
    assert ActionReport.objects.filter(pk=found.pk).exists()
    assert client.post(url, {"post": "yes", "change_reason": "reported twice"}).status_code == 302
    assert not ActionReport.objects.filter(pk=found.pk).exists()
    removed = ActionReport.history.get(id=found.pk, history_type="-")
    assert (removed.history_user, removed.history_change_reason) == (admin_user, "reported twice")
    assert activity_counts(None, coalition.campaign, date(2017, 12, 31)).total == 0
    assert activity_counts(coalition.staff, coalition.campaign, date(2017, 12, 31)).total == 1
    assert_tallies_as_recounted(coalition)


def test_an_ask_is_removed_from_the_admin_with_a_reason(coalition: Coalition) -> None:
    client = client_of(coalition.site_admin)
    fundraise = coalition.asks["fundraise"]
    url = f"/admin/campaigns/ask/{fundraise.pk}/delete/"
    assert 'name="change_reason"' in client.get(url).content.decode()
    refused = client.post(url, {"post": "yes", "change_reason": ""})
    assert "Say why the ask is removed" in refused.content.decode()
    assert client.post(url, {"post": "yes", "change_reason": "not asked this year"}).status_code == 302
    assert not coalition.campaign.asks.filter(key="fundraise").exists()
