"""Reading the UN Treaty Collection's dates ("3 Dec 2008"), with messages that say what is wrong.

ISO dates are read by `treatywatch.lib.dates.parse_iso_date`."""

from __future__ import annotations

import re
from datetime import date

from treatywatch.lib.dates import DateProblem

_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_DAY_MONTH_YEAR = re.compile(r"^\s*([0-9]{1,2})\s+([A-Za-z]+)\.?\s+([0-9]{4})\s*$")


def parse_day_month_year(text: str) -> date:
    """'3 Dec 2008' or '6 September 2024', as the UN Treaty Collection writes dates."""
    match = _DAY_MONTH_YEAR.match(text)
    if not match:
        raise DateProblem(f"{text!r} is not a date like '3 Dec 2008'")
    day, month_name, year = match.groups()
    month = _MONTHS.get(month_name[:3].lower())
    if month is None:
        raise DateProblem(f"{month_name!r} in {text!r} is not a month")
    try:
        return date(int(year), month, int(day))
    except ValueError:
        raise DateProblem(f"{text!r} is not a day that exists") from None
