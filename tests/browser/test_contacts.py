"""A member organisation's editor records a contact from a phone, with the person's consent, and finds it in the
organisation's contacts; the editor of another member of the same coalition, signed in on a desktop, sees none of
it. Every page passes axe-core and fits a 390-pixel phone.

Like test_activity_logging.py, this test writes through the live server: on SQLite in memory the server answers on
the test's own connection (rolled back with the test); elsewhere the accounts are committed from a thread of their
own and everything the test wrote is removed after, history included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, written_for_the_test
from tests.browser.test_activity_logging import PAGE_WIDTH, _no_axe_violations
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from treatywatch.contacts.models import Contact
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role

PASSWORD = "a long test password for the contacts"
NAME = "Deputy Ana Torres"
NOTES = "Asked for the Monitor's country profile before the committee's hearing."
USERS = ("contacts-editor", "other-member-editor", "contacts-site-admin")


def _accounts() -> dict[str, Any]:
    site_admin = User.objects.create_superuser(USERS[2], password=PASSWORD)
    made = Organisation(name="Browser Coalition", slug="browser-coalition", kind=OrganisationKind.COALITION)
    coalition = do_save_organisation(made, actor=site_admin, reason="test")
    organisations = []
    for name, username in (("Member in Peru", USERS[0]), ("Member in Chile", USERS[1])):
        member = Organisation(
            name=name, slug=name.lower().replace(" ", "-"), kind=OrganisationKind.CAMPAIGN_MEMBER, coalition=coalition
        )
        do_save_organisation(member, actor=site_admin, reason="test")
        editor = User.objects.create_user(username, password=PASSWORD)
        do_set_membership(member, editor, Role.EDITOR, actor=site_admin, reason="test")
        organisations.append(member.pk)
    return {"organisations": [*organisations, coalition.pk]}


def _remove(made: dict[str, Any]) -> None:
    """What the test wrote, removed as if it had never been, history included."""
    contacts = Contact.objects.filter(owner_id__in=made["organisations"])
    ids = list(contacts.values_list("pk", flat=True))
    contacts.delete()
    Contact.history.filter(id__in=ids).delete()
    Organisation.objects.filter(pk__in=made["organisations"][:2]).delete()
    Organisation.objects.filter(pk__in=made["organisations"]).delete()
    User.objects.filter(username__in=USERS).delete()
    Membership.history.filter(organisation_id__in=made["organisations"]).delete()
    Organisation.history.filter(id__in=made["organisations"]).delete()
    AccessLog.objects.filter(username__in=USERS).delete()


@pytest.fixture
def accounts(site: str) -> Iterator[Any]:
    yield from written_for_the_test(site, _accounts, _remove)


def _sign_in(page: Page, username: str, then: str) -> None:
    page.goto(then)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(then)


def _fits_the_phone(page: Page) -> None:
    width = page.evaluate(PAGE_WIDTH)
    assert width["scroll"] <= width["inner"] + 1, f"{page.url} scrolls sideways on a phone"


@pytest.mark.browser
def test_a_member_records_a_contact_from_a_phone_and_another_member_cannot_see_it(
    accounts: None, phone_page: Page, page: Page, site: str
) -> None:
    phone = phone_page
    phone.add_init_script(path=AXE_JS)
    phone.add_init_script(RECORD_VIOLATIONS)
    _sign_in(phone, USERS[0], "/contacts/new/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Record a contact")
    _no_axe_violations(phone)
    _fits_the_phone(phone)
    assert phone.locator("#id_name").bounding_box()["height"] >= 44  # type: ignore[index]

    # Consent ticked without its day: the message is next to the field and in the summary, nothing is saved.
    phone.locator("#id_name").fill(NAME)
    phone.get_by_label("Kind").select_option("parliamentarian")
    phone.locator("#id_state").select_option(label="Peru")
    phone.get_by_label("Institution").fill("Congress of the Republic")
    phone.get_by_label("E-mail").fill("ana.torres@example.org")
    phone.get_by_label("Notes").fill(NOTES)
    phone.get_by_label("The person consented to being kept in our contacts").check()
    phone.get_by_role("button", name="Record the contact").click()
    expect(phone.get_by_role("alert")).to_contain_text("Give the day the person consented.")
    _no_axe_violations(phone)
    _fits_the_phone(phone)

    phone.locator("#id_consent_on").fill("2025-03-04")
    phone.get_by_label("How they consented").select_option("email")
    expect(phone.get_by_label("My organisation only.")).to_be_checked()
    phone.get_by_role("button", name="Record the contact").click()
    expect(phone.get_by_role("status").first).to_have_text("The contact is recorded.")
    expect(phone.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(phone.locator("main")).to_contain_text("Given on 4 March 2025, by e-mail.")
    contact_url = phone.url.removeprefix(site)
    _no_axe_violations(phone)
    _fits_the_phone(phone)

    phone.goto("/contacts/?state=PER")
    expect(phone.get_by_role("link", name=NAME)).to_be_visible()
    _no_axe_violations(phone)
    _fits_the_phone(phone)
    assert phone.evaluate("window.cspViolations") == []

    # Another member of the same coalition: the contact is in none of its pages, and its address does not exist.
    _sign_in(page, USERS[1], "/contacts/")
    expect(page.locator("main")).to_contain_text("0 contacts")
    expect(page.locator("main")).not_to_contain_text(NAME)
    response = page.goto(contact_url)
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text(NOTES)
    download = page.request.get("/contacts.csv")
    assert download.status == 200 and NAME not in download.text()
