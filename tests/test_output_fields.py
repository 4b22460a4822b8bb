"""One definition per output: the API, the downloads and the pages' tables take their fields from one list."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from treatywatch.lib.fields import Many, Output, OutputField
from treatywatch.obligations.presenters import COMPLIANCE_PAGE_COLUMNS, DEADLINE, STATE_DEADLINE, STATE_PAGE_COLUMNS
from treatywatch.registry.presenters import STATE_STANDING, STATE_TREATY
from treatywatch.web.views import SORT_KEYS, STATE_COLUMNS

from .conftest import ROOT

DAY = {"as_of": "2026-02-03"}


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def _snapshot_schema(name: str) -> dict[str, object]:
    schemas: dict[str, dict[str, object]] = json.loads((ROOT / "tests" / "snapshots" / "openapi.json").read_text())[
        "components"
    ]["schemas"]
    return schemas[name]


def _headings(html: str, table_class: str) -> list[str]:
    table = html[html.index(f'<table class="{table_class}') :]  # the class may go on ("states stack")
    head = table[: table.index("</thead>")]
    cells = re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", head, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


@pytest.mark.parametrize("output", [STATE_STANDING, STATE_TREATY, DEADLINE, STATE_DEADLINE])
def test_the_published_api_schema_lists_the_outputs_fields_in_order(output: Output) -> None:
    schema = _snapshot_schema(output.name)
    assert schema["required"] == [f.name for f in output.api_fields()]
    for field in output.api_fields():
        properties = schema["properties"]
        assert isinstance(properties, dict)
        assert properties[field.name].get("description") == field.description


def test_the_api_list_of_states_answers_the_outputs_fields(client: Client) -> None:
    states = client.get("/api/v1/treaties/ccm/states", DAY).json()["states"]
    assert states
    assert all(list(s) == [f.name for f in STATE_STANDING.api_fields()] for s in states)


def test_the_states_downloads_have_the_outputs_columns(client: Client) -> None:
    columns = list(STATE_STANDING.columns())
    as_csv = client.get("/treaties/ccm/states.csv", DAY).content.decode()
    assert next(csv.reader(io.StringIO(as_csv))) == columns
    workbook = load_workbook(io.BytesIO(client.get("/treaties/ccm/states.xlsx", DAY).content))
    sheet = workbook.worksheets[0]
    # A spreadsheet heads its columns in words; its Columns sheet keeps the machine names in the same order.
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == STATE_STANDING.headings()
    assert [row[1] for row in workbook["Columns"].iter_rows(min_row=2, values_only=True)] == columns
    as_json = client.get("/treaties/ccm/states.json", DAY).json()
    assert all(list(s) == columns for s in as_json["states"])


def test_the_compliance_download_and_api_share_the_deadline_fields(client: Client) -> None:
    as_csv = client.get("/treaties/ccm/compliance.csv", DAY).content.decode()
    header = next(csv.reader(io.StringIO(as_csv)))
    assert header == list(STATE_DEADLINE.columns())
    deadlines = client.get("/api/v1/treaties/ccm/compliance", DAY).json()["deadlines"]
    assert deadlines
    assert list(deadlines[0]) == [f.name for f in STATE_DEADLINE.api_fields()]
    # A download flattens the same fields: only the nested lists stay out, and the sources come in.
    renamed = {f.column or f.name for f in STATE_DEADLINE.fields if f.in_api and f.in_download}
    assert set(header) - renamed == {"sources"}
    assert {f.name for f in STATE_DEADLINE.fields if f.in_api and not f.in_download} == {"cycle", "facts"}


def test_the_treaty_page_table_has_the_outputs_sortable_columns(client: Client) -> None:
    html = client.get("/treaties/ccm/", DAY).content.decode()
    assert _headings(html, "states") == [str(label) for _key, label in STATE_COLUMNS]
    assert [key for key, _label in STATE_COLUMNS] == list(SORT_KEYS)
    for key in SORT_KEYS:
        assert re.search(rf"sort=-?{key}#results\"", html), key


def test_the_deadline_tables_have_the_outputs_headings(client: Client) -> None:
    compliance = client.get("/treaties/ccm/compliance/", DAY).content.decode()
    assert _headings(compliance, "obligations") == [str(label) for _key, label in COMPLIANCE_PAGE_COLUMNS]
    state = client.get("/states/BGR/", DAY).content.decode()
    assert _headings(state, "obligations") == [str(label) for _key, label in STATE_PAGE_COLUMNS]


def test_a_page_column_needs_a_heading() -> None:
    output = Output("Example", (OutputField("plain", str, str),))
    with pytest.raises(ValueError, match=r"Example\.plain has no heading"):
        output.page_columns("plain")


def test_nested_outputs_are_answered_in_turn() -> None:
    inner = Output("Inner", (OutputField("n", int, lambda v: v * 2),))
    outer = Output("Outer", (OutputField("items", Many(inner), lambda v: v), OutputField("first", inner, min)))
    assert outer.answer([1, 3]) == {"items": [{"n": 2}, {"n": 6}], "first": {"n": 2}}
