"""Reading dates from import files, with messages that say what is wrong."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils.translation import gettext as _

_MONTHS = {
    m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)
}
_DAY_MONTH_YEAR = re.compile(r"^\s*([0-9]{1,2})\s+([A-Za-z]+)\.?\s+([0-9]{4})\s*$")
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class DateProblem(ValueError):
    pass


def parse_iso_date(text: str) -> date:
    """YYYY-MM-DD, refusing impossible days such as 2011-02-30."""
    if not _ISO.fullmatch(text.strip()):
        raise DateProblem(_("%(text)r is not a valid date (expected YYYY-MM-DD)") % {"text": text})
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise DateProblem(_("%(text)r is not a valid date (expected YYYY-MM-DD)") % {"text": text}) from None


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
