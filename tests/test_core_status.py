"""The status engine: a State's standing and a treaty's counts on any date."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from treatywatch.core.rules import Delay, DelayKind, TreatyRules
from treatywatch.core.status import (
    Instrument,
    StateRecord,
    Status,
    change_days,
    counts_over_time,
    treaty_state,
)

RULES = TreatyRules(
    instruments_for_entry_into_force=3,
    entry_into_force_delay=Delay(DelayKind.FIRST_DAY_OF_MONTH_AFTER, 6),
    state_entry_into_force_delay=Delay(DelayKind.FIRST_DAY_OF_MONTH_AFTER, 6),
    withdrawal_delay=Delay(DelayKind.MONTHS_AFTER, 6),
)
ORDER = [Status.NOT_SIGNED, Status.SIGNATORY, Status.PARTY, Status.WITHDRAWAL_PENDING, Status.WITHDRAWN]


def record(
    key: str,
    signed: str | None = None,
    deposited: str | None = None,
    withdrew: str | None = None,
    instrument: Instrument = Instrument.RATIFICATION,
) -> StateRecord:
    def day(text: str | None) -> date | None:
        return date.fromisoformat(text) if text else None

    return StateRecord(key, day(signed), day(deposited), instrument if deposited else None, day(withdrew))


THREE = [
    record("A", "2008-12-03", "2009-01-10"),
    record("B", "2008-12-03", "2009-02-01"),
    record("C", None, "2009-02-16", instrument=Instrument.ACCESSION),
    record("D", "2008-12-03", "2010-03-20", "2015-01-10"),
    record("E", "2008-12-04"),
]


def by_key(day: str) -> dict[str, object]:
    state = treaty_state(THREE, RULES, date.fromisoformat(day))
    return {s.key: s for s in state.standings}


def test_instruments_deposited_by_the_threshold_day_share_the_treaty_entry_into_force() -> None:
    standings = by_key("2011-01-01")
    assert treaty_state(THREE, RULES, date(2011, 1, 1)).entry_into_force_on == date(2009, 8, 1)
    assert [standings[k].entry_into_force_on for k in "ABC"] == [date(2009, 8, 1)] * 3  # type: ignore[attr-defined]
    assert standings["D"].entry_into_force_on == date(2010, 9, 1)  # type: ignore[attr-defined]


def test_a_party_before_entry_into_force_is_counted_as_party_but_not_in_force() -> None:
    counts = treaty_state(THREE, RULES, date(2009, 3, 1)).counts
    assert (counts.parties, counts.in_force, counts.signatories) == (3, 0, 4)


def test_withdrawal_is_pending_for_six_months_then_the_state_is_no_longer_counted() -> None:
    pending = by_key("2015-03-01")["D"]
    assert pending.status is Status.WITHDRAWAL_PENDING and pending.in_force  # type: ignore[attr-defined]
    gone = treaty_state(THREE, RULES, date(2015, 7, 10))
    assert {s.key: s.status for s in gone.standings}["D"] is Status.WITHDRAWN
    assert (gone.counts.parties, gone.counts.signatories, gone.counts.withdrawn) == (3, 3, 1)


def test_facts_after_the_day_asked_about_are_ignored() -> None:
    standings = by_key("2008-12-31")
    assert {k: s.status for k, s in standings.items()} == {  # type: ignore[attr-defined]
        "A": Status.SIGNATORY,
        "B": Status.SIGNATORY,
        "C": Status.NOT_SIGNED,
        "D": Status.SIGNATORY,
        "E": Status.SIGNATORY,
    }
    assert treaty_state(THREE, RULES, date(2008, 12, 31)).entry_into_force_on is None


def test_impossible_records_are_explained() -> None:
    assert record("X", "2010-01-01", "2009-01-01").problems() == [
        "ratification deposited on 2009-01-01 before signature on 2010-01-01"
    ]
    assert record("X", "2010-01-01", "2009-01-01", instrument=Instrument.ACCESSION).problems() == []
    assert "before the instrument deposited" in record("X", None, "2012-01-01", "2011-01-01").problems()[0]
    assert record("X", withdrew="2011-01-01").problems() == ["a withdrawal needs an instrument deposited before it"]


# Property-based tests on generated, possible records.
days = st.dates(min_value=date(1997, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def possible_record(draw: st.DrawFn, key: str) -> StateRecord:
    signed = draw(st.none() | days)
    deposited = draw(st.none() | days)
    instrument = (
        Instrument.ACCESSION if signed is None or (deposited and deposited < signed) else Instrument.RATIFICATION
    )
    withdrew = None
    if deposited is not None and draw(st.booleans()):
        withdrew = deposited + timedelta(days=draw(st.integers(0, 5000)))
    return StateRecord(key, signed, deposited, instrument if deposited else None, withdrew)


records = st.lists(st.integers(0, 10_000), min_size=1, max_size=25, unique=True).flatmap(
    lambda keys: st.tuples(*[possible_record(str(k)) for k in keys])
)


@settings(max_examples=150)
@given(generated=records, day=days)
def test_parties_never_exceed_the_states_that_deposited(generated: tuple[StateRecord, ...], day: date) -> None:
    counts = treaty_state(generated, RULES, day).counts
    deposited = sum(1 for r in generated if r.deposited_on and r.deposited_on <= day)
    assert counts.in_force <= counts.parties <= deposited
    assert counts.signatories_not_ratified <= counts.signatories


@settings(max_examples=150)
@given(generated=records)
def test_status_only_moves_forward_and_changes_only_on_event_days(generated: tuple[StateRecord, ...]) -> None:
    events = change_days(generated, RULES)
    previous: dict[str, Status] = {}
    for day in events:
        for moment in (day - timedelta(days=1), day):
            for standing in treaty_state(generated, RULES, moment).standings:
                before = previous.get(standing.key, Status.NOT_SIGNED)
                assert ORDER.index(standing.status) >= ORDER.index(before)
                previous[standing.key] = standing.status
    # Between two event days nothing changes.
    for start, end in pairwise(events):
        if (end - start).days > 1:
            assert (
                treaty_state(generated, RULES, start).counts
                == treaty_state(generated, RULES, end - timedelta(days=1)).counts
            )


@settings(max_examples=100)
@given(generated=records)
def test_the_timeline_ends_on_the_counts_of_its_last_day(generated: tuple[StateRecord, ...]) -> None:
    until = date(2031, 1, 1)
    timeline = counts_over_time(generated, RULES, until)
    has_facts = any(r.signed_on or r.deposited_on for r in generated)
    assert bool(timeline) == has_facts
    if has_facts:
        assert timeline[-1][1] == treaty_state(generated, RULES, until).counts
