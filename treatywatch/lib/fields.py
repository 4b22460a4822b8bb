"""One definition per output: the fields of an answer, listed once.

An `Output` lists its fields in order, each with its name, its type in the API, its description,
how to get its value from the object shown, and, where they differ, how a download cell writes
it, the download's column name and the page column's heading. From that one list come the API
answer (`answer`) and its ninja schema (`schema`), the CSV, XLSX and JSON download columns
(`columns`, `cells`) and the headings of a page's table (`page_columns`), so they cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.utils.functional import Promise
from ninja import Field, Schema
from pydantic import create_model


@dataclass(frozen=True)
class Many:
    """A field holding a list of nested answers, each described by `output`."""

    output: Output


@dataclass(frozen=True)
class OutputField:
    name: str
    # The type in the API schema: a Python type, an `Output` (one nested answer) or `Many`.
    type: Any
    value: Callable[[Any], Any]
    description: str | None = None
    # The download's flat cell, when it differs from the API's value (a list joined into text).
    cell: Callable[[Any], Any] | None = None
    # The download's column name, when it differs from the API's field name.
    column: str = ""
    # The heading of the page column that shows this field, if a page shows it.
    label: Promise | str | None = None
    in_api: bool = True
    in_download: bool = True

    def through(self, getter: Callable[[Any], Any]) -> OutputField:
        """The same field read from what `getter` finds in another object."""
        value, cell = self.value, self.cell
        return replace(
            self,
            value=lambda item: value(getter(item)),
            cell=None if cell is None else (lambda item: cell(getter(item))),
        )


@dataclass(frozen=True)
class Output:
    name: str  # the schema's name in the OpenAPI document
    fields: tuple[OutputField, ...]
    doc: str | None = None

    def api_fields(self) -> tuple[OutputField, ...]:
        return tuple(f for f in self.fields if f.in_api)

    def download_fields(self) -> tuple[OutputField, ...]:
        return tuple(f for f in self.fields if f.in_download)

    def answer(self, item: Any) -> dict[str, Any]:
        """The API's answer for `item`: nested outputs are answered in turn."""
        return {f.name: _answer_value(f, f.value(item)) for f in self.api_fields()}

    def columns(self) -> tuple[str, ...]:
        return tuple(f.column or f.name for f in self.download_fields())

    def cells(self, item: Any) -> dict[str, Any]:
        """One download row: every column, in order, as a flat cell."""
        return {f.column or f.name: (f.cell or f.value)(item) for f in self.download_fields()}

    def headings(self) -> list[str]:
        """The download's column headings in words (a spreadsheet's header), in the page's language."""
        return [str(f.label or f.column or f.name) for f in self.download_fields()]

    def field(self, name: str) -> OutputField:
        found = [f for f in self.fields if f.name == name]
        if not found:
            raise KeyError(f"{self.name} has no field {name!r}")
        return found[0]

    def page_columns(self, *names: str) -> tuple[tuple[str, Promise | str], ...]:
        """(field name, heading) for each column of a page's table, in the page's order."""
        columns = []
        for name in names:
            label = self.field(name).label
            if label is None:
                raise ValueError(f"{self.name}.{name} has no heading for a page column")
            columns.append((name, label))
        return tuple(columns)


def read_through(fields: tuple[OutputField, ...], getter: Callable[[Any], Any]) -> tuple[OutputField, ...]:
    """The fields, each read from what `getter` finds in another object."""
    return tuple(f.through(getter) for f in fields)


def _answer_value(field: OutputField, value: Any) -> Any:
    if isinstance(field.type, Output) and value is not None:
        return field.type.answer(value)
    if isinstance(field.type, Many):
        return [field.type.output.answer(v) for v in value]
    return value


_schemas: dict[str, type[Schema]] = {}
# Each output whose schema was built, by its schema's name: the data dictionary gives its fields' headings.
built_outputs: dict[str, Output] = {}


def _annotation(kind: Any) -> Any:
    if isinstance(kind, Output):
        return schema(kind)
    if isinstance(kind, Many):
        return list[schema(kind.output)]  # type: ignore[misc]
    return kind


def schema(output: Output) -> type[Schema]:
    """The ninja schema of the output's API fields, built once per name."""
    if output.name not in _schemas:
        definitions: dict[str, Any] = {
            f.name: (_annotation(f.type), Field(..., description=f.description) if f.description else ...)
            for f in output.api_fields()
        }
        model = create_model(output.name, __base__=Schema, __doc__=output.doc, **definitions)
        _schemas[output.name] = model
        built_outputs[output.name] = output
    return _schemas[output.name]
