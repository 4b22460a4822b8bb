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
    decided_by: str | None
    period: int | None
    link: str | None
    text: str | None
    source: SourceOut


class ExtensionOut(Schema):
    granted_on: date
    new_deadline: date
    decided_by: str | None


class DeadlineOut(Schema):
    """One deadline of one State under one obligation, as it stood on the day asked about."""

    obligation: str
    title: str
    article: str
    period: int | None
    original_deadline: date | None
    extensions: list[ExtensionOut]
    current_deadline: date | None
    status: str
    extension_pending: bool
    completed_on: date | None
    completed_late: bool
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
