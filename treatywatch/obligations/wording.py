"""Conflicts and notes in words, in the visitor's language (dates through `lib.dates.date_words`):
"sources disagree: 1 August 2025 (source A) / July 2025 (source B)"."""

from __future__ import annotations

from django.utils.translation import gettext as _

from treatywatch.core.obligations import Conflict, Deadline
from treatywatch.lib.dates import date_words


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
