"""Reading a treaty's Monitor findings, statements and UN votes from two files of `data/<slug>/`:

- `monitor-findings-sources.csv`: tag, citation, url, primary, reliability (highest, next or weak), the
  findings' sources list;
- `monitor-findings.csv`: report_year, state, iso3, topic, finding, value, unit, as_of, source_tags, one fact a
  row, its sources named by tag (separated by `;`).

Every row is kept as written: a value `NOT FOUND` stays so, and a gap row (one saying NOT FOUND) may cite no
source. The whole import is refused when any row is wrong; the message names the file, the row and the column."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pycountry

from treatywatch.lib.actions import Actor
from treatywatch.positions.actions import do_rate_source, do_save_finding
from treatywatch.positions.dates import DateUnreadable, read_as_of
from treatywatch.positions.models import Finding, Reliability, Topic
from treatywatch.registry.actions import do_create_source
from treatywatch.registry.importers.csv_rows import cell_problems, open_csv, read_rows
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.limits import read_import_file
from treatywatch.registry.importers.pattern import ImportReport, run_import
from treatywatch.registry.models import Source, State, Treaty

FINDINGS_FILE = "monitor-findings.csv"
SOURCES_FILE = "monitor-findings-sources.csv"
FILES = (SOURCES_FILE, FINDINGS_FILE)
COLUMNS = {
    SOURCES_FILE: ("tag", "citation", "url", "primary", "reliability"),
    FINDINGS_FILE: ("report_year", "state", "iso3", "topic", "finding", "value", "unit", "as_of", "source_tags"),
}
LONG_CELLS = {"citation": 600, "url": 500, "finding": 2000, "state": 120, "value": 60, "unit": 60, "source_tags": 600}
YES = {"yes": True, "no": False}
GAP = "NOT FOUND"


@dataclass(frozen=True)
class SourceRow:
    tag: str
    citation: str
    url: str
    primary: bool
    reliability: str


@dataclass
class FindingsImport:
    treaty: Treaty
    sources: dict[str, SourceRow]
    findings: list[tuple[Finding, list[str]]]
    warnings: list[str] = field(default_factory=list)

    @property
    def is_noop(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        return f"{self.treaty.slug}: {len(self.findings)} finding(s) to add, citing {len(self.sources)} source(s)"

    def change_lines(self) -> list[str]:
        return [f"add {finding}" for finding, _ in self.findings]

    def detail_lines(self) -> list[str]:
        return []

    def apply(self, *, actor: Actor, reason: str) -> None:
        saved: dict[str, Source] = {}
        for tag, row in self.sources.items():
            source = Source.objects.filter(citation=row.citation, url=row.url).first() or do_create_source(
                citation=row.citation, url=row.url, primary=row.primary, actor=actor
            )
            do_rate_source(source, tag, row.reliability, actor=actor, reason=reason)
            saved[tag] = source
        for finding, tags in self.findings:
            do_save_finding(finding, [saved[t] for t in tags], actor=actor, reason=reason)


def _header(content: bytes, label: str, name: str, problems: list[str]) -> list[tuple[str, dict[str, str]]]:
    reader, header = open_csv(content, label)
    missing = [c for c in COLUMNS[name] if c not in header]
    if missing:
        problems.append(f"{label}, row 1: missing column(s) {', '.join(missing)}")
        return []
    rows = []
    for number, row in read_rows(reader, label, problems):
        where = f"{label}, row {number}"
        problems.extend(cell_problems(row, where, LONG_CELLS))
        rows.append((where, row))
    return rows


def _sources(rows: list[tuple[str, dict[str, str]]], problems: list[str]) -> dict[str, SourceRow]:
    found: dict[str, SourceRow] = {}
    for where, row in rows:
        tag = row["tag"]
        if not tag:
            problems.append(f"{where}, column tag: every source has its tag")
        elif tag in found:
            problems.append(f"{where}, column tag: {tag} is listed twice")
        if not row["citation"]:
            problems.append(f"{where}, column citation: every source has its citation")
        if row["primary"].lower() not in YES:
            problems.append(f"{where}, column primary: {row['primary']!r} is not yes or no")
        if row["reliability"] not in Reliability.values:
            choices = ", ".join(Reliability.values)
            problems.append(f"{where}, column reliability: {row['reliability']!r} is not one of {choices}")
        found[tag] = SourceRow(
            tag, row["citation"], row["url"], YES.get(row["primary"].lower(), False), row["reliability"]
        )
    return found


def _finding(
    treaty: Treaty, order: int, where: str, row: dict[str, str], states: dict[str, State], sources: dict[str, SourceRow]
) -> tuple[Finding, list[str]] | list[str]:
    problems = []
    year = row["report_year"]
    if not (year.isdigit() and len(year) == 4):
        problems.append(f"{where}, column report_year: {year!r} is not a year")
    if row["topic"] not in Topic.values:
        problems.append(f"{where}, column topic: {row['topic']!r} is not one of {', '.join(Topic.values)}")
    if not row["state"]:
        problems.append(f"{where}, column state: every row names a State, an area, a body or (global)")
    state = states.get(row["iso3"]) if row["iso3"] else None
    if row["iso3"] and state is None and pycountry.countries.get(alpha_3=row["iso3"]) is None:
        problems.append(
            f"{where}, column iso3: {row['iso3']!r} is neither a State of the register nor an ISO 3166 code"
        )
    if not row["finding"]:
        problems.append(f"{where}, column finding: every row says what was found")
    try:
        on, precision = read_as_of(row["as_of"])
    except DateUnreadable as error:
        problems.append(f"{where}, column as_of: {error}")
        on, precision = None, ""
    tags = [t.strip() for t in row["source_tags"].split(";") if t.strip()]
    unknown = [t for t in tags if t not in sources]
    if unknown:
        problems.append(f"{where}, column source_tags: {', '.join(unknown)} not in {SOURCES_FILE}")
    if not tags and GAP not in row["finding"]:
        problems.append(
            f"{where}, column source_tags: every finding needs its source (only a gap, NOT FOUND, has none)"
        )
    if problems:
        return problems
    finding = Finding(
        treaty=treaty,
        report_year=int(year),
        topic=row["topic"],
        state=state,
        code=row["iso3"],
        named=row["state"],
        text=row["finding"],
        value=row["value"],
        unit=row["unit"],
        as_of_text=row["as_of"],
        on=on,
        on_precision=precision,
        order=order,
    )
    return finding, tags


def plan_findings(files: dict[str, bytes], folder_label: str, treaty: Treaty) -> FindingsImport:
    problems: list[str] = []
    rows = {name: _header(files[name], f"{folder_label}/{name}", name, problems) for name in FILES}
    sources = _sources(rows[SOURCES_FILE], problems)
    if Finding.objects.filter(treaty=treaty).exists():
        problems.append(
            f"{folder_label}/{FINDINGS_FILE}: {treaty.slug} already holds findings; they are corrected in the admin"
        )
    states = {s.iso3: s for s in State.objects.all()}
    findings = []
    for order, (where, row) in enumerate(rows[FINDINGS_FILE], start=1):
        result = _finding(treaty, order, where, row, states, sources)
        if isinstance(result, list):
            problems.extend(result)
        else:
            findings.append(result)
    if problems:
        raise ImportRefused(problems)
    unused = sorted(set(sources) - {t for _, tags in findings for t in tags})
    plan = FindingsImport(treaty, sources, findings)
    if unused:
        plan.warnings.append(f"{len(unused)} source(s) cited by no row: {', '.join(unused)}")
    return plan


def read_folder(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        raise ImportRefused([f"{folder}: not a folder (give the folder holding {', '.join(FILES)})"])
    return {name: read_import_file(folder / name) for name in FILES}


def import_findings_folder(folder: Path, treaty: Treaty, *, commit: bool, actor: Actor) -> ImportReport[FindingsImport]:
    plan = plan_findings(read_folder(folder), str(folder), treaty)
    return run_import(plan, commit=commit, actor=actor, reason=f"imported from {folder.name}/{FINDINGS_FILE}")
