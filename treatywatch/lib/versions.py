"""Two editors changing the same fact: the second save is refused, with what the first one changed.

A fact carries an integer `version`, raised by every save. An editor's form holds the version it showed;
a correction made against an older version is a conflict, never a silent overwrite.
"""

from __future__ import annotations

from typing import Any

from treatywatch.lib.actions import ActionError

# Fields every history row holds that are not part of what an editor changes.
_BOOKKEEPING = {"version", "updated_at"}


class ConflictError(ActionError):
    """The record changed since the editor read it; the message says how."""


def check_version(current: Any, expected: int | None) -> None:
    """Refuse a change made against a version other than `current`'s (None: the caller read it just now)."""
    if expected is None or expected == current.version:
        return
    raise ConflictError(conflict_message(current, expected))


def conflict_message(current: Any, expected: int) -> str:
    return (
        f"Another editor changed this record while you were editing it (your version {expected}, now "
        f"{current.version}): {changes_since(current, expected)}. Your change was not saved. Check the record "
        "as it is now and save again if your change still holds."
    )


def changes_since(current: Any, version: int) -> str:
    """Who changed the record after `version`, when, why and what, from its history."""
    history = current.history.order_by("history_date", "history_id")
    before = history.filter(version__lte=version).last()
    described = []
    for record in history.filter(version__gt=version):
        who = record.history_user.get_username() if record.history_user else "an import or a command"
        when = record.history_date.strftime("%Y-%m-%d %H:%M UTC")
        reason = record.history_change_reason or "no reason given"
        what = _what_changed(record, before)
        described.append(f"{who} on {when} ({reason}): {what}")
        before = record
    return "; ".join(described) or "its history does not say how"


def _what_changed(record: Any, before: Any) -> str:
    if before is None:
        return "recorded it"
    delta = record.diff_against(before)
    changes = [
        f"{change.field} {_shown(change.old)} → {_shown(change.new)}"
        for change in delta.changes
        if change.field not in _BOOKKEEPING
    ]
    return ", ".join(changes) or "saved it unchanged"


def _shown(value: Any) -> str:
    return "(empty)" if value in ("", None) else str(value)
