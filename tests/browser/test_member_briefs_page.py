"""The coalition's staff open a campaign's members' briefs page on a phone (signed in through the site's sign-in
page): it passes axe-core, fits a 390-pixel phone, and offers to generate every member's brief.

Like test_contacts.py, this test writes through the live server: on SQLite in memory the server answers on the
test's own connection (rolled back with the test); elsewhere the accounts are committed from a thread of their own
and everything the test wrote is removed after, history included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, written_for_the_test
from tests.browser.test_activity_logging import PAGE_WIDTH, _no_axe_violations
from treatywatch.campaigns.actions import do_save_campaign
from treatywatch.campaigns.models import Campaign
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role

PASSWORD = "a long test password for the briefs"
USERS = ("briefs-staff", "briefs-site-admin")
PAGE = "/campaigns/oslo-10/briefs/"


def _accounts() -> dict[str, Any]:
    site_admin = User.objects.create_superuser(USERS[1], password=PASSWORD)
    made = Organisation(name="Briefs Coalition", slug="briefs-coalition", kind=OrganisationKind.COALITION)
    coalition = do_save_organisation(made, actor=site_admin, reason="test")
    staff = User.objects.create_user(USERS[0], password=PASSWORD)
    do_set_membership(coalition, staff, Role.EDITOR, actor=site_admin, reason="test")
    campaign = Campaign.objects.get(slug="oslo-10")
    before = campaign.organiser_id
    campaign.organiser = coalition
    do_save_campaign(campaign, actor=site_admin, reason="test")
    return {"coalition": coalition.pk, "organiser": before}


def _remove(made: dict[str, Any]) -> None:
    """What the test wrote, removed as if it had never been, history included."""
    Campaign.objects.filter(slug="oslo-10").update(organiser_id=made["organiser"])
    Campaign.history.filter(slug="oslo-10", organiser_id=made["coalition"]).delete()
    Membership.objects.filter(organisation_id=made["coalition"]).delete()
    Membership.history.filter(organisation_id=made["coalition"]).delete()
    Organisation.objects.filter(pk=made["coalition"]).delete()
    Organisation.history.filter(id=made["coalition"]).delete()
    User.objects.filter(username__in=USERS).delete()
    AccessLog.objects.filter(username__in=USERS).delete()


@pytest.fixture
def accounts(site: str) -> Iterator[Any]:
    yield from written_for_the_test(site, _accounts, _remove)


@pytest.mark.browser
def test_the_staff_open_the_members_briefs_page_on_a_phone(accounts: None, phone_page: Page) -> None:
    phone = phone_page
    phone.add_init_script(path=AXE_JS)
    phone.goto(PAGE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sign in")
    phone.get_by_label("Username").fill(USERS[0])
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone).to_have_url(PAGE)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Members' briefs")
    expect(phone.get_by_role("button", name="Generate the briefs")).to_be_visible()
    expect(phone.locator("main")).to_contain_text("No brief has been generated for your organisation yet.")
    _no_axe_violations(phone)
    width = phone.evaluate(PAGE_WIDTH)
    assert phone.evaluate("document.querySelector('main').scrollWidth") <= width["inner"]
