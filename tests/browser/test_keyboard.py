"""Keyboard users: the skip link comes first and takes them to the content."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect


@pytest.mark.browser
def test_tab_from_the_top_focuses_the_skip_link_which_moves_focus_to_main(page: Page) -> None:
    page.goto("/treaties/ccm/?as_of=2026-02-03")

    page.keyboard.press("Tab")

    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Skip to content")
    expect(skip_link).to_have_attribute("href", "#main")
    # Hidden off-screen until focused, then shown in the top-left corner.
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page.locator("main#main")).to_be_focused()
    # The next Tab continues from the content, not from the header.
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_attribute("id", "as-of")
