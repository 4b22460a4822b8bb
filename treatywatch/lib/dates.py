"""Dates as users give them and as the site says them: ISO days, the `as_of` parameter, dates in words."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.dates import add_months
from treatywatch.lib.errors import BadParameter

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


# The days `as_of` may name: from before the oldest treaty the register can hold to 30 years ahead, far
# enough for a ten-year clearance deadline and its extensions, near enough to keep every answer small (an
# annual obligation lists one deadline a year, so a compliance answer grows with the years asked about).
EARLIEST_AS_OF = date(1900, 1, 1)
AS_OF_YEARS_AHEAD = 30


def latest_as_of() -> date:
    return add_months(timezone.localdate(), 12 * AS_OF_YEARS_AHEAD)


def parse_as_of(raw: str | None, *, empty_is_today: bool = True) -> date:
    """The `as_of` parameter: a YYYY-MM-DD date from 1900-01-01 to 30 years after today, today when absent.
    A page's date field sends an empty value when left blank (today); the API, whose schema declares a
    date, refuses it."""
    if raw == "" and not empty_is_today:
        raise BadParameter("as_of: empty; give a date as YYYY-MM-DD, or leave the parameter out for today")
    if raw is None or raw == "":
        return timezone.localdate()
    try:
        day = parse_iso_date(raw)
    except DateProblem as error:
        raise BadParameter(f"as_of: {error}") from None
    latest = latest_as_of()
    if not EARLIEST_AS_OF <= day <= latest:
        raise BadParameter(
            _("as_of: %(day)s is outside the dates the register answers for (%(first)s to %(last)s)")
            % {"day": day.isoformat(), "first": EARLIEST_AS_OF.isoformat(), "last": latest.isoformat()}
        )
    return day


def as_of(request: HttpRequest) -> date:
    """The day a page or feed answers for: its `?as_of=`, today when absent."""
    return parse_as_of(request.GET.get("as_of"))


def date_words(value: ApproximateDate | date | None) -> str:
    """A date as exactly as its source gives it, never a bare day for a month, a year or "by"."""
    if value is None:
        return ""
    if isinstance(value, date):
        value = ApproximateDate(value)
    if value.precision is Precision.YEAR:
        return str(value.day.year)
    if value.precision is Precision.MONTH:
        return date_format(value.day, pgettext("date format for a month", "F Y"))
    day = date_format(value.day, pgettext("date format for a day", "j F Y"))
    if value.precision is Precision.BY:
        return _("by %(date)s") % {"date": day}
    return day
