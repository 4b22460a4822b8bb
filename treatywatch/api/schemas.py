"""The API's answers. Those that list a register's or a deadline's fields are built from the one list
of fields in the presenters (`treatywatch.lib.fields`); the envelopes around them are written here."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Field, Schema

from treatywatch.lib.fields import schema
from treatywatch.obligations.presenters import DEADLINE, STATE_DEADLINE
from treatywatch.outreach.institution_presenters import MEETING, THEME_COORDINATORS
from treatywatch.outreach.presenters import ACTIVITY, BOARD_ROW
from treatywatch.positions.presenters import FINDING, RESOLUTION_VOTE
from treatywatch.registry.presenters import FOUND_STATE, RECORD_CHECK, SOURCE, STATE_STANDING, STATE_TREATY

# Built from the presenters' field lists; mypy cannot see a built class as a type, hence the ignores below.
SourceOut = schema(SOURCE)
StateStanding = schema(STATE_STANDING)
StateTreaty = schema(STATE_TREATY)
FoundStateOut = schema(FOUND_STATE)
RecordCheckOut = schema(RECORD_CHECK)
DeadlineOut = schema(DEADLINE)
StateDeadlineOut = schema(STATE_DEADLINE)
ActivityOut = schema(ACTIVITY)
BoardRow = schema(BOARD_ROW)
MeetingOut = schema(MEETING)
ThemeCoordinatorsOut = schema(THEME_COORDINATORS)
FindingOut = schema(FINDING)
ResolutionVoteOut = schema(RESOLUTION_VOTE)


NOT_YET_NOTE = (
    "Set when `as_of` is before the treaty existed (before its adoption, or its opening for signature): says so, "
    "and every count and status is empty for that reason; null otherwise."
)


class StatesFound(Schema):
    q: str | None
    as_of: date
    count: int
    states: list[FoundStateOut]  # type: ignore[valid-type]


class TreatySummary(Schema):
    slug: str
    short_name: str
    name: str
    depositary_chapter: str
    url: str
    record_imported: bool
    record_checked_on: date | None = Field(
        description="The day up to which the depositary record was checked (the 'status as at' date of the status "
        "page it was last checked against); null when not recorded."
    )


class Counts(Schema):
    signatories: int
    parties: int
    in_force: int
    signatories_not_ratified: int
    withdrawn: int


class TreatyDetail(TreatySummary):
    as_of: date
    record_checked: RecordCheckOut  # type: ignore[valid-type]
    adopted_on: date | None
    adopted_at: str
    opened_for_signature_on: date | None
    entry_into_force_on: date | None
    counts: Counts | None
    key_dates_source: SourceOut | None  # type: ignore[valid-type]
    parent: str | None = Field(description="For a protocol: the slug of its convention.")
    protocols: list[str] = Field(description="The slugs of the treaty's protocols.")
    rules: dict[str, object]
    note: str | None = Field(description=NOT_YET_NOTE)


class TreatyStates(Schema):
    treaty: str
    record_imported: bool
    as_of: date
    record_checked: RecordCheckOut  # type: ignore[valid-type]
    count: int
    states: list[StateStanding]  # type: ignore[valid-type]
    note: str | None = Field(description=NOT_YET_NOTE)


class StateProfile(Schema):
    iso3: str
    iso2: str
    name: str
    region: str
    subregion: str
    as_of: date
    treaties: list[StateTreaty]  # type: ignore[valid-type]


class Error(Schema):
    detail: str


class TreatyCompliance(Schema):
    treaty: str
    record_imported: bool
    as_of: date
    record_checked: RecordCheckOut  # type: ignore[valid-type]
    status: str | None
    obligation: str | None
    within: int | None
    year: int | None
    reports_not_recorded: list[str]
    count: int
    deadlines: list[StateDeadlineOut]  # type: ignore[valid-type]


class StateTreatyObligations(Schema):
    treaty: str
    treaty_name: str
    reports_not_recorded: list[str]
    deadlines: list[DeadlineOut]  # type: ignore[valid-type]


class StateObligations(Schema):
    iso3: str
    name: str
    as_of: date
    treaties: list[StateTreatyObligations]


class Activities(Schema):
    count: int
    activities: list[ActivityOut]  # type: ignore[valid-type]


class UniversalizationBoard(Schema):
    treaty: str
    as_of: date
    count: int
    states: list[BoardRow]  # type: ignore[valid-type]


class Meetings(Schema):
    treaty: str | None
    count: int
    meetings: list[MeetingOut]  # type: ignore[valid-type]


class TreatyCoordinators(Schema):
    treaty: str
    as_of: date
    themes: list[ThemeCoordinatorsOut]  # type: ignore[valid-type]
    themes_not_recorded: list[str] = Field(
        description="Themes the register holds no mandate for: nothing is known of them (not a documented gap)."
    )


class EvidenceOut(Schema):
    date: str | None = Field(
        description="As exactly as the source dates it: 2015, 2015-09 or 2015-09-11; null if undated."
    )
    date_precision: str | None
    date_as_written: str = Field(description="The date as the source puts it, e.g. 'DAP era, undated'.")
    figure: str
    value: float | None = Field(description="The figure's headline number, where it has one.")
    relates_to: str = Field(description="What the figure bears on, as the source puts it, e.g. 'DAP Action 1'.")
    theme: str | None
    actions: list[str] = Field(description="The keys of the plan's actions it bears on.")
    source: SourceOut  # type: ignore[valid-type]


class PlanIndicatorOut(Schema):
    text: str
    kind: str = Field(description="computed (from the register, as of as_of) or entered (through its figures).")
    computation: str | None = Field(description="parties_at_meeting, initial_reports or activities_by_region.")
    parameters: dict[str, Any]
    value: dict[str, Any] | None = Field(description="The computed value on as_of; null for an entered indicator.")
    sources: list[SourceOut]  # type: ignore[valid-type]
    evidence: list[EvidenceOut]


class PlanActionOut(Schema):
    key: str
    number: str = Field(description="As written: '#20', '4.1 (b)', '12–17 (range)', 'NOT FOUND'.")
    section: str
    theme: str | None
    text: str = Field(description="As the sources give it; read text_kind before quoting it as the plan's.")
    text_kind: str = Field(description="plan_text, draft_text, body_wording (not the plan's text) or not_found.")
    wording_of: str | None = Field(description="For body_wording: whose wording (e.g. ISU).")
    target: str
    indicator_number: str
    indicator_text: str = Field(description="What the sources give of its indicators, e.g. NOT FOUND.")
    not_verified: bool = Field(description="Its number or placement in the plan is not verified.")
    sources: list[SourceOut]  # type: ignore[valid-type]
    indicators: list[PlanIndicatorOut]
    evidence: list[EvidenceOut]


class ActionPlanSummary(Schema):
    slug: str
    treaty: str
    name: str
    short_name: str
    adopted_at: str | None = Field(description="The label of the meeting that adopted it, e.g. 1RC.")
    adopted_on: str | None = Field(description="As exactly as the sources give it: 2015-09 (a month), 2010-11-12.")
    adopted_on_precision: str | None
    period_from: str | None
    period_to: str | None
    period_note: str = Field(description="Where the sources disagree on the period.")
    stage: str = Field(description="On as_of: not_adopted, before_period, in_period or period_ended.")
    actions: int = Field(description="Actions, sub-items and documented gaps recorded.")
    text_kinds: dict[str, int] = Field(description="How many actions' text is of each kind.")
    headline: dict[str, Any] | None = Field(description="The plan's computed States Parties target, where it has one.")


class ActionPlans(Schema):
    treaty: str | None
    as_of: date
    count: int
    plans: list[ActionPlanSummary]


class ActionPlanOut(ActionPlanSummary):
    as_of: date
    adoption_note: str
    size: str
    document: str
    structure: str
    companion_texts: str
    monitoring: str
    notes: str
    sources: list[SourceOut]  # type: ignore[valid-type]
    plan_actions: list[PlanActionOut]
    other_evidence: list[EvidenceOut] = Field(description="Figures on a section, a theme or the whole plan.")
    evidence_after_as_of: int = Field(description="Figures published after as_of, left out.")


class StateStatements(Schema):
    iso3: str
    name: str
    as_of: date
    count: int
    statements: list[FindingOut]  # type: ignore[valid-type]
    gaps: list[FindingOut] = Field(description="What was searched for about the State and not found.")  # type: ignore[valid-type]


class StateFindings(Schema):
    iso3: str
    name: str
    as_of: date
    count: int
    findings: list[FindingOut]  # type: ignore[valid-type]


class StateVotes(Schema):
    iso3: str
    name: str
    as_of: date
    summary: str = Field(description="Said only from what is recorded; names what is not known.")
    state_votes: list[FindingOut] = Field(  # type: ignore[valid-type]
        description="Entries whose source names how the State voted; other years' votes are not known."
    )
    resolution_votes: list[ResolutionVoteOut] = Field(  # type: ignore[valid-type]
        description="The resolution's vote counts per year and body: counts, not how each State voted."
    )
