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
