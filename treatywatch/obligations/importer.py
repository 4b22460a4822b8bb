"""Importing obligation facts from CSV (see docs/importing.md): all or nothing, dry run by default.

Columns: state (ISO3), obligation, kind, date, date_precision, applies, new_deadline,
new_deadline_precision (optional), decided_by, period, link, note, citation, url, retrieved_on,
primary. Rows are applied in file order inside one transaction, so a row can rely on those above it
(a declaration before an extension); any refusal, or a dry run, rolls everything back.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from treatywatch.obligations.actions import ObligationFactInput, do_record_obligation_fact
from treatywatch.obligations.models import ObligationFact
from treatywatch.registry.actions import ActionError, do_create_source
from treatywatch.registry.importers.dates import DateProblem, parse_iso_date
from treatywatch.registry.importers.plan import ImportRefused
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
_YES = {"yes": True, "no": False, "": None}


@dataclass
class ObligationImportReport:
    added: list[str] = field(default_factory=list)
    unchanged: int = 0
    committed: bool = False

    def lines(self) -> list[str]:
        out = [f"{len(self.added)} to add, {self.unchanged} unchanged"] + [f"  add {a}" for a in self.added]
        if not self.added:
            out.append("Nothing to change: the register already holds these facts.")
        else:
            out.append(
                "Committed." if self.committed else "Dry run: nothing was written. Run again with --commit to apply."
            )
        return out


class _DryRun(Exception):
    pass


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


def _source(row: dict[str, str], known: dict[tuple[str, str], Source]) -> Source:
    key = (row["citation"], row.get("url", ""))
    if key not in known:
        known[key] = Source.objects.filter(citation=key[0], url=key[1]).first() or do_create_source(
            citation=key[0],
            url=key[1],
            retrieved_on=_date(row, "retrieved_on"),
            primary=row.get("primary", "").lower() == "yes",
        )
    return known[key]


def _exists(treaty: Treaty, state: State, fact: ObligationFactInput) -> bool:
    return ObligationFact.objects.filter(
        treaty=treaty,
        state=state,
        obligation=fact.obligation,
        kind=fact.kind,
        date=fact.date,
        applies=fact.applies,
        new_deadline=fact.new_deadline,
        period=fact.period,
    ).exists()


def import_obligations_file(path: Path, treaty: Treaty, *, commit: bool) -> ObligationImportReport:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ImportRefused([f"{path}: no such file"]) from None
    except UnicodeDecodeError as error:
        raise ImportRefused([f"{path}: not UTF-8 text ({error.reason})"]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("state", "obligation", "kind", "date", "citation") if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportRefused([f"{path}: missing column(s) {', '.join(missing)}"])
    unknown = [c for c in reader.fieldnames or [] if c not in COLUMNS]
    if unknown:
        raise ImportRefused([f"{path}: unknown column(s) {', '.join(unknown)}"])
    report = ObligationImportReport()
    problems: list[str] = []
    sources: dict[tuple[str, str], Source] = {}
    try:
        with transaction.atomic():
            for number, raw in enumerate(reader, start=2):
                row = {k: (v or "").strip() for k, v in raw.items() if k}
                where = f"{path}, row {number}"
                state = State.objects.filter(iso3=row["state"].upper()).first()
                if state is None:
                    problems.append(f"{where}, column state: unknown State code {row['state']!r}")
                    continue
                try:
                    fact = _row_input(row)
                    if not row["citation"]:
                        raise ActionError("column citation: every fact needs its source")
                    if _exists(treaty, state, fact):
                        report.unchanged += 1
                        continue
                    do_record_obligation_fact(
                        treaty=treaty,
                        state=state,
                        fact=fact,
                        source=_source(row, sources),
                        reason=f"imported from {path.name}",
                    )
                except ActionError as error:
                    problems.append(f"{where} ({state.name}, {row['obligation']}): {error}")
                    continue
                report.added.append(
                    f"{fact.kind} for {state.name}, {fact.obligation}: {fact.date or 'at entry into force'} [{where}]"
                )
            if problems:
                raise ImportRefused(problems)
            if not commit:
                raise _DryRun
    except _DryRun:
        return report
    report.committed = bool(report.added)
    return report
