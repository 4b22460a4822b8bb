"""Obligation deadlines: computed from the rules and the State's entry into force, moved by facts."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatywatch.core.obligations import (
    DeadlineStatus,
    Extension,
    ExtensionError,
    ObligationFacts,
    ObligationRule,
    check_extension,
    deadlines,
    rules_from_list,
)
from treatywatch.core.rules import RuleError

from .conftest import ROOT


def ccm_rules() -> dict[str, ObligationRule]:
    with (ROOT / "treaties" / "ccm.toml").open("rb") as handle:
        return {r.key: r for r in rules_from_list(tomllib.load(handle)["rules"]["obligations"])}


RULES = ccm_rules()
BULGARIA_EIF = date(2011, 10, 1)
HOLDS = ObligationFacts(declared=((BULGARIA_EIF, True),))


def only(rule: str, facts: ObligationFacts, day: date, eif: date = BULGARIA_EIF, left: date | None = None):
    (deadline,) = deadlines(RULES[rule], eif, left, facts, day)
    return deadline


def test_ccm_stockpile_deadline_is_eight_years_after_entry_into_force() -> None:
    # Published: Bulgaria's Article 3 deadline was 1 October 2019 (Monitor stockpile FAQ).
    assert only("stockpile_destruction", HOLDS, date(2019, 1, 1)).current == date(2019, 10, 1)


def test_ccm_clearance_deadline_is_ten_years_and_initial_report_180_days() -> None:
    # Published: Bosnia and Herzegovina's Article 4 deadline was 1 March 2021 (EIF 1 March 2011).
    contaminated = ObligationFacts(declared=((date(2011, 3, 1), True),))
    assert only("clearance", contaminated, date(2020, 1, 1), eif=date(2011, 3, 1)).current == date(2021, 3, 1)
    assert only("initial_report", ObligationFacts(), date(2011, 1, 1), eif=date(2010, 8, 1)).current == date(
        2011, 1, 28
    )


def test_an_extension_moves_the_deadline_from_the_day_it_is_granted() -> None:
    # 9MSP (September 2019) granted Bulgaria 18 months, to 1 April 2021.
    facts = ObligationFacts(
        declared=HOLDS.declared, extensions=(Extension(date(2019, 9, 4), date(2021, 4, 1), "9MSP"),)
    )
    assert only("stockpile_destruction", facts, date(2019, 9, 3)).current == date(2019, 10, 1)
    granted = only("stockpile_destruction", facts, date(2019, 9, 4))
    assert (granted.original, granted.current, granted.status) == (
        date(2019, 10, 1),
        date(2021, 4, 1),
        DeadlineStatus.DUE,
    )
    assert only("stockpile_destruction", facts, date(2021, 4, 2)).status is DeadlineStatus.OVERDUE


def test_statuses_over_a_states_life() -> None:
    assert only("stockpile_destruction", HOLDS, date(2011, 5, 1)).status is DeadlineStatus.NOT_DUE
    assert only("stockpile_destruction", ObligationFacts(), date(2015, 1, 1)).status is DeadlineStatus.NOT_DECLARED
    none = ObligationFacts(declared=((BULGARIA_EIF, False),))
    assert only("stockpile_destruction", none, date(2015, 1, 1)).status is DeadlineStatus.NOT_APPLICABLE
    done = ObligationFacts(declared=HOLDS.declared, completed_on=date(2019, 3, 1))
    assert only("stockpile_destruction", done, date(2019, 2, 1)).status is DeadlineStatus.DUE
    assert only("stockpile_destruction", done, date(2020, 1, 1)).status is DeadlineStatus.COMPLETED
    withdrawn = only("stockpile_destruction", HOLDS, date(2026, 1, 1), left=date(2025, 3, 6))
    assert withdrawn.status is DeadlineStatus.NOT_APPLICABLE
    assert only("national_measures", ObligationFacts(), date(2015, 1, 1)).status is DeadlineStatus.NO_DEADLINE


def test_annual_reports_are_due_on_30_april_of_the_following_year() -> None:
    facts = ObligationFacts(reports={2011: date(2012, 4, 20)})
    reports = deadlines(RULES["annual_report"], BULGARIA_EIF, None, facts, date(2013, 5, 1))
    assert [(d.period, d.current, d.status) for d in reports] == [
        (2011, date(2012, 4, 30), DeadlineStatus.COMPLETED),
        (2012, date(2013, 4, 30), DeadlineStatus.OVERDUE),
    ]


def test_extensions_are_checked_against_the_treaty_limit() -> None:
    check_extension(RULES["stockpile_destruction"], date(2019, 10, 1), date(2023, 10, 1))
    with pytest.raises(ExtensionError, match="up to 48 months: from 2019-10-01 at most to 2023-10-01"):
        check_extension(RULES["stockpile_destruction"], date(2019, 10, 1), date(2023, 10, 2))
    with pytest.raises(ExtensionError, match="must move the deadline later"):
        check_extension(RULES["clearance"], date(2020, 8, 1), date(2020, 7, 1))


def test_bad_obligation_rules_are_refused() -> None:
    with pytest.raises(RuleError, match="missing key 'article'"):
        rules_from_list([{"key": "x", "title": "X"}])
    with pytest.raises(RuleError, match="give a real month and day"):
        rules_from_list([{"key": "x", "title": "X", "article": "1", "annual_due": {"month": 2, "day": 30}}])
    with pytest.raises(RuleError, match="unique"):
        rules_from_list([{"key": "x", "title": "X", "article": "1"}] * 2)


days = st.dates(min_value=date(2010, 1, 1), max_value=date(2040, 12, 31))


@given(
    eif=days,
    grants=st.lists(st.tuples(st.integers(0, 6000), st.integers(-2000, 2000)), max_size=4),
    day=days,
)
def test_an_extension_never_moves_a_deadline_earlier(eif: date, grants: list[tuple[int, int]], day: date) -> None:
    original = RULES["clearance"].delay.after(eif)  # type: ignore[union-attr]
    extensions = tuple(Extension(eif + timedelta(days=a), original + timedelta(days=b)) for a, b in grants)
    facts = ObligationFacts(declared=((eif, True),), extensions=extensions)
    result = deadlines(RULES["clearance"], eif, None, facts, day)
    assert len(result) == 1
    if result[0].current is not None:
        assert result[0].current >= original


@given(eif=days, day=days)
def test_the_annual_report_for_year_y_is_due_on_30_april_of_y_plus_1(eif: date, day: date) -> None:
    result = deadlines(RULES["annual_report"], eif, None, ObligationFacts(), day)
    if day < eif:
        assert [d.status for d in result] == [DeadlineStatus.NOT_DUE]
        return
    for deadline in result:
        assert deadline.period is not None
        assert deadline.current == date(deadline.period + 1, 4, 30)
        assert deadline.period >= eif.year


def test_a_rules_file_with_unusable_obligations_is_refused(db: None, tmp_path: Path) -> None:
    from django.core.management import CommandError, call_command

    text = (
        (ROOT / "treaties" / "ccm.toml")
        .read_text()
        .replace("annual_due = { month = 4, day = 30 }", "annual_due = { month = 2, day = 30 }")
    )
    path = tmp_path / "ccm.toml"
    path.write_text(text)
    with pytest.raises(CommandError, match="annual_due: give a real month and day"):
        call_command("add_treaty", str(path))


def test_a_completion_dated_only_roughly_is_never_called_late() -> None:
    exact = ObligationFacts(declared=HOLDS.declared, completed_on=date(2019, 10, 31))
    assert only("stockpile_destruction", exact, date(2020, 1, 1)).completed_late
    rough = ObligationFacts(declared=HOLDS.declared, completed_on=date(2019, 10, 31), completion_approximate=True)
    assert not only("stockpile_destruction", rough, date(2020, 1, 1)).completed_late


def test_of_two_declarations_on_one_day_the_last_given_wins() -> None:
    facts = ObligationFacts(declared=((BULGARIA_EIF, True), (BULGARIA_EIF, False)))
    assert facts.applies() is False
