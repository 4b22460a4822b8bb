"""Calendar arithmetic used by treaty rules (no Django import)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Final

# Read as constants once compiled (a module attribute is looked up on each use).
ONE_DAY: Final = timedelta(days=1)
FIRST_DAY: Final = date.min
LAST_DAY: Final = date.max
_NEW_YEARS: Final[dict[int, date]] = {}


def new_year(year: int) -> date:
    """1 January of `year`, made once: annual obligations' lists name it for every year of every State."""
    found = _NEW_YEARS.get(year)
    if found is None:
        found = _NEW_YEARS[year] = date(year, 1, 1)
    return found


def add_months(day: date, months: int) -> date:
    """The same day of the month, `months` later, clipped to the month's last day."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last_day))


def first_day_of_month_after(day: date, months: int) -> date:
    """First day of the `months`-th month after the month of `day`.

    "The first day of the sixth month after the month in which ..." (CCM and Mine Ban
    Treaty, article 17): a deposit on 16 February gives 1 August.
    """
    return add_months(day.replace(day=1), months)


def add_days(day: date, days: int) -> date:
    return day + timedelta(days=days)


def whole_months_between(start: date, end: date) -> int:
    """How many whole months from `start` to `end` (0 when `end` is within a month of it, or before it)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and add_months(start, months) > end:
        months -= 1
    return max(months, 0)
