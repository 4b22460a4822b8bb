"""On a phone-sized screen nothing makes the page scroll sideways and the language links are usable."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

PAGE_WIDTH = "({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/treaties/ccm/?as_of=2026-02-03",
        "/states/",
        "/states/LTU/",
        "/activities/",
        "/treaties/ccm/action-plans/dubrovnik/",
    ],
    ids=["home", "treaty", "states", "state", "activities", "action-plan"],
)
def test_no_horizontal_page_overflow_on_a_phone(phone_page: Page, path: str) -> None:
    phone_page.goto(path)

    width = phone_page.evaluate(PAGE_WIDTH)

    assert width["inner"] == 390
    assert width["scroll"] <= width["inner"] + 1, f"{path} is {width['scroll']}px wide on a {width['inner']}px screen"


@pytest.mark.browser
def test_the_wide_states_table_scrolls_inside_its_own_box_on_a_phone(phone_page: Page) -> None:
    phone_page.goto("/treaties/ccm/?as_of=2026-02-03")

    wrap = phone_page.locator(".table-wrap", has=phone_page.locator("table.states")).evaluate(
        "(el) => ({overflowX: getComputedStyle(el).overflowX, scroll: el.scrollWidth, client: el.clientWidth})"
    )

    assert wrap["overflowX"] == "auto"
    assert wrap["scroll"] > wrap["client"], "the table fits, so this test no longer checks the scrolling box"
    assert phone_page.evaluate(PAGE_WIDTH)["scroll"] <= 391


@pytest.mark.browser
def test_the_language_links_are_reachable_on_a_phone(phone_page: Page) -> None:
    phone_page.goto("/treaties/ccm/?as_of=2026-02-03")
    links = phone_page.locator("nav.languages").get_by_role("link")
    expect(links).to_have_text(["English", "Français", "Español"])

    for link in links.all():
        expect(link).to_be_in_viewport()
        box = link.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{link.inner_text()} is off the side of the screen"

    links.get_by_text("Français").tap()

    expect(phone_page).to_have_url(re.compile(r"/fr/treaties/ccm/\?as_of=2026-02-03$"))
    expect(phone_page.locator("html")).to_have_attribute("lang", "fr")


@pytest.mark.browser
def test_activities_are_filtered_on_a_phone(phone_page: Page) -> None:
    phone_page.goto("/activities/")
    expect(phone_page.locator(".result-count")).to_have_text("6 activities")

    phone_page.get_by_label("Kind").select_option("concept_note")
    phone_page.get_by_label("Words in the title, summary or place").fill("8MSP")
    phone_page.get_by_role("button", name="Filter").tap()

    expect(phone_page).to_have_url(re.compile(r"/activities/\?.*kind=concept_note.*q=8MSP"))
    expect(phone_page.locator(".result-count")).to_have_text("1 activity")
    expect(phone_page.locator("table.activities tbody tr")).to_have_count(1)
    expect(phone_page.locator("table.activities")).to_contain_text("December 2017")
    download = phone_page.get_by_role("link", name="CSV")
    expect(download).to_have_attribute("href", re.compile(r"kind=concept_note"))
    phone_page.wait_for_load_state("load")  # laid out with its style sheet, not before it arrives
    assert phone_page.evaluate(PAGE_WIDTH)["scroll"] <= 391
