"""A member's brief in Chromium: no WCAG A or AA violation (axe-core) on a desktop and on a 390px phone, in English,
French and Spanish; on a phone it fits the screen; printed, it leaves the site's navigation and forms out."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.test_accessibility import assert_no_violations

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    "path",
    ["/campaigns/oslo-10/briefs/IDN/", "/fr/campaigns/oslo-10/briefs/LAO/", "/es/campaigns/oslo-10/briefs/LBN/"],
)
def test_the_brief_passes_axe(page: Page, path: str) -> None:
    assert_no_violations(page, path)


@pytest.mark.parametrize("path", ["/campaigns/oslo-10/briefs/LAO/", "/es/campaigns/oslo-10/briefs/USA/"])
def test_the_brief_passes_axe_on_a_phone(phone_page: Page, path: str) -> None:
    assert_no_violations(phone_page, path)


def test_the_brief_fits_a_phone_and_prints_without_the_sites_navigation(phone_page: Page) -> None:
    phone_page.goto("/campaigns/oslo-10/briefs/IDN/")
    # The brief itself: nothing in it is wider than the screen (the site's header is the layout's own business).
    assert phone_page.evaluate("document.querySelector('main').scrollWidth") <= 390
    assert phone_page.evaluate("document.querySelector('.brief').getBoundingClientRect().right") <= 390
    assert "Brief for Indonesia" in phone_page.locator("h1").inner_text()
    phone_page.emulate_media(media="print")
    assert not phone_page.locator(".site-header").is_visible()
    assert not phone_page.locator("form.as-of").is_visible()
    assert phone_page.locator("#state-asks").is_visible()
