"""The data dictionary: every column of every download and every field of every API answer, explained.

The downloads' columns come from their field lists (`treatywatch.lib.fields`); the API's answers from its OpenAPI
document, which the same field lists (and the answers' schemas) write, so it cannot miss or misname a field. Every
explanation is written once, where its field is defined, in English and marked for translation (`gettext_noop`):
the dictionary gives it in the page's language."""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Union, get_args, get_origin

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from treatywatch.api.api import api
from treatywatch.campaigns.presenters import TARGET
from treatywatch.campaigns.report_queries import REPORT
from treatywatch.lib.fields import Many, Output, built_outputs
from treatywatch.obligations.presenters import STATE_DEADLINE
from treatywatch.outreach.presenters import ACTIVITY, BOARD_ROW
from treatywatch.positions.treaty_findings import TREATY_FINDING
from treatywatch.registry.milestones import MILESTONE
from treatywatch.registry.presenters import STATE_STANDING
from treatywatch.web.chart_files import CHART_ROW
from treatywatch.web.datasets import TABLES


@dataclass(frozen=True)
class Download:
    title: Promise
    where: str  # the address pattern of the file
    output: Output
    # Whether its spreadsheet heads the columns with words (each column then needs a heading).
    worded: bool = True


FORMATS = "csv|xlsx|json"
DOWNLOADS = (
    Download(_("A treaty's States"), f"/treaties/<treaty>/states.{FORMATS}", STATE_STANDING),
    Download(_("A treaty's deadlines (compliance)"), f"/treaties/<treaty>/compliance.{FORMATS}", STATE_DEADLINE),
    Download(_("A treaty's universalization board"), f"/treaties/<treaty>/universalization.{FORMATS}", BOARD_ROW),
    Download(_("A treaty's chart of parties over time"), "/treaties/<treaty>/chart.csv", CHART_ROW),
    Download(_("A treaty's findings"), f"/treaties/<treaty>/findings.{FORMATS}", TREATY_FINDING, worded=False),
    Download(_("Milestones"), f"/milestones.{FORMATS}", MILESTONE, worded=False),
    Download(_("Universalization activities"), f"/activities.{FORMATS}", ACTIVITY, worded=False),
    Download(_("A campaign's targets"), f"/campaigns/<campaign>/targets.{FORMATS}", TARGET, worded=False),
    Download(
        _("A campaign's action reports (members)"), f"/campaigns/<campaign>/reports.{FORMATS}", REPORT, worded=False
    ),
    *(Download(table.title, f"/data/{table.name}.csv", table.output) for table in TABLES),
)


@dataclass(frozen=True)
class Entry:
    name: str
    heading: str
    kind: str
    meaning: str


@dataclass(frozen=True)
class Answer:
    """One of the API's answers (a schema of its OpenAPI document) and its fields, as the document gives them."""

    name: str
    doc: str
    fields: tuple[tuple[str, dict[str, Any]], ...]


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
    return {
        str: "text",
        int: "number",
        bool: "true/false",
        date: "date (YYYY-MM-DD)",
        datetime: "date and time (ISO 8601)",
    }.get(kind, str(kind))


def _json_kind(prop: dict[str, Any]) -> str:
    """A field's type as the OpenAPI document gives it, written as `_kind` writes it."""
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1]
    if "allOf" in prop:
        return _json_kind(prop["allOf"][0])
    if "anyOf" in prop:
        found = [_json_kind(p) for p in prop["anyOf"] if p.get("type") != "null"]
        nullable = any(p.get("type") == "null" for p in prop["anyOf"])
        return " | ".join(found) + (" | null" if nullable else "")
    kind = prop.get("type")
    if kind == "array":
        return f"[{_json_kind(prop.get('items', {}))}]"
    if kind == "string":
        return {"date": "date (YYYY-MM-DD)", "date-time": "date and time (ISO 8601)"}.get(
            prop.get("format", ""), "text"
        )
    return {"integer": "number", "number": "number", "boolean": "true/false", "object": "object"}.get(
        str(kind), str(kind)
    )


def _in_language(text: str | None) -> str:
    """An explanation in the page's language (it is written in English, marked for translation)."""
    return gettext(text) if text else ""


def download_entries(output: Output) -> list[Entry]:
    return [
        Entry(f.column or f.name, str(f.label or ""), _kind(f.type), _in_language(f.description))
        for f in output.download_fields()
    ]


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [str(node["$ref"]).rsplit("/", 1)[-1]] if "$ref" in node else []
        return found + [name for key, value in node.items() if key != "$ref" for name in _references(value)]
    if isinstance(node, list):
        return [name for value in node for name in _references(value)]
    return []


@cache
def api_answers() -> tuple[Answer, ...]:
    """Every schema an API answer is made of (not the query parameters'), in the document's order."""
    document = api.get_openapi_schema(path_prefix="/api/v1")
    schemas = document["components"]["schemas"]
    answered: set[str] = set()
    todo = [
        name for path in document["paths"].values() for op in path.values() for name in _references(op["responses"])
    ]
    while todo:
        name = todo.pop()
        if name not in answered:
            answered.add(name)
            todo += _references(schemas[name])
    return tuple(
        Answer(name, schema.get("description", ""), tuple(schema.get("properties", {}).items()))
        for name, schema in schemas.items()
        if name in answered
    )


def api_entries(answer: Answer) -> list[Entry]:
    output = built_outputs.get(answer.name)
    entries = []
    for name, prop in answer.fields:
        label = output.field(name).label if output else None
        entries.append(Entry(name, str(label or ""), _json_kind(prop), _in_language(prop.get("description"))))
    return entries


def missing_explanations(
    downloads: tuple[Download, ...] = DOWNLOADS, answers: tuple[Answer, ...] | None = None
) -> list[str]:
    """Each download column without an explanation (or without a heading in words, where its spreadsheet heads
    columns with words), and each API answer's field without an explanation, as `answer.field: what is missing`."""
    missing = []
    for download in downloads:
        for field in download.output.download_fields():
            if download.worded and not field.label:
                missing.append(f"{download.output.name}.{field.column or field.name}: heading")
            if not field.description:
                missing.append(f"{download.output.name}.{field.column or field.name}: explanation")
    for answer in api_answers() if answers is None else answers:
        missing += [f"{answer.name}.{name}: explanation" for name, prop in answer.fields if not prop.get("description")]
    return missing
