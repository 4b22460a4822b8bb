"""Calendar arithmetic used by treaty rules (no Django import)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

# Read as constants once compiled (a module attribute is looked up on each use).
ONE_DAY: Final = timedelta(days=1)
FIRST_DAY: Final = date.min
LAST_DAY: Final = date.max
# 1 January of each year a date can have, made once (about 300 kB): read by index, not looked up by key.
_NEW_YEARS: Final = tuple([date(year, 1, 1) for year in range(1, 10000)])
_MONTH_DAYS: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def new_year(year: int) -> date:
    """1 January of `year`, made once: annual obligations' lists name it for every year of every State."""
    if 1 <= year <= 9999:
        return _NEW_YEARS[year - 1]
    return date(year, 1, 1)  # raises as `date` does


def days_in_month(year: int, month: int) -> int:
    """How many days the month has (`calendar.monthrange`'s, worked out here: compiled, that is plain arithmetic
    rather than a call into the interpreter for each State's entry into force)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(day: date, months: int) -> date:
    """The same day of the month, `months` later, clipped to the month's last day."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, days_in_month(year, month)))


def first_day_of_month_after(day: date, months: int) -> date:
    """First day of the `months`-th month after the month of `day`.

    "The first day of the sixth month after the month in which ..." (CCM and Mine Ban
    Treaty, article 17): a deposit on 16 February gives 1 August.
    """
    month_index = day.year * 12 + (day.month - 1) + months
    return date(month_index // 12, month_index % 12 + 1, 1)


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def whole_months_between(start: date, end: date) -> int:
    """How many whole months from `start` to `end` (0 when `end` is within a month of it, or before it)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and add_months(start, months) > end:
        months -= 1
    return max(months, 0)
