"""Universalization activities change only through these functions: each checks that the actor may record
for the organisation, validates, runs in a transaction and keeps who, when and why in the history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from treatywatch.core.approximate import ApproximateDate, Precision
from treatywatch.lib.actions import SHIPPED_DATA, ActionError, Actor, attach_actor
from treatywatch.lib.versions import check_version
from treatywatch.obligations.models import DatePrecision
from treatywatch.organisations.models import Organisation, Role
from treatywatch.organisations.visibility import Visibility, member_of, reads_everything
from treatywatch.outreach.documents import DocumentRefused, document_type
from treatywatch.outreach.models import (
    Activity,
    ActivityDocument,
    ActivityKind,
    ApprovalStep,
    ApprovalStepKind,
    FollowUp,
    Mandate,
    Meeting,
    MeetingKind,
    Theme,
)
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


class FieldRefused(ActionError):
    """A refusal about one field of a record (`field`, as its input names it), so that an import can say
    which column of which row is at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def check_rough_date(name: str, day: datetime.date, precision: str) -> None:
    """Refuse a date of unknown precision, or one not stored as the last day its precision allows."""
    if precision not in DatePrecision.values:
        raise FieldRefused(
            f"{name}_precision", f"Unknown date precision {precision!r}: one of {', '.join(DatePrecision.values)}."
        )
    latest = ApproximateDate.latest(day, Precision(precision)).day
    if latest != day:
        raise FieldRefused(
            name, f"A date known only to the {precision} is stored as its last day: give {latest}, not {day}."
        )


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
        raise FieldRefused(
            "kind", f"Unknown kind of activity {given.kind!r}: choose one of {', '.join(ActivityKind.values)}."
        )
    check_rough_date("date", given.date, given.date_precision)
    if given.ends_on is not None and given.ends_on < given.date:
        raise FieldRefused("ends_on", f"The last day ({given.ends_on}) comes before the first ({given.date}).")
    if given.visibility not in Visibility.values:
        raise FieldRefused(
            "visibility", f"Unknown visibility {given.visibility!r}: one of {', '.join(Visibility.values)}."
        )
    if given.visibility != Visibility.PUBLIC and given.owner is None:
        raise FieldRefused("owner", "A closed activity needs the organisation that recorded it.")
    if given.visibility != Visibility.NAMED and given.shared_with:
        raise FieldRefused(
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


def do_save_activity(
    existing: Activity | None,
    given: ActivityInput,
    *,
    actor: Actor,
    reason: str,
    expected_version: int | None = None,
    documents: Sequence[Any] = (),
) -> Activity:
    """Record a new activity (`existing` None) or correct one; the history keeps the earlier version.

    `actor` is the user who acts, or `SHIPPED_DATA` when `load_register` loads a treaty's shipped
    activities (public ones, added, never corrected). `expected_version` is the version the editor saw: if
    the activity changed since, the correction is refused with what changed (ConflictError). `documents`
    (uploaded files) are attached with it: the activity and every file are saved, or none of them."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    check_activity(given)
    _check_actor(existing, given, actor)
    for file in documents:
        _check_document(file)
    with _documents_kept_only_if_saved() as stored, transaction.atomic():
        activity = existing or Activity()
        if existing is not None:
            activity = Activity.objects.select_for_update().get(pk=existing.pk)
            check_version(activity, expected_version)
            activity.version += 1
        for name in ("treaty", "kind", "title", "date", "source", "date_precision", "ends_on", "place", "summary"):
            setattr(activity, name, getattr(given, name))
        activity.participants, activity.notes = given.participants, given.notes
        activity.visibility, activity.owner = given.visibility, given.owner
        try:
            activity.full_clean()
        except ValidationError as error:
            raise ActionError("; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())) from None
        attach_actor(activity, actor, reason)
        activity.save()
        _set(activity, given)
        _attach(activity, documents, actor, reason, stored)
        register_changed(given.treaty)
    if existing is not None:
        existing.version = activity.version
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


def _check_document(file: Any) -> None:
    try:
        document_type(file)
    except DocumentRefused as error:
        raise FieldRefused("documents", str(error)) from None


@contextmanager
def _documents_kept_only_if_saved() -> Iterator[list[ActivityDocument]]:
    """The documents stored in the block; their files are removed again when the block fails, so that a refused
    save leaves no file behind."""
    stored: list[ActivityDocument] = []
    try:
        yield stored
    except BaseException:
        for document in stored:
            document.file.delete(save=False)
        raise


def _attach(
    activity: Activity, files: Sequence[Any], actor: Actor, reason: str, stored: list[ActivityDocument]
) -> None:
    for file in files:
        kind = document_type(file)
        name = PurePath(file.name).name
        document = ActivityDocument(
            activity=activity,
            title=PurePath(name).stem[:300] or name,
            original_name=name[:255],
            content_type=kind.content_type,
            size=file.size,
            uploaded_by=actor if isinstance(actor, User) else None,
        )
        document.file.save(name, file, save=False)
        stored.append(document)
        attach_actor(document, actor, reason)
        document.save()


def do_add_documents(activity: Activity, files: Sequence[Any], *, actor: Actor, reason: str) -> list[ActivityDocument]:
    """Attach files to an activity, all or none; only the editors of the organisation that recorded it may."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_record_for(actor, activity.owner):
        raise ActionError("Only the editors of the organisation that recorded this activity can add documents.")
    if not files:
        raise FieldRefused("documents", "Choose at least one file.")
    for file in files:
        _check_document(file)
    with _documents_kept_only_if_saved() as stored, transaction.atomic():
        _attach(activity, files, actor, reason, stored)
        register_changed(activity.treaty)
    return stored


def do_delete_document(document: ActivityDocument, *, actor: Actor, reason: str) -> None:
    """Remove a document attached in error; the history keeps its record, the file itself is deleted."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_record_for(actor, document.activity.owner):
        raise ActionError("Only the editors of the organisation that recorded this activity can remove documents.")
    attach_actor(document, actor, reason)
    with transaction.atomic():
        document.delete()
        register_changed(document.activity.treaty)
        transaction.on_commit(lambda: document.file.delete(save=False))


@dataclass(frozen=True)
class FollowUpInput:
    description: str
    due_on: datetime.date
    owner: Organisation
    owner_user: Any = None  # a member of `owner`, or None


def follow_up_owners(activity: Activity) -> list[Organisation]:
    """The organisations a follow-up can be given to: those that read the activity's private part where it is
    closed (the one that recorded it, and those it names); any organisation where it is public."""
    if activity.visibility == Visibility.PUBLIC:
        return list(Organisation.objects.all())
    named = list(activity.shared_with.all()) if activity.visibility == Visibility.NAMED else []
    return [o for o in (activity.owner, *named) if o is not None]


def check_follow_up(activity: Activity, given: FollowUpInput) -> None:
    if not given.description.strip():
        raise FieldRefused("description", "Say what is to be done.")
    if given.owner not in follow_up_owners(activity):
        raise FieldRefused("owner", "Give the follow-up to an organisation that reads this activity's private part.")
    if given.owner_user is not None and not given.owner.memberships.filter(user=given.owner_user).exists():
        raise FieldRefused("owner_user", f"The person responsible is not a member of {given.owner}.")
    if given.owner_user is not None and given.owner not in (activity.owner, *activity.shared_with.all()):
        raise FieldRefused("owner_user", "Name a person only in an organisation the activity is shared with.")


def may_change_follow_ups(actor: Actor, activity: Activity) -> bool:
    return may_record_for(actor, activity.owner)


def do_add_follow_up(activity: Activity, given: FollowUpInput, *, actor: Actor, reason: str) -> FollowUp:
    """Add a follow-up action to an activity; only the editors of the organisation that recorded it may."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_change_follow_ups(actor, activity):
        raise ActionError("Only the editors of the organisation that recorded this activity can add follow-ups.")
    check_follow_up(activity, given)
    follow_up = FollowUp(
        activity=activity,
        description=given.description.strip(),
        due_on=given.due_on,
        owner=given.owner,
        owner_user=given.owner_user,
    )
    attach_actor(follow_up, actor, reason)
    with transaction.atomic():
        follow_up.save()
        register_changed(activity.treaty)
    return follow_up


def may_mark_done(actor: Actor, follow_up: FollowUp) -> bool:
    """The activity's editors, and the person the follow-up names."""
    named = actor is not None and actor.is_authenticated and follow_up.owner_user_id == actor.pk
    return named or may_change_follow_ups(actor, follow_up.activity)


def do_mark_follow_up_done(follow_up: FollowUp, done_on: datetime.date, *, actor: Actor, reason: str) -> FollowUp:
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_mark_done(actor, follow_up):
        raise ActionError("Only the activity's editors and the person responsible can mark a follow-up done.")
    if done_on > datetime.date.today():
        raise FieldRefused("done_on", f"A follow-up is marked done once done: {done_on} is still to come.")
    follow_up.done_on = done_on
    attach_actor(follow_up, actor, reason)
    with transaction.atomic():
        follow_up.save(update_fields=["done_on"])
        register_changed(follow_up.activity.treaty)
    return follow_up


def do_delete_activity(activity: Activity, *, actor: Actor, reason: str) -> None:
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_record_for(actor, activity.owner):
        raise ActionError("Only the editors of the organisation that recorded this activity can remove it.")
    attach_actor(activity, actor, reason)
    with transaction.atomic():
        treaty = activity.treaty
        files = [document.file for document in activity.documents.all()]
        for document in activity.documents.all():
            attach_actor(document, actor, reason)
            document.delete()
        activity.delete()
        register_changed(treaty)
        # Its documents' files go with it: nothing of a removed activity stays readable on disk.
        transaction.on_commit(lambda: [file.delete(save=False) for file in files])


# ---- The treaty's meetings and its Coordinators' mandates ------------------------------------------------


def may_record_institutions(actor: Actor) -> bool:
    """The meetings and mandates are the treaty's public record: site administrators keep them, and the
    loader of the shipped data adds them."""
    return actor is SHIPPED_DATA or reads_everything(actor)


@dataclass(frozen=True)
class MeetingInput:
    treaty: Treaty
    kind: str
    label: str
    number: int
    sources: tuple[Source, ...]
    starts_on: datetime.date | None = None
    starts_on_precision: str = DatePrecision.DAY
    ends_on: datetime.date | None = None
    second_part_starts_on: datetime.date | None = None
    second_part_ends_on: datetime.date | None = None
    parts: str = ""
    place: str = ""
    president: str = ""
    conflicts: str = ""
    notes: str = ""


def check_meeting(given: MeetingInput) -> None:
    if given.kind not in MeetingKind.values:
        raise FieldRefused("kind", f"Unknown kind of meeting {given.kind!r}: one of {', '.join(MeetingKind.values)}.")
    if not given.label:
        raise FieldRefused("label", "Every meeting needs its label, e.g. 2MSP.")
    if given.number < 1:
        raise FieldRefused("number", "Meetings are numbered from 1.")
    if given.starts_on is not None:
        check_rough_date("starts_on", given.starts_on, given.starts_on_precision)
    if given.starts_on is None and given.ends_on is not None:
        raise FieldRefused("starts_on", "A meeting with a last day needs its first day.")
    if given.starts_on is not None and given.ends_on is not None and given.ends_on < given.starts_on:
        raise FieldRefused("ends_on", f"The last day ({given.ends_on}) comes before the first ({given.starts_on}).")
    second = (given.second_part_starts_on, given.second_part_ends_on)
    if (second[0] is None) != (second[1] is None):
        raise FieldRefused("second_part_ends_on", "A second part needs both its first and its last day.")
    if second[0] is not None and second[1] is not None:
        if second[1] < second[0]:
            raise FieldRefused("second_part_ends_on", "The second part's last day comes before its first.")
        if given.ends_on is None or second[0] <= given.ends_on:
            raise FieldRefused("second_part_starts_on", "The second part starts after the first part ends.")
    if not given.sources:
        raise FieldRefused("sources", "Every meeting needs at least one source.")


def _check_institutions_actor(existing: object | None, actor: Actor, what: str) -> None:
    if not may_record_institutions(actor):
        raise ActionError(f"Only a site administrator can record {what}.")
    if actor is SHIPPED_DATA and existing is not None:
        raise ActionError(f"The shipped data only adds {what}; it never corrects an editor's.")


def _full_clean(record: Meeting | Mandate) -> None:
    try:
        record.full_clean(exclude=["sources"])
    except ValidationError as error:
        raise ActionError("; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())) from None


def do_save_meeting(existing: Meeting | None, given: MeetingInput, *, actor: Actor, reason: str) -> Meeting:
    """Record a meeting (`existing` None) or correct one; the history keeps the earlier version."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    check_meeting(given)
    _check_institutions_actor(existing, actor, "meetings")
    meeting = existing or Meeting()
    for name in (
        "treaty", "kind", "label", "number", "starts_on", "starts_on_precision", "ends_on",
        "second_part_starts_on", "second_part_ends_on", "parts", "place", "president", "conflicts", "notes",
    ):  # fmt: skip
        setattr(meeting, name, getattr(given, name))
    _full_clean(meeting)
    attach_actor(meeting, actor, reason)
    with transaction.atomic():
        meeting.save()
        meeting.sources.set(given.sources)
        register_changed(given.treaty)
    return meeting


@dataclass(frozen=True)
class MandateInput:
    """A State's term as Coordinator of a theme, or (`state` None) a documented gap."""

    treaty: Treaty
    theme: str
    state: State | None
    starts_on: datetime.date
    ends_on: datetime.date
    source: Source | None
    starts_on_precision: str = DatePrecision.YEAR
    ends_on_precision: str = DatePrecision.YEAR
    note: str = ""


def check_mandate(given: MandateInput) -> None:
    if given.theme not in Theme.values:
        raise FieldRefused("theme", f"Unknown theme {given.theme!r}: one of {', '.join(Theme.values)}.")
    check_rough_date("starts_on", given.starts_on, given.starts_on_precision)
    check_rough_date("ends_on", given.ends_on, given.ends_on_precision)
    starts = ApproximateDate(given.starts_on, Precision(given.starts_on_precision))
    if ApproximateDate(given.ends_on, Precision(given.ends_on_precision)).day < starts.earliest:
        raise FieldRefused("ends_on", "The mandate ends before it starts.")
    if given.state is not None and given.source is None:
        raise FieldRefused("source", "Every mandate needs its source.")
    if given.state is None and not given.note:
        raise FieldRefused("note", "A documented gap says what was searched for and not found.")


def do_save_mandate(existing: Mandate | None, given: MandateInput, *, actor: Actor, reason: str) -> Mandate:
    """Record a mandate or a documented gap (`existing` None), or correct one; the history keeps the earlier
    version."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    check_mandate(given)
    _check_institutions_actor(existing, actor, "mandates")
    mandate = existing or Mandate()
    for name in (
        "treaty", "theme", "state", "starts_on", "starts_on_precision", "ends_on", "ends_on_precision", "source",
        "note",
    ):  # fmt: skip
        setattr(mandate, name, getattr(given, name))
    _full_clean(mandate)
    attach_actor(mandate, actor, reason)
    with transaction.atomic():
        mandate.save()
        register_changed(given.treaty)
    return mandate


# ---- A State's domestic steps towards being bound by a treaty --------------------------------------------


@dataclass(frozen=True)
class ApprovalStepInput:
    """A domestic approval step as an editor, a form or a data file gives it, before it is checked."""

    treaty: Treaty
    state: State
    kind: str
    date: datetime.date
    source: Source
    date_precision: str = DatePrecision.DAY
    note: str = ""
    published: bool = True


def may_record_approval_steps(actor: Actor, verb: str = "add") -> bool:
    """The register's editors record and correct approval steps (`verb` "add" or "change"); its administrators
    also remove them ("delete"): the roles' permissions on the model say who (registry/roles.py)."""
    return isinstance(actor, User) and actor.has_perm(f"outreach.{verb}_approvalstep")


def check_approval_step(given: ApprovalStepInput) -> None:
    """Refuse a step that cannot be recorded, whoever records it (an import checks its rows with it)."""
    if given.kind not in ApprovalStepKind.values:
        raise FieldRefused(
            "kind", f"Unknown kind of step {given.kind!r}: choose one of {', '.join(ApprovalStepKind.values)}."
        )
    check_rough_date("date", given.date, given.date_precision)
    when = ApproximateDate(given.date, Precision(given.date_precision))
    if when.earliest > datetime.date.today():
        raise FieldRefused("date", f"{when.iso()} is still to come: record a step once it is taken.")
    adopted = given.treaty.adopted_on
    if adopted is not None and when.day < adopted:
        raise FieldRefused(
            "date",
            f"{when.iso()} comes before the {given.treaty.short_name} was adopted ({adopted}): "
            "no step towards being bound by it can.",
        )


def do_save_approval_step(
    existing: ApprovalStep | None,
    given: ApprovalStepInput,
    *,
    actor: Actor,
    reason: str,
    expected_version: int | None = None,
) -> ApprovalStep:
    """Record a new approval step (`existing` None) or correct one; the history keeps the earlier version.
    `expected_version` is the version the editor saw: if the step changed since, the correction is refused
    with what changed (ConflictError)."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_record_approval_steps(actor, "add" if existing is None else "change"):
        raise ActionError("Only the register's editors can record approval steps.")
    check_approval_step(given)
    with transaction.atomic():
        step = ApprovalStep()
        if existing is not None:
            step = ApprovalStep.objects.select_for_update().get(pk=existing.pk)
            check_version(step, expected_version)
            step.version += 1
            if step.treaty_id != given.treaty.pk:  # moved to another treaty: the one it leaves changes too
                register_changed(step.treaty)
        for name in ("treaty", "state", "kind", "date", "date_precision", "note", "source", "published"):
            setattr(step, name, getattr(given, name))
        try:
            step.full_clean()
        except ValidationError as error:
            raise ActionError("; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())) from None
        attach_actor(step, actor, reason)
        step.save()
        register_changed(given.treaty)
    if existing is not None:
        existing.version = step.version
    return step


def do_delete_approval_step(step: ApprovalStep, *, actor: Actor, reason: str) -> None:
    """Remove a step recorded in error; the history keeps it, with who removed it and why."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_record_approval_steps(actor, "delete"):
        raise ActionError("Only the register's administrators can remove approval steps.")
    attach_actor(step, actor, reason)
    with transaction.atomic():
        step.delete()
        register_changed(step.treaty)


def do_delete_meeting(meeting: Meeting, *, actor: Actor, reason: str) -> None:
    """Remove a meeting recorded in error; the history keeps it. A meeting an action plan names stays."""
    _check_removal(actor, reason, "meetings")
    attach_actor(meeting, actor, reason)
    try:
        with transaction.atomic():
            meeting.delete()
            register_changed(meeting.treaty)
    except ProtectedError as error:
        named = ", ".join(sorted(str(record) for record in error.protected_objects))
        raise ActionError(f"{meeting} cannot be removed: {named} name it.") from None


def do_delete_mandate(mandate: Mandate, *, actor: Actor, reason: str) -> None:
    """Remove a mandate or a documented gap recorded in error; the history keeps it."""
    _check_removal(actor, reason, "mandates")
    attach_actor(mandate, actor, reason)
    with transaction.atomic():
        mandate.delete()
        register_changed(mandate.treaty)


def _check_removal(actor: Actor, reason: str, what: str) -> None:
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if actor is SHIPPED_DATA or not may_record_institutions(actor):
        raise ActionError(f"Only a site administrator can remove {what}.")
