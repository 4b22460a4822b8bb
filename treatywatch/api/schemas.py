"""The API's answers. Those that list a register's or a deadline's fields are built from the one list
of fields in the presenters (`treatywatch.lib.fields`); the envelopes around them are written here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext_noop
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


NOT_YET_NOTE = gettext_noop(
    "Set when `as_of` is before the treaty existed (before its adoption, or its opening for signature): says so, "
    "and every count and status is empty for that reason; null otherwise."
)


class StatesFound(Schema):
    q: str | None = Field(description=gettext_noop("The words searched for, as given; null when none."))
    as_of: date = Field(description=gettext_noop("The day the statuses are given for (YYYY-MM-DD)."))
    count: int = Field(description=gettext_noop("How many States were found."))
    states: list[FoundStateOut] = Field(  # type: ignore[valid-type]
        description=gettext_noop("Each State found, with its status under each treaty.")
    )


class TreatySummary(Schema):
    slug: str = Field(
        description=gettext_noop("The treaty's code in the register (ccm, apmbc...), used in every address.")
    )
    short_name: str = Field(description=gettext_noop("The treaty's short name, e.g. CCM."))
    name: str = Field(description=gettext_noop("The treaty's full name."))
    depositary_chapter: str = Field(
        description=gettext_noop("Its chapter and number in the UN Treaty Collection, e.g. XXVI-6.")
    )
    url: str = Field(description=gettext_noop("The address of the treaty's answer in this API."))
    record_imported: bool = Field(
        description=gettext_noop(
            "Whether the treaty's depositary record has been imported: without it no State's status is given."
        )
    )
    record_checked_on: date | None = Field(
        description=gettext_noop(
            "The day up to which the depositary record was checked (the 'status as at' date of the status "
            "page it was last checked against); null when not recorded."
        )
    )


class Counts(Schema):
    signatories: int = Field(description=gettext_noop("States that signed, party or not."))
    parties: int = Field(
        description=gettext_noop("States Parties: States that deposited an instrument and have not withdrawn.")
    )
    in_force: int = Field(description=gettext_noop("States Parties for which the treaty is in force."))
    signatories_not_ratified: int = Field(
        description=gettext_noop("States that signed and have not deposited an instrument.")
    )
    withdrawn: int = Field(description=gettext_noop("States whose withdrawal has taken effect."))


class TreatyDetail(TreatySummary):
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    record_checked: RecordCheckOut = Field(  # type: ignore[valid-type]
        description=(
            gettext_noop(
                "Up to when the treaty's record was checked against its source, and whether the day asked about "
                "is after that."
            )
        )
    )
    adopted_on: date | None = Field(description=gettext_noop("The day the treaty was adopted."))
    adopted_at: str = Field(description=gettext_noop("Where the treaty was adopted."))
    opened_for_signature_on: date | None = Field(
        description=gettext_noop("The day the treaty was opened for signature.")
    )
    entry_into_force_on: date | None = Field(description=gettext_noop("The day the treaty entered into force."))
    counts: Counts | None = Field(
        description=(
            gettext_noop(
                "How many States stood where on the day asked about; null when no record is imported or the treaty did "
                "not exist yet."
            )
        )
    )
    key_dates_source: SourceOut | None = Field(  # type: ignore[valid-type]
        description=gettext_noop("The source of the treaty's adoption, signature and entry-into-force dates.")
    )
    parent: str | None = Field(description=gettext_noop("For a protocol: the slug of its convention."))
    protocols: list[str] = Field(description=gettext_noop("The slugs of the treaty's protocols."))
    rules: dict[str, object] = Field(
        description=gettext_noop(
            "The treaty's rules as registered: entry into force, withdrawal, obligations and their deadlines."
        )
    )
    note: str | None = Field(description=NOT_YET_NOTE)


class TreatyStates(Schema):
    treaty: str = Field(description=gettext_noop("The treaty's code in the register."))
    record_imported: bool = Field(
        description=gettext_noop(
            "Whether the treaty's depositary record has been imported: without it the list is empty."
        )
    )
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    record_checked: RecordCheckOut = Field(  # type: ignore[valid-type]
        description=(
            gettext_noop(
                "Up to when the treaty's record was checked against its source, and whether the day asked about "
                "is after that."
            )
        )
    )
    count: int = Field(description=gettext_noop("How many States the filters keep."))
    states: list[StateStanding] = Field(  # type: ignore[valid-type]
        description=gettext_noop("Each State and where it stands under the treaty on the day asked about.")
    )
    note: str | None = Field(description=NOT_YET_NOTE)


class StateProfile(Schema):
    iso3: str = Field(description=gettext_noop("The State's ISO 3166 alpha-3 code."))
    iso2: str = Field(description=gettext_noop("The State's ISO 3166 alpha-2 code."))
    name: str = Field(description=gettext_noop("The State's name in the answer's language."))
    region: str = Field(
        description=gettext_noop(
            "The State's UN M49 region, as a code (its English name: Africa, Americas, Asia, Europe, Oceania)."
        )
    )
    subregion: str = Field(
        description=gettext_noop("The State's UN M49 sub-region, as a code (its English name, e.g. Western Africa).")
    )
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    treaties: list[StateTreaty] = Field(  # type: ignore[valid-type]
        description=gettext_noop("Where the State stands under each treaty on the day asked about.")
    )


class Error(Schema):
    detail: str = Field(description=gettext_noop("What was wrong with the request, in words."))


class TreatyCompliance(Schema):
    treaty: str = Field(description=gettext_noop("The treaty's code in the register."))
    record_imported: bool = Field(
        description=gettext_noop(
            "Whether the treaty's depositary record has been imported: without it no deadline is given."
        )
    )
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    record_checked: RecordCheckOut = Field(  # type: ignore[valid-type]
        description=(
            gettext_noop(
                "Up to when the treaty's record was checked against its source, and whether the day asked about "
                "is after that."
            )
        )
    )
    status: str | None = Field(description=gettext_noop("The status filter given, or null."))
    obligation: str | None = Field(description=gettext_noop("The obligation filter given (its key), or null."))
    within: int | None = Field(
        description=gettext_noop("The filter on deadlines falling within this many days, or null.")
    )
    year: int | None = Field(
        description=gettext_noop("The filter on deadlines falling in this calendar year, or null.")
    )
    reports_not_recorded: list[str] = Field(
        description=gettext_noop("The keys of the reporting obligations the register does not record, so not listed.")
    )
    count: int = Field(description=gettext_noop("How many deadlines the filters keep."))
    deadlines: list[StateDeadlineOut] = Field(description=gettext_noop("Each State Party's deadline, with its State."))  # type: ignore[valid-type]


class StateTreatyObligations(Schema):
    treaty: str = Field(description=gettext_noop("The treaty's code in the register."))
    treaty_name: str = Field(description=gettext_noop("The treaty's full name."))
    reports_not_recorded: list[str] = Field(
        description=gettext_noop("The keys of the reporting obligations the register does not record, so not listed.")
    )
    deadlines: list[DeadlineOut] = Field(description=gettext_noop("The State's deadlines under the treaty."))  # type: ignore[valid-type]


class StateObligations(Schema):
    iso3: str = Field(description=gettext_noop("The State's ISO 3166 alpha-3 code."))
    name: str = Field(description=gettext_noop("The State's name in the answer's language."))
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    treaties: list[StateTreatyObligations] = Field(description=gettext_noop("The State's deadlines, treaty by treaty."))


class Activities(Schema):
    count: int = Field(description=gettext_noop("How many activities the filters keep."))
    activities: list[ActivityOut] = Field(  # type: ignore[valid-type]
        description=gettext_noop("Each activity: its public part, and its private part where the reader may read it.")
    )


class UniversalizationBoard(Schema):
    treaty: str = Field(description=gettext_noop("The treaty's code in the register."))
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    count: int = Field(description=gettext_noop("How many States the filters keep."))
    states: list[BoardRow] = Field(  # type: ignore[valid-type]
        description=gettext_noop(
            "Each State not yet bound by the treaty, with its stage and its latest and next activities."
        )
    )


class Meetings(Schema):
    treaty: str | None = Field(
        description=gettext_noop("The treaty filter given (its code), or null for every treaty.")
    )
    count: int = Field(description=gettext_noop("How many meetings are listed."))
    meetings: list[MeetingOut] = Field(description=gettext_noop("Each meeting of the States Parties, in order."))  # type: ignore[valid-type]


class TreatyCoordinators(Schema):
    treaty: str = Field(description=gettext_noop("The treaty's code in the register."))
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    themes: list[ThemeCoordinatorsOut] = Field(  # type: ignore[valid-type]
        description=gettext_noop("Each theme and the States that coordinate it on the day asked about.")
    )
    themes_not_recorded: list[str] = Field(
        description=gettext_noop(
            "Themes the register holds no mandate for: nothing is known of them (not a documented gap)."
        )
    )


class EvidenceOut(Schema):
    date: str | None = Field(
        description=gettext_noop("As exactly as the source dates it: 2015, 2015-09 or 2015-09-11; null if undated.")
    )
    date_precision: str | None = Field(description=gettext_noop("year, month or day: how exactly the source dates it."))
    date_as_written: str = Field(description=gettext_noop("The date as the source puts it, e.g. 'DAP era, undated'."))
    figure: str = Field(description=gettext_noop("The figure as the source gives it."))
    value: float | None = Field(description=gettext_noop("The figure's headline number, where it has one."))
    relates_to: str = Field(
        description=gettext_noop("What the figure bears on, as the source puts it, e.g. 'DAP Action 1'.")
    )
    theme: str | None = Field(description=gettext_noop("The plan's theme it bears on, or null."))
    actions: list[str] = Field(description=gettext_noop("The keys of the plan's actions it bears on."))
    source: SourceOut = Field(description=gettext_noop("Where the figure comes from."))  # type: ignore[valid-type]


class PlanIndicatorOut(Schema):
    text: str = Field(description=gettext_noop("The indicator as the plan words it."))
    kind: str = Field(
        description=gettext_noop("computed (from the register, as of as_of) or entered (through its figures).")
    )
    computation: str | None = Field(
        description=gettext_noop("parties_at_meeting, initial_reports or activities_by_region.")
    )
    parameters: dict[str, Any] = Field(
        description=gettext_noop(
            "What a computed indicator is computed with (e.g. its target and meeting); empty otherwise."
        )
    )
    value: dict[str, Any] | None = Field(
        description=gettext_noop("The computed value on as_of; null for an entered indicator.")
    )
    sources: list[SourceOut] = Field(description=gettext_noop("The sources of the indicator."))  # type: ignore[valid-type]
    evidence: list[EvidenceOut] = Field(description=gettext_noop("Figures the sources give for the indicator."))


class PlanActionOut(Schema):
    key: str = Field(description=gettext_noop("The action's key in the register."))
    number: str = Field(description=gettext_noop("As written: '#20', '4.1 (b)', '12–17 (range)', 'NOT FOUND'."))
    section: str = Field(description=gettext_noop("The plan's section the action is in."))
    theme: str | None = Field(description=gettext_noop("The theme the action bears on, or null."))
    text: str = Field(
        description=gettext_noop("As the sources give it; read text_kind before quoting it as the plan's.")
    )
    text_kind: str = Field(
        description=gettext_noop("plan_text, draft_text, body_wording (not the plan's text) or not_found.")
    )
    wording_of: str | None = Field(description=gettext_noop("For body_wording: whose wording (e.g. ISU)."))
    target: str = Field(description=gettext_noop("The action's target as the sources give it."))
    indicator_number: str = Field(description=gettext_noop("The number of its indicator, as the sources give it."))
    indicator_text: str = Field(description=gettext_noop("What the sources give of its indicators, e.g. NOT FOUND."))
    not_verified: bool = Field(description=gettext_noop("Its number or placement in the plan is not verified."))
    sources: list[SourceOut] = Field(description=gettext_noop("The sources of the action."))  # type: ignore[valid-type]
    indicators: list[PlanIndicatorOut] = Field(description=gettext_noop("The action's indicators."))
    evidence: list[EvidenceOut] = Field(description=gettext_noop("Figures the sources give for the action."))


class ActionPlanSummary(Schema):
    slug: str = Field(description=gettext_noop("The plan's code in the register."))
    treaty: str = Field(description=gettext_noop("The code of the treaty whose plan it is."))
    name: str = Field(description=gettext_noop("The plan's full name."))
    short_name: str = Field(description=gettext_noop("The plan's short name, e.g. Dubrovnik Action Plan."))
    adopted_at: str | None = Field(description=gettext_noop("The label of the meeting that adopted it, e.g. 1RC."))
    adopted_on: str | None = Field(
        description=gettext_noop("As exactly as the sources give it: 2015-09 (a month), 2010-11-12.")
    )
    adopted_on_precision: str | None = Field(
        description=gettext_noop("year, month or day: how exactly the sources date its adoption.")
    )
    period_from: str | None = Field(
        description=gettext_noop("The first year of the plan's period, as the sources give it.")
    )
    period_to: str | None = Field(
        description=gettext_noop("The last year of the plan's period, as the sources give it.")
    )
    period_note: str = Field(description=gettext_noop("Where the sources disagree on the period."))
    stage: str = Field(description=gettext_noop("On as_of: not_adopted, before_period, in_period or period_ended."))
    actions: int = Field(description=gettext_noop("Actions, sub-items and documented gaps recorded."))
    text_kinds: dict[str, int] = Field(description=gettext_noop("How many actions' text is of each kind."))
    headline: dict[str, Any] | None = Field(
        description=gettext_noop("The plan's computed States Parties target, where it has one.")
    )


class ActionPlans(Schema):
    treaty: str | None = Field(
        description=gettext_noop("The treaty filter given (its code), or null for every treaty.")
    )
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    count: int = Field(description=gettext_noop("How many plans are listed."))
    plans: list[ActionPlanSummary] = Field(description=gettext_noop("Each plan, in short."))


class ActionPlanOut(ActionPlanSummary):
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    adoption_note: str = Field(description=gettext_noop("How the plan was adopted, as the sources tell it."))
    size: str = Field(
        description=gettext_noop("How long the plan is (its actions, its pages), as the sources give it.")
    )
    document: str = Field(description=gettext_noop("The document that holds the plan."))
    structure: str = Field(description=gettext_noop("How the plan is organised (its sections and themes)."))
    companion_texts: str = Field(description=gettext_noop("The texts adopted with the plan."))
    monitoring: str = Field(description=gettext_noop("How progress under the plan is followed."))
    notes: str = Field(description=gettext_noop("Notes on the plan and its sources."))
    sources: list[SourceOut] = Field(description=gettext_noop("The sources of the plan."))  # type: ignore[valid-type]
    plan_actions: list[PlanActionOut] = Field(
        description=gettext_noop("The plan's actions, sub-items and documented gaps, in order.")
    )
    other_evidence: list[EvidenceOut] = Field(
        description=gettext_noop("Figures on a section, a theme or the whole plan.")
    )
    evidence_after_as_of: int = Field(description=gettext_noop("Figures published after as_of, left out."))


class StateStatements(Schema):
    iso3: str = Field(description=gettext_noop("The State's ISO 3166 alpha-3 code."))
    name: str = Field(description=gettext_noop("The State's name in the answer's language."))
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    count: int = Field(description=gettext_noop("How many statements are listed."))
    statements: list[FindingOut] = Field(  # type: ignore[valid-type]
        description=gettext_noop("The State's own statements on use, as the sources give them.")
    )
    gaps: list[FindingOut] = Field(description=gettext_noop("What was searched for about the State and not found."))  # type: ignore[valid-type]


class StateFindings(Schema):
    iso3: str = Field(description=gettext_noop("The State's ISO 3166 alpha-3 code."))
    name: str = Field(description=gettext_noop("The State's name in the answer's language."))
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    count: int = Field(description=gettext_noop("How many findings are listed."))
    findings: list[FindingOut] = Field(  # type: ignore[valid-type]
        description=gettext_noop("The Monitor's findings about the State, as the sources give them.")
    )


class StateVotes(Schema):
    iso3: str = Field(description=gettext_noop("The State's ISO 3166 alpha-3 code."))
    name: str = Field(description=gettext_noop("The State's name in the answer's language."))
    as_of: date = Field(description=gettext_noop("The day asked about (YYYY-MM-DD)."))
    summary: str = Field(description=gettext_noop("Said only from what is recorded; names what is not known."))
    state_votes: list[FindingOut] = Field(  # type: ignore[valid-type]
        description=gettext_noop("Entries whose source names how the State voted; other years' votes are not known.")
    )
    resolution_votes: list[ResolutionVoteOut] = Field(  # type: ignore[valid-type]
        description=gettext_noop("The resolution's vote counts per year and body: counts, not how each State voted.")
    )
