"""Everything recorded about one person, for the person's request for a copy (`/contacts/<id>/export.json`): the
contact as it is, whom it is shared with, and every version in its history with who made it, when and why."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from treatywatch.contacts.actions import RECORDED
from treatywatch.contacts.models import Contact

_HISTORY_TYPES = {"+": "recorded", "~": "changed", "-": "deleted"}


def _value(record: Any, name: str) -> Any:
    if name == "state":
        return record.state.iso3 if record.state_id else None
    return getattr(record, name)


def _version(record: Any) -> dict[str, Any]:
    return {
        "version": record.version,
        "when": record.history_date,
        "what": _HISTORY_TYPES.get(record.history_type, record.history_type),
        "by": record.history_user.get_username() if record.history_user else None,
        "reason": record.history_change_reason or "",
        "fields": {name: _value(record, name) for name in RECORDED},
        "shared_with": sorted(row.organisation.slug for row in record.shared_with.select_related("organisation")),
    }


def person_data(contact: Contact, exported_by: str) -> dict[str, Any]:
    history = contact.history.select_related("history_user", "state").order_by("history_date", "history_id")
    return {
        "about": (
            "Everything Treatywatch records about this person: the contact as it is now, and every earlier version "
            "in its history, with who recorded each change, when and why."
        ),
        "exported_at": timezone.now(),
        "exported_by": exported_by,
        "contact": {
            "id": contact.pk,
            "kept_by": {"slug": contact.owner.slug, "name": contact.owner.name},
            **{name: _value(contact, name) for name in RECORDED},
            "shared_with": sorted(o.slug for o in contact.shared_with.all()),
            "recorded_at": contact.created_at,
            "updated_at": contact.updated_at,
            "version": contact.version,
        },
        "history": [_version(record) for record in history],
    }
