"""What the outreach importers share: reading a row's cells (dates, codes, sources) with the column at fault,
and saving the sources a plan cites once each."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from treatywatch.lib.actions import ActionError, Actor
from treatywatch.lib.dates import DateProblem, parse_iso_date
from treatywatch.outreach.actions import FieldRefused
from treatywatch.registry.actions import do_create_source
from treatywatch.registry.importers.csv_rows import cell_problems, open_csv, read_rows
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.plan import SourceInput
from treatywatch.registry.models import Source, Treaty

YES = {"yes": True, "no": False, "": False}
# Several sources in one row: each source column lists them in the same order, separated so.
SOURCE_SEPARATOR = " | "


class CellProblem(ValueError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def cell_date(row: dict[str, str], column: str) -> datetime.date | None:
    try:
        return parse_iso_date(row[column]) if row.get(column) else None
    except DateProblem as error:
        raise CellProblem(column, str(error)) from None


def cell_codes(row: dict[str, str], column: str) -> list[str]:
    return [code.strip() for code in row.get(column, "").split(";") if code.strip()]


def row_sources(row: dict[str, str], *, what: str) -> tuple[SourceInput, ...]:
    """The row's sources: `source_citation`, `source_url`, `source_retrieved_on` and `source_primary`, each
    listing one value per source (separated by " | " when the row cites several)."""
    citations = [c.strip() for c in row.get("source_citation", "").split(SOURCE_SEPARATOR.strip())]
    if not any(citations):
        raise CellProblem("source_citation", f"every {what} needs its source")
    columns = ("source_url", "source_retrieved_on", "source_primary")
    cells = {c: [v.strip() for v in row.get(c, "").split(SOURCE_SEPARATOR.strip())] for c in columns}
    for column, values in cells.items():
        if row.get(column) and len(values) != len(citations):
            raise CellProblem(column, f"gives {len(values)} value(s) for {len(citations)} source(s)")
    sources = []
    for index, citation in enumerate(citations):
        if not citation:
            raise CellProblem("source_citation", "a source without its citation")
        url, retrieved, primary = (cells[c][index] if row.get(c) else "" for c in columns)
        if primary.lower() not in YES:
            raise CellProblem("source_primary", f"{primary!r} is not yes or no")
        retrieved_on = cell_date({"source_retrieved_on": retrieved}, "source_retrieved_on")
        sources.append(SourceInput(citation, url, retrieved_on, YES[primary.lower()]))
    return tuple(sources)


def unsaved(source: SourceInput) -> Source:
    """The source as a record checks it before the plan is applied (saved, or found, then)."""
    return Source(citation=source.citation, url=source.url, primary=source.primary)


class SavedSources:
    """The sources a plan cites, each found or created once while the plan is applied."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self._saved: dict[SourceInput, Source] = {}

    def __getitem__(self, given: SourceInput) -> Source:
        if given not in self._saved:
            self._saved[given] = Source.objects.filter(citation=given.citation, url=given.url).first() or (
                do_create_source(
                    citation=given.citation,
                    url=given.url,
                    retrieved_on=given.retrieved_on,
                    primary=given.primary,
                    actor=self.actor,
                )
            )
        return self._saved[given]


class Planned(Protocol):
    """A record a row would add, checked, with its sources unsaved."""

    where: str

    def describe(self) -> str: ...

    def save(self, sources: SavedSources, *, actor: Actor, reason: str) -> None: ...


P = TypeVar("P", bound=Planned)


@dataclass
class AdditionsPlan(Generic[P]):
    """What a file adds to a treaty's record: records already there are left as they are."""

    treaty: Treaty
    noun: str  # "activities", "meetings"
    additions: list[P] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def is_noop(self) -> bool:
        return not self.additions

    def summary(self) -> str:
        return f"{self.treaty.short_name} {self.noun}: {len(self.additions)} to add, {self.unchanged} unchanged"

    def change_lines(self) -> list[str]:
        return [a.describe() for a in self.additions]

    def detail_lines(self) -> list[str]:
        return []

    def apply(self, *, actor: Actor, reason: str) -> None:
        """Record the additions in file order (the runner holds the transaction: a refusal undoes all)."""
        sources = SavedSources(actor)
        for planned in self.additions:
            try:
                planned.save(sources, actor=actor, reason=reason)
            except ActionError as error:
                raise ImportRefused([f"{planned.where}: {error}"]) from None


@dataclass(frozen=True)
class RowsFile(Generic[P]):
    """How a file of one kind of record is read: its columns and each row's check (the row's record, or
    what is wrong and in which column); `key` names a record the way the file may not repeat it, and
    `recorded` says whether the treaty's record already holds it."""

    noun: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    limits: Mapping[str, int]
    check_row: Callable[[Treaty, dict[str, str]], P | str]
    key: Callable[[P], tuple[object, ...]]
    key_words: str  # "the same kind, date and title"
    recorded: Callable[[Treaty, P], bool]


def plan_additions(
    content: bytes, file_label: str, treaty: Treaty, rows: RowsFile[P], *, refusals: list[str]
) -> AdditionsPlan[P]:
    """What the file would add, every row checked first; nothing is written. Refuses with every problem
    found (the `refusals` found before reading, e.g. about the actor, among them), naming the row and the
    column."""
    reader, header = open_csv(content, file_label)
    missing = [c for c in rows.required if c not in header]
    if missing:
        raise ImportRefused([f"{file_label}: missing column(s) {', '.join(missing)}"])
    unknown = [c for c in header if c not in rows.columns]
    if unknown:
        raise ImportRefused([f"{file_label}: unknown column(s) {', '.join(unknown)}"])
    problems = list(refusals)
    plan: AdditionsPlan[P] = AdditionsPlan(treaty, rows.noun)
    seen: dict[tuple[object, ...], int] = {}
    for number, row in read_rows(reader, file_label, problems):
        where = f"{file_label}, row {number}"
        if too_long := cell_problems(row, where, rows.limits):
            problems += too_long
            continue
        checked = rows.check_row(treaty, row)
        if isinstance(checked, str):
            problems.append(f"{where}, {checked}")
            continue
        key = rows.key(checked)
        if key in seen:
            problems.append(f"{where}: repeats row {seen[key]} ({rows.key_words})")
            continue
        seen[key] = number
        if rows.recorded(treaty, checked):
            plan.unchanged += 1
            continue
        checked.where = where
        plan.additions.append(checked)
    if problems:
        raise ImportRefused(problems)
    return plan


def refusal_columns(check: Callable[[], P]) -> P | str:
    """The record `check` builds and checks, or what is wrong with it and in which column (an action's
    field refusals name the file's columns)."""
    try:
        return check()
    except CellProblem as problem:
        return f"column {problem.column}: {problem}"
    except FieldRefused as refusal:
        return f"column {refusal.field}: {refusal}"
