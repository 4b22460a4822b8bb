from __future__ import annotations

from datetime import date

from ninja import Schema


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
