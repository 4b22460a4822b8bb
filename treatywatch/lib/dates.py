"""Dates as users give them and as the site says them: ISO days, the `as_of` parameter, dates in words."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from django.http import HttpRequest
from django.utils import timezone, translation
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


def latest_as_of(today: date | None = None) -> date:
    return add_months(today or timezone.localdate(), 12 * AS_OF_YEARS_AHEAD)


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
    return request_day(request, request.GET.get("as_of"))


def request_day(request: HttpRequest, raw: str | None, *, empty_is_today: bool = True) -> date:
    """`parse_as_of(raw)`, or the day the answer is being written for when it is written for an interval."""
    pinned = _pinned(request)
    return pinned.day if pinned else parse_as_of(raw, empty_is_today=empty_is_today)


# ---- The day as an answer writes it -------------------------------------------------------------------
# An answer stored for a whole interval (`lib.intervals`) writes its day as placeholders, filled in for
# each request. They are a random token per process, letters and digits only, so that HTML escaping, URL
# encoding and JSON leave them as they are, and no record can contain them.
_TOKEN = secrets.token_hex(12)
ISO_MARK = f"twday{_TOKEN}iso"
WORDS_MARK = f"twday{_TOKEN}words"
_SLOT_PREFIX = f"twday{_TOKEN}slot"


@dataclass
class Pinned:
    """The day a view answers for while its answer is written for every day of an interval, and the parts of
    the answer that must still be written for each day (`day_slot`)."""

    day: date
    slots: dict[str, Callable[[date], str]] = field(default_factory=dict)


_PINNED_ATTRIBUTE = "_treatywatch_pinned"


def pin(request: HttpRequest, day: date) -> Pinned:
    pinned = Pinned(day)
    setattr(request, _PINNED_ATTRIBUTE, pinned)
    return pinned


def unpin(request: HttpRequest) -> None:
    if hasattr(request, _PINNED_ATTRIBUTE):
        delattr(request, _PINNED_ATTRIBUTE)


def _pinned(request: HttpRequest) -> Pinned | None:
    found = getattr(request, _PINNED_ATTRIBUTE, None)
    return found if isinstance(found, Pinned) else None


@lru_cache(maxsize=4096)
def words_in(language: str | None, day: date) -> str:
    """The day in words ("1 August 2010") in `language`; a language may write the first of a month its own way
    ("1er août 2010")."""
    with translation.override(language):
        if day.day == 1:
            return date_format(day, pgettext("date format for the first day of a month", "j F Y"))
        return date_format(day, pgettext("date format for a day", "j F Y"))


def day_iso(request: HttpRequest, day: date) -> str:
    """The day as YYYY-MM-DD, for links, fields and JSON."""
    return ISO_MARK if _pinned(request) else day.isoformat()


def day_words(request: HttpRequest, day: date) -> str:
    """The day in words in the page's language."""
    return WORDS_MARK if _pinned(request) else words_in(translation.get_language(), day)


def day_slot(request: HttpRequest, day: date, name: str, render: Callable[[date], str]) -> str:
    """A part of the answer that depends on the exact day (a chart drawn up to it), written for each request."""
    pinned = _pinned(request)
    if pinned is None:
        return render(day)
    mark = f"{_SLOT_PREFIX}{name}x"
    pinned.slots[mark] = render
    return mark


def as_of_context(request: HttpRequest, day: date) -> dict[str, object]:
    """What every page with a date field says about its day."""
    return {
        "as_of": day,
        "as_of_given": "as_of" in request.GET,
        "as_of_iso": day_iso(request, day),
        "as_of_words": day_words(request, day),
    }


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
    day = words_in(translation.get_language(), value.day)
    if value.precision is Precision.BY:
        return _("by %(date)s") % {"date": day}
    return day
