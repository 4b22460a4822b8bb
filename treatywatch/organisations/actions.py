"""Organisations and memberships change only through these functions: each validates who acts, runs in a
transaction and keeps who, when and why in the history."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from treatywatch.lib.actions import SHIPPED_DATA, ActionError, Actor, attach_actor
from treatywatch.organisations.models import Membership, Organisation, Role
from treatywatch.organisations.visibility import organisations_of, reads_everything


def _needs_reason(reason: str) -> None:
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")


def may_manage(actor: Actor, organisation: Organisation) -> bool:
    """Site administrators manage every organisation; an organisation's administrators manage its members."""
    return organisations_of(actor, Role.ADMINISTRATOR).filter(pk=organisation.pk).exists()


def do_save_organisation(organisation: Organisation, *, actor: Actor, reason: str) -> Organisation:
    """Add an organisation (site administrators only, and `SHIPPED_DATA`: the organisations a treaty's shipped
    data names) or correct one (also its own administrators)."""
    _needs_reason(reason)
    if organisation.pk is None and not (reads_everything(actor) or actor is SHIPPED_DATA):
        raise ActionError("Only a site administrator can add an organisation.")
    if organisation.pk is not None and not may_manage(actor, organisation):
        raise ActionError(f"Only an administrator of {organisation} can change it.")
    try:
        organisation.full_clean()
    except ValidationError as error:
        raise ActionError("; ".join(f"{field}: {' '.join(m)}" for field, m in error.message_dict.items())) from None
    attach_actor(organisation, actor, reason)
    with transaction.atomic():
        organisation.save()
    return organisation


def _administrators(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Role.ADMINISTRATOR).count()


def do_set_membership(organisation: Organisation, user: User, role: str, *, actor: Actor, reason: str) -> Membership:
    """Make `user` a member of `organisation` with `role`, or change the role of a member."""
    _needs_reason(reason)
    if role not in Role.values:
        raise ActionError(f"Unknown role {role!r}: choose one of {', '.join(Role.values)}.")
    if not may_manage(actor, organisation):
        raise ActionError(f"Only an administrator of {organisation} can add members or change their roles.")
    with transaction.atomic():
        membership = Membership.objects.select_for_update().filter(organisation=organisation, user=user).first()
        if membership is None:
            membership = Membership(organisation=organisation, user=user)
        elif membership.role == Role.ADMINISTRATOR and role != Role.ADMINISTRATOR:
            _keeps_an_administrator(organisation, actor)
        membership.role = role
        attach_actor(membership, actor, reason)
        membership.save()
    return membership


def do_end_membership(membership: Membership, *, actor: Actor, reason: str) -> None:
    """Remove a member from an organisation; the history keeps that they were one."""
    _needs_reason(reason)
    organisation = membership.organisation
    if not may_manage(actor, organisation):
        raise ActionError(f"Only an administrator of {organisation} can remove members.")
    with transaction.atomic():
        if membership.role == Role.ADMINISTRATOR:
            _keeps_an_administrator(organisation, actor)
        attach_actor(membership, actor, reason)
        membership.delete()


def _keeps_an_administrator(organisation: Organisation, actor: Actor) -> None:
    """An organisation's own administrators cannot leave it without one; a site administrator can."""
    if _administrators(organisation) <= 1 and not reads_everything(actor):
        raise ActionError(f"{organisation} would have no administrator left: name another one first.")
