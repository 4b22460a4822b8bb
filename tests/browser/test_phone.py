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
        "/treaties/ccm/compliance/?as_of=2026-02-03",
        "/states/NOR/?as_of=2026-02-03",
        "/milestones/",
        "/treaties/ccm/universalization/",
        "/glossary/",
    ],
    ids=[
        "home",
        "treaty",
        "states",
        "state",
        "activities",
        "action-plan",
        "compliance",
        "state-obligations",
        "milestones",
        "board",
        "glossary",
    ],
)
def test_no_horizontal_page_overflow_on_a_phone(phone_page: Page, path: str) -> None:
    phone_page.goto(path)

    width = phone_page.evaluate(PAGE_WIDTH)

    assert width["inner"] == 390
    assert width["scroll"] <= width["inner"] + 1, f"{path} is {width['scroll']}px wide on a {width['inner']}px screen"


STACKED = """(table) => {
  const row = table.querySelector('tbody tr');
  const cells = [...row.children].filter((cell) => getComputedStyle(cell).display !== 'none');
  const boxes = cells.map((cell) => cell.getBoundingClientRect());
  const order = cells.slice().sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
  return {
    display: getComputedStyle(row).display,
    lefts: [...new Set(boxes.map((box) => Math.round(box.left)))],
    rights: Math.max(...boxes.map((box) => box.right)),
    first: order.slice(0, 3).map((cell) => cell.className || cell.tagName),
    labels: order.map((cell) => getComputedStyle(cell, '::before').content),
    head: getComputedStyle(table.querySelector('thead')).position,
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize(
    ("path", "table", "first"),
    [
        ("/treaties/ccm/?as_of=2026-02-03", "table.states", ["TH", "cell-status"]),
        (
            "/treaties/ccm/compliance/?as_of=2026-02-03",
            "table.obligations",
            ["TH", "cell-status", "source cell-source"],
        ),
        ("/states/NOR/?as_of=2026-02-03", "table.facts-table", ["source cell-source"]),
    ],
    ids=["treaty", "compliance", "state"],
)
def test_data_tables_stack_on_a_phone_with_status_and_source_first(
    phone_page: Page, path: str, table: str, first: list[str]
) -> None:
    phone_page.goto(path)

    found = phone_page.locator(table).first.evaluate(STACKED)

    assert found["display"] == "flex"
    assert len(found["lefts"]) == 1, f"the row's cells are side by side: {found['lefts']}"
    assert found["rights"] <= 390
    assert found["first"][: len(first)] == first
    assert any(label.startswith('"Status') or label.startswith('"Source') for label in found["labels"]), found
    assert found["head"] == "absolute"  # hidden from sight only
    assert phone_page.evaluate(PAGE_WIDTH)["scroll"] <= 391


@pytest.mark.browser
def test_a_stacked_table_is_still_a_table_to_screen_readers(phone_page: Page) -> None:
    phone_page.goto("/treaties/ccm/?as_of=2026-02-03")

    table = phone_page.get_by_role("table", name="States and their status under the CCM")

    expect(table).to_have_count(1)
    expect(table.get_by_role("columnheader").first).to_have_text(re.compile("State"))
    expect(table.get_by_role("rowheader", name="Norway")).to_have_count(1)
    assert table.get_by_role("cell").count() > 100


TICK_SIZES = """(els) => els.filter((el) => el.getBoundingClientRect().height > 0)
  .map((el) => el.getBoundingClientRect().height)"""


@pytest.mark.browser
def test_the_charts_axis_text_is_readable_on_a_phone(phone_page: Page) -> None:
    phone_page.goto("/treaties/ccm/?as_of=2026-02-03")

    heights = phone_page.locator("figure.chart svg text.tick").evaluate_all(TICK_SIZES)
    chart = phone_page.locator("figure.chart svg:visible")

    expect(chart).to_have_count(1)
    assert chart.get_attribute("class") == "chart-narrow"
    assert len(heights) >= 6
    # The text's height on screen, in CSS px: its size as drawn (its box is a little taller than its size).
    assert min(heights) >= 11, f"axis text {min(heights):.1f}px high on a phone"


@pytest.mark.browser
def test_the_date_field_says_the_day_in_words_on_a_phone(phone_page: Page) -> None:
    phone_page.goto("/treaties/ccm/?as_of=2026-02-03")

    phone_page.get_by_label("As of").fill("2015-09-07")
    phone_page.get_by_role("button", name="Show").tap()

    expect(phone_page).to_have_url(re.compile(r"[?&]as_of=2015-09-07(&|$)"))
    expect(phone_page.locator("form.as-of output")).to_have_text("7 September 2015")
    expect(phone_page.get_by_label("As of")).to_have_attribute("type", "text")


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


@pytest.mark.browser
def test_a_campaigner_finds_how_to_subscribe_to_the_deadlines_on_a_phone(phone_page: Page) -> None:
    phone_page.goto("/treaties/ccm/compliance/")
    block = phone_page.locator("section.subscribe")

    subscribe = block.get_by_role("link", name="Subscribe: CCM")
    expect(subscribe).to_have_attribute("href", re.compile(r"^webcal://localhost:\d+/treaties/ccm/deadlines\.ics$"))
    expect(block.get_by_label("Address to copy").first).to_have_value(
        re.compile(r"^http://.*/treaties/ccm/deadlines\.ics$")
    )
    block.get_by_text("How to add it to your calendar").tap()

    expect(block.get_by_text("Google Calendar", exact=True)).to_be_visible()
    expect(block.get_by_text("Apple Calendar", exact=True)).to_be_visible()
    assert phone_page.evaluate(PAGE_WIDTH)["scroll"] <= 391
