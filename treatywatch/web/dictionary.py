"""The data dictionary: every column of every download and every field of the API's data answers, explained.
Written from the outputs' own field lists (`treatywatch.lib.fields`), so it cannot miss or misname a column."""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date
from typing import Any, Union, get_args, get_origin

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from treatywatch.lib.fields import Many, Output
from treatywatch.obligations.presenters import DEADLINE, EXTENSION, OBLIGATION_FACT, STATE_DEADLINE
from treatywatch.outreach.presenters import BOARD_ROW
from treatywatch.positions.presenters import FINDING, FINDING_SOURCE, RESOLUTION_VOTE
from treatywatch.registry.presenters import FACT, SOURCE, STATE_STANDING, STATE_TREATY
from treatywatch.web.chart_files import CHART_ROW
from treatywatch.web.datasets import TABLES


@dataclass(frozen=True)
class Download:
    title: Promise
    where: str  # the address pattern of the file
    output: Output


DOWNLOADS = (
    Download(_("A treaty's States"), "/treaties/<treaty>/states.csv|xlsx|json", STATE_STANDING),
    Download(_("A treaty's deadlines (compliance)"), "/treaties/<treaty>/compliance.csv|xlsx|json", STATE_DEADLINE),
    Download(_("A treaty's universalization board"), "/treaties/<treaty>/universalization.csv|xlsx|json", BOARD_ROW),
    Download(_("A treaty's chart of parties over time"), "/treaties/<treaty>/chart.csv", CHART_ROW),
    *(Download(table.title, f"/data/{table.name}.csv", table.output) for table in TABLES),
)

# The API's answers that carry the register's data, each listed with its fields.
API_OUTPUTS = (
    STATE_STANDING,
    STATE_TREATY,
    FACT,
    SOURCE,
    DEADLINE,
    STATE_DEADLINE,
    EXTENSION,
    OBLIGATION_FACT,
    FINDING,
    FINDING_SOURCE,
    RESOLUTION_VOTE,
    BOARD_ROW,
)


@dataclass(frozen=True)
class Entry:
    name: str
    heading: str
    kind: str
    meaning: str


def _kind(kind: Any) -> str:
    """The field's type as the dictionary writes it: text, date, number, yes/no, or a nested answer."""
    if isinstance(kind, Output):
        return kind.name
    if isinstance(kind, Many):
        return f"[{kind.output.name}]"
    if get_origin(kind) in (Union, types.UnionType):
        found = [_kind(k) for k in get_args(kind) if k is not type(None)]
        return " | ".join(found) + " | null"
    if get_origin(kind) is list:
        return f"[{_kind(get_args(kind)[0])}]"
    return {str: "text", int: "number", bool: "true/false", date: "date (YYYY-MM-DD)"}.get(kind, str(kind))


def download_entries(output: Output) -> list[Entry]:
    return [
        Entry(f.column or f.name, str(f.label or ""), _kind(f.type), f.description or "")
        for f in output.download_fields()
    ]


def api_entries(output: Output) -> list[Entry]:
    return [Entry(f.name, str(f.label or ""), _kind(f.type), f.description or "") for f in output.api_fields()]


def missing_explanations(
    downloads: tuple[Download, ...] = DOWNLOADS, api: tuple[Output, ...] = API_OUTPUTS
) -> list[str]:
    """Each download column without a heading in words or an explanation, and each API field without an
    explanation, as `output.field: what is missing`."""
    missing = []
    for download in downloads:
        for field in download.output.download_fields():
            if not field.label:
                missing.append(f"{download.output.name}.{field.column or field.name}: heading")
            if not field.description:
                missing.append(f"{download.output.name}.{field.column or field.name}: explanation")
    for output in api:
        missing += [f"{output.name}.{f.name}: explanation" for f in output.api_fields() if not f.description]
    return missing
