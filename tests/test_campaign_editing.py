"""Campaigns and asks change only through their actions, with a reason, by site administrators; an edit is seen
at once by the pages and the API; the admin shows a rule's problem on its form."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from treatywatch.campaigns.actions import do_save_ask
from treatywatch.campaigns.models import Ask, Campaign
from treatywatch.lib.actions import SHIPPED_DATA, ActionError
from treatywatch.registry.roles import EDITOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("campaign-admin", password="a long test password")


def ask(key: str) -> Ask:
    return Ask.objects.get(campaign__slug="oslo-10", key=key)


def test_an_ask_needs_a_reason_a_readable_rule_and_a_site_administrator(site_admin: User) -> None:
    fund = ask("fund")
    with pytest.raises(ActionError, match="Say why"):
        do_save_ask(fund, actor=site_admin, reason=" ")
    fund.rule = {"role": "friend"}
    with pytest.raises(ActionError, match=re.escape("rule.role: 'friend' is not one of affected, donor")):
        do_save_ask(fund, actor=site_admin, reason="widen")
    fund.rule = {"region": "Atlantis"}
    with pytest.raises(ActionError, match=re.escape("rule.region: 'Atlantis' is not one of Africa")):
        do_save_ask(fund, actor=site_admin, reason="widen")
    fund.rule = {"obligation": {"treaty": "ccm", "key": "clearence"}}
    with pytest.raises(ActionError, match="the ccm rules set no obligation 'clearence'"):
        do_save_ask(fund, actor=site_admin, reason="a typo")
    fund.rule = {"role": "donor"}
    fund.translations = {"de": {"title": "Spenden"}}
    with pytest.raises(ActionError, match=re.escape("translations.de: not one of fr, es")):
        do_save_ask(fund, actor=site_admin, reason="German")
    editor = User.objects.create_user("campaign-editor", password="a long test password")
    editor.groups.add(Group.objects.get(name=EDITOR))
    with pytest.raises(ActionError, match="Only a site administrator"):
        do_save_ask(ask("fund"), actor=editor, reason="widen")
    with pytest.raises(ActionError, match="never changes an administrator's"):
        do_save_ask(ask("fund"), actor=SHIPPED_DATA, reason="reload")
    assert ask("fund").rule == {"role": "donor"}


def test_a_changed_rule_is_seen_at_once_by_the_api_and_the_page(
    client: Client, site_admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    url = "/api/v1/campaigns/oslo-10/targets"
    assert client.get(url, {"ask": "fund"}).json()["count"] == 0
    client.get("/campaigns/oslo-10/", {"ask": "fund"})
    fund = ask("fund")
    fund.rule = {"region": ["Europe"]}
    with django_capture_on_commit_callbacks(execute=True):  # the cached answers retire once the change commits
        do_save_ask(fund, actor=site_admin, reason="every European State, for the test")
    answer = client.get(url, {"ask": "fund"}).json()
    assert answer["count"] > 40 and {t["region"] for t in answer["targets"]} == {"Europe"}
    assert "Norway" in client.get("/campaigns/oslo-10/", {"ask": "fund"}).content.decode().split('id="targets"')[1]
    assert ask("fund").history.first().history_change_reason == "every European State, for the test"


def test_the_admin_keeps_campaigns_for_site_administrators_and_shows_a_rules_problem(site_admin: User) -> None:
    admin_client = Client()
    admin_client.force_login(site_admin)
    assert admin_client.get("/admin/campaigns/campaign/").status_code == 200
    fund = ask("fund")
    form = {
        "campaign": fund.campaign_id,
        "key": "fund",
        "order": fund.order,
        "title": fund.title,
        "description": fund.description,
        "talking_points": json.dumps(fund.talking_points),
        "translations": json.dumps(fund.translations),
        "rule": json.dumps({"status": {"treaty": "ccm", "in": ["member"]}}),
        "change_reason": "a typo",
    }
    bad = admin_client.post(f"/admin/campaigns/ask/{fund.pk}/change/", form)
    assert bad.status_code == 200 and "rule.status.in: &#x27;member&#x27; is not one of" in bad.content.decode()
    good = admin_client.post(
        f"/admin/campaigns/ask/{fund.pk}/change/", {**form, "rule": json.dumps({"role": "affected"})}
    )
    assert good.status_code == 302, good.content.decode()[:2000]
    assert ask("fund").rule == {"role": "affected"}
    editor = User.objects.create_user("editor", password="a long test password", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.get("/admin/campaigns/ask/").status_code == 403
    assert Campaign.objects.filter(slug="oslo-10").exists()
