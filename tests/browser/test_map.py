"""The maps in Chromium: named countries, no extra tab stops, a map that fits a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

TREATY = "/treaties/ccm/?as_of=2026-02-03"


@pytest.mark.browser
def test_each_state_on_the_map_is_named_with_its_status_and_leads_to_its_profile(page: Page) -> None:
    page.goto(TREATY)
    world = page.locator("figure.world-map")

    expect(world.get_by_role("link", name="Holy See: Party, in force")).to_have_count(1)
    lithuania = world.get_by_role("link", name="Lithuania: Withdrawn (2025-03-06)")
    expect(lithuania).to_have_count(1)

    lithuania.click()

    expect(page).to_have_url(re.compile(r"/states/LTU/\?as_of=2026-02-03$"))
    expect(page.get_by_role("img", name="Lithuania on the world map")).to_be_visible()


@pytest.mark.browser
def test_the_map_adds_no_tab_stops_the_table_has_the_links(page: Page) -> None:
    page.goto(TREATY)
    before_map = page.locator('section[aria-labelledby="counts"] a').last  # the last count, just above the map
    after_map = page.locator(".chart-cite .downloads a").first  # the chart's first download link

    before_map.focus()
    page.keyboard.press("Tab")

    expect(after_map).to_be_focused()


@pytest.mark.browser
def test_the_world_map_shrinks_to_a_phone_screen(phone_page: Page) -> None:
    phone_page.goto(TREATY)
    world = phone_page.locator("figure.world-map svg")

    box = world.bounding_box()
    _x, _y, width, height = (float(v) for v in (world.get_attribute("viewBox") or "").split())

    assert box is not None
    assert 300 < box["width"] <= 390
    # It keeps its shape instead of being squeezed.
    assert box["height"] == pytest.approx(box["width"] * height / width, abs=2)
    expect(phone_page.locator(".map-legend li")).to_have_count(6)
