"""Who held a mandate on a day, from terms dated as roughly as their sources date them.

A term "from 2017 to 2018" covers every day from 1 January 2017 to 31 December 2018: a day within it is
answered with its holder. Where a rough edge of a holder's term meets a rough edge of another term of the
same mandate (one holder's last year is another's first, or a documented gap's), the sources cannot say
who held it on that day: both are answered, marked uncertain, rather than guessed. A holder's terms that
follow one another count as one span, so a renewed holder is never uncertain between its own terms.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Generic, TypeVar

from treatywatch.core.approximate import ApproximateDate

Ref = TypeVar("Ref")


@dataclass(frozen=True)
class Term(Generic[Ref]):
    """A holder's term; `holder` None is a documented gap (no source names the holder). `ref` is what the
    caller needs back (a record's key)."""

    holder: str | None
    starts: ApproximateDate
    ends: ApproximateDate
    ref: Ref

    def covers(self, day: date) -> bool:
        return self.starts.earliest <= day <= self.ends.day


@dataclass(frozen=True)
class Holding(Generic[Ref]):
    holder: str
    uncertain: bool
    terms: tuple[Term[Ref], ...]  # the holder's terms that cover the day


@dataclass(frozen=True)
class OnDay(Generic[Ref]):
    holdings: tuple[Holding[Ref], ...]  # in the order the holders' first covering terms were given
    gaps: tuple[Term[Ref], ...]  # the documented gaps that cover the day


@dataclass(frozen=True)
class _Span:
    """A holder's terms that follow one another, or a gap, as one period."""

    holder: str | None
    starts: ApproximateDate
    ends: ApproximateDate

    def covers(self, day: date) -> bool:
        return self.starts.earliest <= day <= self.ends.day

    def in_rough_start(self, day: date) -> bool:
        return self.starts.earliest < self.starts.day and self.starts.earliest <= day <= self.starts.day

    def in_rough_end(self, day: date) -> bool:
        return self.ends.earliest < self.ends.day and self.ends.earliest <= day <= self.ends.day


def _spans(terms: list[Term[Ref]]) -> list[_Span]:
    spans: list[_Span] = []
    by_holder: dict[str, list[Term[Ref]]] = {}
    for term in terms:
        if term.holder is None:
            spans.append(_Span(None, term.starts, term.ends))
        else:
            by_holder.setdefault(term.holder, []).append(term)
    for holder, own in by_holder.items():
        own.sort(key=lambda t: (t.starts.earliest, t.ends.day))
        current = _Span(holder, own[0].starts, own[0].ends)
        for term in own[1:]:
            if term.starts.earliest <= current.ends.day + timedelta(days=1):
                if term.ends.day > current.ends.day:
                    current = _Span(holder, current.starts, term.ends)
            else:
                spans.append(current)
                current = _Span(holder, term.starts, term.ends)
        spans.append(current)
    return spans


def _uncertain(span: _Span, others: list[_Span], day: date) -> bool:
    """Whether another period may have taken over from, or handed over to, the holder on that day."""
    ending = span.in_rough_end(day) and any(o.in_rough_start(day) for o in others)
    starting = span.in_rough_start(day) and any(o.in_rough_end(day) for o in others)
    return ending or starting


def holders_on(terms: Iterable[Term[Ref]], day: date) -> OnDay[Ref]:
    """Who held the mandate on `day` (each with whether the sources leave it uncertain), and the documented
    gaps that cover the day. A day no term covers has no holder and no gap: nothing is known of it."""
    given = list(terms)
    covering = [s for s in _spans(given) if s.covers(day)]
    holdings: list[Holding[Ref]] = []
    for term in given:
        if term.holder is None or not term.covers(day) or any(h.holder == term.holder for h in holdings):
            continue
        span = next(s for s in covering if s.holder == term.holder)
        others = [s for s in covering if s is not span]
        own = tuple(t for t in given if t.holder == term.holder and t.covers(day))
        holdings.append(Holding(term.holder, _uncertain(span, others, day), own))
    gaps = tuple(t for t in given if t.holder is None and t.covers(day))
    return OnDay(tuple(holdings), gaps)
