"""An organisation's editor (a member, not staff) signs in on the site's page and logs a closed activity from a phone
right after the meeting, and finds it on the State's profile and on the universalization board; an anonymous visitor
sees only its public part there. Then the editor opens their account page and signs out.

This browser test writes, through the live server. On SQLite in memory the server is made to answer on the test's
own connection, so that what it writes is rolled back with the test. Elsewhere (PostgreSQL) the member it signs in
as is committed from a thread of its own, and everything the test wrote is removed after, history included. Either
way the package's check that the register is unchanged holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any, TypeVar

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import User
from playwright.sync_api import FilePayload, Page, expect

from tests.browser.conftest import AXE_JS, written_for_the_test
from tests.browser.test_accessibility import RUN_AXE, WCAG_TAGS, describe
from tests.browser.test_content_security_policy import RECORD_VIOLATIONS
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role
from treatywatch.outreach.models import Activity, ActivityDocument, FollowUp
from treatywatch.registry.models import Source, Treaty

T = TypeVar("T")

TITLE = "Closed briefing on the CCM for South American missions"
NOTES = "Brazil's mission will brief the capital on the CCM before the next meeting."
PARTICIPANTS = "Two deputies of the foreign affairs committee"
PASSWORD = "a long test password for the editor"
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PAGE_WIDTH = "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"


def _member() -> dict[str, Any]:
    site_admin = User.objects.create_superuser("browser-site-admin", password=PASSWORD)
    made = Organisation(name="Browser Test Coalition", slug="browser-test-coalition", kind=OrganisationKind.COALITION)
    coalition = do_save_organisation(made, actor=site_admin, reason="test")
    # A member, not staff: the site's own sign-in lets them log activities without the admin.
    editor = User.objects.create_user("field-editor", password=PASSWORD, first_name="Field", last_name="Editor")
    do_set_membership(coalition, editor, Role.EDITOR, actor=site_admin, reason="test")
    return {
        "users": [site_admin.pk, editor.pk],
        "organisation": coalition.pk,
        "record_versions": dict(Treaty.objects.values_list("pk", "record_version")),
        "sources": set(Source.objects.values_list("pk", flat=True)),
    }


def _remove(made: dict[str, Any]) -> None:
    """What the test wrote, removed as if it had never been, history included."""
    activities = Activity.objects.filter(owner_id=made["organisation"])
    ids = list(activities.values_list("pk", flat=True))
    for document in ActivityDocument.objects.filter(activity_id__in=ids):
        document.file.delete(save=False)
    new_sources = Source.objects.exclude(pk__in=made["sources"])
    source_ids = list(new_sources.values_list("pk", flat=True))
    activities.delete()
    new_sources.delete()
    Organisation.objects.filter(pk=made["organisation"]).delete()
    User.objects.filter(pk__in=made["users"]).delete()
    # After the deletions, which record each deleted row's end in its history too.
    ActivityDocument.history.filter(activity_id__in=ids).delete()
    FollowUp.history.filter(activity_id__in=ids).delete()
    Activity.history.filter(id__in=ids).delete()
    Source.history.filter(id__in=source_ids).delete()
    Membership.history.filter(organisation_id=made["organisation"]).delete()
    Organisation.history.filter(id=made["organisation"]).delete()
    AccessLog.objects.filter(username="field-editor").delete()
    for pk, version in made["record_versions"].items():
        Treaty.objects.filter(pk=pk).update(record_version=version)


@pytest.fixture
def member(site: str) -> Iterator[Any]:
    yield from written_for_the_test(site, _member, _remove)


def _no_axe_violations(page: Page) -> None:
    # After a click the heading can be there before the stylesheet is applied: axe must measure the laid-out page.
    page.wait_for_load_state("load")
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    results = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert results["passes"] > 0
    assert not results["violations"], f"axe-core found violations on {page.url}:\n{describe(results['violations'])}"


def _sign_in(page: Page) -> None:
    """Through the site's sign-in page, as the form sends a visitor there and back."""
    page.goto("/activities/new/")
    expect(page).to_have_url("/accounts/sign-in/?next=/activities/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    _no_axe_violations(page)
    page.get_by_label("Username").fill("field-editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Log an activity")).to_be_visible()
    page.wait_for_load_state("load")  # the form is measured next: with its stylesheet applied
    expect(page.get_by_role("navigation", name="Your account").get_by_role("link", name="Account")).to_be_visible()


def _account_and_sign_out(page: Page) -> None:
    """The member's account page and password page, then signing out from the header."""
    page.get_by_role("navigation", name="Your account").get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_role("row", name="Browser Test Coalition")).to_contain_text("editor")
    expect(page.locator("main")).to_contain_text("Signed in as Field Editor (field-editor).")
    _no_axe_violations(page)
    page.get_by_role("link", name="Change your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    _no_axe_violations(page)
    assert page.evaluate("window.cspViolations") == []
    page.goto("/admin/")  # not staff: the admin asks for a staff account
    expect(page).to_have_url("/admin/login/?next=/admin/")
    page.goto("/accounts/")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/")
    expect(page.get_by_role("navigation", name="Your account").get_by_role("link", name="Sign in")).to_be_visible()
    page.goto("/activities/new/")
    expect(page).to_have_url("/accounts/sign-in/?next=/activities/new/")


@pytest.mark.browser
def test_a_member_logs_a_closed_activity_from_a_phone_and_outsiders_see_only_its_public_part(
    member: None, phone_page: Page, page: Page, site: str
) -> None:
    phone = phone_page
    phone.add_init_script(path=AXE_JS)
    phone.add_init_script(RECORD_VIOLATIONS)
    day = date.today() - timedelta(days=3)
    _sign_in(phone)
    width = phone.evaluate(PAGE_WIDTH)
    assert width["scroll"] <= width["inner"] + 1, "the form makes the page scroll sideways on a phone"
    assert phone.locator("#id_title").bounding_box()["height"] >= 44  # type: ignore[index]

    # Sent without a title: the message is next to the field and in the summary at the top, nothing is saved.
    phone.get_by_role("button", name="Log the activity").click()
    expect(phone.get_by_role("alert")).to_contain_text("Title: This field is required.")
    expect(phone.locator("#id_title_error")).to_have_text("This field is required.")
    _no_axe_violations(phone)
    assert phone.evaluate("window.cspViolations") == []

    phone.get_by_label("Treaty").select_option(label="CCM")
    phone.get_by_label("Kind").select_option("meeting")
    phone.get_by_label("Title").fill(TITLE)
    phone.locator("#id_date").fill(day.isoformat())
    phone.get_by_label("Place").fill("Geneva")
    expect(phone.get_by_label("My organisation only", exact=False)).to_be_checked()
    phone.get_by_label("Find in the list: States approached").fill("braz")
    phone.locator("#id_target_states").get_by_label("Brazil").check()
    expect(phone.locator("#id_target_states").get_by_label("Chile")).to_be_hidden()
    phone.get_by_label("Find in the list: States that attended").fill("Brazil")
    phone.locator("#id_attending_states").get_by_label("Brazil").check()
    phone.get_by_label("Other participants").fill(PARTICIPANTS)
    phone.get_by_label("Outcome notes").fill(NOTES)
    briefing: FilePayload = {"name": "briefing.pdf", "mimeType": "application/pdf", "buffer": PDF}
    phone.set_input_files("#id_documents", [briefing])
    phone.get_by_role("button", name="Log the activity").click()

    expect(phone.get_by_role("status")).to_have_text("The activity is logged.")
    expect(phone.get_by_role("heading", level=1)).to_have_text(TITLE)
    activity_url = phone.url.removeprefix(site)
    expect(phone.get_by_text(NOTES)).to_be_visible()
    expect(phone.get_by_role("link", name="briefing")).to_be_visible()
    document_url = phone.get_by_role("link", name="briefing").get_attribute("href")
    _no_axe_violations(phone)

    phone.goto("/states/BRA/")
    engagement = phone.locator("section.state-engagement")
    expect(engagement.get_by_role("link", name=TITLE)).to_be_visible()
    expect(engagement).to_contain_text("approached, attended")
    phone.goto("/treaties/ccm/universalization/")
    engaged = phone.locator("section", has=phone.locator("#stage-engaged"))
    expect(engaged.get_by_role("row", name="Brazil")).to_contain_text(TITLE)
    assert phone.evaluate("window.cspViolations") == []

    # Anonymous: the activity's public part, and nothing of who was approached, who attended or what came of it.
    page.goto(activity_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("This activity is closed")
    main = page.locator("main").inner_text()
    assert "Brazil" not in main and NOTES not in main and PARTICIPANTS not in main and "briefing.pdf" not in main
    assert document_url is not None and page.request.get(document_url).status == 404
    page.goto("/states/BRA/")
    expect(page.locator("section.state-engagement")).not_to_contain_text(TITLE)
    page.goto("/treaties/ccm/universalization/")
    expect(page.locator("main")).not_to_contain_text(TITLE)
    not_engaged = page.locator("section", has=page.locator("#stage-not_engaged"))
    expect(not_engaged.get_by_role("row", name="Brazil")).to_have_count(1)

    _account_and_sign_out(phone)
