"""The tasks people came with: find a State from any page's header, and the lists the counts and filters name."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "query", "heading"),
    [("", "Indonesia", "Indonesia"), ("/fr", "Indonésie", "Indonésie"), ("/es", "indonesia", "Indonesia")],
)
def test_the_header_search_opens_the_states_page_from_the_keyboard(
    page: Page, language: str, query: str, heading: str
) -> None:
    page.goto(f"{language}/treaties/ccm/?as_of=2026-02-03")

    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill(query)
    search.press("Enter")

    expect(page).to_have_url(re.compile(rf"{language}/states/IDN/\?as_of=2026-02-03$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)


@pytest.mark.browser
def test_several_states_found_show_their_status_beside_the_name_on_a_phone(phone_page: Page) -> None:
    phone_page.goto("/states/")

    phone_page.get_by_role("search").get_by_role("searchbox").fill("korea")
    phone_page.get_by_role("search").get_by_role("button", name="Find").tap()

    expect(phone_page.get_by_role("status")).to_have_text("2 States found for “korea”")
    found = phone_page.locator("ul.search-results > li")
    expect(found).to_have_count(2)
    expect(found.first).to_contain_text("CCM")
    header = phone_page.locator("header.site-header").bounding_box()
    assert header is not None and header["width"] <= 390


@pytest.mark.browser
def test_a_count_box_opens_the_list_it_counts(page: Page) -> None:
    page.goto("/treaties/ccm/?as_of=2026-02-03")

    page.locator('[data-count="signatories_not_ratified"]').click()

    expect(page).to_have_url(re.compile(r"status=signatory.*#results$"))
    expect(page.get_by_role("checkbox", name="Signed, not party")).to_be_checked()
    expect(page.locator("p.result-count")).to_have_text("12 States")
    expect(page.locator("table.states tbody tr")).to_have_count(12)
