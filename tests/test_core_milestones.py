"""Anniversaries: every one in a window and none outside it, to the precision of the event, 29 February included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.milestones import Event, EventKind, anniversaries, anniversary, is_round, milestones


def signed(on: ApproximateDate, state: str = "NOR") -> Event:
    return Event(EventKind.SIGNATURE, on, "ccm", state)


def test_the_ccm_opened_for_signature_in_oslo_ten_years_before_the_anniversary_week():
    opening = Event(EventKind.OPENING_FOR_SIGNATURE, ApproximateDate(date(2008, 12, 3)), "ccm")
    found = list(anniversaries(opening, date(2018, 1, 1), date(2018, 12, 31)))
    assert [(m.years, m.on.day, m.round) for m in found] == [(10, date(2018, 12, 3), True)]


def test_a_window_of_several_years_gives_each_year_once_in_order():
    event = signed(ApproximateDate(date(2008, 12, 3)))
    found = list(anniversaries(event, date(2009, 12, 3), date(2013, 12, 2)))
    assert [m.years for m in found] == [1, 2, 3, 4]
    assert [m.round for m in found] == [True, False, False, False]


def test_the_event_itself_is_not_an_anniversary():
    event = signed(ApproximateDate(date(2008, 12, 3)))
    assert list(anniversaries(event, date(2008, 1, 1), date(2009, 12, 2))) == []


def test_29_february_falls_on_28_february_in_a_common_year_and_on_29_in_a_leap_year():
    event = signed(ApproximateDate(date(2008, 2, 29)))
    found = {m.years: m.on.day for m in anniversaries(event, date(2009, 1, 1), date(2012, 12, 31))}
    assert found == {1: date(2009, 2, 28), 2: date(2010, 2, 28), 3: date(2011, 2, 28), 4: date(2012, 2, 29)}


def test_a_fact_known_to_the_month_has_a_month_anniversary_met_by_any_day_of_that_month():
    event = signed(ApproximateDate.latest(date(2010, 3, 1), Precision.MONTH))
    found = list(anniversaries(event, date(2015, 3, 31), date(2015, 4, 30)))
    assert [(m.years, m.on.iso(), m.on.precision) for m in found] == [(5, "2015-03", Precision.MONTH)]
    assert list(anniversaries(event, date(2015, 4, 1), date(2015, 4, 30))) == []


def test_a_fact_known_to_the_year_has_a_year_anniversary():
    event = signed(ApproximateDate.latest(date(2010, 1, 1), Precision.YEAR))
    found = list(anniversaries(event, date(2020, 12, 31), date(2020, 12, 31)))
    assert [(m.years, m.on.iso(), m.on.precision) for m in found] == [(10, "2020", Precision.YEAR)]


def test_an_on_or_before_date_keeps_its_precision_and_falls_on_its_day():
    event = signed(ApproximateDate(date(2019, 8, 1), Precision.BY))
    found = list(anniversaries(event, date(2020, 8, 1), date(2020, 8, 1)))
    assert [(m.years, m.on.day, m.on.precision) for m in found] == [(1, date(2020, 8, 1), Precision.BY)]
    assert list(anniversaries(event, date(2020, 7, 1), date(2020, 7, 31))) == []


def test_round_anniversaries_are_the_first_and_every_fifth():
    assert [y for y in range(0, 31) if is_round(y)] == [1, 5, 10, 15, 20, 25, 30]


def test_a_window_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="ends"):
        list(anniversaries(signed(ApproximateDate(date(2008, 12, 3))), date(2020, 1, 2), date(2020, 1, 1)))


def test_a_treaty_event_names_no_state_and_a_state_event_names_one():
    with pytest.raises(ValueError, match="a State"):
        Event(EventKind.SIGNATURE, ApproximateDate(date(2008, 12, 3)), "ccm")
    with pytest.raises(ValueError, match="the treaty"):
        Event(EventKind.ADOPTION, ApproximateDate(date(2008, 5, 30)), "ccm", "NOR")


def test_milestones_of_several_events_come_soonest_first():
    events = [
        Event(EventKind.ENTRY_INTO_FORCE, ApproximateDate(date(2010, 8, 1)), "ccm", "NOR"),
        Event(EventKind.DEPOSIT, ApproximateDate(date(2008, 12, 3)), "ccm", "NOR", "ratification"),
        Event(EventKind.ADOPTION, ApproximateDate(date(2008, 5, 30)), "ccm"),
    ]
    found = milestones(events, date(2018, 1, 1), date(2020, 12, 31))
    assert [(m.on.day, m.event.kind) for m in found] == [
        (date(2018, 5, 30), EventKind.ADOPTION),
        (date(2018, 8, 1), EventKind.ENTRY_INTO_FORCE),
        (date(2018, 12, 3), EventKind.DEPOSIT),
        (date(2019, 5, 30), EventKind.ADOPTION),
        (date(2019, 8, 1), EventKind.ENTRY_INTO_FORCE),
        (date(2019, 12, 3), EventKind.DEPOSIT),
        (date(2020, 5, 30), EventKind.ADOPTION),
        (date(2020, 8, 1), EventKind.ENTRY_INTO_FORCE),
        (date(2020, 12, 3), EventKind.DEPOSIT),
    ]


# ---- Properties ------------------------------------------------------------------------------------------

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2060, 12, 31))
precisions = st.sampled_from(Precision)


@st.composite
def events(draw: st.DrawFn) -> Event:
    return signed(ApproximateDate.latest(draw(days), draw(precisions)))


@st.composite
def windows(draw: st.DrawFn) -> tuple[date, date]:
    start = draw(days)
    return start, start + timedelta(days=draw(st.integers(0, 3 * 366)))


def _days_it_may_fall_on(found: ApproximateDate) -> tuple[date, date]:
    return (found.day if found.precision is Precision.BY else found.earliest), found.day


@given(events(), windows())
def test_every_anniversary_found_meets_the_window_and_keeps_the_precision(event, window):
    start, end = window
    for m in anniversaries(event, start, end):
        first, last = _days_it_may_fall_on(m.on)
        assert first <= end and last >= start
        assert m.on.precision is event.on.precision
        assert m.years >= 1


@given(events(), windows())
def test_no_anniversary_in_the_window_is_missed(event, window):
    start, end = window
    found = {m.years for m in anniversaries(event, start, end)}
    for years in range(1, end.year - event.on.day.year + 2):
        first, last = _days_it_may_fall_on(anniversary(event.on, years))
        assert (years in found) == (first <= end and last >= start)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2060, 12, 31)), st.integers(1, 100))
def test_a_day_anniversary_is_the_same_day_and_month_except_29_february(day, years):
    found = anniversary(ApproximateDate(day), years).day
    assert found.year == day.year + years
    if (day.month, day.day) == (2, 29):
        assert found.month == 2 and found.day in (28, 29)
    else:
        assert (found.month, found.day) == (day.month, day.day)


@given(events(), windows())
def test_splitting_a_window_in_two_finds_the_same_day_anniversaries(event, window):
    start, end = window
    if event.on.precision is not Precision.DAY or start == end:
        return
    middle = start + (end - start) // 2
    whole = [m.years for m in anniversaries(event, start, end)]
    halves = [m.years for m in anniversaries(event, start, middle)]
    halves += [m.years for m in anniversaries(event, middle + timedelta(days=1), end)]
    assert whole == halves
