"""Dates as exactly as a source gives them: a day, a month, a year, or "on or before" a day.

The stored day is the latest day the date can be, so "as of" questions never claim an event
earlier than the source allows; `earliest` is the first day it can be, so nothing is called
late unless it certainly was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from treatywatch.core.dates import FIRST_DAY, days_in_month


class Precision(StrEnum):
    DAY = "day"  # on that day
    MONTH = "month"  # in that month
    YEAR = "year"  # in that year
    BY = "by"  # on or before that day


@dataclass(frozen=True)
class ApproximateDate:
    day: date  # the latest day it can be
    precision: Precision = Precision.DAY

    def __hash__(self) -> int:
        # Dates key the caches the States that reported on the same day share; the dataclass's hash (not
        # compiled) hashes the precision too, through the enum's Python `__hash__`. Equal dates have equal days.
        return hash(self.day)

    @classmethod
    def latest(cls, day: date, precision: Precision = Precision.DAY) -> ApproximateDate:
        """The date of `precision` that contains `day`, stored as its latest day."""
        if precision is Precision.MONTH:
            return cls(date(day.year, day.month, days_in_month(day.year, day.month)), precision)
        if precision is Precision.YEAR:
            return cls(date(day.year, 12, 31), precision)
        return cls(day, precision)

    @classmethod
    def parse(cls, text: str, precision: Precision = Precision.DAY) -> ApproximateDate:
        """Read what `iso` writes: `2019`, `2019-03` or `2019-08-01` (a day, or "by" that day)."""
        parts = text.split("-")
        if len(parts) == 1:
            return cls.latest(date(int(parts[0]), 1, 1), Precision.YEAR)
        if len(parts) == 2:
            return cls.latest(date(int(parts[0]), int(parts[1]), 1), Precision.MONTH)
        day = date.fromisoformat(text)
        return cls(day, Precision.BY if precision is Precision.BY else Precision.DAY)

    @property
    def earliest(self) -> date:
        if self.precision is Precision.MONTH:
            return date(self.day.year, self.day.month, 1)
        if self.precision is Precision.YEAR:
            return date(self.day.year, 1, 1)
        if self.precision is Precision.BY:
            return FIRST_DAY
        return self.day

    def iso(self) -> str:
        """ISO 8601 to the precision the source gives: `2019`, `2019-03`, `2019-08-01`."""
        if self.precision is Precision.YEAR:
            return f"{self.day.year:04d}"
        if self.precision is Precision.MONTH:
            return f"{self.day.year:04d}-{self.day.month:02d}"
        return self.day.isoformat()
