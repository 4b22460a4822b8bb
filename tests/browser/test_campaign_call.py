"""The coalition's editor previews and sends a campaign's call from a phone; a member's person opens the unsubscribe
link from the e-mail, in French, and stops the calls. Every page passes axe-core and fits a 390-pixel phone.

Written through the live server as test_contacts.py is (see there): on SQLite in memory the server answers on the
test's own connection, and the job the button queues waits for a commit that never comes (the page then shows it
waiting for the worker); elsewhere it runs and the page shows it done."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, written_for_the_test
from tests.browser.test_activity_logging import _no_axe_violations
from tests.browser.test_contacts import _fits_the_phone
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from treatywatch.campaigns.models import Campaign
from treatywatch.jobs.models import Job
from treatywatch.mailing.calls import unsubscribe_token
from treatywatch.mailing.models import CallDelivery, CallOptOut
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role

PASSWORD = "a long test password for the campaign call"
USERS = ("call-coordinator", "call-member", "call-site-admin")


def _accounts() -> dict[str, Any]:
    site_admin = User.objects.create_superuser(USERS[2], password=PASSWORD)
    made = Organisation(name="Call Coalition", slug="call-coalition", kind=OrganisationKind.COALITION)
    coalition = do_save_organisation(made, actor=site_admin, reason="test")
    member = Organisation(
        name="Call member in Peru",
        slug="call-member-in-peru",
        kind=OrganisationKind.CAMPAIGN_MEMBER,
        coalition=coalition,
        languages=["es"],
    )
    do_save_organisation(member, actor=site_admin, reason="test")
    coordinator = User.objects.create_user(USERS[0], password=PASSWORD)
    do_set_membership(coalition, coordinator, Role.EDITOR, actor=site_admin, reason="test")
    person = User.objects.create_user(USERS[1], email="call-member@example.org", password=PASSWORD)
    do_set_membership(member, person, Role.EDITOR, actor=site_admin, reason="test")
    # Set without a history entry, and put back after: the shipped campaign is shared by every test.
    Campaign.objects.filter(slug="oslo-10").update(organiser=coalition)
    return {"organisations": [member.pk, coalition.pk], "person": person.pk}


def _remove(made: dict[str, Any]) -> None:
    Campaign.objects.filter(slug="oslo-10").update(organiser=None)
    CallDelivery.objects.filter(organisation_id__in=made["organisations"]).delete()
    CallOptOut.objects.filter(user_id=made["person"]).delete()
    Job.objects.filter(campaign_slug="oslo-10").delete()
    Organisation.objects.filter(pk=made["organisations"][0]).delete()
    Organisation.objects.filter(pk__in=made["organisations"]).delete()
    User.objects.filter(username__in=USERS).delete()
    # After every delete above: each one writes a history row of its own.
    CallOptOut.history.filter(user_id=made["person"]).delete()
    Membership.history.filter(organisation_id__in=made["organisations"]).delete()
    Organisation.history.filter(id__in=made["organisations"]).delete()
    AccessLog.objects.filter(username__in=USERS).delete()


@pytest.fixture
def accounts(site: str) -> Iterator[Any]:
    yield from written_for_the_test(site, _accounts, _remove)


def _sign_in(page: Page, then: str) -> None:
    page.goto(then)
    page.get_by_label("Username").fill(USERS[0])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(then)


@pytest.mark.browser
def test_the_coalition_sends_the_call_and_a_member_unsubscribes_from_a_phone(
    accounts: dict[str, Any], phone_page: Page
) -> None:
    phone = phone_page
    phone.add_init_script(path=AXE_JS)
    phone.add_init_script(RECORD_VIOLATIONS)
    # The sending page reloads itself while its job waits or runs: kept still here, so that axe measures one page.
    phone.route("**/jobs/refresh*.js", lambda route: route.abort())
    _sign_in(phone, "/campaigns/oslo-10/call/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Sending the call")
    expect(phone.locator("main")).to_contain_text("will be sent: 1")
    expect(phone.locator("main")).to_contain_text("call-member@example.org")
    _no_axe_violations(phone)
    _fits_the_phone(phone)

    phone.get_by_role("button", name="Send the call to 1 person").click()
    expect(phone.get_by_role("status").first).to_contain_text("The call is being sent")
    expect(phone.locator("#progress")).to_contain_text("Last sending")
    _no_axe_violations(phone)
    _fits_the_phone(phone)
    assert phone.evaluate("window.cspViolations") == []

    person = User(pk=accounts["person"])
    phone.goto(f"/fr/campaign-mail/unsubscribe/{unsubscribe_token(person)}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Appels de campagne par courriel")
    _no_axe_violations(phone)
    _fits_the_phone(phone)
    phone.get_by_role("button", name="Ne plus recevoir les appels de campagne").click()
    expect(phone.get_by_role("status")).to_contain_text("Ces courriels sont arrêtés")
    expect(phone.get_by_role("button", name="Recevoir de nouveau les appels de campagne")).to_be_visible()
    _no_axe_violations(phone)
    _fits_the_phone(phone)
