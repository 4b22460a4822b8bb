"""The API's answers. Those that list a register's or a deadline's fields are built from the one list
of fields in the presenters (`treatywatch.lib.fields`); the envelopes around them are written here."""

from __future__ import annotations

from datetime import date

from ninja import Field, Schema

from treatywatch.lib.fields import schema
from treatywatch.obligations.presenters import DEADLINE, STATE_DEADLINE
from treatywatch.outreach.institution_presenters import MEETING, THEME_COORDINATORS
from treatywatch.outreach.presenters import ACTIVITY, BOARD_ROW
from treatywatch.registry.presenters import SOURCE, STATE_STANDING, STATE_TREATY

# Built from the presenters' field lists; mypy cannot see a built class as a type, hence the ignores below.
SourceOut = schema(SOURCE)
StateStanding = schema(STATE_STANDING)
StateTreaty = schema(STATE_TREATY)
DeadlineOut = schema(DEADLINE)
StateDeadlineOut = schema(STATE_DEADLINE)
ActivityOut = schema(ACTIVITY)
BoardRow = schema(BOARD_ROW)
MeetingOut = schema(MEETING)
ThemeCoordinatorsOut = schema(THEME_COORDINATORS)


class TreatySummary(Schema):
    slug: str
    short_name: str
    name: str
    depositary_chapter: str
    url: str
    record_imported: bool


class Counts(Schema):
    signatories: int
    parties: int
    in_force: int
    signatories_not_ratified: int
    withdrawn: int


class TreatyDetail(TreatySummary):
    as_of: date
    adopted_on: date | None
    adopted_at: str
    opened_for_signature_on: date | None
    entry_into_force_on: date | None
    counts: Counts | None
    key_dates_source: SourceOut | None  # type: ignore[valid-type]
    parent: str | None = Field(description="For a protocol: the slug of its convention.")
    protocols: list[str] = Field(description="The slugs of the treaty's protocols.")
    rules: dict[str, object]


class TreatyStates(Schema):
    treaty: str
    record_imported: bool
    as_of: date
    count: int
    states: list[StateStanding]  # type: ignore[valid-type]


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
    status: str | None
    obligation: str | None
    within: int | None
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
