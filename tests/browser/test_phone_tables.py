"""On a phone, the tables of the campaign, contacts, action plan, institutions, members' briefs and account pages are
stacked as the treaty's are: each row a block with its heading (and its status or source) first, each cell named by
its column, and nothing makes the page scroll sideways.

The pages a member reads signed in need an account, a member organisation of the coalition that organises oslo-10,
a contact and a report: like test_member_briefs_page.py, this test writes them through the live server (on SQLite in
memory on the test's own connection, rolled back; elsewhere committed, and everything removed after, history
included)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from axes.models import AccessLog
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser.conftest import written_for_the_test
from tests.browser.test_phone import PAGE_WIDTH, STACKED
from treatywatch.campaigns.actions import do_save_campaign
from treatywatch.campaigns.models import ActionReport, Campaign
from treatywatch.campaigns.report_actions import ReportInput, do_delete_report, do_save_report
from treatywatch.contacts.actions import ContactInput, do_save_contact
from treatywatch.contacts.models import Contact
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role
from treatywatch.registry.models import State

PASSWORD = "a long test password for the phone tables"
USERS = ("tables-editor", "tables-site-admin")
CONTACT = "Deputy Wanjiru Kamau"


def _accounts() -> dict[str, Any]:
    site_admin = User.objects.create_superuser(USERS[1], password=PASSWORD)
    made = Organisation(name="Tables Coalition", slug="tables-coalition", kind=OrganisationKind.COALITION)
    coalition = do_save_organisation(made, actor=site_admin, reason="test")
    kenya = State.objects.get(iso3="KEN")
    member = do_save_organisation(
        Organisation(
            name="Tables Member in Kenya",
            slug="tables-member-kenya",
            kind=OrganisationKind.CAMPAIGN_MEMBER,
            coalition=coalition,
            state=kenya,
        ),
        actor=site_admin,
        reason="test",
    )
    editor = User.objects.create_user(USERS[0], password=PASSWORD)
    do_set_membership(coalition, editor, Role.EDITOR, actor=site_admin, reason="test")
    do_set_membership(member, editor, Role.EDITOR, actor=site_admin, reason="test")
    campaign = Campaign.objects.get(slug="oslo-10")
    before = campaign.organiser_id
    campaign.organiser = coalition
    do_save_campaign(campaign, actor=site_admin, reason="test")
    given = ContactInput(
        name=CONTACT,
        kind="parliamentarian",
        state=kenya,
        institution="National Assembly, Committee on Defence, Intelligence and Foreign Relations",
        email="wanjiru.kamau.committee@parliament.example.org",
        consent_given=True,
        consent_on=date(2017, 2, 1),
        consent_method="email",
    )
    do_save_contact(None, given, owner=member, actor=editor, reason="test")
    report = ReportInput(
        owner=member,
        kind="met_official",
        date=date(2017, 2, 21),
        state=kenya,
        target="Ministry of Foreign Affairs, Directorate of Multilateral Affairs, legal department",
    )
    do_save_report(campaign, None, report, actor=editor, reason="test")
    return {"organisations": [member.pk, coalition.pk], "organiser": before}


def _remove(made: dict[str, Any]) -> None:
    """What the test wrote, removed as if it had never been, history included."""
    # Through the action, so that the shipped campaign's tallies lose the report again.
    site_admin = User.objects.get(username=USERS[1])
    reports = list(ActionReport.objects.filter(owner_id__in=made["organisations"]))
    for report in reports:
        do_delete_report(report, actor=site_admin, reason="test")
    ActionReport.history.filter(id__in=[r.pk for r in reports]).delete()
    contacts = Contact.objects.filter(owner_id__in=made["organisations"])
    ids = list(contacts.values_list("pk", flat=True))
    contacts.delete()
    Contact.history.filter(id__in=ids).delete()
    Campaign.objects.filter(slug="oslo-10").update(organiser_id=made["organiser"])
    Campaign.history.filter(slug="oslo-10", organiser_id=made["organisations"][1]).delete()
    Membership.objects.filter(organisation_id__in=made["organisations"]).delete()
    Membership.history.filter(organisation_id__in=made["organisations"]).delete()
    Organisation.objects.filter(pk=made["organisations"][0]).delete()
    Organisation.objects.filter(pk__in=made["organisations"]).delete()
    Organisation.history.filter(id__in=made["organisations"]).delete()
    User.objects.filter(username__in=USERS).delete()
    AccessLog.objects.filter(username__in=USERS).delete()


@pytest.fixture
def accounts(site: str) -> Iterator[Any]:
    yield from written_for_the_test(site, _accounts, _remove)


def _stacked(page: Page, table: str, first: list[str]) -> None:
    """The table's first row is stacked on the phone, its cells labelled, `first` leading; the page fits."""
    page.wait_for_load_state("load")  # laid out with its style sheet, not before it arrives
    found = page.locator(table).first.evaluate(STACKED)
    assert found["display"] == "flex", f"{table} on {page.url} is not stacked"
    assert len(found["lefts"]) == 1, f"the row's cells are side by side on {page.url}: {found['lefts']}"
    assert found["rights"] <= 390
    assert found["first"][: len(first)] == first, (page.url, found["first"])
    labelled = [label for label in found["labels"] if label not in ("none", "normal")]
    assert len(labelled) >= len(found["labels"]) - 1, f"a cell on {page.url} has no label: {found['labels']}"
    assert found["head"] == "absolute"  # hidden from sight only: still a table to screen readers
    width = page.evaluate(PAGE_WIDTH)
    assert width["scroll"] <= width["inner"] + 1, f"{page.url} is {width['scroll']}px wide on a phone"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "table", "first", "label"),
    [
        ("/campaigns/oslo-10/", "table.targets", ["TH", "cell-status"], "Asks for this State"),
        ("/treaties/ccm/action-plans/dubrovnik/", "table.activities-by-region", ["TH", "cell-status"], "Activities"),
        ("/treaties/ccm/institutions/", "table.meetings", ["TH", "source cell-source"], "Sources and notes"),
        ("/activities/", "table.activities", ["source cell-source"], ""),
        ("/treaties/ccm/universalization/", "table.stack", ["cell-status"], "Status"),
    ],
    ids=["campaign", "action-plan", "institutions", "activities", "board"],
)
def test_public_tables_stack_on_a_phone(phone_page: Page, path: str, table: str, first: list[str], label: str) -> None:
    phone_page.goto(path)
    expect(phone_page.locator(table).first).to_be_visible()

    _stacked(phone_page, table, first)
    if label:
        labels = phone_page.locator(table).first.evaluate(STACKED)["labels"]
        assert any(text.startswith(f'"{label}') for text in labels), labels


@pytest.mark.browser
def test_a_members_tables_stack_on_a_phone(accounts: None, phone_page: Page) -> None:
    phone = phone_page
    phone.goto("/accounts/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sign in")
    phone.get_by_label("Username").fill(USERS[0])
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your account")
    _stacked(phone, "table.memberships", ["TH", "cell-status"])
    expect(phone.locator("table.memberships")).to_contain_text("Tables Member in Kenya")

    phone.goto("/contacts/")
    expect(phone.get_by_role("rowheader", name=CONTACT)).to_have_count(1)
    _stacked(phone, "table.contacts", ["TH", "cell-status"])

    phone.goto("/campaigns/oslo-10/reports/")
    expect(phone.locator("table.reports")).to_contain_text("Directorate of Multilateral Affairs")
    _stacked(phone, "table.reports", ["date", "cell-status"])

    phone.goto("/campaigns/oslo-10/dashboard/")
    expect(phone.locator("table.counts").first).to_contain_text("Kenya")
    _stacked(phone, "table.counts >> nth=0", ["TH"])

    phone.goto("/campaigns/oslo-10/call/")
    expect(phone.locator("table.sending")).to_contain_text("Tables Member in Kenya")
    _stacked(phone, "table.sending", ["TH", "cell-status"])

    phone.goto("/campaigns/oslo-10/briefs/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Members' briefs")
    width = phone.evaluate(PAGE_WIDTH)
    assert width["scroll"] <= width["inner"] + 1, "the members' briefs page scrolls sideways on a phone"
