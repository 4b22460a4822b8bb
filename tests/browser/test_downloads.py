"""The download links on a treaty page give the list being shown, as a file."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect


def download_csv(page: Page) -> tuple[str, str]:
    with page.expect_download() as info:
        page.locator("p.downloads").get_by_role("link", name="CSV", exact=True).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_csv_link_downloads_every_state_on_the_date_shown(page: Page) -> None:
    page.goto("/treaties/ccm/?as_of=2026-02-03")
    expect(page.locator("p.result-count")).to_have_text("197 States")

    filename, text = download_csv(page)

    assert filename == "ccm-states-2026-02-03.csv"
    assert text.startswith("iso3,name,region")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 197
    assert sum(row["status"] == "party" for row in rows) == 112


@pytest.mark.browser
def test_the_csv_link_keeps_the_filter(page: Page) -> None:
    page.goto("/treaties/ccm/?as_of=2026-02-03")
    # The African States not party: those that never signed and those that signed only, in one list.
    page.get_by_role("checkbox", name="Not signed").check()
    page.get_by_role("checkbox", name="Signed, not party").check()
    page.get_by_label("Region").select_option("Africa")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("p.result-count")).to_have_text("18 States")

    _, text = download_csv(page)

    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 18 and {row["status"] for row in rows} == {"not_signed", "signatory"}
    assert {row["region"] for row in rows} == {"Africa"}


@pytest.mark.browser
@pytest.mark.parametrize(
    ("prefix", "chart_group", "chart_csv", "list_group"),
    [
        ("", "Chart: SVG, PNG, data (CSV)", "data (CSV)", "This list: CSV, XLSX, JSON"),
        ("/fr", "Graphique : SVG, PNG, données (CSV)", "données (CSV)", "Cette liste : CSV, XLSX, JSON"),
    ],
)
def test_the_charts_and_the_lists_downloads_are_told_apart_by_their_names(
    page: Page, prefix: str, chart_group: str, chart_csv: str, list_group: str
) -> None:
    # Two groups of downloads on one page, each offering a CSV: a screen reader names each group.
    page.goto(f"{prefix}/treaties/ccm/?as_of=2026-02-03")

    chart = page.get_by_role("group", name=chart_group, exact=True)
    for name, fmt in (("SVG", "svg"), ("PNG", "png"), (chart_csv, "csv")):
        expect(chart.get_by_role("link", name=name, exact=True)).to_have_attribute(
            "href", f"{prefix}/treaties/ccm/chart.{fmt}?as_of=2026-02-03"
        )
    listed = page.get_by_role("group", name=list_group, exact=True)
    for fmt in ("csv", "xlsx", "json"):
        expect(listed.get_by_role("link", name=fmt.upper(), exact=True)).to_have_attribute(
            "href", f"{prefix}/treaties/ccm/states.{fmt}?as_of=2026-02-03"
        )
    expect(chart.get_by_role("link", name="CSV", exact=True)).to_have_count(0)
