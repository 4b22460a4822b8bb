"""The targeting rules of a campaign's asks: read from JSON with clear errors, and evaluated on one State's
record on one day, with the facts behind each answer."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatywatch.core.targeting import (
    STATUSES,
    All,
    AnyOf,
    Cited,
    Every,
    Finding,
    Not,
    ObligationState,
    RuleError,
    StateSnapshot,
    StatusIs,
    TreatyStatus,
    evaluate,
    obligations_named,
    parse_rule,
    rule_data,
    treaties_named,
)

DAY = date(2017, 2, 20)
MONITOR = (Cited("Cluster Munition Monitor 2016", "https://the-monitor.org"),)


def snapshot(**kwargs: Any) -> StateSnapshot:
    defaults: dict[str, Any] = {"iso3": "XXX", "region": "Asia"}
    return StateSnapshot(**(defaults | kwargs))


def party(treaty: str = "ccm") -> dict[str, TreatyStatus]:
    return {treaty: TreatyStatus("party", date(2009, 1, 1), date(2010, 1, 1), date(2010, 8, 1), MONITOR)}


def applies(data: dict[str, Any], state: StateSnapshot, day: date = DAY) -> bool:
    return evaluate(parse_rule(data), state, day).applies


# ---- Reading rules -----------------------------------------------------------------------------------------


def test_the_empty_rule_applies_to_every_member_whatever_its_state() -> None:
    verdict = evaluate(parse_rule({}), snapshot(), DAY)
    assert verdict.applies
    assert [r.kind for r in verdict.reasons] == ["every_member"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "rule: expected an object"),
        ({"status": {"treaty": "ccm", "in": ["member"]}}, "rule.status.in: 'member' is not one of"),
        ({"status": {"treaty": "ccm"}}, "rule.status: missing 'in'"),
        ({"all": [{"role": "donor"}, {"role": "friend"}]}, "rule.all[1].role: 'friend' is not one of affected, donor"),
        ({"any": []}, "rule.any: expected a non-empty list of rules"),
        ({"role": "donor", "region": "Asia"}, "rule: expected one condition"),
        ({"colour": "red"}, "rule: unknown condition 'colour'"),
        ({"obligation": {"treaty": "ccm", "key": "clearance", "is": "due_within"}}, "rule.obligation.days"),
        ({"obligation": {"treaty": "ccm", "key": "clearance", "is": "late"}}, "rule.obligation.is: 'late'"),
        ({"status": {"treaty": "ccm", "in": ["party"], "when": 1}}, "rule.status: unknown 'when'"),
        ({"not": {}}, "rule.not: cannot negate the empty rule"),
        ({"vote": {"cast": "maybe"}}, "rule.vote.cast: 'maybe' is not one of yes, no, abstain"),
    ],
)
def test_a_rule_that_cannot_be_read_says_where_and_why(data: Any, message: str) -> None:
    with pytest.raises(RuleError, match=re.escape(message)):
        parse_rule(data)


def test_a_region_must_be_one_the_register_knows_when_given_the_list() -> None:
    with pytest.raises(RuleError, match=r"rule\.region: 'Atlantis' is not one of Africa, Asia"):
        parse_rule({"region": "Atlantis"}, regions=["Africa", "Asia"])


def test_the_treaties_a_rule_names_are_found_in_every_branch() -> None:
    negated = {"not": {"obligation": {"treaty": "apmbc", "key": "x"}}}
    rule = parse_rule({"any": [{"status": {"treaty": "ccm", "in": "party"}}, negated]})
    assert treaties_named(rule) == {"ccm", "apmbc"}
    assert obligations_named(rule) == {("apmbc", "x")}


# ---- Status on several treaties ----------------------------------------------------------------------------


def test_a_party_to_one_treaty_and_not_the_other_gets_the_others_ask() -> None:
    state = snapshot(statuses=party("apmbc") | {"ccm": TreatyStatus("non_signatory")})
    accede_ccm = {"status": {"treaty": "ccm", "in": ["non_signatory"]}}
    accede_apmbc = {"status": {"treaty": "apmbc", "in": ["non_signatory"]}}
    assert applies(accede_ccm, state)
    assert not applies(accede_apmbc, state)


def test_a_status_answer_cites_the_facts_source_and_day() -> None:
    verdict = evaluate(parse_rule({"status": {"treaty": "ccm", "in": ["party"]}}), snapshot(statuses=party()), DAY)
    [reason] = verdict.reasons
    assert (reason.kind, reason.holds, reason.value, reason.subject) == ("status", True, "party", "ccm")
    assert reason.on == date(2010, 1, 1)
    assert reason.sources == MONITOR


def test_a_treaty_the_snapshot_does_not_know_never_matches() -> None:
    verdict = evaluate(parse_rule({"status": {"treaty": "att", "in": ["non_signatory"]}}), snapshot(), DAY)
    assert not verdict.applies
    assert verdict.reasons[0].value == "not_known"


# ---- Obligations -------------------------------------------------------------------------------------------


def clearance(status: str, deadline: date | None) -> dict[str, tuple[ObligationState, ...]]:
    return {"ccm": (ObligationState("clearance", "Clearance", status, deadline, MONITOR),)}


@pytest.mark.parametrize(
    ("status", "deadline", "open_", "overdue", "within_a_year"),
    [
        ("due", date(2017, 12, 1), True, False, True),
        ("due", date(2020, 8, 1), True, False, False),
        ("overdue", date(2016, 8, 1), True, True, False),
        ("completed", date(2020, 8, 1), False, False, False),
        ("not_known", date(2016, 8, 1), False, False, False),  # never taken as overdue
        ("extension_requested", date(2016, 8, 1), True, False, False),
    ],
)
def test_an_obligation_is_open_overdue_or_near_as_the_engine_says(
    status: str, deadline: date, open_: bool, overdue: bool, within_a_year: bool
) -> None:
    state = snapshot(obligations=clearance(status, deadline))
    base = {"treaty": "ccm", "key": "clearance"}
    assert applies({"obligation": base | {"is": "open"}}, state) is open_
    assert applies({"obligation": base | {"is": "overdue"}}, state) is overdue
    assert applies({"obligation": base | {"is": "due_within", "days": 365}}, state) is within_a_year


def test_a_state_without_the_obligation_is_not_targeted_by_it() -> None:
    assert not applies({"obligation": {"treaty": "ccm", "key": "clearance"}}, snapshot())


# ---- Roles from findings -----------------------------------------------------------------------------------


def finding(topic: str, text: str, on: date, year: int | None = None, gap: bool = False) -> Finding:
    return Finding(topic, text, on, year or on.year, gap=gap, sources=MONITOR)


def test_a_state_listed_as_contaminated_is_affected_with_the_finding_behind_it() -> None:
    listed = finding("contamination", "CMR confirmed hazardous areas in central/southern Iraq", date(2016, 5, 31))
    verdict = evaluate(parse_rule({"role": "affected"}), snapshot(findings=(listed,)), DAY)
    assert verdict.applies
    assert verdict.reasons[0].text == listed.text
    assert verdict.reasons[0].sources == MONITOR


def test_the_latest_contamination_finding_decides_so_a_completed_clearance_ends_the_role() -> None:
    listed = finding("contamination", "Listed as contaminated", date(2015, 12, 31))
    done = finding("contamination", "State Party reported completion of clearance in December 2016", date(2016, 12, 31))
    state = snapshot(findings=(listed, done))
    assert not applies({"role": "affected"}, state)
    assert applies({"role": "affected"}, snapshot(findings=(listed,)))


def test_an_unclear_listing_does_not_make_a_state_affected() -> None:
    unclear = finding("contamination", "Unclear whether contaminated (State Party)", date(2016, 8, 1))
    verdict = evaluate(parse_rule({"role": "affected"}), snapshot(findings=(unclear,)), DAY)
    assert not verdict.applies
    assert verdict.reasons[0].value == "unclear"


def test_a_donor_is_named_so_by_a_support_finding_not_by_funding_it_received() -> None:
    donor = finding("support", "Among top-5 mine action donors in 2020", date(2020, 12, 31))
    recipient = finding("support", "US increased funding for Lao CMR clearance capacity", date(2022, 12, 31))
    assert applies({"role": "donor"}, snapshot(findings=(donor,)), date(2021, 1, 1))
    assert not applies({"role": "donor"}, snapshot(findings=(recipient,)), date(2023, 1, 1))


def test_no_finding_means_the_role_is_not_known_not_that_it_is_absent() -> None:
    verdict = evaluate(parse_rule({"role": "donor"}), snapshot(), DAY)
    assert not verdict.applies
    assert verdict.reasons[0].value == "not_known"


# ---- Statements and votes ----------------------------------------------------------------------------------


def test_a_statement_on_a_conflict_matches_that_conflict_only() -> None:
    syria = finding("statement", "Syria - spoke at CCM intersessional meeting to condemn use", date(2013, 4, 18))
    state = snapshot(findings=(syria,))
    assert applies({"statement": {"conflict": "Syria"}}, state)
    assert not applies({"statement": {"conflict": "Yemen"}}, state)
    assert applies({"statement": {}}, state)


def test_gaps_and_rows_the_source_says_are_not_condemnations_are_not_statements() -> None:
    gap = finding("statement", "Yemen - named national statements: NOT FOUND", date(2016, 12, 31))
    not_one = finding("statement", "Ukraine - join the CCM (no condemnation)", date(2023, 7, 24))
    assert not applies({"statement": {}}, snapshot(findings=(gap, not_one)), date(2024, 1, 1))


def test_no_statement_on_yemen_asks_for_one_and_says_none_is_recorded() -> None:
    rule = parse_rule({"not": {"statement": {"conflict": "Yemen"}}})
    verdict = evaluate(rule, snapshot(), DAY)
    assert verdict.applies
    assert verdict.reasons[0].value == "none_recorded"


def test_a_vote_counts_only_where_the_record_names_the_states_vote() -> None:
    named = finding("unga_vote", "Abstained on first UNGA CCM resolution (Dec 2015)", date(2015, 12, 7))
    assert applies({"vote": {"cast": "abstain"}}, snapshot(findings=(named,)))
    assert not applies({"vote": {"cast": "no"}}, snapshot(findings=(named,)))
    verdict = evaluate(parse_rule({"vote": {"cast": "yes"}}), snapshot(), DAY)
    assert verdict.reasons[0].value == "not_known"


# ---- Combinations ------------------------------------------------------------------------------------------


def test_an_affected_state_party_needs_both_and_a_failure_names_the_part_that_failed() -> None:
    rule = {"all": [{"status": {"treaty": "ccm", "in": ["party"]}}, {"role": "affected"}]}
    listed = finding("contamination", "Listed as contaminated", date(2015, 12, 31))
    assert applies(rule, snapshot(statuses=party(), findings=(listed,)))
    verdict = evaluate(parse_rule(rule), snapshot(statuses=party()), DAY)
    assert not verdict.applies
    assert [r.kind for r in verdict.reasons] == ["role"]


# ---- Properties --------------------------------------------------------------------------------------------

statuses = st.builds(TreatyStatus, st.sampled_from(STATUSES))
snapshots = st.builds(
    StateSnapshot,
    iso3=st.just("XXX"),
    region=st.sampled_from(["Africa", "Americas", "Asia", "Europe", "Oceania"]),
    statuses=st.dictionaries(st.sampled_from(["ccm", "apmbc"]), statuses, max_size=2),
    obligations=st.just({}),
    findings=st.lists(
        st.builds(
            Finding,
            st.sampled_from(["contamination", "support", "statement", "unga_vote"]),
            st.sampled_from(["Listed as contaminated", "Among top-5 donors", "Syria - condemned use", "Abstained"]),
            st.none() | st.dates(date(2010, 1, 1), date(2017, 1, 1)),
            st.integers(2010, 2017),
        ),
        max_size=4,
    ).map(tuple),
)
leaves = st.sampled_from(
    [
        {"status": {"treaty": "ccm", "in": ["party"]}},
        {"status": {"treaty": "apmbc", "in": ["non_signatory", "signatory"]}},
        {"role": "affected"},
        {"role": "donor"},
        {"region": ["Asia", "Africa"]},
        {"statement": {"conflict": "Syria"}},
        {"vote": {"cast": "abstain"}},
    ]
)
rules = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda x: {"not": x}, inner),
    ),
    max_leaves=8,
)


@given(rules)
def test_a_rule_written_back_reads_the_same(data: dict[str, Any]) -> None:
    rule = parse_rule(data)
    assert parse_rule(rule_data(rule)) == rule


@given(rules, snapshots)
def test_combinations_follow_logic_and_always_give_their_reasons(data: dict[str, Any], state: StateSnapshot) -> None:
    rule = parse_rule(data)
    verdict = evaluate(rule, state, DAY)
    assert verdict.reasons
    assert evaluate(Not(rule), state, DAY).applies is not verdict.applies
    assert evaluate(Not(Not(rule)), state, DAY) == verdict
    match rule:
        case All(parts):
            assert verdict.applies is all(evaluate(p, state, DAY).applies for p in parts)
        case AnyOf(parts):
            assert verdict.applies is any(evaluate(p, state, DAY).applies for p in parts)


@given(snapshots)
def test_the_empty_rule_applies_to_any_state(state: StateSnapshot) -> None:
    assert evaluate(Every(), state, DAY).applies
    assert isinstance(parse_rule({}), Every)
    assert evaluate(StatusIs("ccm", STATUSES), state, DAY).applies is ("ccm" in state.statuses)


def test_a_figure_not_found_leaves_the_rest_of_a_finding_standing() -> None:
    donor = finding(
        "support", "Among top-5 mine action donors in 2020; individual amount NOT FOUND", date(2020, 12, 31)
    )
    assert applies({"role": "donor"}, snapshot(findings=(donor,)), date(2021, 1, 1))
