"""Site administrators keep the action plans in the admin, every change with a reason through the plans'
actions; an entered indicator shows through its figures, each with its source, from its date on."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from treatywatch.lib.actions import ActionError
from treatywatch.plans.actions import do_delete_plan_record, do_save_evidence, do_save_indicator
from treatywatch.plans.models import ActionPlan, Evidence, Indicator, PlanAction
from treatywatch.registry.models import Source
from treatywatch.registry.roles import EDITOR

pytestmark = pytest.mark.django_db

EVIDENCE = "/admin/plans/evidence/"


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="a long test password")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def action(key: str) -> PlanAction:
    return PlanAction.objects.get(key=key, plan__treaty__slug="ccm")


def test_a_figure_is_added_in_the_admin_with_its_reason(site_admin: User) -> None:
    dap = ActionPlan.objects.get(slug="dubrovnik")
    source = Source.objects.create(citation="Cluster Munition Monitor 2019", url="https://example.org/cmm19")
    form = {
        "plan": dap.pk,
        "actions": [action("dubrovnik-01").pk],
        "theme": "universalization",
        "relates_to": "DAP Action 1",
        "date": "2019-08-01",
        "date_precision": "day",
        "date_as_written": "1 Aug 2019",
        "figure": "106 States Parties",
        "value": "106",
        "source": source.pk,
        "change_reason": "Monitor 2019 read",
    }
    response = signed_in(site_admin).post(f"{EVIDENCE}add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Evidence.objects.get(figure="106 States Parties", source=source)
    assert [a.key for a in added.actions.all()] == ["dubrovnik-01"]
    assert added.history.first().history_change_reason == "Monitor 2019 read"


def test_a_rough_date_not_stored_as_its_last_day_comes_back_on_the_form(site_admin: User) -> None:
    dap = ActionPlan.objects.get(slug="dubrovnik")
    source = Source.objects.create(citation="A figure")
    form = {
        "plan": dap.pk,
        "date": "2019-08-01",
        "date_precision": "month",
        "figure": "106 States Parties",
        "source": source.pk,
        "change_reason": "test",
    }
    response = signed_in(site_admin).post(f"{EVIDENCE}add/", form)
    assert response.status_code == 200
    assert "A date known only to the month is stored as its last day: give 2019-08-31" in response.content.decode()
    assert not Evidence.objects.filter(source=source).exists()


def test_a_register_editor_does_not_see_the_plans_in_the_admin() -> None:
    editor = User.objects.create_user("editor", password="a long test password", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    assert signed_in(editor).get(EVIDENCE).status_code == 403
    assert "/admin/plans/" not in signed_in(editor).get("/admin/").content.decode()


def test_an_entered_indicator_shows_through_its_figures_from_their_date(site_admin: User) -> None:
    transparency = action("dubrovnik-38")
    indicator = Indicator(action=transparency, text="Rate of submission of initial transparency reports")
    do_save_indicator(indicator, [], actor=site_admin, reason="test")
    figure = Evidence(
        plan=transparency.plan,
        indicator=indicator,
        date=date(2019, 9, 2),
        date_as_written="2 Sep 2019",
        figure="90% of initial reports submitted",
        source=Source.objects.create(citation="Ninth Meeting of States Parties, Progress Report"),
    )
    do_save_evidence(figure, [], actor=site_admin, reason="test")
    before = Client().get("/treaties/ccm/action-plans/dubrovnik/", {"as_of": "2019-09-01"}).content.decode()
    after = Client().get("/treaties/ccm/action-plans/dubrovnik/", {"as_of": "2019-09-02"}).content.decode()
    assert "Rate of submission of initial transparency reports" in before
    assert "No figure is recorded for this indicator on this date." in before
    assert "90% of initial reports submitted" not in before
    assert "90% of initial reports submitted" in after
    assert "Ninth Meeting of States Parties, Progress Report" in after


def test_removing_a_plan_asks_for_a_reason_and_takes_its_actions(site_admin: User) -> None:
    vap = ActionPlan.objects.get(slug="vientiane")
    with pytest.raises(ActionError, match="Say why"):
        do_delete_plan_record(vap, actor=site_admin, reason=" ")
    do_delete_plan_record(vap, actor=site_admin, reason="replaced by the full text")
    assert not PlanAction.objects.filter(plan__slug="vientiane").exists()
    assert Client().get("/treaties/ccm/action-plans/vientiane/").status_code == 404


def test_a_figure_saved_shows_at_once_on_a_page_already_served(site_admin: User) -> None:
    dap = ActionPlan.objects.get(slug="dubrovnik")
    url, day = "/treaties/ccm/action-plans/dubrovnik/", {"as_of": "2020-01-01"}
    assert "Monitor 2019: 106 States Parties" not in Client().get(url, day).content.decode()
    figure = Evidence(
        plan=dap,
        date=date(2019, 8, 31),
        date_precision="month",
        date_as_written="Aug 2019",
        figure="Monitor 2019: 106 States Parties",
        source=Source.objects.create(citation="Cluster Munition Monitor 2019"),
    )
    do_save_evidence(figure, [action("dubrovnik-01")], actor=site_admin, reason="test")
    assert "Monitor 2019: 106 States Parties" in Client().get(url, day).content.decode()
    assert "Monitor 2019: 106 States Parties" in str(Client().get("/api/v1/action-plans/dubrovnik", day).json())
