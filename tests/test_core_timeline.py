"""Timelines: any date answered by lookup gives exactly what the engine computes for that date."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.obligations import (
    Completion,
    Deadline,
    Extension,
    ObligationFacts,
    ObligationRule,
    Request,
    RunsMemo,
    deadlines,
    rules_from_list,
)
from treatywatch.core.rules import Delay, DelayKind, LaterDeposits, TreatyRules
from treatywatch.core.status import Instrument, StateRecord, counts_over_time, treaty_state
from treatywatch.core.timeline import DeadlineTimeline, StatusTimeline

from .conftest import ROOT

days = st.dates(min_value=date(1995, 1, 1), max_value=date(2045, 12, 31))
asked = st.dates(min_value=date(1990, 1, 1), max_value=date(2060, 12, 31))
delays = st.builds(Delay, st.sampled_from(DelayKind), st.integers(0, 14))

rules = st.builds(
    TreatyRules,
    instruments_for_entry_into_force=st.integers(1, 6),
    entry_into_force_delay=delays,
    state_entry_into_force_delay=delays,
    withdrawal_delay=st.none() | delays,
    later_deposits=st.sampled_from(LaterDeposits),
    not_before=st.none() | days,
    counting_instruments=st.sets(st.sampled_from(Instrument), min_size=1).map(frozenset),
)


@st.composite
def possible_record(draw: st.DrawFn, key: str) -> StateRecord:
    signed = draw(st.none() | days)
    deposited = draw(st.none() | days)
    instrument = draw(st.sampled_from(Instrument)) if deposited else None
    withdrew = None
    if deposited is not None and draw(st.booleans()):
        withdrew = deposited + timedelta(days=draw(st.integers(0, 5000)))
    ended = draw(st.none() | days)
    succeeded = draw(st.none() | days) if instrument is Instrument.SUCCESSION else None
    return StateRecord(key, signed, deposited, instrument, withdrew, ended, succeeded)


records = st.lists(st.integers(0, 10_000), min_size=1, max_size=20, unique=True).flatmap(
    lambda keys: st.tuples(*[possible_record(str(k)) for k in keys])
)


@settings(max_examples=300)
@given(generated=records, treaty_rules=rules, day=asked)
def test_a_status_timeline_answers_every_day_as_the_engine_does(
    generated: tuple[StateRecord, ...], treaty_rules: TreatyRules, day: date
) -> None:
    timeline = StatusTimeline.build(generated, treaty_rules)
    expected = treaty_state(generated, treaty_rules, day)
    assert timeline.at(day) == expected
    assert timeline.counts.at(day) == expected.counts


@settings(max_examples=100)
@given(generated=records, treaty_rules=rules, until=asked)
def test_a_status_timeline_gives_the_engines_counts_over_time(
    generated: tuple[StateRecord, ...], treaty_rules: TreatyRules, until: date
) -> None:
    timeline = StatusTimeline.build(generated, treaty_rules)
    assert timeline.counts_over_time(until) == counts_over_time(generated, treaty_rules, until)


def test_a_treaty_enters_into_force_on_the_timeline_once_its_threshold_is_reached() -> None:
    three = TreatyRules(3, Delay(DelayKind.DAYS_AFTER, 30), Delay(DelayKind.DAYS_AFTER, 30), None)
    deposits = [date(2009, 1, 10), date(2009, 2, 1), date(2009, 2, 16)]
    generated = [StateRecord(k, None, d, Instrument.ACCESSION) for k, d in zip("ABC", deposits, strict=True)]
    timeline = StatusTimeline.build(generated, three)
    assert timeline.at(date(2009, 2, 15)).entry_into_force_on is None
    assert timeline.at(date(2009, 2, 16)).entry_into_force_on == date(2009, 3, 18)
    assert timeline.counts.at(date(2009, 3, 17)).in_force == 0
    assert timeline.counts.at(date(2009, 3, 18)).in_force == 3


def ccm_obligations() -> list[ObligationRule]:
    with (ROOT / "treaties" / "ccm.toml").open("rb") as handle:
        return list(rules_from_list(tomllib.load(handle)["rules"]["obligations"]))


# An annual obligation that runs only while the State declares it applies (none of the CCM's is so).
ANNUAL_IF_DECLARED = ObligationRule(
    "annual_if", "Annual report on stockpiles", "Art. X", annual_due=(4, 30), applies_if="stockpiles"
)

approximate = st.builds(ApproximateDate.latest, days, st.sampled_from(Precision))
obligation_facts = st.builds(
    ObligationFacts,
    declared=st.lists(st.tuples(days, st.booleans()), max_size=3).map(tuple),
    extensions=st.lists(
        st.builds(
            Extension,
            granted_on=days,
            new_deadline=days,
            decided_by=st.sampled_from(["", "9MSP", "10MSP"]),
            granted_precision=st.sampled_from(Precision),
            deadline_precision=st.sampled_from(Precision),
        ),
        max_size=3,
    ).map(tuple),
    requests=st.lists(st.builds(Request, days, st.none() | days), max_size=3).map(tuple),
    completions=st.lists(st.builds(Completion, approximate), max_size=2).map(tuple),
    reports=st.dictionaries(st.integers(2000, 2040), approximate, max_size=4),
)


@st.composite
def party_and_others(draw: st.DrawFn) -> tuple[StateRecord, ...]:
    """A State that deposited an instrument (perhaps withdrawing later), first, then other records."""
    deposited = draw(days)
    withdrew = draw(st.none() | st.integers(0, 5000).map(lambda n: deposited + timedelta(days=n)))
    party = StateRecord("P", draw(st.none() | days), deposited, Instrument.ACCESSION, withdrew)
    return (party, *draw(records))


@settings(max_examples=300)
@given(
    generated=party_and_others(),
    treaty_rules=rules,
    rule=st.sampled_from([*ccm_obligations(), ANNUAL_IF_DECLARED]),
    facts=obligation_facts,
    record_ends_on=st.none() | days,
    until=asked,
    day=asked,
    check_near=st.booleans(),
)
def test_a_deadline_timeline_answers_every_day_as_the_engine_does(
    generated: tuple[StateRecord, ...],
    treaty_rules: TreatyRules,
    rule: ObligationRule,
    facts: ObligationFacts,
    record_ends_on: date | None,
    until: date,
    day: date,
    check_near: bool,
) -> None:
    assert_timeline_answers_as_the_engine(generated, treaty_rules, rule, facts, record_ends_on, until, day, check_near)


# Facts the sources date only roughly, among requests and declarations: a deadline may be not known for a while.
rough = st.sampled_from([p for p in Precision if p is not Precision.DAY])
roughly_dated_facts = st.builds(
    ObligationFacts,
    declared=st.lists(st.tuples(days, st.booleans()), max_size=3).map(tuple),
    extensions=st.lists(
        st.builds(Extension, granted_on=days, new_deadline=days, granted_precision=rough), max_size=2
    ).map(tuple),
    requests=st.lists(st.builds(Request, days), min_size=1, max_size=3).map(tuple),
    completions=st.lists(st.builds(Completion, st.builds(ApproximateDate.latest, days, rough)), max_size=2).map(tuple),
)


@settings(max_examples=300)
@given(
    generated=party_and_others(),
    treaty_rules=rules,
    rule=st.sampled_from([r for r in ccm_obligations() if r.delay is not None]),
    facts=roughly_dated_facts,
    until=asked,
)
def test_a_deadline_timeline_answers_as_the_engine_does_while_facts_are_roughly_dated(
    generated: tuple[StateRecord, ...],
    treaty_rules: TreatyRules,
    rule: ObligationRule,
    facts: ObligationFacts,
    until: date,
) -> None:
    assert_timeline_answers_as_the_engine(generated, treaty_rules, rule, facts, None, until, until, True)


# An annual obligation over many years: reports sent on time, late (some years after), roughly dated or never.
ANNUAL_RULES = [r for r in ccm_obligations() if r.annual_due is not None] + [ANNUAL_IF_DECLARED]
yearly_reports = st.builds(
    ObligationFacts,
    declared=st.lists(st.tuples(days, st.booleans()), max_size=2).map(tuple),
    reports=st.dictionaries(st.integers(1995, 2044), approximate, max_size=30),
)
# The party's own instrument brings the treaty into force: its obligations run.
in_force_with_the_party = st.builds(
    TreatyRules,
    instruments_for_entry_into_force=st.just(1),
    entry_into_force_delay=delays,
    state_entry_into_force_delay=delays,
    withdrawal_delay=st.none() | delays,
)


# Up to 30 years, each asked about on several days: slower than the deadline Hypothesis sets by default.
@settings(max_examples=150, deadline=None)
@given(
    generated=party_and_others(),
    treaty_rules=in_force_with_the_party,
    rule=st.sampled_from(ANNUAL_RULES),
    facts=yearly_reports,
    record_ends_on=st.none() | days,
    until=asked,
    day=asked,
)
def test_an_annual_obligations_timeline_answers_every_year_as_the_engine_does(
    generated: tuple[StateRecord, ...],
    treaty_rules: TreatyRules,
    rule: ObligationRule,
    facts: ObligationFacts,
    record_ends_on: date | None,
    until: date,
    day: date,
) -> None:
    # The list is read from its years, the final ones kept together: every day a year joins it, is due, is
    # overdue, is reported, around the withdrawal and the record's end, gives the engine's answer.
    assert_timeline_answers_as_the_engine(generated[:1], treaty_rules, rule, facts, record_ends_on, until, day, True)


@settings(max_examples=200, deadline=None)
@given(
    generated=party_and_others(),
    treaty_rules=in_force_with_the_party | rules,
    rule=st.sampled_from([*ccm_obligations(), ANNUAL_IF_DECLARED]),
    facts=obligation_facts | yearly_reports,
    record_ends_on=st.none() | days,
    until=asked,
    asked_days=st.lists(asked, max_size=20),
)
def test_a_deadline_timeline_changes_on_its_days_and_on_no_other(
    generated: tuple[StateRecord, ...],
    treaty_rules: TreatyRules,
    rule: ObligationRule,
    facts: ObligationFacts,
    record_ends_on: date | None,
    until: date,
    asked_days: list[date],
) -> None:
    # The site answers a day from the interval between two of these days (lib.intervals): none may be missing.
    status = StatusTimeline.build(generated[:1], treaty_rules)
    timeline = DeadlineTimeline.build(rule, status.standings[0], facts, record_ends_on, until)
    probes = {*asked_days, *(d for d in timeline.days if d > date.min)}
    probes |= {d + timedelta(days=k) for d in list(probes) if date(1900, 1, 1) < d < date(2100, 1, 1) for k in (-1, 1)}
    for on in sorted(d for d in probes if date.min < d <= until):
        assert (timeline.at(on) != timeline.at(on - timedelta(days=1))) == (on in timeline.days), on


def assert_timeline_answers_as_the_engine(
    generated: tuple[StateRecord, ...],
    treaty_rules: TreatyRules,
    rule: ObligationRule,
    facts: ObligationFacts,
    record_ends_on: date | None,
    until: date,
    day: date,
    check_near: bool,
) -> None:
    status = StatusTimeline.build(generated, treaty_rules)
    timeline = DeadlineTimeline.build(rule, status.standings[0], facts, record_ends_on, until)

    def engine(on: date) -> tuple[Deadline, ...]:
        standing = next((s for s in treaty_state(generated, treaty_rules, on).standings if s.key == "P"), None)
        if standing is None or standing.deposited_on is None:
            return ()
        eif, left = standing.entry_into_force_on, standing.withdrawal_effective_on
        return tuple(deadlines(rule, eif, left, facts, on, record_ends_on))

    # The random day, and each day on or just around a date of the facts or of the deadlines, where answers change.
    named = [d for d, _applies in facts.declared] + [e.new_deadline for e in facts.extensions]
    named += [e.granted_on for e in facts.extensions] + [r.requested_on for r in facts.requests]
    named += [c.on.day for c in facts.completions] + [c.on.earliest for c in facts.completions]
    named += [sent.day for sent in facts.reports.values()] + [date(year + 1, 1, 1) for year in facts.reports]
    named += [d for r in generated[:1] for d in (r.signed_on, r.party_from, r.withdrawal_notified_on) if d]
    named += [d for x in engine(date(2060, 12, 31)) for d in (x.original, x.current) if d]
    near = {d + timedelta(days=k) for d in named if date(1900, 1, 1) < d < date(2100, 1, 1) for k in (-1, 0, 1, 2)}
    for on in sorted({day, *near} if check_near else {day}):
        assert timeline.at(on) == engine(on), on


@given(facts=obligation_facts, day=asked)
def test_the_facts_known_on_a_day_are_those_dated_on_or_before_it(facts: ObligationFacts, day: date) -> None:
    known = facts.as_of(day)
    assert known.declared == tuple(d for d in facts.declared if d[0] <= day)
    assert known.extensions == tuple(e for e in facts.extensions if e.granted_on <= day)
    assert known.requests == tuple(r for r in facts.requests if r.requested_on <= day)
    assert known.completions == tuple(c for c in facts.completions if c.on.day <= day)
    assert dict(known.reports) == {year: sent for year, sent in facts.reports.items() if sent.day <= day}
    assert facts.applies_on(day) == known.applies()


@settings(max_examples=200)
@given(
    rule=st.sampled_from([*ccm_obligations(), ANNUAL_IF_DECLARED]),
    facts=obligation_facts,
    entries=st.lists(days, min_size=1, max_size=2),
    left=st.none() | days,
    record_ends_on=st.none() | days,
    asked_days=st.lists(asked, min_size=1, max_size=8),
)
def test_the_engine_answers_alike_with_the_runs_it_kept_from_other_days(
    rule: ObligationRule,
    facts: ObligationFacts,
    entries: list[date],
    left: date | None,
    record_ends_on: date | None,
    asked_days: list[date],
) -> None:
    # One memo over days and entries into force, as a timeline asks it period after period.
    memo: RunsMemo = {}
    for on, entry_into_force in ((on, entry) for on in asked_days for entry in entries):
        kept = deadlines(rule, entry_into_force, left, facts, on, record_ends_on, memo)
        assert kept == deadlines(rule, entry_into_force, left, facts, on, record_ends_on), on
