"""Contacts change only through these functions: each checks who acts, validates, runs in a transaction and keeps
who, when and why in the history; erasure removes the contact and that history, and keeps a record without it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import Signal
from django.utils import timezone

from treatywatch.contacts.models import ConsentMethod, Contact, ContactErasure, ContactKind, ErasureGround
from treatywatch.lib.actions import ActionError, Actor, attach_actor
from treatywatch.lib.versions import check_version
from treatywatch.organisations.models import Organisation, Role
from treatywatch.organisations.visibility import Visibility, member_of, reads_everything
from treatywatch.outreach.actions import FieldRefused
from treatywatch.registry.models import State

# What a contact records, as its input names it (and the model's field of the same name).
RECORDED = (
    "name", "kind", "state", "institution", "position", "email", "phone", "languages", "notes",
    "consent_given", "consent_on", "consent_method", "consent_details", "visibility",
)  # fmt: skip


@dataclass(frozen=True)
class ContactInput:
    """A contact as an editor gives it, before it is checked."""

    name: str
    kind: str
    state: State | None = None
    institution: str = ""
    position: str = ""
    email: str = ""
    phone: str = ""
    languages: tuple[str, ...] = ()
    notes: str = ""
    consent_given: bool = False
    consent_on: datetime.date | None = None
    consent_method: str = ""
    consent_details: str = ""
    visibility: str = Visibility.ORGANISATION
    shared_with: tuple[Organisation, ...] = ()


def may_keep_contacts_of(actor: Actor, owner: Organisation) -> bool:
    """An organisation's editors and administrators record and correct its contacts; nobody else does, not even
    a site administrator (who reads them all, and may erase one)."""
    return member_of(actor, Role.EDITOR).filter(organisation_id=owner.pk).exists()


def contact_keepers(actor: Actor) -> QuerySet[Organisation]:
    """The organisations whose contacts `actor` records: those the actor is an editor or administrator of."""
    return Organisation.objects.filter(pk__in=member_of(actor, Role.EDITOR)).order_by("name")


def may_answer_for(actor: Actor, contact: Contact) -> bool:
    """Who answers a person's request (a copy of their data, or erasure): the owning organisation's editors and
    administrators, and site administrators."""
    return reads_everything(actor) or may_keep_contacts_of(actor, contact.owner)


def check_consent(given: ContactInput, today: datetime.date) -> None:
    """Consent given has a day (not in the future) and a way; consent not given has neither."""
    if given.consent_given:
        if given.consent_on is None:
            raise FieldRefused("consent_on", "Give the day the person consented.")
        if given.consent_on > today:
            raise FieldRefused("consent_on", f"The day of consent ({given.consent_on}) is after today ({today}).")
        if given.consent_method not in ConsentMethod.values:
            raise FieldRefused("consent_method", "Say how the person consented.")
        if given.consent_method == ConsentMethod.OTHER and not given.consent_details.strip():
            raise FieldRefused("consent_details", "Say how the person consented, since it was another way.")
        return
    if given.consent_on is not None or given.consent_method or given.consent_details.strip():
        raise FieldRefused(
            "consent_given",
            "A day or a way of consent is recorded only with consent given: tick it, or leave them empty.",
        )


def check_contact(given: ContactInput, owner: Organisation, today: datetime.date) -> None:
    if not given.name.strip():
        raise FieldRefused("name", "Give the person's name.")
    if given.kind not in ContactKind.values:
        raise FieldRefused("kind", f"Unknown kind of contact {given.kind!r}: one of {', '.join(ContactKind.values)}.")
    if given.visibility not in (Visibility.ORGANISATION, Visibility.NAMED):
        raise FieldRefused(
            "visibility", "A contact is read by its organisation, or by it and organisations it names; never public."
        )
    if given.visibility == Visibility.NAMED and not given.shared_with:
        raise FieldRefused("shared_with", "Name at least one organisation to share the contact with.")
    if given.visibility != Visibility.NAMED and given.shared_with:
        raise FieldRefused("shared_with", "Name organisations only when you share the contact with them.")
    if any(organisation.pk == owner.pk for organisation in given.shared_with):
        raise FieldRefused("shared_with", f"{owner} keeps the contact: it is not shared with itself.")
    check_consent(given, today)


def _needs_reason(reason: str) -> None:
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")


def do_save_contact(
    existing: Contact | None,
    given: ContactInput,
    *,
    owner: Organisation,
    actor: Actor,
    reason: str,
    expected_version: int | None = None,
) -> Contact:
    """Record a new contact for `owner` (`existing` None) or correct one; the history keeps every version. A
    contact stays with the organisation that recorded it. `expected_version` is the version the editor saw: a
    correction made on an older one is refused with what changed since (ConflictError)."""
    _needs_reason(reason)
    if existing is not None and existing.owner_id != owner.pk:
        raise FieldRefused("owner", "A contact stays with the organisation that recorded it.")
    if not may_keep_contacts_of(actor, owner):
        raise ActionError(f"Only the editors of {owner} record and correct its contacts.")
    check_contact(given, owner, timezone.localdate())
    with transaction.atomic():
        contact = Contact(owner=owner)
        if existing is not None:
            contact = Contact.objects.select_for_update().get(pk=existing.pk)
            check_version(contact, expected_version)
            contact.version += 1
        for name in RECORDED:
            value = getattr(given, name)
            setattr(contact, name, list(value) if name == "languages" else value)
        contact.name = contact.name.strip()
        try:
            contact.full_clean()
        except ValidationError as error:
            field, messages = next(iter(error.message_dict.items()))
            raise FieldRefused(field, " ".join(messages)) from None
        attach_actor(contact, actor, reason)
        contact.save()
        if set(contact.shared_with.all()) != set(given.shared_with):
            contact.shared_with.set(list(given.shared_with))
    if existing is not None:
        existing.version = contact.version
    return contact


# Sent with `contact` inside the erasure's transaction, before it is deleted: the apps that keep a copy of a
# contact elsewhere (a member's stored brief, `campaigns.member_briefs`) delete it too.
contact_erasing = Signal()


def do_erase_contact(contact: Contact, *, ground: str, actor: Actor) -> ContactErasure:
    """Erase a contact at the person's request (or on another `ground`): the contact, every version of it in the
    history (and of whom it was shared with), and the admin's log entries about it are deleted. What remains is a
    `ContactErasure`: the organisation, who erased it, when and on what ground, and nothing about the person, so
    no reason is asked (a reason would often name them)."""
    if ground not in ErasureGround.values:
        raise FieldRefused("ground", f"Unknown ground {ground!r}: one of {', '.join(ErasureGround.values)}.")
    if not may_answer_for(actor, contact):
        raise ActionError(f"Only the editors of {contact.owner} or a site administrator erase its contacts.")
    erased_by = actor if isinstance(actor, User) else None
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        number = contact.pk
        contact_erasing.send(sender=Contact, contact=contact)
        content_type = ContentType.objects.get_for_model(Contact)
        contact.delete()
        versions = _erase_history(number)  # after the deletion, which writes a last version too
        LogEntry.objects.filter(content_type=content_type, object_id=str(number)).delete()
        erasure = ContactErasure.objects.create(
            organisation=contact.owner,
            contact_number=number,
            erased_by=erased_by,
            erased_at=timezone.now(),
            ground=ground,
            versions_erased=versions,
        )
    return erasure


def _erase_history(number: int) -> int:
    """Delete every version of contact `number` and its sharing rows; the number of versions deleted."""
    versions: Any = Contact.history.filter(id=number)
    sharing = apps.get_model("contacts", "HistoricalContact_shared_with")
    sharing.objects.filter(history__in=versions.values("history_id")).delete()
    sharing.objects.filter(contact_id=number).delete()
    count: int = versions.count()
    versions.delete()
    return count
