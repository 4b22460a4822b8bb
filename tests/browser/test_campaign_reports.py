"""A member's editor reports from a phone what it did for a campaign, in a few taps (today and the member's country
are already chosen), and sees it counted on the campaign's dashboard and its map; an anonymous visitor sees no
count of it, since the report is kept for the member and the campaign's organisers. Every page passes axe-core.

Like test_activity_logging.py, this test writes through the live server and undoes it (see that file for how)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, written_for_the_test
from tests.browser.test_activity_logging import PAGE_WIDTH, _no_axe_violations
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from treatywatch.campaigns.models import ActionReport, Ask, Campaign
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role
from treatywatch.registry.models import State

PASSWORD = "a long test password for the member"
TARGET = "Ministry of Foreign Affairs, legal department"


def _coalition() -> dict[str, Any]:
    admin = User.objects.create_superuser("browser-campaign-admin", password=PASSWORD)
    coalition = do_save_organisation(
        Organisation(
            name="Browser Campaign Coalition", slug="browser-campaign-coalition", kind=OrganisationKind.COALITION
        ),
        actor=admin,
        reason="test",
    )
    member = do_save_organisation(
        Organisation(
            name="Browser Member in Kenya",
            slug="browser-member-kenya",
            kind=OrganisationKind.CAMPAIGN_MEMBER,
            state=State.objects.get(iso3="KEN"),
        ),
        actor=admin,
        reason="test",
    )
    editor = User.objects.create_user("member-editor", password=PASSWORD)
    do_set_membership(member, editor, Role.EDITOR, actor=admin, reason="test")
    # The call of the reference document's week (20 to 24 February 2017); two of its asks, as test data.
    campaign = Campaign.objects.create(
        slug="browser-oslo-10",
        name="Oslo Process, 10 years",
        starts_on=date(2017, 2, 20),
        ends_on=date(2017, 2, 24),
        organiser=coalition,
    )
    Ask.objects.create(campaign=campaign, key="ratify", title="Ratify the Convention", rule=SIGNATORIES)
    Ask.objects.create(campaign=campaign, key="share_memories", title="Share your memories", order=1)
    return {"users": [admin.pk, editor.pk], "organisations": [coalition.pk, member.pk], "campaign": campaign.pk}


def _remove(made: dict[str, Any]) -> None:
    """What the test wrote, removed as if it had never been, history included."""
    reports = ActionReport.objects.filter(campaign_id=made["campaign"])
    ids = list(reports.values_list("pk", flat=True))
    reports.delete()
    ActionReport.history.filter(id__in=ids).delete()
    Ask.objects.filter(campaign_id=made["campaign"]).delete()
    Campaign.objects.filter(pk=made["campaign"]).delete()
    Ask.history.filter(campaign_id=made["campaign"]).delete()
    Campaign.history.filter(id=made["campaign"]).delete()
    Organisation.objects.filter(pk__in=made["organisations"]).delete()
    User.objects.filter(pk__in=made["users"]).delete()
    Membership.history.filter(organisation_id__in=made["organisations"]).delete()
    Organisation.history.filter(id__in=made["organisations"]).delete()
    AccessLog.objects.filter(username="member-editor").delete()


SIGNATORIES = {"status": {"treaty": "ccm", "in": ["signatory"]}}


@pytest.fixture
def coalition(site: str) -> Iterator[Any]:
    yield from written_for_the_test(site, _coalition, _remove)


@pytest.mark.browser
def test_a_member_reports_from_a_phone_and_sees_it_on_the_dashboard(
    coalition: None, phone_page: Page, page: Page
) -> None:
    phone = phone_page
    phone.add_init_script(path=AXE_JS)
    phone.add_init_script(RECORD_VIOLATIONS)
    phone.goto("/campaigns/browser-oslo-10/reports/new/")
    expect(phone).to_have_url("/accounts/sign-in/?next=/campaigns/browser-oslo-10/reports/new/")
    phone.get_by_label("Username").fill("member-editor")
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Report what you did")
    _no_axe_violations(phone)
    width = phone.evaluate(PAGE_WIDTH)
    assert width["scroll"] <= width["inner"] + 1, "the form makes the page scroll sideways on a phone"
    # Already chosen: today, and the member's country.
    expect(phone.locator("#id_date")).to_have_value(timezone.localdate().isoformat())
    expect(phone.get_by_label("State", exact=True)).to_have_value(str(State.objects.get(iso3="KEN").pk))

    # Sent without saying what was done: the message is next to the field and at the top, nothing is saved.
    phone.get_by_role("button", name="Send the report").click()
    expect(phone.get_by_role("alert")).to_contain_text("What did you do?: This field is required.")
    _no_axe_violations(phone)

    phone.get_by_label("Met an official").check()
    phone.get_by_label("For which ask?").select_option(label="Ratify the Convention")
    phone.get_by_label("Who did you approach?").fill(TARGET)
    phone.get_by_role("button", name="Send the report").click()
    expect(phone.get_by_role("status").first).to_have_text("Thank you: your report is saved.")
    expect(phone.get_by_role("row", name=TARGET)).to_contain_text("Kenya")
    _no_axe_violations(phone)

    phone.get_by_role("navigation", name="This campaign").get_by_role("link", name="Dashboard").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Oslo Process, 10 years: dashboard")
    expect(phone.locator("main")).to_contain_text("1 report up to")
    by_country = phone.locator("section", has=phone.locator("#by-state"))
    expect(by_country.get_by_role("row", name="Kenya")).to_contain_text("1")
    expect(phone.locator("svg a.map-activity-1 title")).to_have_text("Kenya: 1 report")
    width = phone.evaluate(PAGE_WIDTH)
    assert width["scroll"] <= width["inner"] + 1, "the dashboard makes the page scroll sideways on a phone"
    expect(phone.locator("#no-action-states")).not_to_contain_text("Kenya")
    _no_axe_violations(phone)
    assert phone.evaluate("window.cspViolations") == []

    # Anonymous: the report is kept for the member and the organisers, so it is counted nowhere.
    page.add_init_script(path=AXE_JS)
    page.goto("/campaigns/browser-oslo-10/dashboard/")
    expect(page.locator("main")).to_contain_text("0 reports up to")
    expect(page.locator("section", has=page.locator("#by-state"))).not_to_contain_text("Kenya")
    expect(page.locator("svg a.map-activity-1")).to_have_count(0)
    # Kenya, which the `ratify` ask targets, is among the States with no report the reader may read.
    expect(page.locator("#no-action-states")).to_contain_text("Kenya")
    _no_axe_violations(page)
