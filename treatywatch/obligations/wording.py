"""Dates and conflicts in words, in the visitor's language: "1 August 2019", "March 2019", "2019",
"by 1 August 2019"; "sources disagree: 1 August 2025 (source A) / July 2025 (source B)"."""

from __future__ import annotations

from datetime import date

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.core.obligations import Conflict, Deadline


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


def conflict_words(conflict: Conflict) -> str:
    """Every date the sources give for one event, each with its source."""
    claims = " / ".join(f"{date_words(c.value)} ({c.source})" for c in conflict.claims)
    return _("sources disagree: %(claims)s") % {"claims": claims}


def note_words(deadline: Deadline) -> list[str]:
    """What the record cannot settle about a deadline: a missing decision, a roughly dated fact."""
    notes = []
    if deadline.extension_not_recorded:
        notes.append(
            _(
                "The treaty allows a request for an extension only before the deadline, and one was made after "
                "the deadline recorded: an earlier extension is not recorded."
            )
        )
    if deadline.record_ends_on is not None:
        notes.append(
            _("The record holds no source later than %(date)s, before this deadline passed.")
            % {"date": date_words(deadline.record_ends_on)}
        )
    if deadline.possible_completion is not None:
        notes.append(
            _("Completed %(date)s: it may already have happened on this date.")
            % {"date": date_words(deadline.possible_completion)}
        )
    if deadline.possible_extension is not None:
        extension = deadline.possible_extension
        notes.append(
            _("Extended to %(deadline)s, granted %(granted)s: it may already have been granted on this date.")
            % {"deadline": date_words(extension.deadline), "granted": date_words(extension.granted)}
        )
    return notes
