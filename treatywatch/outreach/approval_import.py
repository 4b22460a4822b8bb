"""Importing States' domestic approval steps from CSV (see docs/importing.md), the way the activities are
imported: every row checked first, a dry run unless told to commit, all or nothing.

Columns: state (ISO3 code), kind (government_approved, bill_submitted, parliament_approved, promulgated or
other), date (as exactly as the source gives it: `2024`, `2024-03` or `2024-03-18`), note, and the source
columns source_citation, source_url, source_retrieved_on and source_primary (one source a row, required).
A step already recorded (same State, kind and date) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from treatywatch.lib.actions import Actor
from treatywatch.outreach.actions import (
    ApprovalStepInput,
    check_approval_step,
    do_save_approval_step,
    may_record_approval_steps,
)
from treatywatch.outreach.institutions import SOURCE_COLUMNS, rough_date
from treatywatch.outreach.models import ApprovalStep, ApprovalStepKind
from treatywatch.outreach.rows import (
    AdditionsPlan,
    CellProblem,
    RowsFile,
    SavedSources,
    plan_additions,
    refusal_columns,
    row_sources,
    unsaved,
)
from treatywatch.registry.importers.limits import TEXT_LIMIT, read_import_file
from treatywatch.registry.importers.pattern import ImportReport, run_import
from treatywatch.registry.importers.plan import SourceInput
from treatywatch.registry.models import State, Treaty

APPROVAL_STEP_COLUMNS = ("state", "kind", "date", "note", *SOURCE_COLUMNS)
_LIMITS = {"note": TEXT_LIMIT, "source_citation": TEXT_LIMIT, "source_url": TEXT_LIMIT, "source_primary": TEXT_LIMIT}


@dataclass
class PlannedStep:
    step: ApprovalStepInput  # its source unsaved: the one the row cites
    source: SourceInput
    where: str = ""

    def describe(self) -> str:
        given = self.step
        return f"add {given.state.iso3}: {ApprovalStepKind(given.kind).label} {self._when()} [{self.where}]"

    def _when(self) -> str:
        return ApprovalStep(date=self.step.date, date_precision=self.step.date_precision).when.iso()

    def save(self, sources: SavedSources, *, actor: Actor, reason: str) -> None:
        given = ApprovalStepInput(**{**self.step.__dict__, "source": sources[self.source]})
        do_save_approval_step(None, given, actor=actor, reason=reason)


def _row_step(treaty: Treaty, row: dict[str, str], states: dict[str, State]) -> PlannedStep:
    code = row.get("state", "").strip().upper()
    if code not in states:
        raise CellProblem("state", f"unknown State code {code!r}" if code else "every step names its State")
    sources = row_sources(row, what="approval step")
    if len(sources) > 1:
        raise CellProblem("source_citation", "an approval step cites one source")
    when = rough_date(row, "date")
    if when is None:
        raise CellProblem("date", "every step needs its year, month or day")
    given = ApprovalStepInput(
        treaty=treaty,
        state=states[code],
        kind=row["kind"],
        date=when.day,
        date_precision=when.precision.value,
        note=row.get("note", ""),
        source=unsaved(sources[0]),
    )
    check_approval_step(given)
    return PlannedStep(given, sources[0])


def _key(planned: PlannedStep) -> tuple[object, ...]:
    given = planned.step
    return (given.state.pk, given.kind, given.date, given.date_precision)


def _recorded(treaty: Treaty, planned: PlannedStep) -> bool:
    given = planned.step
    found = ApprovalStep.objects.filter(treaty=treaty, state=given.state, kind=given.kind, date=given.date)
    return found.filter(date_precision=given.date_precision).exists()


def _steps_file() -> RowsFile[PlannedStep]:
    states = {s.iso3: s for s in State.objects.all()}
    return RowsFile(
        noun="approval steps",
        columns=APPROVAL_STEP_COLUMNS,
        required=("state", "kind", "date", "source_citation"),
        limits=_LIMITS,
        check_row=lambda treaty, row: refusal_columns(lambda: _row_step(treaty, row, states)),
        key=_key,
        key_words="the same State, kind and date",
        recorded=_recorded,
    )


def plan_approval_steps(content: bytes, file_label: str, treaty: Treaty, *, actor: Actor) -> AdditionsPlan[PlannedStep]:
    refusals = (
        []
        if may_record_approval_steps(actor)
        else [f"{file_label}: only the register's editors can import approval steps"]
    )
    return plan_additions(content, file_label, treaty, _steps_file(), refusals=refusals)


def import_approval_steps_file(
    path: Path, treaty: Treaty, *, commit: bool, actor: Actor
) -> ImportReport[AdditionsPlan[PlannedStep]]:
    plan = plan_approval_steps(read_import_file(path), str(path), treaty, actor=actor)
    return run_import(plan, commit=commit, actor=actor, reason=f"imported from {path.name}")
