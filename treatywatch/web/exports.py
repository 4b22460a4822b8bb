"""Downloads of a list (a treaty's States, its States Parties' deadlines): CSV, XLSX and JSON, with the same columns."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from openpyxl import Workbook

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(_cell(v)) for v in value)
    return value.isoformat() if isinstance(value, date) else value


def render_export(
    fmt: str,
    rows: list[dict[str, Any]],
    meta: dict[str, Any],
    filename: str,
    columns: Sequence[str],
    items: str = "states",
) -> HttpResponse:
    """`rows` hold exactly `columns`; the JSON download puts them under `items`, after `meta`."""
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns)
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
        body: bytes = buffer.getvalue().encode("utf-8")
    elif fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = items.capitalize()
        sheet.append(list(columns))
        for row in rows:
            sheet.append([row[c] for c in columns])
        about = workbook.create_sheet("About")
        for key, value in meta.items():
            about.append([key, _cell(value)])
        out = io.BytesIO()
        workbook.save(out)
        body = out.getvalue()
    else:
        body = json.dumps({**meta, items: rows}, cls=DjangoJSONEncoder, ensure_ascii=False).encode("utf-8")
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
