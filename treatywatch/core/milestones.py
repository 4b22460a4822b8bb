"""Anniversaries of a treaty's dates and of each State's signature, deposit and entry into force, for any window.

An event keeps the precision its source gives: a day has its anniversary on the same day (29 February on
28 February in a common year, as `add_months` clips a month's end), a month on the same month, a year in the
same year, and "on or before" a day on or before the same day. An anniversary is in a window [start, end]
when the days it may fall on meet the window (a month anniversary is in a window that holds any day of it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.dates import add_months


class EventKind(StrEnum):
    # The treaty's own dates.
    ADOPTION = "adoption"
    OPENING_FOR_SIGNATURE = "opening_for_signature"
    TREATY_ENTRY_INTO_FORCE = "treaty_entry_into_force"
    # A State's dates under the treaty.
    SIGNATURE = "signature"
    DEPOSIT = "deposit"
    ENTRY_INTO_FORCE = "entry_into_force"


TREATY_EVENTS = (EventKind.ADOPTION, EventKind.OPENING_FOR_SIGNATURE, EventKind.TREATY_ENTRY_INTO_FORCE)
STATE_EVENTS = (EventKind.SIGNATURE, EventKind.DEPOSIT, EventKind.ENTRY_INTO_FORCE)


@dataclass(frozen=True)
class Event:
    """Something that happened on a date: the treaty's (`state` None) or a State's (its key)."""

    kind: EventKind
    on: ApproximateDate
    treaty: str
    state: str | None = None
    instrument: str | None = None  # for a deposit: ratification, accession...

    def __post_init__(self) -> None:
        if (self.state is None) != (self.kind in TREATY_EVENTS):
            raise ValueError(f"{self.kind} is an event of {'a State' if self.state is None else 'the treaty'}")


def is_round(years: int) -> bool:
    """The anniversaries a campaign marks: the first, and every fifth."""
    return years == 1 or (years > 0 and years % 5 == 0)


@dataclass(frozen=True)
class Milestone:
    event: Event
    years: int
    on: ApproximateDate  # the anniversary, to the event's precision

    @property
    def round(self) -> bool:
        return is_round(self.years)

    @property
    def first_day(self) -> date:
        """The first day the anniversary can fall on ("on or before" a day is taken as that day)."""
        return self.on.day if self.on.precision is Precision.BY else self.on.earliest

    @property
    def sort_key(self) -> tuple[date, date, str, str, str]:
        return (self.first_day, self.on.day, self.event.treaty, self.event.state or "", self.event.kind.value)


def anniversary(on: ApproximateDate, years: int) -> ApproximateDate:
    """The date `years` after `on`, to its precision."""
    if on.precision is Precision.YEAR:
        return ApproximateDate.latest(date(on.day.year + years, 1, 1), Precision.YEAR)
    if on.precision is Precision.MONTH:
        return ApproximateDate.latest(date(on.day.year + years, on.day.month, 1), Precision.MONTH)
    return ApproximateDate(add_months(on.day, 12 * years), on.precision)


def _meets(found: ApproximateDate, start: date, end: date) -> bool:
    first = found.day if found.precision is Precision.BY else found.earliest
    return first <= end and found.day >= start


def anniversaries(event: Event, start: date, end: date) -> Iterator[Milestone]:
    """The event's anniversaries (one year or more after it) that fall in [start, end], in order."""
    if end < start:
        raise ValueError(f"the window ends ({end}) before it starts ({start})")
    first_year = max(1, start.year - event.on.day.year - 1)
    last_year = end.year - event.on.day.year + 1
    for years in range(first_year, last_year + 1):
        if event.on.day.year + years > date.max.year:
            break
        found = anniversary(event.on, years)
        if _meets(found, start, end):
            yield Milestone(event, years, found)


def milestones(events: Iterable[Event], start: date, end: date) -> list[Milestone]:
    """Every anniversary of `events` in [start, end], soonest first."""
    found = [m for event in events for m in anniversaries(event, start, end)]
    return sorted(found, key=lambda m: m.sort_key)
