"""A findings row's date as written: a day, a month, a year, a span of years (`2015-2023`) or of months
(`2016-07/2017-07`), or none. Kept as written; read as the latest day it can be, so a fact is shown "as of" a
day only once its whole period has passed."""

from __future__ import annotations

import re
from datetime import date

from treatywatch.core.approximate import ApproximateDate, Precision

_YEARS = re.compile(r"^(\d{4})-(\d{4})$")
_MONTHS = re.compile(r"^(\d{4}-\d{2})/(\d{4}-\d{2})$")
_ONE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class DateUnreadable(ValueError):
    pass


def read_as_of(text: str) -> tuple[date | None, str]:
    """The latest day and the precision (`day`, `month`, `year`, `span`, or empty with no date)."""
    text = text.strip()
    if not text:
        return None, ""
    try:
        if years := _YEARS.match(text):
            first, last = (int(y) for y in years.groups())
            if last < first:
                raise DateUnreadable(f"{text!r}: the span ends before it starts")
            return date(last, 12, 31), "span"
        if months := _MONTHS.match(text):
            first_month, last_month = months.groups()
            if last_month < first_month:
                raise DateUnreadable(f"{text!r}: the span ends before it starts")
            return ApproximateDate.parse(last_month).day, "span"
        if _ONE.match(text):
            found = ApproximateDate.parse(text)
            return found.day, Precision(found.precision).value
    except ValueError as error:
        if isinstance(error, DateUnreadable):
            raise
        raise DateUnreadable(f"{text!r} is not a date: {error}") from None
    raise DateUnreadable(f"{text!r} is not a date: give YYYY, YYYY-MM, YYYY-MM-DD, YYYY-YYYY or YYYY-MM/YYYY-MM")
