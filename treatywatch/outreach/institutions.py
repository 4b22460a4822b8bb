"""Importing a treaty's meetings and its Coordinators' mandates from CSV (see docs/importing.md), the way the
activities are imported: every row checked first, a dry run unless told to commit, all or nothing.

`meetings.csv` columns: kind (msp or review_conference), label, number, starts_on, ends_on,
second_part_starts_on, second_part_ends_on, parts, place, president, conflicts, notes and the source
columns. `mandates.csv` columns: theme, state (ISO3 code; empty for a documented gap: a period no source
names the Coordinators of), starts_on, ends_on, note and the source columns (none for a gap).

A date is written as exactly as the source gives it: `2017`, `2011-09` or `2011-09-13`. The source
columns are source_citation, source_url, source_retrieved_on and source_primary; a row that cites several
sources lists one value per source in each, separated by " | ". A meeting already recorded (same label)
and a mandate already recorded (same theme, State and dates) are left as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.lib.actions import Actor
from treatywatch.outreach.actions import (
    MandateInput,
    MeetingInput,
    check_mandate,
    check_meeting,
    do_save_mandate,
    do_save_meeting,
    may_record_institutions,
)
from treatywatch.outreach.models import Mandate, Meeting, MeetingKind, Theme
from treatywatch.outreach.rows import (
    AdditionsPlan,
    CellProblem,
    RowsFile,
    SavedSources,
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

SOURCE_COLUMNS = ("source_citation", "source_url", "source_retrieved_on", "source_primary")
_SOURCE_LIMITS = {"source_citation": TEXT_LIMIT, "source_url": TEXT_LIMIT, "source_primary": TEXT_LIMIT}


def rough_date(row: dict[str, str], column: str) -> ApproximateDate | None:
    """The cell's date as exactly as it is written: a year, a month or a day."""
    text = row.get(column, "")
    if not text:
        return None
    try:
        return ApproximateDate.parse(text)
    except ValueError:
        raise CellProblem(column, f"{text!r} is not a year (2017), a month (2017-09) or a day (2017-09-04)") from None


# ---- Meetings -------------------------------------------------------------------------------------------

MEETING_COLUMNS = (
    "kind",
    "label",
    "number",
    "starts_on",
    "ends_on",
    "second_part_starts_on",
    "second_part_ends_on",
    "parts",
    "place",
    "president",
    "conflicts",
    "notes",
    *SOURCE_COLUMNS,
)
_MEETING_LIMITS = {
    "label": max_length(Meeting, "label"),
    "place": max_length(Meeting, "place"),
    "parts": TEXT_LIMIT,
    "president": TEXT_LIMIT,
    "conflicts": TEXT_LIMIT,
    "notes": TEXT_LIMIT,
    **_SOURCE_LIMITS,
}


@dataclass
class PlannedMeeting:
    meeting: MeetingInput  # its sources unsaved: those the row cites
    sources: tuple[SourceInput, ...]
    where: str = ""

    def describe(self) -> str:
        given = self.meeting
        day = ApproximateDate(given.starts_on, Precision(given.starts_on_precision)).iso() if given.starts_on else ""
        return f"add {given.label} ({MeetingKind(given.kind).label}) {day} [{self.where}]"

    def save(self, sources: SavedSources, *, actor: Actor, reason: str) -> None:
        saved = tuple(sources[s] for s in self.sources)
        do_save_meeting(None, _with_sources(self.meeting, saved), actor=actor, reason=reason)


def _with_sources(given: MeetingInput, sources: tuple[Source, ...]) -> MeetingInput:
    return MeetingInput(**{**given.__dict__, "sources": sources})


def _row_meeting(treaty: Treaty, row: dict[str, str]) -> PlannedMeeting:
    sources = row_sources(row, what="meeting")
    if not row["number"].isdigit():
        raise CellProblem("number", f"{row['number']!r} is not a whole number")
    starts = rough_date(row, "starts_on")
    given = MeetingInput(
        treaty=treaty,
        kind=row["kind"],
        label=row["label"],
        number=int(row["number"]),
        sources=tuple(unsaved(s) for s in sources),
        starts_on=starts.day if starts else None,
        starts_on_precision=starts.precision.value if starts else Precision.DAY.value,
        ends_on=cell_date(row, "ends_on"),
        second_part_starts_on=cell_date(row, "second_part_starts_on"),
        second_part_ends_on=cell_date(row, "second_part_ends_on"),
        **{name: row.get(name, "") for name in ("parts", "place", "president", "conflicts", "notes")},
    )
    check_meeting(given)
    return PlannedMeeting(given, sources)


MEETINGS_FILE: RowsFile[PlannedMeeting] = RowsFile(
    noun="meetings",
    columns=MEETING_COLUMNS,
    required=("kind", "label", "number", "starts_on", "source_citation"),
    limits=_MEETING_LIMITS,
    check_row=lambda treaty, row: refusal_columns(lambda: _row_meeting(treaty, row)),
    key=lambda planned: (planned.meeting.label,),
    key_words="the same label",
    recorded=lambda treaty, planned: Meeting.objects.filter(treaty=treaty, label=planned.meeting.label).exists(),
)


# ---- Mandates -------------------------------------------------------------------------------------------

MANDATE_COLUMNS = ("theme", "state", "starts_on", "ends_on", "note", *SOURCE_COLUMNS)


@dataclass
class PlannedMandate:
    mandate: MandateInput  # its source unsaved: the one the row cites
    source: SourceInput | None
    where: str = ""

    def describe(self) -> str:
        given = self.mandate
        holder = given.state.iso3 if given.state else "documented gap"
        period = f"{given.starts_on:%Y}–{given.ends_on:%Y}"
        return f"add {Theme(given.theme).label}: {holder} {period} [{self.where}]"

    def save(self, sources: SavedSources, *, actor: Actor, reason: str) -> None:
        source = sources[self.source] if self.source else None
        given = MandateInput(**{**self.mandate.__dict__, "source": source})
        do_save_mandate(None, given, actor=actor, reason=reason)


def _row_mandate(treaty: Treaty, row: dict[str, str], states: dict[str, State]) -> PlannedMandate:
    code = row.get("state", "").upper()
    if code and code not in states:
        raise CellProblem("state", f"unknown State code {code!r}")
    source = None
    if code or row.get("source_citation"):
        sources = row_sources(row, what="mandate")
        if len(sources) > 1:
            raise CellProblem("source_citation", "a mandate cites one source")
        source = sources[0]
    starts, ends = rough_date(row, "starts_on"), rough_date(row, "ends_on")
    if starts is None:
        raise CellProblem("starts_on", "every mandate needs its first year, month or day")
    if ends is None:
        raise CellProblem("ends_on", "every mandate needs its last year, month or day")
    given = MandateInput(
        treaty=treaty,
        theme=row["theme"],
        state=states[code] if code else None,
        starts_on=starts.day,
        starts_on_precision=starts.precision.value,
        ends_on=ends.day,
        ends_on_precision=ends.precision.value,
        source=unsaved(source) if source else None,
        note=row.get("note", ""),
    )
    check_mandate(given)
    return PlannedMandate(given, source)


def _mandate_key(planned: PlannedMandate) -> tuple[object, ...]:
    given = planned.mandate
    return (given.theme, given.state.pk if given.state else None, given.starts_on, given.ends_on)


def _mandate_recorded(treaty: Treaty, planned: PlannedMandate) -> bool:
    given = planned.mandate
    found = Mandate.objects.filter(treaty=treaty, theme=given.theme, starts_on=given.starts_on, ends_on=given.ends_on)
    return found.filter(state=given.state).exists()


def _mandates_file() -> RowsFile[PlannedMandate]:
    states = {s.iso3: s for s in State.objects.all()}
    return RowsFile(
        noun="mandates",
        columns=MANDATE_COLUMNS,
        required=("theme", "state", "starts_on", "ends_on", "source_citation"),
        limits={"note": TEXT_LIMIT, **_SOURCE_LIMITS},
        check_row=lambda treaty, row: refusal_columns(lambda: _row_mandate(treaty, row, states)),
        key=_mandate_key,
        key_words="the same theme, State and dates",
        recorded=_mandate_recorded,
    )


# ---- Running an import ----------------------------------------------------------------------------------


def _refusals(file_label: str, actor: Actor) -> list[str]:
    if may_record_institutions(actor):
        return []
    return [f"{file_label}: only a site administrator can import meetings and mandates"]


def plan_meetings(content: bytes, file_label: str, treaty: Treaty, *, actor: Actor) -> AdditionsPlan[PlannedMeeting]:
    return plan_additions(content, file_label, treaty, MEETINGS_FILE, refusals=_refusals(file_label, actor))


def plan_mandates(content: bytes, file_label: str, treaty: Treaty, *, actor: Actor) -> AdditionsPlan[PlannedMandate]:
    return plan_additions(content, file_label, treaty, _mandates_file(), refusals=_refusals(file_label, actor))


def import_meetings_file(
    path: Path, treaty: Treaty, *, commit: bool, actor: Actor
) -> ImportReport[AdditionsPlan[PlannedMeeting]]:
    plan = plan_meetings(read_import_file(path), str(path), treaty, actor=actor)
    return run_import(plan, commit=commit, actor=actor, reason=f"imported from {path.name}")


def import_mandates_file(
    path: Path, treaty: Treaty, *, commit: bool, actor: Actor
) -> ImportReport[AdditionsPlan[PlannedMandate]]:
    plan = plan_mandates(read_import_file(path), str(path), treaty, actor=actor)
    return run_import(plan, commit=commit, actor=actor, reason=f"imported from {path.name}")
