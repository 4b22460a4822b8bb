"""Who held a mandate on a day, from terms dated by years, months or days (treatywatch.core.mandates)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.mandates import Term, holders_on


def years(holder: str | None, first: int, last: int) -> Term[str]:
    return Term(holder, ApproximateDate.parse(str(first)), ApproximateDate.parse(str(last)), f"{holder}-{first}")


def answer(terms: list[Term[str]], day: date) -> dict[str, bool]:
    """Each holder on the day, with whether it is uncertain."""
    return {h.holder: h.uncertain for h in holders_on(terms, day).holdings}


# The Coordinators on Universalization of the CCM, 2016 to 2019, as the ISU pages give them.
UNIVERSALIZATION = [
    years("FRA", 2016, 2017),
    years("ZMB", 2016, 2017),
    years("FRA", 2017, 2018),
    years("PAN", 2017, 2018),
    years(None, 2018, 2019),
    years("CHL", 2019, 2020),
]


def test_a_day_inside_a_term_is_answered_with_its_holders() -> None:
    assert answer(UNIVERSALIZATION, date(2016, 3, 1)) == {"FRA": False, "ZMB": False}


def test_a_renewed_holder_is_certain_in_the_year_its_terms_meet() -> None:
    # 2017 ends Zambia's term and starts Panama's: both uncertain; France held both terms.
    assert answer(UNIVERSALIZATION, date(2017, 3, 1)) == {"FRA": False, "ZMB": True, "PAN": True}


def test_a_year_shared_with_a_documented_gap_leaves_the_holders_uncertain() -> None:
    on_day = holders_on(UNIVERSALIZATION, date(2018, 3, 1))
    assert {h.holder: h.uncertain for h in on_day.holdings} == {"FRA": True, "PAN": True}
    assert [g.ref for g in on_day.gaps] == ["None-2018"]


def test_a_day_only_a_gap_covers_has_no_holder_and_says_so() -> None:
    on_day = holders_on([*UNIVERSALIZATION, years(None, 2024, 2026)], date(2025, 6, 1))
    assert on_day.holdings == ()
    assert [g.ref for g in on_day.gaps] == ["None-2024"]


def test_a_day_no_term_covers_knows_nothing() -> None:
    on_day = holders_on(UNIVERSALIZATION, date(2015, 6, 1))
    assert (on_day.holdings, on_day.gaps) == ((), ())


def test_terms_dated_to_the_day_are_never_uncertain() -> None:
    first = Term("JPN", ApproximateDate(date(2011, 9, 16)), ApproximateDate(date(2012, 9, 14)), 1)
    second = Term("GHA", ApproximateDate(date(2012, 9, 14)), ApproximateDate(date(2013, 9, 13)), 2)
    assert {h.holder: h.uncertain for h in holders_on([first, second], date(2012, 9, 14)).holdings} == {
        "JPN": False,
        "GHA": False,
    }


def test_the_covering_terms_of_a_holder_are_all_given() -> None:
    holding = holders_on(UNIVERSALIZATION, date(2017, 6, 1)).holdings[0]
    assert (holding.holder, [t.ref for t in holding.terms]) == ("FRA", ["FRA-2016", "FRA-2017"])


HOLDERS = st.sampled_from(["FRA", "PAN", "ZMB", None])
PRECISIONS = st.sampled_from([Precision.DAY, Precision.MONTH, Precision.YEAR])


@st.composite
def terms(draw: st.DrawFn) -> Term[int]:
    start = draw(st.dates(date(2010, 1, 1), date(2030, 12, 31)))
    end = start + timedelta(days=draw(st.integers(0, 1500)))
    starts = ApproximateDate.latest(start, draw(PRECISIONS))
    ends = ApproximateDate.latest(end, draw(PRECISIONS))
    return Term(draw(HOLDERS), starts, ends, draw(st.integers()))


@given(st.lists(terms(), max_size=8), st.dates(date(2009, 1, 1), date(2036, 12, 31)))
def test_the_holders_are_exactly_those_of_the_terms_covering_the_day(given_terms: list[Term[int]], day: date) -> None:
    on_day = holders_on(given_terms, day)
    covering = [t for t in given_terms if t.starts.earliest <= day <= t.ends.day]
    assert {h.holder for h in on_day.holdings} == {t.holder for t in covering if t.holder}
    assert set(on_day.gaps) == {t for t in covering if t.holder is None}
    for holding in on_day.holdings:
        assert set(holding.terms) == {t for t in covering if t.holder == holding.holder}


@given(st.lists(terms(), max_size=8), st.dates(date(2009, 1, 1), date(2036, 12, 31)))
def test_a_holder_is_uncertain_only_on_a_rough_edge_of_its_own_terms(given_terms: list[Term[int]], day: date) -> None:
    for holding in holders_on(given_terms, day).holdings:
        if holding.uncertain:
            own = [t for t in given_terms if t.holder == holding.holder]
            rough = [
                t
                for t in own
                if (t.starts.earliest < t.starts.day and t.starts.earliest <= day <= t.starts.day)
                or (t.ends.earliest < t.ends.day and t.ends.earliest <= day <= t.ends.day)
            ]
            assert rough
