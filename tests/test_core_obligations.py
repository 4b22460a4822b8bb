"""Obligation deadlines: computed from the rules and the State's entry into force, moved by facts."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.obligations import (
    Completion,
    Deadline,
    DeadlineStatus,
    Extension,
    ExtensionError,
    ObligationFacts,
    ObligationRule,
    Request,
    check_extension,
    deadlines,
    pending_requests,
    rules_from_list,
    timely_request_pending,
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
    done = ObligationFacts(declared=HOLDS.declared, completions=(Completion(ApproximateDate(date(2019, 3, 1))),))
    assert only("stockpile_destruction", done, date(2019, 2, 1)).status is DeadlineStatus.DUE
    assert only("stockpile_destruction", done, date(2020, 1, 1)).status is DeadlineStatus.COMPLETED
    withdrawn = only("stockpile_destruction", HOLDS, date(2026, 1, 1), left=date(2025, 3, 6))
    assert withdrawn.status is DeadlineStatus.NOT_APPLICABLE
    assert only("national_measures", ObligationFacts(), date(2015, 1, 1)).status is DeadlineStatus.NO_DEADLINE


def test_annual_reports_are_due_on_30_april_of_the_following_year() -> None:
    facts = ObligationFacts(reports={2011: ApproximateDate(date(2012, 4, 20))})
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


def test_a_completion_is_late_only_if_even_its_earliest_possible_day_is_after_the_deadline() -> None:
    def completed(day: date, precision: Precision) -> Deadline:
        facts = ObligationFacts(declared=HOLDS.declared, completions=(Completion(ApproximateDate(day, precision)),))
        return only("stockpile_destruction", facts, date(2020, 1, 1))

    # The deadline is 1 October 2019.
    assert completed(date(2019, 10, 31), Precision.DAY).completed_late
    assert not completed(date(2019, 10, 31), Precision.BY).completed_late  # "by 31 October 2019"
    assert not completed(date(2019, 10, 31), Precision.MONTH).completed_late  # may be 1 October
    assert completed(date(2019, 11, 30), Precision.MONTH).completed_late  # November: late whatever the day
    assert not completed(date(2019, 12, 31), Precision.YEAR).completed_late


def test_of_two_declarations_on_one_day_the_last_given_wins() -> None:
    facts = ObligationFacts(declared=((BULGARIA_EIF, True), (BULGARIA_EIF, False)))
    assert facts.applies() is False


# --- Extensions requested: "extension requested, decision not recorded" is not "overdue" -------------------------

DEADLINE = date(2019, 10, 1)  # Bulgaria's Article 3 deadline


def requested(*days: date, granted: tuple[Extension, ...] = ()) -> ObligationFacts:
    return ObligationFacts(declared=HOLDS.declared, requests=tuple(Request(d) for d in days), extensions=granted)


def test_a_request_made_before_the_deadline_with_no_decision_is_not_overdue() -> None:
    facts = requested(date(2019, 4, 30))
    before = only("stockpile_destruction", facts, date(2019, 9, 1))
    assert (before.status, before.extension_pending) == (DeadlineStatus.DUE, True)
    after = only("stockpile_destruction", facts, date(2020, 1, 1))
    assert (after.status, after.extension_pending) == (DeadlineStatus.EXTENSION_REQUESTED, True)


def test_a_request_made_on_the_deadline_is_in_time_and_one_made_after_it_is_not() -> None:
    assert only("stockpile_destruction", requested(DEADLINE), date(2020, 1, 1)).status is (
        DeadlineStatus.EXTENSION_REQUESTED
    )
    late = only("stockpile_destruction", requested(DEADLINE + timedelta(days=1)), date(2020, 1, 1))
    assert (late.status, late.extension_pending) == (DeadlineStatus.OVERDUE, True)


def test_an_extension_granted_after_the_request_answers_it() -> None:
    grant = Extension(date(2019, 9, 4), date(2021, 4, 1), "9MSP")
    facts = requested(date(2019, 4, 30), granted=(grant,))
    extended = only("stockpile_destruction", facts, date(2020, 1, 1))
    assert (extended.status, extended.extension_pending) == (DeadlineStatus.DUE, False)
    assert only("stockpile_destruction", facts, date(2021, 4, 2)).status is DeadlineStatus.OVERDUE
    # A new request before the extended deadline suspends "overdue" again, until its own decision.
    again = requested(date(2019, 4, 30), date(2021, 2, 9), granted=(grant,))
    assert only("stockpile_destruction", again, date(2021, 4, 2)).status is DeadlineStatus.EXTENSION_REQUESTED


def test_a_completion_ends_a_pending_request() -> None:
    facts = requested(date(2019, 4, 30)).replace(completions=(Completion(ApproximateDate(date(2020, 3, 1))),))
    done = only("stockpile_destruction", facts, date(2020, 6, 1))
    assert (done.status, done.extension_pending) == (DeadlineStatus.COMPLETED, False)


request_days = st.lists(st.integers(-3000, 3000), max_size=3)
grant_days = st.lists(st.tuples(st.integers(-3000, 3000), st.integers(1, 1400)), max_size=3)


@given(requests=request_days, grants=grant_days, day=days)
def test_a_deadline_with_a_timely_request_awaiting_its_decision_is_never_overdue(
    requests: list[int], grants: list[tuple[int, int]], day: date
) -> None:
    extensions = tuple(
        Extension(DEADLINE + timedelta(days=g), DEADLINE + timedelta(days=abs(g) + d)) for g, d in grants
    )
    facts = ObligationFacts(
        declared=HOLDS.declared,
        requests=tuple(Request(DEADLINE + timedelta(days=r)) for r in requests),
        extensions=extensions,
    )
    (deadline,) = deadlines(RULES["stockpile_destruction"], BULGARIA_EIF, None, facts, day)
    known = facts.as_of(day)
    timely = timely_request_pending(known.requests, known.extensions, deadline.current)
    if timely and deadline.current is not None and deadline.current < day:
        assert deadline.status is DeadlineStatus.EXTENSION_REQUESTED
    if deadline.status is DeadlineStatus.OVERDUE:
        assert not timely
    if deadline.status is DeadlineStatus.EXTENSION_REQUESTED:
        assert deadline.extension_pending and pending_requests(known.requests, known.extensions)


# --- Reopened after a completion (Mauritania: cleared, then contamination found) ------------------------------

MRT_EIF = date(2012, 8, 1)
CLEARED = Completion(ApproximateDate(date(2019, 8, 1), Precision.BY), "Monitor 2019")
FOUND = date(2024, 6, 1)  # a source records contamination again
REOPENED = ObligationFacts(declared=((MRT_EIF, True), (FOUND, True)), completions=(CLEARED,))


def clearance(facts: ObligationFacts, day: date) -> list[Deadline]:
    return deadlines(RULES["clearance"], MRT_EIF, None, facts, day)


def test_contamination_found_after_a_completion_reopens_the_obligation_with_no_deadline_recorded() -> None:
    assert [d.status for d in clearance(REOPENED, date(2024, 5, 31))] == [DeadlineStatus.COMPLETED]
    done, reopened = clearance(REOPENED, date(2026, 2, 3))
    assert (done.status, done.completion, done.completed_late) == (DeadlineStatus.COMPLETED, CLEARED.on, False)
    assert (done.cycle, done.next_reopened_on) == (0, FOUND)
    assert (reopened.cycle, reopened.reopened_on, reopened.original, reopened.current) == (1, FOUND, None, None)
    assert reopened.status is DeadlineStatus.NO_DEADLINE_RECORDED


def test_a_reopened_obligation_with_a_request_shows_it_and_a_decision_sets_its_deadline() -> None:
    asked = REOPENED.replace(requests=(Request(date(2025, 3, 1)),))
    assert clearance(asked, date(2025, 6, 1))[1].status is DeadlineStatus.EXTENSION_REQUESTED
    decided = asked.replace(extensions=(Extension(date(2025, 9, 12), date(2028, 8, 1), "13MSP"),))
    reopened = clearance(decided, date(2026, 1, 1))[1]
    assert (reopened.current, reopened.status, reopened.extension_pending) == (
        date(2028, 8, 1),
        DeadlineStatus.DUE,
        False,
    )
    assert clearance(decided, date(2028, 8, 2))[1].status is DeadlineStatus.OVERDUE
    cleared_again = decided.replace(completions=(CLEARED, Completion(ApproximateDate(date(2027, 5, 1)))))
    runs = clearance(cleared_again, date(2028, 8, 2))
    assert [(d.cycle, d.status) for d in runs] == [(0, DeadlineStatus.COMPLETED), (1, DeadlineStatus.COMPLETED)]
    assert runs[1].completed_on == date(2027, 5, 1)


@given(
    found=st.integers(1, 4000),
    requests=st.lists(st.integers(0, 4000), max_size=2),
    day=st.dates(min_value=date(2019, 8, 2), max_value=date(2040, 12, 31)),
)
def test_a_reopened_obligation_is_never_overdue_without_a_decision_setting_its_deadline(
    found: int, requests: list[int], day: date
) -> None:
    reopened_on = CLEARED.on.day + timedelta(days=found)
    facts = ObligationFacts(
        declared=((MRT_EIF, True), (reopened_on, True)),
        completions=(CLEARED,),
        requests=tuple(Request(reopened_on + timedelta(days=r)) for r in requests),
    )
    for deadline in clearance(facts, day):
        assert deadline.status is not DeadlineStatus.OVERDUE
        if deadline.cycle > 0:
            assert deadline.current is None


# --- Sources that disagree ----------------------------------------------------------------------------------------


def test_two_sources_for_one_decision_are_both_kept_and_the_later_deadline_is_used() -> None:
    # Lao PDR's Article 4 deadline after its 2019 extension: "1 Aug 2025" in one source, "July 2025" in another.
    laos_eif = date(2010, 8, 1)
    exact = Extension(date(2019, 9, 4), date(2025, 8, 1), "9MSP", "Source A")
    month = Extension(date(2019, 9, 4), date(2025, 7, 31), "9MSP", "Source B", deadline_precision=Precision.MONTH)
    facts = ObligationFacts(declared=((laos_eif, True),), extensions=(month, exact))
    (deadline,) = deadlines(RULES["clearance"], laos_eif, None, facts, date(2025, 8, 1))
    assert (deadline.current, deadline.current_precision, deadline.status) == (
        date(2025, 8, 1),
        Precision.DAY,
        DeadlineStatus.DUE,
    )
    (conflict,) = deadline.conflicts
    assert conflict.about == "extension"
    assert {(c.value.iso(), c.source) for c in conflict.claims} == {("2025-08-01", "Source A"), ("2025-07", "Source B")}


def test_completions_with_different_dates_are_a_conflict_and_the_earliest_completes() -> None:
    one = Completion(ApproximateDate(date(2019, 3, 31), Precision.MONTH), "Source A")
    other = Completion(ApproximateDate(date(2019, 4, 2)), "Source B")
    facts = ObligationFacts(declared=HOLDS.declared, completions=(other, one))
    deadline = only("stockpile_destruction", facts, date(2020, 1, 1))
    assert deadline.completion == one.on
    assert [c.about for c in deadline.conflicts] == ["completion"]
    same = only("stockpile_destruction", facts.replace(completions=(one, one)), date(2020, 1, 1))
    assert same.conflicts == ()
    # "By 1 August 2018" and "by 3 September 2018" (two sources, Slovenia's stockpiles) can both be true.
    by_august = Completion(ApproximateDate(date(2018, 8, 1), Precision.BY), "Monitor")
    by_september = Completion(ApproximateDate(date(2018, 9, 3), Precision.BY), "CMC")
    agreeing = facts.replace(completions=(by_august, by_september))
    assert only("stockpile_destruction", agreeing, date(2020, 1, 1)).conflicts == ()
    # "March 2019" and "31 March 2019" agree too.
    in_march = Completion(ApproximateDate(date(2019, 3, 31)), "Source C")
    assert only("stockpile_destruction", facts.replace(completions=(one, in_march)), date(2020, 1, 1)).conflicts == ()


# --- Dates as exactly as sources give them -------------------------------------------------------------------------


def test_approximate_dates_in_iso_to_their_precision() -> None:
    assert ApproximateDate.latest(date(2019, 3, 5), Precision.MONTH) == ApproximateDate(
        date(2019, 3, 31), Precision.MONTH
    )
    assert ApproximateDate(date(2019, 3, 31), Precision.MONTH).iso() == "2019-03"
    assert ApproximateDate(date(2019, 12, 31), Precision.YEAR).iso() == "2019"
    assert ApproximateDate(date(2019, 8, 1), Precision.BY).iso() == "2019-08-01"
    assert ApproximateDate(date(2019, 8, 1), Precision.BY).earliest == date.min


@given(day=st.dates(), precision=st.sampled_from(Precision))
def test_approximate_dates_round_trip_through_iso(day: date, precision: Precision) -> None:
    value = ApproximateDate.latest(day, precision)
    assert ApproximateDate.parse(value.iso(), value.precision) == value
    assert value.earliest <= day <= value.day


def test_a_completion_after_the_deadline_is_not_late_while_a_timely_request_awaits_its_decision() -> None:
    # Bosnia and Herzegovina: Article 4 deadline 1 March 2021, extension requested in February 2021 (no decision
    # recorded), clearance completed in August 2023.
    bih_eif = date(2011, 3, 1)
    done = Completion(ApproximateDate(date(2023, 8, 31), Precision.MONTH))
    asked = ObligationFacts(declared=((bih_eif, True),), requests=(Request(date(2021, 2, 9)),), completions=(done,))
    (deadline,) = deadlines(RULES["clearance"], bih_eif, None, asked, date(2024, 1, 1))
    assert (deadline.status, deadline.completed_late) == (DeadlineStatus.COMPLETED, False)
    not_asked = asked.replace(requests=())
    (deadline,) = deadlines(RULES["clearance"], bih_eif, None, not_asked, date(2024, 1, 1))
    assert deadline.completed_late


# A completion or a decision the sources date only roughly may have come before the day asked about.

UK_EIF = date(2010, 11, 1)  # the United Kingdom's Article 4 deadline is 1 November 2020
UK_CONTAMINATED = ((date(2017, 8, 1), True),)  # on the Monitor's list of 1 August 2017
UK_DONE_BY_END_2024 = (Completion(ApproximateDate(date(2024, 12, 31), Precision.BY)),)


def test_a_completion_known_only_by_a_later_day_makes_a_passed_deadline_not_known_rather_than_overdue() -> None:
    facts = ObligationFacts(declared=UK_CONTAMINATED, completions=UK_DONE_BY_END_2024)

    passed = only("clearance", facts, date(2021, 6, 1), eif=UK_EIF)

    assert passed.status is DeadlineStatus.NOT_KNOWN
    assert passed.possible_completion == UK_DONE_BY_END_2024[0].on
    assert only("clearance", facts, date(2020, 6, 1), eif=UK_EIF).status is DeadlineStatus.DUE
    assert only("clearance", facts, date(2025, 1, 1), eif=UK_EIF).status is DeadlineStatus.COMPLETED


def test_a_completion_cannot_have_come_before_a_later_fact_that_shows_the_obligation_open() -> None:
    # Contaminated on 1 July 2021 by a dated declaration: the "by 2024" completion came after it.
    declared = (*UK_CONTAMINATED, (date(2021, 7, 1), True))
    facts = ObligationFacts(declared=declared, completions=UK_DONE_BY_END_2024)

    assert only("clearance", facts, date(2021, 6, 1), eif=UK_EIF).status is DeadlineStatus.OVERDUE
    assert only("clearance", facts, date(2021, 8, 1), eif=UK_EIF).status is DeadlineStatus.NOT_KNOWN


def test_an_extension_granted_by_a_later_day_makes_a_passed_deadline_not_known() -> None:
    # Chile: Article 4 deadline 1 June 2021, extended to 1 June 2026 by a decision dated only "by end 2023".
    extension = Extension(date(2023, 12, 31), date(2026, 6, 1), granted_precision=Precision.BY)
    facts = ObligationFacts(declared=((date(2011, 6, 1), True),), extensions=(extension,))

    passed = only("clearance", facts, date(2022, 6, 1), eif=date(2011, 6, 1))

    assert passed.status is DeadlineStatus.NOT_KNOWN and passed.possible_extension == extension
    assert only("clearance", facts, date(2024, 1, 1), eif=date(2011, 6, 1)).status is DeadlineStatus.DUE


def test_an_exactly_dated_later_completion_leaves_the_deadline_overdue() -> None:
    facts = ObligationFacts(declared=UK_CONTAMINATED, completions=(Completion(ApproximateDate(date(2024, 12, 31))),))

    assert only("clearance", facts, date(2021, 6, 1), eif=UK_EIF).status is DeadlineStatus.OVERDUE


def test_a_request_the_treaty_allows_only_before_the_deadline_shows_an_extension_is_missing() -> None:
    # Afghanistan: Article 4 deadline 1 March 2022; a request analysed at 13MSP in 2025. Art. 4(6) allows a
    # request only "prior to the expiry" of the deadline, so an extension the record lacks had moved it.
    facts = ObligationFacts(declared=((date(2012, 3, 1), True),), requests=(Request(date(2025, 9, 16)),))

    before_the_request = only("clearance", facts, date(2025, 1, 1), eif=date(2012, 3, 1))
    after_it = only("clearance", facts, date(2025, 10, 1), eif=date(2012, 3, 1))

    # Before the request the State was not overdue either (as the request now shows): not known.
    assert before_the_request.status is DeadlineStatus.NOT_KNOWN and before_the_request.extension_not_recorded
    assert after_it.status is DeadlineStatus.EXTENSION_REQUESTED and after_it.extension_not_recorded
    assert only("clearance", facts, date(2021, 1, 1), eif=date(2012, 3, 1)).status is DeadlineStatus.DUE
    # Article 3 sets no such condition: a late request there does not suspend "overdue".
    stockpile = ObligationFacts(declared=((date(2012, 3, 1), True),), requests=(Request(date(2025, 9, 16)),))
    assert only("stockpile_destruction", stockpile, date(2025, 10, 1), eif=date(2012, 3, 1)).status is (
        DeadlineStatus.OVERDUE
    )


def test_a_rules_file_must_give_request_before_deadline_as_true_or_false() -> None:
    due = {"kind": "months_after", "months": 120}
    item = {"key": "clearance", "title": "Clearance", "article": "Article 4", "due": due}
    with pytest.raises(RuleError, match="request_before_deadline must be true or false"):
        ObligationRule.from_mapping({**item, "extension": {"request_before_deadline": "yes"}})
    with pytest.raises(RuleError, match=r"unknown key\(s\) max_years"):
        ObligationRule.from_mapping({**item, "extension": {"max_years": 5}})


@given(
    asked_offset=st.integers(min_value=0, max_value=6000),
    done_offset=st.integers(min_value=0, max_value=6000),
    precision=st.sampled_from(list(Precision)),
)
def test_a_roughly_dated_completion_never_makes_a_deadline_overdue_on_a_day_it_may_already_have_happened(
    asked_offset: int, done_offset: int, precision: Precision
) -> None:
    eif = date(2010, 8, 1)  # contaminated from entry into force; deadline 1 August 2020
    done = ApproximateDate.latest(eif + timedelta(days=done_offset), precision)
    facts = ObligationFacts(declared=((eif, True),), completions=(Completion(done),))
    day = eif + timedelta(days=asked_offset)

    (deadline,) = deadlines(RULES["clearance"], eif, None, facts, day)

    may_have_happened = max(done.earliest, eif + timedelta(days=1)) <= day
    assert deadline.status is not DeadlineStatus.OVERDUE or not may_have_happened
    if deadline.status is DeadlineStatus.NOT_KNOWN:
        assert may_have_happened and done.day > day > date(2020, 8, 1)
