"""The forms a rules file can take, each against the article it comes from (pure core, no Django)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from treatywatch.core.rules import Delay, DelayKind, Instrument, LaterDeposits, RuleError, TreatyRules
from treatywatch.core.status import StateRecord, entry_into_force, treaty_state

DAYS_90 = {"kind": "days_after", "days": 90}
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


def rules(opened: date | None = None, **entry_into_force: Any) -> TreatyRules:
    table = {"instruments_required": 3, "treaty_delay": DAYS_90, "state_delay": DAYS_90, **entry_into_force}
    return TreatyRules.from_mapping({"entry_into_force": table, "withdrawal": {"delay": DAYS_90}}, opened)


def deposited(key: str, day: date, instrument: Instrument = Instrument.RATIFICATION) -> StateRecord:
    return StateRecord(key, deposited_on=day, instrument=instrument)


CWC = TreatyRules(
    instruments_for_entry_into_force=65,
    entry_into_force_delay=Delay(DelayKind.DAYS_AFTER, 180),
    state_entry_into_force_delay=Delay(DelayKind.DAYS_AFTER, 30),
    withdrawal_delay=Delay(DelayKind.DAYS_AFTER, 90),
    later_deposits=LaterDeposits.AFTER_ENTRY_INTO_FORCE,
    not_before=date(1995, 1, 13),
)


def test_cwc_article_xxi_a_deposit_before_entry_into_force_joins_on_that_day() -> None:
    # 65th ratification 31 October 1996 (Hungary): in force 29 April 1997; a deposit on
    # 25 April 1997 joins then, one on 5 November 1997 30 days later.
    records = [deposited(str(i), date(1995, 1, 1) + timedelta(days=i)) for i in range(64)]
    records += [
        deposited("HUN", date(1996, 10, 31)),
        deposited("USA", date(1997, 4, 25)),
        deposited("RUS", date(1997, 11, 5)),
    ]
    state = treaty_state(records, CWC, date(1998, 1, 1))
    by_key = {s.key: s.entry_into_force_on for s in state.standings}
    assert state.entry_into_force_on == date(1997, 4, 29)
    assert (by_key["USA"], by_key["RUS"]) == (date(1997, 4, 29), date(1997, 12, 5))


def test_ccm_article_17_a_deposit_after_the_threshold_waits_its_own_delay() -> None:
    after_threshold = rules()
    records = [deposited(k, date(2020, 1, d)) for k, d in (("A", 1), ("B", 2), ("C", 3), ("D", 20))]
    by_key = {s.key: s.entry_into_force_on for s in treaty_state(records, after_threshold, date(2021, 1, 1)).standings}
    assert by_key["C"] == date(2020, 4, 2)
    assert by_key["D"] == date(2020, 4, 19)  # 90 days after its own deposit of 20 January
    on_eif = rules(later_deposits="after_entry_into_force")
    by_key = {s.key: s.entry_into_force_on for s in treaty_state(records, on_eif, date(2021, 1, 1)).standings}
    assert by_key["D"] == date(2020, 4, 2)


def test_a_floor_date_holds_entry_into_force_back() -> None:
    # CWC Art. XXI(1), "in no case earlier than two years after its opening for signature".
    floor = rules(opened=date(1993, 1, 13), not_before={"months_after_opening": 24})
    records = [deposited(k, date(1993, 6, 1)) for k in "ABC"]
    assert floor.not_before == date(1995, 1, 13)
    assert entry_into_force(floor, records).in_force_on == date(1995, 1, 13)


def test_required_states_must_all_deposit_whatever_the_number() -> None:
    # CTBT Art. XIV(1): "by all States listed in Annex 2".
    required = rules(instruments_required=0, required_states=["USA", "CHN"], counting_instruments=["ratification"])
    many = [deposited(str(i), date(2000, 1, 1) + timedelta(days=i)) for i in range(100)]
    assert entry_into_force(required, [*many, deposited("USA", date(2001, 1, 1))]).in_force_on is None
    acceded = deposited("CHN", date(2002, 1, 1), Instrument.ACCESSION)  # not a ratification
    assert entry_into_force(required, [*many, deposited("USA", date(2001, 1, 1)), acceded]).in_force_on is None
    both = [*many, deposited("USA", date(2001, 1, 1)), deposited("CHN", date(2002, 1, 1))]
    assert entry_into_force(required, both).in_force_on == date(2002, 4, 1)


def test_only_the_counted_kinds_of_instrument_reach_the_threshold() -> None:
    # ATT Art. 22(1): "the fiftieth instrument of ratification, acceptance or approval".
    counted = rules(counting_instruments=["ratification", "acceptance", "approval"])
    records = [
        deposited("A", date(2014, 1, 1), Instrument.ACCESSION),
        deposited("B", date(2014, 2, 1)),
        deposited("C", date(2014, 3, 1), Instrument.ACCEPTANCE),
    ]
    assert entry_into_force(counted, records).in_force_on is None
    records.append(deposited("D", date(2014, 4, 1), Instrument.APPROVAL))
    assert entry_into_force(counted, records).threshold_day == date(2014, 4, 1)


def test_a_former_state_counts_until_it_ended_and_its_deposit_still_counts_toward_the_threshold() -> None:
    former = StateRecord(
        "DDR", deposited_on=date(1978, 5, 25), instrument=Instrument.RATIFICATION, ended_on=date(1990, 10, 3)
    )
    others = [deposited("A", date(1978, 6, 1)), deposited("B", date(1978, 7, 1))]
    before, after = (treaty_state([former, *others], rules(), day) for day in (date(1990, 10, 2), date(1990, 10, 3)))
    assert (before.counts.parties, after.counts.parties) == (3, 2)
    assert after.entry_into_force_on == before.entry_into_force_on == date(1978, 9, 29)


def test_a_succession_dates_back_to_the_date_of_succession() -> None:
    successor = StateRecord(
        "CZE", deposited_on=date(1993, 2, 22), instrument=Instrument.SUCCESSION, succeeded_on=date(1993, 1, 1)
    )
    others = [deposited(k, date(1980, 1, 1)) for k in "ABC"]
    standing = treaty_state([successor, *others], rules(), date(1993, 1, 15)).standings[0]
    # Bound from the date of succession, without the 90 days a new instrument waits.
    assert standing.is_party and standing.entry_into_force_on == date(1993, 1, 1)


@pytest.mark.parametrize(
    ("entry_into_force", "opened", "message"),
    [
        ({"later_deposits": "whenever"}, None, "later_deposits: 'whenever' is not one of after_threshold"),
        ({"not_before": {"months_after_opening": 24}}, None, "needs opened_for_signature_on"),
        ({"not_before": {"years": 2}}, date(1993, 1, 13), r"write it as \{ months_after_opening = N \}"),
        ({"required_states": ["usa"]}, None, "'usa' not an ISO 3166 alpha-3 code"),
        ({"required_states": "USA"}, None, "must be a list of ISO 3166 alpha-3 codes"),
        ({"required_states": ["USA", "USA"]}, None, "USA listed twice"),
        ({"counting_instruments": ["signature"]}, None, "'signature' is not a kind of instrument"),
        ({"counting_instruments": []}, None, "must be a non-empty list"),
        ({"instrument_required": 3}, None, "unknown key\\(s\\) instrument_required"),
        ({"not_before": {"months_after_opening": 24}}, "1993-01-13", "must be a TOML date without quotes"),
    ],
)
def test_a_misused_form_is_refused_naming_the_key(
    entry_into_force: dict[str, Any], opened: date | None, message: str
) -> None:
    with pytest.raises(RuleError, match=message):
        rules(opened, **entry_into_force)


# Properties ------------------------------------------------------------------------------------

instruments = st.sampled_from(list(Instrument))


@st.composite
def deposits(draw: st.DrawFn) -> list[StateRecord]:
    count = draw(st.integers(0, 12))
    return [deposited(f"S{i}", draw(days), draw(instruments)) for i in range(count)]


@settings(max_examples=150)
@given(records=deposits(), opened=days, months=st.integers(0, 60))
def test_entry_into_force_is_never_before_the_floor(records: list[StateRecord], opened: date, months: int) -> None:
    floor = rules(opened=opened, not_before={"months_after_opening": months})
    in_force_on = entry_into_force(floor, records).in_force_on
    assert in_force_on is None or floor.not_before is None or in_force_on >= floor.not_before


@settings(max_examples=150)
@given(records=deposits(), missing=st.integers(0, 2), day=days)
def test_with_a_required_state_missing_the_treaty_is_never_in_force(
    records: list[StateRecord], missing: int, day: date
) -> None:
    required = rules(instruments_required=0, required_states=["AAA", "BBB", "CCC"])
    present = [deposited(k, date(2000, 1, 1)) for i, k in enumerate(["AAA", "BBB", "CCC"]) if i != missing]
    state = treaty_state([*records, *present], required, day)
    assert state.entry_into_force_on is None
    assert state.counts.in_force == 0


@settings(max_examples=150)
@given(records=deposits())
def test_after_entry_into_force_every_earlier_deposit_is_in_force_on_the_day(records: list[StateRecord]) -> None:
    on_eif = rules(later_deposits="after_entry_into_force")
    in_force_on = entry_into_force(on_eif, records).in_force_on
    if in_force_on is not None:
        counts = treaty_state(records, on_eif, in_force_on).counts
        assert counts.in_force == sum(1 for r in records if r.deposited_on and r.deposited_on < in_force_on)


@settings(max_examples=150)
@given(records=deposits())
def test_uncounted_kinds_never_bring_the_treaty_into_force_earlier(records: list[StateRecord]) -> None:
    everything = entry_into_force(rules(), records).in_force_on
    ratifications = entry_into_force(rules(counting_instruments=["ratification"]), records).in_force_on
    assert ratifications is None or (everything is not None and everything <= ratifications)


@settings(max_examples=150)
@given(records=deposits(), ended=days, day=days)
def test_a_former_state_never_counts_after_it_ended_but_its_deposit_keeps_the_treatys_dates(
    records: list[StateRecord], ended: date, day: date
) -> None:
    former = [StateRecord(r.key, deposited_on=r.deposited_on, instrument=r.instrument, ended_on=ended) for r in records]
    then, now = treaty_state(records, rules(), day), treaty_state(former, rules(), day)
    assert now.entry_into_force_on == then.entry_into_force_on
    assert now.counts.parties == (then.counts.parties if day < ended else 0)
