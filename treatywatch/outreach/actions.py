"""Universalization activities change only through these functions: each checks that the actor may record
for the organisation, validates, runs in a transaction and keeps who, when and why in the history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.lib.actions import SHIPPED_DATA, ActionError, Actor, attach_actor
from treatywatch.obligations.models import DatePrecision
from treatywatch.organisations.models import Organisation, Role
from treatywatch.organisations.visibility import Visibility, member_of, reads_everything
from treatywatch.outreach.models import Activity, ActivityKind
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.versions import register_changed


@dataclass(frozen=True)
class ActivityInput:
    """An activity as an editor, a form or a data file gives it, before it is checked."""

    treaty: Treaty
    kind: str
    title: str
    date: datetime.date
    source: Source
    date_precision: str = DatePrecision.DAY
    ends_on: datetime.date | None = None
    place: str = ""
    summary: str = ""
    organising_states: tuple[State, ...] = ()
    organising_organisations: tuple[Organisation, ...] = ()
    # The private part, when the activity is not public.
    target_states: tuple[State, ...] = ()
    attending_states: tuple[State, ...] = ()
    participants: str = ""
    notes: str = ""
    visibility: str = Visibility.PUBLIC
    owner: Organisation | None = None
    shared_with: tuple[Organisation, ...] = field(default=())


class ActivityRefused(ActionError):
    """A refusal about one field of the activity (`field`, as `ActivityInput` names it), so that an import
    can say which column of which row is at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def may_record_for(actor: Actor, owner: Organisation | None) -> bool:
    """Site administrators record anything; an organisation's editors and administrators record its activities."""
    if reads_everything(actor):
        return True
    return owner is not None and member_of(actor, Role.EDITOR).filter(organisation=owner).exists()


def may_add_public_activities(actor: Actor) -> bool:
    """Who may add public activities that no organisation recorded, as a data file holds them: site
    administrators, and the loader of the shipped data (`SHIPPED_DATA`)."""
    return actor is SHIPPED_DATA or may_record_for(actor, None)


def check_activity(given: ActivityInput) -> None:
    """Refuse an activity that cannot be recorded, whoever records it (an import checks its rows with it)."""
    if given.kind not in ActivityKind.values:
        raise ActivityRefused(
            "kind", f"Unknown kind of activity {given.kind!r}: choose one of {', '.join(ActivityKind.values)}."
        )
    if given.date_precision not in DatePrecision.values:
        raise ActivityRefused(
            "date_precision",
            f"Unknown date precision {given.date_precision!r}: one of {', '.join(DatePrecision.values)}.",
        )
    latest = ApproximateDate.latest(given.date, Precision(given.date_precision)).day
    if latest != given.date:
        raise ActivityRefused(
            "date",
            f"A date known only to the {given.date_precision} is stored as its last day: give {latest}, "
            f"not {given.date}.",
        )
    if given.ends_on is not None and given.ends_on < given.date:
        raise ActivityRefused("ends_on", f"The last day ({given.ends_on}) comes before the first ({given.date}).")
    if given.visibility not in Visibility.values:
        raise ActivityRefused(
            "visibility", f"Unknown visibility {given.visibility!r}: one of {', '.join(Visibility.values)}."
        )
    if given.visibility != Visibility.PUBLIC and given.owner is None:
        raise ActivityRefused("owner", "A closed activity needs the organisation that recorded it.")
    if given.visibility != Visibility.NAMED and given.shared_with:
        raise ActivityRefused(
            "shared_with", "Only an activity shared with named organisations lists organisations to share it with."
        )


def _check_actor(existing: Activity | None, given: ActivityInput, actor: Actor) -> None:
    if actor is SHIPPED_DATA:
        # The shipped files copy published pages: they add public records and never correct anyone's.
        if existing is not None or given.visibility != Visibility.PUBLIC or given.owner is not None:
            raise ActionError("The shipped data only adds public activities that no organisation recorded.")
        return
    if existing is not None and not may_record_for(actor, existing.owner):
        raise ActionError("Only the editors of the organisation that recorded this activity can change it.")
    if not may_record_for(actor, given.owner):
        raise ActionError("Record activities for an organisation you are an editor of.")


def do_save_activity(existing: Activity | None, given: ActivityInput, *, actor: Actor, reason: str) -> Activity:
    """Record a new activity (`existing` None) or correct one; the history keeps the earlier version.

    `actor` is the user who acts, or `SHIPPED_DATA` when `load_register` loads a treaty's shipped
    activities (public ones, added, never corrected)."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    check_activity(given)
    _check_actor(existing, given, actor)
    activity = existing or Activity()
    for name in ("treaty", "kind", "title", "date", "source", "date_precision", "ends_on", "place", "summary"):
        setattr(activity, name, getattr(given, name))
    activity.participants, activity.notes = given.participants, given.notes
    activity.visibility, activity.owner = given.visibility, given.owner
    try:
        activity.full_clean()
    except ValidationError as error:
        raise ActionError("; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())) from None
    attach_actor(activity, actor, reason)
    with transaction.atomic():
        activity.save()
        _set(activity, given)
        register_changed(given.treaty)
    return activity


def _set(activity: Activity, given: ActivityInput) -> None:
    relations: dict[str, Iterable[object]] = {
        "organising_states": given.organising_states,
        "organising_organisations": given.organising_organisations,
        "target_states": given.target_states,
        "attending_states": given.attending_states,
        "shared_with": given.shared_with,
    }
    for name, items in relations.items():
        getattr(activity, name).set(list(items))


def do_delete_activity(activity: Activity, *, actor: Actor, reason: str) -> None:
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_record_for(actor, activity.owner):
        raise ActionError("Only the editors of the organisation that recorded this activity can remove it.")
    attach_actor(activity, actor, reason)
    with transaction.atomic():
        treaty = activity.treaty
        activity.delete()
        register_changed(treaty)
