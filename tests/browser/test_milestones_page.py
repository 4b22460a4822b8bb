"""The milestones page and a treaty's findings page in Chromium: the filters as a reader uses them, on a desktop
and on a phone, with no WCAG A/AA violation (axe-core)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import assert_no_violations
from tests.browser.test_phone import PAGE_WIDTH

OSLO_WEEK = "/milestones/?as_of=2018-11-01&from=2018-12-01&to=2018-12-07"


@pytest.mark.browser
def test_filtering_the_milestones_to_norways_round_ones(page: Page) -> None:
    page.goto(OSLO_WEEK)

    page.locator("select#state-filter").select_option("NOR")
    page.locator("select#round-filter").select_option("true")
    page.get_by_role("button", name="Filter").click()

    expect(page).to_have_url(re.compile(r"[?&]state=NOR(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]as_of=2018-11-01(&|$)"))  # the filter keeps the record's day
    rows = page.locator("table.milestones tbody tr")
    expect(rows).to_have_count(2)  # the CCM signature and ratification of 3 December 2008
    expect(rows.first).to_contain_text("10 years")
    expect(page.locator("p.result-count")).to_have_text("2 milestones")


@pytest.mark.browser
def test_the_navigation_leads_to_the_milestones(page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Milestones").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Milestones")


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        OSLO_WEEK,
        "/fr/milestones/?state=NOR",
        "/es/treaties/ccm/findings/?as_of=2026-02-03",
        "/states/NOR/?as_of=2018-01-01",
        "/fr/treaties/ccm/?as_of=2018-01-01",
    ],
    ids=["milestones", "milestones-fr", "findings-es", "state-milestones", "treaty-milestones-fr"],
)
def test_no_wcag_a_or_aa_violations(page: Page, path: str) -> None:
    assert_no_violations(page, path)


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    ["/milestones/", "/es/milestones/?treaty=ccm", "/treaties/ccm/findings/?as_of=2026-02-03"],
    ids=["milestones", "milestones-es", "findings"],
)
def test_on_a_phone_no_violation_and_no_sideways_scroll(phone_page: Page, path: str) -> None:
    assert_no_violations(phone_page, path)

    width = phone_page.evaluate(PAGE_WIDTH)
    assert width["scroll"] <= width["inner"] + 1, f"{path} is {width['scroll']}px wide on a {width['inner']}px screen"
