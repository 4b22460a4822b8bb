"""Entry into force and withdrawal dates from rules given as data."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatywatch.core.dates import add_months, first_day_of_month_after
from treatywatch.core.rules import Delay, DelayKind, RuleError, TreatyRules
from treatywatch.core.status import Instrument, StateRecord, entry_into_force

from .conftest import ROOT

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31))


def rules_of(slug: str) -> TreatyRules:
    with (ROOT / "treaties" / f"{slug}.toml").open("rb") as handle:
        return TreatyRules.from_mapping(tomllib.load(handle)["rules"])


def deposit(key: str, day: date, instrument: Instrument = Instrument.RATIFICATION) -> StateRecord:
    return StateRecord(key, deposited_on=day, instrument=instrument)


def test_first_day_of_sixth_month_after_a_february_deposit_is_first_of_august() -> None:
    assert first_day_of_month_after(date(2010, 2, 16), 6) == date(2010, 8, 1)


def test_add_months_clips_to_the_end_of_a_short_month() -> None:
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)
    assert add_months(date(2023, 8, 31), 6) == date(2024, 2, 29)


def test_ccm_withdrawal_takes_effect_six_months_after_notification() -> None:
    # Lithuania notified on 6 September 2024; UNTC: "took effect ... on 6 March 2025".
    assert rules_of("ccm").withdrawal_effective_on(date(2024, 9, 6)) == date(2025, 3, 6)


def test_ccm_state_entry_into_force_follows_article_17_2() -> None:
    # Switzerland deposited 17 July 2012; in force for it on 1 January 2013 (Swiss Fedlex SR 0.515.093).
    assert rules_of("ccm").state_entry_into_force_delay.after(date(2012, 7, 17)) == date(2013, 1, 1)


def test_ninety_day_rules_count_days_not_months() -> None:
    for slug in ("att", "tpnw"):
        rules = rules_of(slug)
        assert rules.entry_into_force_delay.after(date(2020, 10, 24)) == date(2020, 10, 24) + timedelta(days=90)
        assert rules.instruments_for_entry_into_force == 50


def test_tpnw_withdrawal_takes_twelve_months() -> None:
    assert rules_of("tpnw").withdrawal_effective_on(date(2030, 3, 15)) == date(2031, 3, 15)


def test_treaty_enters_into_force_only_once_enough_instruments_are_deposited() -> None:
    rules = rules_of("apmbc")
    deposits = [deposit(str(i), date(1998, 1, 1) + timedelta(days=i)) for i in range(39)]
    assert entry_into_force(rules, deposits).in_force_on is None
    assert entry_into_force(rules, [*deposits, deposit("40", date(1998, 9, 16))]).in_force_on == date(1999, 3, 1)


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ({}, "missing key 'entry_into_force'"),
        ({"entry_into_force": {"instruments_required": 30}, "withdrawal": {}}, "missing key 'kind'"),
        (
            {
                "entry_into_force": {
                    "instruments_required": 30,
                    "treaty_delay": {"kind": "fortnights", "days": 3},
                    "state_delay": {"kind": "days_after", "days": 3},
                },
                "withdrawal": {"delay": {"kind": "days_after", "days": 3}},
            },
            "unknown delay kind 'fortnights'",
        ),
        (
            {
                "entry_into_force": {
                    "instruments_required": "thirty",
                    "treaty_delay": {"kind": "days_after", "days": 3},
                    "state_delay": {"kind": "days_after", "days": 3},
                },
                "withdrawal": {"delay": {"kind": "days_after", "days": 3}},
            },
            "must be a whole number",
        ),
        (
            {
                "entry_into_force": {
                    "instruments_required": 30,
                    "treaty_delay": {"kind": "days_after", "months": 3},
                    "state_delay": {"kind": "days_after", "days": 3},
                },
                "withdrawal": {"delay": {"kind": "days_after", "days": 3}},
            },
            "a days_after delay needs a whole number of 'days'",
        ),
    ],
)
def test_unusable_rules_are_refused_with_a_message(definition: dict[str, object], message: str) -> None:
    with pytest.raises(RuleError, match=message):
        TreatyRules.from_mapping(definition)


@given(day=days, months=st.integers(min_value=0, max_value=240))
def test_first_day_of_month_after_is_a_first_day_never_before_the_event(day: date, months: int) -> None:
    result = first_day_of_month_after(day, months)
    assert result.day == 1
    assert (result.year - day.year) * 12 + result.month - day.month == months
    assert months == 0 or result > day


@given(earlier=days, later=days, kind=st.sampled_from(list(DelayKind)), amount=st.integers(0, 120))
def test_every_delay_keeps_the_order_of_events(earlier: date, later: date, kind: DelayKind, amount: int) -> None:
    earlier, later = sorted((earlier, later))
    delay = Delay(kind, amount)
    assert delay.after(earlier) <= delay.after(later)
