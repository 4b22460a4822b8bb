"""Importing universalization activities from CSV (see docs/importing.md), the way every import runs: read
the file, plan (reading only), show the plan, and apply it in one transaction only with --commit.

Columns: kind, title, date, date_precision, ends_on, place, organising_states (ISO3 codes separated by
';'), organising_organisations (organisation slugs separated by ';'), summary, participants,
source_citation, source_url, source_retrieved_on, source_primary. A file holds public activities, as a
published page gives them: a closed activity's private part is recorded by its organisation's editors.
An activity already recorded for the treaty (same kind, date and title) is left as it is.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.lib.actions import ActionError, Actor
from treatywatch.lib.dates import DateProblem, parse_iso_date
from treatywatch.obligations.models import DatePrecision
from treatywatch.organisations.models import Organisation
from treatywatch.outreach.actions import (
    ActivityInput,
    ActivityRefused,
    check_activity,
    do_save_activity,
    may_add_public_activities,
)
from treatywatch.outreach.models import Activity, ActivityKind
from treatywatch.registry.actions import do_create_source
from treatywatch.registry.importers.csv_rows import cell_problems, open_csv, read_rows
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.limits import TEXT_LIMIT, max_length, read_import_file
from treatywatch.registry.importers.pattern import ImportReport, run_import
from treatywatch.registry.importers.plan import SourceInput
from treatywatch.registry.models import Source, State, Treaty

COLUMNS = (
    "kind",
    "title",
    "date",
    "date_precision",
    "ends_on",
    "place",
    "organising_states",
    "organising_organisations",
    "summary",
    "participants",
    "source_citation",
    "source_url",
    "source_retrieved_on",
    "source_primary",
)
REQUIRED_COLUMNS = ("kind", "title", "date", "source_citation")
_CELL_LIMITS = {
    "title": max_length(Activity, "title"),
    "place": max_length(Activity, "place"),
    "organising_states": TEXT_LIMIT,
    "organising_organisations": TEXT_LIMIT,
    "summary": max_length(Activity, "summary"),
    "participants": max_length(Activity, "participants"),
    "source_citation": max_length(Source, "citation"),
    "source_url": max_length(Source, "url"),
}
_YES = {"yes": True, "no": False, "": False}


@dataclass(frozen=True)
class PlannedActivity:
    activity: ActivityInput  # its source unsaved: the one the row cites
    source: SourceInput
    where: str

    def describe(self) -> str:
        given = self.activity
        day = ApproximateDate(given.date, Precision(given.date_precision)).iso()
        return f"add {ActivityKind(given.kind).label} of {day}: {given.title} [{self.where}]"


@dataclass
class ActivityPlan:
    treaty: Treaty
    additions: list[PlannedActivity] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def is_noop(self) -> bool:
        return not self.additions

    def summary(self) -> str:
        return f"{self.treaty.short_name} activities: {len(self.additions)} to add, {self.unchanged} unchanged"

    def change_lines(self) -> list[str]:
        return [a.describe() for a in self.additions]

    def detail_lines(self) -> list[str]:
        return []

    def apply(self, *, actor: Actor, reason: str) -> None:
        """Record the activities in file order (the runner holds the transaction: a refusal undoes all)."""
        sources: dict[SourceInput, Source] = {}
        for planned in self.additions:
            given = planned.source
            if given not in sources:
                sources[given] = Source.objects.filter(citation=given.citation, url=given.url).first() or (
                    do_create_source(
                        citation=given.citation,
                        url=given.url,
                        retrieved_on=given.retrieved_on,
                        primary=given.primary,
                        actor=actor,
                    )
                )
            activity = dataclasses.replace(planned.activity, source=sources[given])
            try:
                do_save_activity(None, activity, actor=actor, reason=reason)
            except ActionError as error:
                raise ImportRefused([f"{planned.where}: {error}"]) from None


class _CellProblem(ValueError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column


def _date(row: dict[str, str], column: str) -> datetime.date | None:
    try:
        return parse_iso_date(row[column]) if row.get(column) else None
    except DateProblem as error:
        raise _CellProblem(column, str(error)) from None


def _codes(row: dict[str, str], column: str) -> list[str]:
    return [code.strip() for code in row.get(column, "").split(";") if code.strip()]


@dataclass(frozen=True)
class _Register:
    """What the rows are checked against, read once."""

    states: dict[str, State]
    organisations: dict[str, Organisation]

    @classmethod
    def read(cls) -> _Register:
        return cls(
            states={s.iso3: s for s in State.objects.all()},
            organisations={o.slug: o for o in Organisation.objects.all()},
        )

    def states_in(self, row: dict[str, str]) -> tuple[State, ...]:
        unknown = [code for code in _codes(row, "organising_states") if code.upper() not in self.states]
        if unknown:
            raise _CellProblem("organising_states", f"unknown State code(s) {', '.join(map(repr, unknown))}")
        return tuple(self.states[code.upper()] for code in _codes(row, "organising_states"))

    def organisations_in(self, row: dict[str, str]) -> tuple[Organisation, ...]:
        unknown = [slug for slug in _codes(row, "organising_organisations") if slug not in self.organisations]
        if unknown:
            raise _CellProblem(
                "organising_organisations",
                f"unknown organisation(s) {', '.join(map(repr, unknown))}: give the slug of one in the register",
            )
        return tuple(self.organisations[slug] for slug in _codes(row, "organising_organisations"))


def _row_source(row: dict[str, str]) -> SourceInput:
    if not row["source_citation"]:
        raise _CellProblem("source_citation", "every activity needs its source")
    primary = row.get("source_primary", "").lower()
    if primary not in _YES:
        raise _CellProblem("source_primary", f"{row['source_primary']!r} is not yes or no")
    retrieved_on = _date(row, "source_retrieved_on")
    return SourceInput(row["source_citation"], row.get("source_url", ""), retrieved_on, _YES[primary])


def _row_activity(treaty: Treaty, row: dict[str, str], register: _Register, source: SourceInput) -> ActivityInput:
    if not row["title"]:
        raise _CellProblem("title", "every activity needs a title")
    day = _date(row, "date")
    if day is None:
        raise _CellProblem("date", "every activity needs its date (YYYY-MM-DD; with a rough date, its last day)")
    return ActivityInput(
        treaty=treaty,
        kind=row["kind"],
        title=row["title"],
        date=day,
        date_precision=row.get("date_precision") or DatePrecision.DAY,
        ends_on=_date(row, "ends_on"),
        place=row.get("place", ""),
        summary=row.get("summary", ""),
        organising_states=register.states_in(row),
        organising_organisations=register.organisations_in(row),
        participants=row.get("participants", ""),
        # Checked unsaved; the source is saved, or found, when the plan is applied.
        source=Source(citation=source.citation, url=source.url, primary=source.primary),
    )


def _check_row(treaty: Treaty, row: dict[str, str], register: _Register) -> PlannedActivity | str:
    """The row's activity, or what is wrong with it and in which column."""
    try:
        source = _row_source(row)
        activity = _row_activity(treaty, row, register, source)
        check_activity(activity)
    except _CellProblem as problem:
        return f"column {problem.column}: {problem}"
    except ActivityRefused as refusal:
        return f"column {refusal.field}: {refusal}"  # the fields it checks are the file's columns
    return PlannedActivity(activity, source, "")


def plan_activities(content: bytes, file_label: str, treaty: Treaty, *, actor: Actor) -> ActivityPlan:
    """What the file would add, every row checked first; nothing is written. Refuses with every problem
    found, naming the row and the column."""
    reader, header = open_csv(content, file_label)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRefused([f"{file_label}: missing column(s) {', '.join(missing)}"])
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise ImportRefused([f"{file_label}: unknown column(s) {', '.join(unknown)}"])
    problems: list[str] = []
    if not may_add_public_activities(actor):
        problems.append(f"{file_label}: only a site administrator can import activities (public, of no organisation)")
    register = _Register.read()
    plan = ActivityPlan(treaty)
    seen: dict[tuple[object, ...], int] = {}
    for number, row in read_rows(reader, file_label, problems):
        where = f"{file_label}, row {number}"
        if too_long := cell_problems(row, where, _CELL_LIMITS):
            problems += too_long
            continue
        checked = _check_row(treaty, row, register)
        if isinstance(checked, str):
            problems.append(f"{where}, {checked}")
            continue
        given = checked.activity
        key = (given.kind, given.date, given.title)
        if key in seen:
            problems.append(f"{where}: repeats row {seen[key]} (the same kind, date and title)")
            continue
        seen[key] = number
        if Activity.objects.filter(treaty=treaty, kind=given.kind, date=given.date, title=given.title).exists():
            plan.unchanged += 1
            continue
        plan.additions.append(dataclasses.replace(checked, where=where))
    if problems:
        raise ImportRefused(problems)
    return plan


def import_activities_file(path: Path, treaty: Treaty, *, commit: bool, actor: Actor) -> ImportReport[ActivityPlan]:
    plan = plan_activities(read_import_file(path), str(path), treaty, actor=actor)
    return run_import(plan, commit=commit, actor=actor, reason=f"imported from {path.name}")
