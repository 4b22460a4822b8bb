"""The treaty page as a reader uses it: counts on a date, the as-of form, filters and sorting."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

CCM = "/treaties/ccm/"


def count(page: Page, name: str) -> Locator:
    return page.locator(f'[data-count="{name}"]')


def state_names(page: Page) -> list[str]:
    return page.locator("table.states tbody tr th[scope=row]").all_inner_texts()


@pytest.mark.browser
def test_ccm_counts_on_the_day_of_the_untc_status_page(page: Page) -> None:
    page.goto(f"{CCM}?as_of=2026-02-03")

    expect(count(page, "parties")).to_have_text("112")
    expect(count(page, "signatories")).to_have_text("107")


@pytest.mark.browser
def test_the_as_of_form_shows_the_38_parties_on_the_day_of_entry_into_force(page: Page) -> None:
    # The Monitor and the UNTC list agree: 38 States were party on 1 August 2010.
    page.goto(f"{CCM}?as_of=2026-02-03")

    page.get_by_label("As of").fill("2010-08-01")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(r"[?&]as_of=2010-08-01(&|$)"))
    expect(count(page, "parties")).to_have_text("38")


@pytest.mark.browser
def test_filtering_by_status_withdrawn_lists_lithuania(page: Page) -> None:
    page.goto(f"{CCM}?as_of=2026-02-03")

    page.get_by_role("checkbox", name="Withdrawn").check()
    page.get_by_role("button", name="Filter").click()

    # The page lands on its results: the number of States, which a screen reader announces.
    expect(page).to_have_url(re.compile(r"[?&]status=withdrawn(&[^#]*)?#results$"))
    expect(page.get_by_role("checkbox", name="Withdrawn")).to_be_checked()
    expect(page.get_by_role("status").filter(has_text="State")).to_have_text("1 State")
    rows = page.locator("table.states tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("th")).to_have_text("Lithuania")
    expect(rows.first.locator(".status")).to_have_text("Withdrawn (2025-03-06)")
    expect(page.locator("p.result-count")).to_have_text("1 State")
    # The filter keeps the date being looked at.
    expect(page).to_have_url(re.compile(r"[?&]as_of=2026-02-03(&|#|$)"))


@pytest.mark.browser
def test_clicking_a_column_header_sorts_by_that_column(page: Page) -> None:
    page.goto(f"{CCM}?as_of=2026-02-03")
    header = page.locator("table.states thead th", has_text="Instrument deposited")
    assert header.get_attribute("aria-sort") is None

    header.get_by_role("link").click()

    expect(page).to_have_url(re.compile(r"[?&]sort=deposited_on(&|#|$)"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    # Holy See, Ireland, Norway and Sierra Leone deposited on the day of signature, 3 December 2008.
    ascending = state_names(page)
    assert ascending[:5] == ["Holy See", "Ireland", "Norway", "Sierra Leone", "Lao People's Democratic Republic"]
    deposited = page.locator("table.states tbody tr td:nth-child(5)").all_inner_texts()
    assert [d.split()[0] for d in deposited[:5]] == ["2008-12-03"] * 4 + ["2009-03-18"]

    header.get_by_role("link").click()

    expect(page).to_have_url(re.compile(r"[?&]sort=-deposited_on(&|#|$)"))
    expect(header).to_have_attribute("aria-sort", "descending")
    assert state_names(page) == ascending[::-1]


CHART = "figure.chart svg"
CHART_GEOMETRY = """(els) => els.map((el) => {
  const box = el.getBBox();
  return [el.tagName, el.textContent, Math.round(box.x), Math.round(box.y), Math.round(box.width)];
})"""
CHART_BAD_COORDINATES = """(els) => els.flatMap((el) => ['x', 'y', 'x1', 'x2', 'y1', 'y2']
  .filter((name) => el.hasAttribute(name) && !/^-?[0-9]+([.][0-9]+)?$/.test(el.getAttribute(name)))
  .map((name) => `<${el.tagName} ${name}="${el.getAttribute(name)}">`))"""


@pytest.mark.browser
@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_chart_is_drawn_the_same_in_every_language(page: Page, language: str) -> None:
    ticks_and_grid = f"{CHART} :is(line.grid, text.tick)"
    page.goto(f"{CCM}?as_of=2026-02-03")
    english = page.locator(ticks_and_grid).evaluate_all(CHART_GEOMETRY)
    assert len(english) > 10

    page.goto(f"/{language}{CCM}?as_of=2026-02-03")

    bad = page.locator(f"{CHART} *").evaluate_all(CHART_BAD_COORDINATES)
    assert not bad, f"SVG coordinates that are not numbers (a localized decimal comma?): {', '.join(bad[:4])}"
    assert page.locator(ticks_and_grid).evaluate_all(CHART_GEOMETRY) == english
