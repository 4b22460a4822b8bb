"""Downloads of a list (a treaty's States, its States Parties' deadlines): CSV, XLSX and JSON, with the same columns.

Every CSV and XLSX download is written here, so text that looks like a formula is neutralised in one place, and
a download drawn from treaties' records says up to when each record was checked in one place: the JSON's
`record_checked_on`, a row of the XLSX "About" sheet per treaty, and the CSV's `Record-Checked-On` HTTP header
(the CSV file itself holds only the header row and the rows, so that any CSV reader reads it). Each names the
data licence the same way: the JSON's `licence`, the "About" sheet's `licence` row, and every response's
`Link: <https://creativecommons.org/licenses/by/4.0/>; rel="license"` header."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

from treatywatch.lib.errors import NotFound
from treatywatch.lib.fields import Output
from treatywatch.lib.licence import LICENCE_URL, licence_text

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def require_format(fmt: str) -> None:
    """A download in a format we do not write is not found (a 404 through `answers_user_errors`)."""
    if fmt not in CONTENT_TYPES:
        raise NotFound(f"No download in format {fmt!r}; use {', '.join(CONTENT_TYPES)}.")


# A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Text that a spreadsheet shows as text: a leading quote keeps a formula from running."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(_cell(v)) for v in value)
    return value.isoformat() if isinstance(value, date) else value


def _csv_cell(value: Any) -> Any:
    """Imported and edited text is data: it never reaches a spreadsheet as a formula. Numbers stay numbers."""
    value = _cell(value)
    return neutralised(value) if isinstance(value, str) else value


def _xlsx_row(sheet: Worksheet, values: Sequence[Any]) -> None:
    """Append a row keeping dates and numbers typed; text is always a text cell, never a formula."""
    cells = [_cell(value) if isinstance(value, list | tuple) else value for value in values]
    # XLSX cannot hold control characters other than tab and line breaks: they are left out, not a crash.
    sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in cells])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def csv_text(columns: Sequence[str], rows: Iterable[dict[str, Any]], notes: Sequence[str] = ()) -> str:
    """A CSV: `notes` first as `#` lines (what it is, its source, its licence), then the header and the rows."""
    buffer = io.StringIO()
    for note in notes:
        buffer.write(f"# {note}\n")
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows({k: _csv_cell(v) for k, v in row.items()} for row in rows)
    return buffer.getvalue()


def _column_sheet(workbook: Workbook, output: Output) -> None:
    """The download's columns explained: heading, machine name (as in the CSV, the JSON and the API), meaning."""
    sheet = workbook.create_sheet("Columns")
    _xlsx_row(sheet, [_("Column"), _("Machine name"), _("Meaning")])
    for field in output.download_fields():
        _xlsx_row(sheet, [str(field.label or field.name), field.column or field.name, field.description or ""])


def render_export(
    fmt: str,
    rows: list[dict[str, Any]],
    meta: dict[str, Any],
    filename: str,
    columns: Sequence[str],
    items: str = "states",
    output: Output | None = None,
    checked: Mapping[str, date | None] | None = None,
) -> HttpResponse:
    """`rows` hold exactly `columns`; the JSON download puts them under `items`, after `meta`. With `output`, a
    spreadsheet's header names the columns in words and a "Columns" sheet gives each one's machine name.
    `checked` gives, for a download drawn from treaties' records, each treaty's slug and the day its record was
    checked up to."""
    if checked is not None:
        meta = {**meta, "record_checked_on": dict(checked)}
    if fmt == "csv":
        body: bytes = csv_text(columns, rows).encode("utf-8")
    elif fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.worksheets[0]
        sheet.title = items.capitalize()
        _xlsx_row(sheet, output.headings() if output else list(columns))
        for row in rows:
            _xlsx_row(sheet, [row[c] for c in columns])
        if output:
            _column_sheet(workbook, output)
        about = workbook.create_sheet("About")
        for key, value in meta.items():
            if key == "record_checked_on":
                for slug, day in value.items():
                    _xlsx_row(about, [f"record_checked_on ({slug})", _cell(day) or "not recorded"])
            else:
                _xlsx_row(about, [key, _cell(value)])
        _xlsx_row(about, ["licence", licence_text()])
        out = io.BytesIO()
        workbook.save(out)
        body = out.getvalue()
    else:
        answer = {**meta, "licence": licence_text(), items: rows}
        body = json.dumps(answer, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    if checked is not None:
        response["Record-Checked-On"] = checked_header(checked)
    return response


def checked_header(checked: Mapping[str, date | None]) -> str:
    """`ccm=2026-02-03, apmbc=2026-02-03`; a record whose check day is not known reads `unknown`."""
    return ", ".join(f"{slug}={day.isoformat() if day else 'unknown'}" for slug, day in checked.items())
