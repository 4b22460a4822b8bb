"""Importing obligation facts from CSV (see docs/importing.md), the way every import runs: read the
file, plan (reading only), show the plan, and apply it in one transaction only with --commit.

Columns: state (ISO3), obligation, kind, date, date_precision, applies, new_deadline,
new_deadline_precision (optional), decided_by, period, link, note, citation, url, retrieved_on,
primary. Rows count in file order: a row can rely on those above it (a declaration before an
extension), which the plan checks without writing them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from treatywatch.lib.actions import ActionError, Actor
from treatywatch.lib.dates import DateProblem, parse_iso_date
from treatywatch.obligations.actions import ObligationFactInput, check_obligation_fact, do_record_obligation_fact
from treatywatch.obligations.models import ObligationFact
from treatywatch.registry.actions import do_create_source
from treatywatch.registry.importers.csv_rows import cell_problems, open_csv, read_rows
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.limits import max_length, read_import_file
from treatywatch.registry.importers.pattern import ImportReport, run_import
from treatywatch.registry.importers.plan import SourceInput
from treatywatch.registry.models import Source, State, Treaty

COLUMNS = (
    "state",
    "obligation",
    "kind",
    "date",
    "date_precision",
    "applies",
    "new_deadline",
    "new_deadline_precision",
    "decided_by",
    "period",
    "link",
    "note",
    "citation",
    "url",
    "retrieved_on",
    "primary",
)
REQUIRED_COLUMNS = ("state", "obligation", "kind", "date", "citation")
_CELL_LIMITS = {
    "obligation": max_length(ObligationFact, "obligation"),
    "decided_by": max_length(ObligationFact, "decided_by"),
    "link": max_length(ObligationFact, "link"),
    "note": max_length(ObligationFact, "text"),
    "citation": max_length(Source, "citation"),
    "url": max_length(Source, "url"),
}
_YES = {"yes": True, "no": False, "": None}


@dataclass(frozen=True)
class PlannedObligationFact:
    state: State
    fact: ObligationFactInput
    source: SourceInput
    where: str

    def describe(self) -> str:
        day = self.fact.date or "at entry into force"
        return f"add {self.fact.kind} for {self.state.name}, {self.fact.obligation}: {day} [{self.where}]"


@dataclass
class ObligationPlan:
    treaty: Treaty
    additions: list[PlannedObligationFact] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def is_noop(self) -> bool:
        return not self.additions

    def summary(self) -> str:
        return f"{self.treaty.short_name} obligations: {len(self.additions)} to add, {self.unchanged} unchanged"

    def change_lines(self) -> list[str]:
        return [a.describe() for a in self.additions]

    def detail_lines(self) -> list[str]:
        return []

    def apply(self, *, actor: Actor, reason: str) -> None:
        """Record the facts in file order (the runner holds the transaction: a refusal undoes all)."""
        sources: dict[SourceInput, Source] = {}
        for planned in self.additions:
            if planned.source not in sources:
                given = planned.source
                sources[given] = Source.objects.filter(citation=given.citation, url=given.url).first() or (
                    do_create_source(
                        citation=given.citation,
                        url=given.url,
                        retrieved_on=given.retrieved_on,
                        primary=given.primary,
                        actor=actor,
                    )
                )
            try:
                do_record_obligation_fact(
                    treaty=self.treaty,
                    state=planned.state,
                    fact=planned.fact,
                    source=sources[planned.source],
                    actor=actor,
                    reason=reason,
                )
            except ActionError as error:
                raise ImportRefused([f"{planned.where}: {error}"]) from None


def _date(row: dict[str, str], column: str) -> datetime.date | None:
    try:
        return parse_iso_date(row[column]) if row.get(column) else None
    except DateProblem as error:
        raise ActionError(f"column {column}: {error}") from None


def _row_input(row: dict[str, str]) -> ObligationFactInput:
    if row.get("applies", "").lower() not in _YES:
        raise ActionError(f"column applies: {row['applies']!r} is not yes or no")
    if row.get("period") and not row["period"].isdigit():
        raise ActionError(f"column period: {row['period']!r} is not a year")
    return ObligationFactInput(
        obligation=row["obligation"],
        kind=row["kind"],
        date=_date(row, "date"),
        date_precision=row.get("date_precision") or "day",
        applies=_YES[row.get("applies", "").lower()],
        new_deadline=_date(row, "new_deadline"),
        new_deadline_precision=row.get("new_deadline_precision") or "day",
        decided_by=row.get("decided_by", ""),
        period=int(row["period"]) if row.get("period") else None,
        link=row.get("link", ""),
        text=row.get("note", ""),
    )


def _row_source(row: dict[str, str]) -> SourceInput:
    if not row["citation"]:
        raise ActionError("column citation: every fact needs its source")
    return SourceInput(
        row["citation"], row.get("url", ""), _date(row, "retrieved_on"), row.get("primary", "").lower() == "yes"
    )


# What makes two rows the same fact (a note or a link may differ), with the source: another source
# giving the same value is a fact of its own, so each source's account is kept.
_IDENTITY = ("obligation", "kind", "date", "date_precision", "applies", "new_deadline", "decided_by", "period")


def _identity(fact: ObligationFactInput, source: SourceInput) -> dict[str, object]:
    return {
        **{name: getattr(fact, name) for name in _IDENTITY},
        "source__citation": source.citation,
        "source__url": source.url,
    }


def _same_fact(fact: ObligationFactInput, source: SourceInput) -> tuple[object, ...]:
    return tuple(_identity(fact, source).values())


def _exists(treaty: Treaty, state: State, fact: ObligationFactInput, source: SourceInput) -> bool:
    return ObligationFact.objects.filter(treaty=treaty, state=state, **_identity(fact, source)).exists()


def plan_obligations(content: bytes, file_label: str, treaty: Treaty) -> ObligationPlan:
    """What the file would add, checked row by row against the register and the rows above it; nothing
    is written. Refuses with every problem found, naming the row."""
    reader, header = open_csv(content, file_label)
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRefused([f"{file_label}: missing column(s) {', '.join(missing)}"])
    unknown = [c for c in header if c not in COLUMNS]
    if unknown:
        raise ImportRefused([f"{file_label}: unknown column(s) {', '.join(unknown)}"])
    states = {s.iso3: s for s in State.objects.all()}
    plan = ObligationPlan(treaty)
    problems: list[str] = []
    planned: list[ObligationFact] = []
    seen: dict[tuple[object, ...], int] = {}
    for number, row in read_rows(reader, file_label, problems):
        where = f"{file_label}, row {number}"
        if too_long := cell_problems(row, where, _CELL_LIMITS):
            problems += too_long
            continue
        state = states.get(row["state"].upper())
        if state is None:
            problems.append(f"{where}, column state: unknown State code {row['state']!r}")
            continue
        try:
            fact = _row_input(row)
            source = _row_source(row)
            key = (state.iso3, *_same_fact(fact, source))
            if key in seen:
                problems.append(f"{where}: repeats row {seen[key]}")
                continue
            seen[key] = number
            if _exists(treaty, state, fact, source):
                plan.unchanged += 1
                continue
            check_obligation_fact(treaty, state, fact, planned=planned)
        except ActionError as error:
            problems.append(f"{where} ({state.name}, {row['obligation']}): {error}")
            continue
        # Unsaved: the rows below are checked against it; its source is what the row cites.
        unsaved_source = Source(citation=source.citation, url=source.url, primary=source.primary)
        planned.append(ObligationFact(treaty=treaty, state=state, source=unsaved_source, **fact.__dict__))
        plan.additions.append(PlannedObligationFact(state, fact, source, where))
    if problems:
        raise ImportRefused(problems)
    return plan


def import_obligations_file(
    path: Path, treaty: Treaty, *, commit: bool, actor: Actor = None
) -> ImportReport[ObligationPlan]:
    plan = plan_obligations(read_import_file(path), str(path), treaty)
    return run_import(plan, commit=commit, actor=actor, reason=f"imported from {path.name}")
