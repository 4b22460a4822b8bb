"""Importing a treaty's action plans from the five CSV files of a folder (see docs/importing.md), the way the
other imports run: every row of every file checked first, a dry run unless told to commit, all or nothing.

- `action-plan-sources.csv`: tag, citation, url, primary. The other files name their sources by tag.
- `action-plans.csv`: slug, name, short_name, adopted_at (a meeting's label), adopted_on, adoption_note,
  period_from, period_to, period_note, size, document, structure, companion_texts, monitoring, notes, sources.
- `action-plan-actions.csv`: key, plan, section, theme, number, text, text_kind, wording_of, target,
  indicator_number, indicator_text, not_verified, sources.
- `action-plan-indicators.csv`: plan, action (its key), text, computation, parameters (`name=value;...`),
  sources.
- `action-plan-evidence.csv`: plan, actions (keys), theme, relates_to, date, date_as_written, figure, value,
  sources (one tag).

A date is written as exactly as the source gives it: `2015`, `2015-09` or `2015-09-11`. Several tags or keys
in a cell are separated by ";". A plan already recorded (same slug) is left as it is, with its actions,
indicators and figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from treatywatch.lib.actions import ActionError, Actor
from treatywatch.outreach.actions import FieldRefused, may_record_institutions
from treatywatch.outreach.institutions import rough_date
from treatywatch.outreach.models import Meeting
from treatywatch.outreach.rows import YES, CellProblem, SavedSources, cell_codes
from treatywatch.plans.actions import (
    check_evidence,
    check_indicator,
    check_plan,
    check_plan_action,
    do_save_evidence,
    do_save_indicator,
    do_save_plan,
    do_save_plan_action,
)
from treatywatch.plans.models import ActionPlan, Evidence, Indicator, PlanAction
from treatywatch.registry.importers.csv_rows import cell_problems, open_csv, read_rows
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.limits import TEXT_LIMIT, max_length, read_import_file
from treatywatch.registry.importers.pattern import ImportReport, run_import
from treatywatch.registry.importers.plan import SourceInput
from treatywatch.registry.models import Treaty

SOURCES_FILE = "action-plan-sources.csv"
PLANS_FILE = "action-plans.csv"
ACTIONS_FILE = "action-plan-actions.csv"
INDICATORS_FILE = "action-plan-indicators.csv"
EVIDENCE_FILE = "action-plan-evidence.csv"
FILES = (SOURCES_FILE, PLANS_FILE, ACTIONS_FILE, INDICATORS_FILE, EVIDENCE_FILE)

COLUMNS = {
    SOURCES_FILE: ("tag", "citation", "url", "primary"),
    PLANS_FILE: (
        "slug", "name", "short_name", "adopted_at", "adopted_on", "adoption_note", "period_from", "period_to",
        "period_note", "size", "document", "structure", "companion_texts", "monitoring", "notes", "sources",
    ),
    ACTIONS_FILE: (
        "key", "plan", "section", "theme", "number", "text", "text_kind", "wording_of", "target",
        "indicator_number", "indicator_text", "not_verified", "sources",
    ),
    INDICATORS_FILE: ("plan", "action", "text", "computation", "parameters", "sources"),
    EVIDENCE_FILE: (
        "plan", "actions", "theme", "relates_to", "date", "date_as_written", "figure", "value", "sources",
    ),
}  # fmt: skip
REQUIRED = {
    SOURCES_FILE: ("tag", "citation"),
    PLANS_FILE: ("slug", "name"),
    ACTIONS_FILE: ("key", "plan", "text_kind"),
    INDICATORS_FILE: ("plan", "action", "text"),
    EVIDENCE_FILE: ("plan", "figure", "sources"),
}
_TEXT_COLUMNS = {
    "citation", "url", "adoption_note", "period_note", "size", "document", "structure", "companion_texts",
    "monitoring", "notes", "sources", "section", "text", "target", "indicator_text", "figure", "actions", "name",
}  # fmt: skip
LIMITS = {
    **dict.fromkeys(_TEXT_COLUMNS, TEXT_LIMIT),
    "number": max_length(PlanAction, "number"),
    "relates_to": max_length(Evidence, "relates_to"),
    "date_as_written": max_length(Evidence, "date_as_written"),
    "wording_of": max_length(PlanAction, "wording_of"),
}


@dataclass
class PlannedPlan:
    """A plan the files add, with what belongs to it, each record checked and unsaved; sources by tag."""

    plan: ActionPlan
    sources: list[str]
    where: str
    actions: list[tuple[PlanAction, list[str], str]] = field(default_factory=list)
    indicators: list[tuple[Indicator, str, list[str], str]] = field(default_factory=list)  # its action's key
    evidence: list[tuple[Evidence, str, list[str], str]] = field(default_factory=list)  # source tag, action keys


@dataclass
class ActionPlansImport:
    treaty: Treaty
    sources: dict[str, SourceInput]
    additions: list[PlannedPlan] = field(default_factory=list)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def is_noop(self) -> bool:
        return not self.additions

    def summary(self) -> str:
        return f"{self.treaty.short_name} action plans: {len(self.additions)} to add, {self.unchanged} unchanged"

    def change_lines(self) -> list[str]:
        return [
            f"add {p.plan.name}: {len(p.actions)} actions, {len(p.indicators)} indicators, "
            f"{len(p.evidence)} published figures [{p.where}]"
            for p in self.additions
        ]

    def detail_lines(self) -> list[str]:
        return []

    def apply(self, *, actor: Actor, reason: str) -> None:
        """Record the plans in file order (the runner holds the transaction: a refusal undoes all)."""
        saved = SavedSources(actor)

        def cited(tags: list[str]) -> list[Any]:
            return [saved[self.sources[tag]] for tag in tags]

        for planned in self.additions:
            at = planned.where  # the row being saved, for a refusal
            try:
                plan = do_save_plan(planned.plan, cited(planned.sources), actor=actor, reason=reason)
                actions: dict[str, PlanAction] = {}
                for action, tags, where in planned.actions:
                    at, action.plan = where, plan
                    actions[action.key] = do_save_plan_action(action, cited(tags), actor=actor, reason=reason)
                for indicator, key, tags, where in planned.indicators:
                    at, indicator.action = where, actions[key]
                    do_save_indicator(indicator, cited(tags), actor=actor, reason=reason)
                for evidence, tag, keys, where in planned.evidence:
                    at, evidence.plan, evidence.source = where, plan, cited([tag])[0]
                    do_save_evidence(evidence, [actions[k] for k in keys], actor=actor, reason=reason)
            except ActionError as error:
                raise ImportRefused([f"{at}: {error}"]) from None


# ---- Reading the files -----------------------------------------------------------------------------------


def _rows(content: bytes, label: str, name: str, problems: list[str]) -> Iterator[tuple[str, dict[str, str]]]:
    """Each row of the file with where it is, after the file's columns and each cell's length are checked."""
    reader, header = open_csv(content, label)
    missing = [c for c in REQUIRED[name] if c not in header]
    unknown = [c for c in header if c not in COLUMNS[name]]
    if missing or unknown:
        if missing:
            problems.append(f"{label}: missing column(s) {', '.join(missing)}")
        if unknown:
            problems.append(f"{label}: unknown column(s) {', '.join(unknown)}")
        return
    for number, row in read_rows(reader, label, problems):
        where = f"{label}, row {number}"
        if too_long := cell_problems(row, where, LIMITS):
            problems += too_long
            continue
        for column in REQUIRED[name]:
            if not row.get(column):
                problems.append(f"{where}, column {column}: empty")
                break
        else:
            yield where, row


def _checked(where: str, problems: list[str], check: Callable[..., Any], *given: Any) -> Any:
    """What `check(*given)` builds, or None with the problem noted, naming the column at fault."""
    try:
        return check(*given)
    except CellProblem as problem:
        problems.append(f"{where}, column {problem.column}: {problem}")
    except FieldRefused as refusal:
        problems.append(f"{where}, column {refusal.field}: {refusal}")
    return None


def _tags(row: dict[str, str], sources: dict[str, SourceInput], column: str = "sources") -> list[str]:
    tags = cell_codes(row, column)
    unknown = [t for t in tags if t not in sources]
    if unknown:
        raise CellProblem(column, f"unknown source tag(s) {', '.join(unknown)} (not in {SOURCES_FILE})")
    return tags


def _source(row: dict[str, str]) -> SourceInput:
    primary = row.get("primary", "").lower()
    if primary not in YES:
        raise CellProblem("primary", f"{row['primary']!r} is not yes or no")
    return SourceInput(row["citation"], row.get("url", ""), None, YES[primary])


def _parameters(text: str) -> dict[str, object]:
    found: dict[str, object] = {}
    for part in (p.strip() for p in text.split(";") if p.strip()):
        name, equals, value = part.partition("=")
        if not equals or not name.strip():
            raise CellProblem("parameters", f"{part!r} is not name=value")
        found[name.strip()] = int(value) if value.strip().isdigit() else value.strip()
    return found


def _plan(treaty: Treaty, row: dict[str, str], sources: dict[str, SourceInput]) -> tuple[ActionPlan, list[str]]:
    tags = _tags(row, sources)
    meeting = None
    if label := row.get("adopted_at"):
        meeting = Meeting.objects.filter(treaty=treaty, label=label).first()
        if meeting is None:
            raise CellProblem("adopted_at", f"no meeting {label!r} of {treaty.short_name} is recorded")
    adopted, starts, ends = (rough_date(row, c) for c in ("adopted_on", "period_from", "period_to"))
    plan = ActionPlan(
        treaty=treaty,
        adopted_at=meeting,
        adopted_on=adopted.day if adopted else None,
        adopted_on_precision=adopted.precision.value if adopted else "day",
        period_from=starts.day if starts else None,
        period_from_precision=starts.precision.value if starts else "year",
        period_to=ends.day if ends else None,
        period_to_precision=ends.precision.value if ends else "year",
        **{name: row.get(name, "") for name in COLUMNS[PLANS_FILE] if name in _PLAIN_PLAN_FIELDS},
    )
    if len(plan.slug) > max_length(ActionPlan, "slug") or not plan.slug.replace("-", "").isalnum():
        raise CellProblem("slug", f"{plan.slug!r} is not a short slug (letters, digits and hyphens)")
    check_plan(plan)
    return plan, tags


_PLAIN_PLAN_FIELDS = {
    "slug", "name", "short_name", "adoption_note", "period_note", "size", "document", "structure",
    "companion_texts", "monitoring", "notes",
}  # fmt: skip


_NOT_ACTION_FIELDS = ("plan", "not_verified", "sources")


def _action(row: dict[str, str], sources: dict[str, SourceInput], order: int) -> tuple[PlanAction, list[str]]:
    verified = row.get("not_verified", "").lower()
    if verified not in YES:
        raise CellProblem("not_verified", f"{row['not_verified']!r} is not yes or no")
    action = PlanAction(
        order=order,
        not_verified=YES[verified],
        **{name: row.get(name, "") for name in COLUMNS[ACTIONS_FILE] if name not in _NOT_ACTION_FIELDS},
    )
    check_plan_action(action)
    return action, _tags(row, sources)


def _evidence(row: dict[str, str], sources: dict[str, SourceInput]) -> tuple[Evidence, str]:
    tags = _tags(row, sources)
    if len(tags) != 1:
        raise CellProblem("sources", "a published figure cites one source")
    when = rough_date(row, "date")
    value = None
    if row.get("value"):
        try:
            value = Decimal(row["value"])
        except InvalidOperation:
            raise CellProblem("value", f"{row['value']!r} is not a number") from None
        if not value.is_finite() or abs(value) >= 10**10:
            raise CellProblem("value", f"{row['value']!r} is not a number the register can hold")
    evidence = Evidence(
        theme=row.get("theme", ""),
        relates_to=row.get("relates_to", ""),
        date=when.day if when else None,
        date_precision=when.precision.value if when else "day",
        date_as_written=row.get("date_as_written", ""),
        figure=row["figure"],
        value=value,
    )
    check_evidence(evidence, [])  # its actions are checked against its plan by their keys
    return evidence, tags[0]


def _indicator(treaty: Treaty, row: dict[str, str], sources: dict[str, SourceInput]) -> tuple[Indicator, list[str]]:
    given = Indicator(text=row["text"], computation=row.get("computation", ""))
    given.parameters = _parameters(row.get("parameters", ""))
    check_indicator(given, treaty.pk)
    return given, _tags(row, sources)


def plan_action_plans(files: dict[str, bytes], folder_label: str, treaty: Treaty, *, actor: Actor) -> ActionPlansImport:
    """What the files would add, every row of every file checked first; nothing is written. Refuses with every
    problem found, naming the file, the row and the column."""
    problems: list[str] = []
    if not may_record_institutions(actor):
        problems.append(f"{folder_label}: only a site administrator can import action plans")
    label = {name: f"{folder_label}/{name}" for name in FILES}

    sources: dict[str, SourceInput] = {}
    for where, row in _rows(files[SOURCES_FILE], label[SOURCES_FILE], SOURCES_FILE, problems):
        if row["tag"] in sources:
            problems.append(f"{where}, column tag: {row['tag']!r} is already given")
        elif (found := _checked(where, problems, _source, row)) is not None:
            sources[row["tag"]] = found

    plans: dict[str, PlannedPlan] = {}
    refused: set[str] = set()  # plans whose own row was refused: their other rows are not checked
    result = ActionPlansImport(treaty, sources)
    recorded = set(ActionPlan.objects.filter(treaty=treaty).values_list("slug", flat=True))
    for where, row in _rows(files[PLANS_FILE], label[PLANS_FILE], PLANS_FILE, problems):
        if row["slug"] in plans:
            problems.append(f"{where}, column slug: {row['slug']!r} is already given")
            continue
        found = _checked(where, problems, _plan, treaty, row, sources)
        if found is not None:
            plans[row["slug"]] = PlannedPlan(found[0], found[1], where)
        else:
            refused.add(row["slug"])

    def plan_of(where: str, row: dict[str, str]) -> PlannedPlan | None:
        """The row's plan; None, with the problem noted unless the plan's own row was refused (already said)."""
        planned = plans.get(row["plan"])
        if planned is None and row["plan"] not in refused:
            problems.append(f"{where}, column plan: no plan {row['plan']!r} in {label[PLANS_FILE]}")
        return planned

    keys: dict[str, tuple[str, str]] = {}  # action key: its plan's slug, where it is
    for where, row in _rows(files[ACTIONS_FILE], label[ACTIONS_FILE], ACTIONS_FILE, problems):
        planned = plan_of(where, row)
        if planned is None:
            continue
        if row["key"] in keys:
            problems.append(f"{where}, column key: {row['key']!r} is already given ({keys[row['key']][1]})")
            continue
        keys[row["key"]] = (row["plan"], where)
        found = _checked(where, problems, _action, row, sources, len(planned.actions) + 1)
        if found is not None:
            planned.actions.append((found[0], found[1], where))

    def action_keys(where: str, row: dict[str, str], column: str, slug: str) -> list[str] | None:
        given = cell_codes(row, column)
        wrong = [k for k in given if keys.get(k, ("",))[0] != slug]
        if wrong:
            problems.append(f"{where}, column {column}: no action {', '.join(wrong)} of plan {slug!r}")
            return None
        return given

    for where, row in _rows(files[INDICATORS_FILE], label[INDICATORS_FILE], INDICATORS_FILE, problems):
        planned = plan_of(where, row)
        chosen = action_keys(where, row, "action", row["plan"]) if planned else None
        if planned is None or chosen is None:
            continue
        if len(chosen) != 1:
            problems.append(f"{where}, column action: an indicator belongs to one action")
            continue
        found = _checked(where, problems, _indicator, treaty, row, sources)
        if found is not None:
            planned.indicators.append((found[0], chosen[0], found[1], where))

    for where, row in _rows(files[EVIDENCE_FILE], label[EVIDENCE_FILE], EVIDENCE_FILE, problems):
        planned = plan_of(where, row)
        chosen = action_keys(where, row, "actions", row["plan"]) if planned else None
        if planned is None or chosen is None:
            continue
        found = _checked(where, problems, _evidence, row, sources)
        if found is not None:
            planned.evidence.append((found[0], found[1], chosen, where))

    if problems:
        raise ImportRefused(problems)
    for planned in plans.values():
        if planned.plan.slug in recorded:
            result.unchanged += 1
        else:
            result.additions.append(planned)
    return result


def read_folder(folder: Path) -> dict[str, bytes]:
    if not folder.is_dir():
        raise ImportRefused([f"{folder}: not a folder (give the folder holding {', '.join(FILES)})"])
    return {name: read_import_file(folder / name) for name in FILES}


def import_action_plans_folder(
    folder: Path, treaty: Treaty, *, commit: bool, actor: Actor
) -> ImportReport[ActionPlansImport]:
    plan = plan_action_plans(read_folder(folder), str(folder), treaty, actor=actor)
    return run_import(plan, commit=commit, actor=actor, reason=f"imported from {folder.name}/{PLANS_FILE}")
