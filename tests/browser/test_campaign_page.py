"""The campaign pages in Chromium: no WCAG A or AA violation (axe-core), on a desktop and on a 390px phone, in
English, French and Spanish; on a phone the States table scrolls inside its own box, not the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path", ["/campaigns/", "/campaigns/oslo-10/", "/fr/campaigns/oslo-10/?ask=implementation", "/es/campaigns/"]
)
def test_the_campaign_pages_pass_axe(page: Page, path: str) -> None:
    assert_no_violations(page, path)


@pytest.mark.parametrize("path", ["/campaigns/oslo-10/", "/es/campaigns/oslo-10/?region=Asia"])
def test_the_campaign_page_passes_axe_on_a_phone(phone_page: Page, path: str) -> None:
    assert_no_violations(phone_page, path)


def test_the_campaign_page_fits_a_phone(phone_page: Page) -> None:
    phone_page.goto("/campaigns/oslo-10/")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone_page.get_by_label("Ask", exact=True).select_option("ratify")
    phone_page.get_by_role("button", name="Filter").click()
    assert "Indonesia" in phone_page.locator("table").inner_text()
