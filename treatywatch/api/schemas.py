from __future__ import annotations

import datetime
from datetime import date

from ninja import Field, Schema


class SourceOut(Schema):
    citation: str
    url: str | None
    retrieved_on: date | None
    primary: bool


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
    key_dates_source: SourceOut | None
    parent: str | None = Field(description="For a protocol: the slug of its convention.")
    protocols: list[str] = Field(description="The slugs of the treaty's protocols.")
    rules: dict[str, object]


class Standing(Schema):
    """Where a State stands under a treaty on the day asked about (all derived from the facts)."""

    status: str
    in_force: bool
    signed_on: date | None
    deposited_on: date | None
    instrument: str | None
    entry_into_force_on: date | None
    provisional_application_on: date | None
    withdrawal_notified_on: date | None
    withdrawal_effective_on: date | None


class StateStanding(Standing):
    iso3: str
    name: str
    region: str
    subregion: str


class TreatyStates(Schema):
    treaty: str
    record_imported: bool
    as_of: date
    count: int
    states: list[StateStanding]


class FactOut(Schema):
    kind: str
    instrument: str | None
    date: date
    depositary_notification: str | None
    text: str | None
    source: SourceOut


class StateTreaty(Standing):
    treaty: str
    treaty_name: str
    facts: list[FactOut]


class StateProfile(Schema):
    iso3: str
    iso2: str
    name: str
    region: str
    subregion: str
    as_of: date
    treaties: list[StateTreaty]


class Error(Schema):
    detail: str


class ObligationFactOut(Schema):
    """A recorded fact that moves a deadline: a declaration, an extension, a completion, a report."""

    obligation: str
    kind: str
    date: date | None
    date_precision: str
    applies: bool | None
    new_deadline: datetime.date | None
    new_deadline_precision: str | None
    decided_by: str | None
    period: int | None
    link: str | None
    text: str | None
    source: SourceOut


_APPROXIMATE = (
    "ISO 8601 to the precision the source gives: `2019-08-01` (a day, or on or before that day), "
    "`2019-03` (a month), `2019` (a year); see the `*_precision` field next to it."
)
_PRECISION = "day, month, year or by (on or before that day)."


class ExtensionOut(Schema):
    granted_on: str = Field(description=_APPROXIMATE)
    granted_on_precision: str = Field(description=_PRECISION)
    new_deadline: str = Field(description=_APPROXIMATE)
    new_deadline_precision: str = Field(description=_PRECISION)
    decided_by: str | None


class DeadlineOut(Schema):
    """One deadline of one State under one obligation, as it stood on the day asked about."""

    obligation: str
    title: str
    article: str
    period: int | None
    cycle: int = Field(
        description="0 for the obligation as the treaty set it; 1, 2... for each time it was reopened after a "
        "completion (stockpiles or contamination found later). Earlier runs stay in the list."
    )
    reopened_on: date | None = Field(description="The day a source records the obligation applying again.")
    original_deadline: date | None
    extensions: list[ExtensionOut]
    current_deadline: str | None = Field(description=_APPROXIMATE)
    current_deadline_precision: str | None = Field(description=_PRECISION)
    status: str
    status_label: str
    extension_pending: bool = Field(description="An extension was requested and no decision is recorded after it.")
    completed_on: str | None = Field(description=_APPROXIMATE)
    completed_on_precision: str | None = Field(description=_PRECISION)
    completed_late: bool
    conflicts: list[str] = Field(
        description="Where sources give different dates for one event (a decision, a completion): every date with "
        "its source. The deadline used is the later one."
    )
    notes: list[str] = Field(
        description="What the record cannot settle: an extension it lacks (a request the treaty allows only "
        "before the deadline came after it), or a roughly dated completion or extension that may already have "
        "happened (status `not_known`)."
    )
    facts: list[ObligationFactOut]


class StateKey(Schema):
    iso3: str
    name: str


class StateDeadlineOut(DeadlineOut, StateKey):
    """A deadline with its State (the State's fields come first)."""


class TreatyCompliance(Schema):
    treaty: str
    record_imported: bool
    as_of: date
    status: str | None
    obligation: str | None
    within: int | None
    reports_not_recorded: list[str]
    count: int
    deadlines: list[StateDeadlineOut]


class StateTreatyObligations(Schema):
    treaty: str
    treaty_name: str
    reports_not_recorded: list[str]
    deadlines: list[DeadlineOut]


class StateObligations(Schema):
    iso3: str
    name: str
    as_of: date
    treaties: list[StateTreatyObligations]
