"""Choosing a language in the header keeps the reader on the page they were reading."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect


def choose_language(page: Page, name: str) -> None:
    page.locator("nav.languages").get_by_role("link", name=name).click()


def expect_language(page: Page, code: str, name: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("nav.languages a[aria-current=true]")).to_have_text(name)


@pytest.mark.browser
def test_choosing_francais_on_the_home_page_serves_it_in_french(page: Page) -> None:
    page.goto("/")
    expect_language(page, "en", "English")

    choose_language(page, "Français")

    expect(page).to_have_url(re.compile(r"/fr/$"))
    expect_language(page, "fr", "Français")
    expect(page.locator(".skip-link")).to_have_text("Aller au contenu")


@pytest.mark.browser
def test_choosing_languages_on_a_treaty_page_stays_on_that_page(page: Page) -> None:
    page.goto("/treaties/ccm/?as_of=2026-02-03&status=withdrawn")

    choose_language(page, "Français")

    expect(page).to_have_url(re.compile(r"/fr/treaties/ccm/\?as_of=2026-02-03&status=withdrawn$"))
    expect_language(page, "fr", "Français")

    choose_language(page, "Español")

    expect(page).to_have_url(re.compile(r"/es/treaties/ccm/\?as_of=2026-02-03&status=withdrawn$"))
    expect_language(page, "es", "Español")

    choose_language(page, "English")

    expect(page).to_have_url(re.compile(r"/treaties/ccm/\?as_of=2026-02-03&status=withdrawn$"))
    expect_language(page, "en", "English")
    expect(page.locator("table.states tbody tr th")).to_have_text(["Lithuania"])


@pytest.mark.browser
def test_choosing_a_language_from_a_shared_link_in_another_language(page: Page) -> None:
    # Someone opens a Spanish link in a browser set to English.
    page.goto("/es/states/LTU/")

    choose_language(page, "Français")

    expect(page).to_have_url(re.compile(r"/fr/states/LTU/$"))
    expect_language(page, "fr", "Français")
