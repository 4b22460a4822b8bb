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
from dataclasses import dataclass
from pathlib import Path

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.lib.actions import Actor
from treatywatch.obligations.models import DatePrecision
from treatywatch.organisations.models import Organisation
from treatywatch.outreach.actions import (
    ActivityInput,
    check_activity,
    do_save_activity,
    may_add_public_activities,
)
from treatywatch.outreach.models import Activity, ActivityKind
from treatywatch.outreach.rows import (
    AdditionsPlan,
    CellProblem,
    RowsFile,
    SavedSources,
    cell_codes,
    cell_date,
    plan_additions,
    refusal_columns,
    row_sources,
    unsaved,
)
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


@dataclass
class PlannedActivity:
    activity: ActivityInput  # its source unsaved: the one the row cites
    source: SourceInput
    where: str = ""

    def describe(self) -> str:
        given = self.activity
        day = ApproximateDate(given.date, Precision(given.date_precision)).iso()
        return f"add {ActivityKind(given.kind).label} of {day}: {given.title} [{self.where}]"

    def save(self, sources: SavedSources, *, actor: Actor, reason: str) -> None:
        activity = dataclasses.replace(self.activity, source=sources[self.source])
        do_save_activity(None, activity, actor=actor, reason=reason)


ActivityPlan = AdditionsPlan[PlannedActivity]


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
        unknown = [code for code in cell_codes(row, "organising_states") if code.upper() not in self.states]
        if unknown:
            raise CellProblem("organising_states", f"unknown State code(s) {', '.join(map(repr, unknown))}")
        return tuple(self.states[code.upper()] for code in cell_codes(row, "organising_states"))

    def organisations_in(self, row: dict[str, str]) -> tuple[Organisation, ...]:
        unknown = [slug for slug in cell_codes(row, "organising_organisations") if slug not in self.organisations]
        if unknown:
            raise CellProblem(
                "organising_organisations",
                f"unknown organisation(s) {', '.join(map(repr, unknown))}: give the slug of one in the register",
            )
        return tuple(self.organisations[slug] for slug in cell_codes(row, "organising_organisations"))


def _row_source(row: dict[str, str]) -> SourceInput:
    sources = row_sources(row, what="activity")
    if len(sources) > 1:
        raise CellProblem("source_citation", "an activity cites one source")
    return sources[0]


def _row_activity(treaty: Treaty, row: dict[str, str], register: _Register, source: SourceInput) -> ActivityInput:
    if not row["title"]:
        raise CellProblem("title", "every activity needs a title")
    day = cell_date(row, "date")
    if day is None:
        raise CellProblem("date", "every activity needs its date (YYYY-MM-DD; with a rough date, its last day)")
    return ActivityInput(
        treaty=treaty,
        kind=row["kind"],
        title=row["title"],
        date=day,
        date_precision=row.get("date_precision") or DatePrecision.DAY,
        ends_on=cell_date(row, "ends_on"),
        place=row.get("place", ""),
        summary=row.get("summary", ""),
        organising_states=register.states_in(row),
        organising_organisations=register.organisations_in(row),
        participants=row.get("participants", ""),
        # Checked unsaved; the source is saved, or found, when the plan is applied.
        source=unsaved(source),
    )


def _check_row(treaty: Treaty, row: dict[str, str], register: _Register) -> PlannedActivity:
    source = _row_source(row)
    activity = _row_activity(treaty, row, register, source)
    check_activity(activity)
    return PlannedActivity(activity, source)


def _activities_file(register: _Register) -> RowsFile[PlannedActivity]:
    def key(planned: PlannedActivity) -> tuple[object, ...]:
        return (planned.activity.kind, planned.activity.date, planned.activity.title)

    def recorded(treaty: Treaty, planned: PlannedActivity) -> bool:
        given = planned.activity
        return Activity.objects.filter(treaty=treaty, kind=given.kind, date=given.date, title=given.title).exists()

    return RowsFile(
        noun="activities",
        columns=COLUMNS,
        required=REQUIRED_COLUMNS,
        limits=_CELL_LIMITS,
        check_row=lambda treaty, row: refusal_columns(lambda: _check_row(treaty, row, register)),
        key=key,
        key_words="the same kind, date and title",
        recorded=recorded,
    )


def plan_activities(content: bytes, file_label: str, treaty: Treaty, *, actor: Actor) -> ActivityPlan:
    """What the file would add, every row checked first; nothing is written. Refuses with every problem
    found, naming the row and the column."""
    refusals = []
    if not may_add_public_activities(actor):
        refusals.append(f"{file_label}: only a site administrator can import activities (public, of no organisation)")
    return plan_additions(content, file_label, treaty, _activities_file(_Register.read()), refusals=refusals)


def import_activities_file(path: Path, treaty: Treaty, *, commit: bool, actor: Actor) -> ImportReport[ActivityPlan]:
    plan = plan_activities(read_import_file(path), str(path), treaty, actor=actor)
    return run_import(plan, commit=commit, actor=actor, reason=f"imported from {path.name}")
