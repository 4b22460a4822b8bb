"""Organisations and memberships change only through these functions: each validates who acts, runs in a
transaction and keeps who, when and why in the history."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from treatywatch.lib.actions import SHIPPED_DATA, ActionError, Actor, attach_actor
from treatywatch.lib.caching import invalidate_on_commit
from treatywatch.organisations.models import ApiToken, Membership, Organisation, Role, TokenPurpose
from treatywatch.organisations.tokens import key_hash, new_key
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
    _check_joining(organisation, actor)
    attach_actor(organisation, actor, reason)
    with transaction.atomic():
        organisation.save()
        invalidate_on_commit()  # public answers name organisations (an activity's organisers)
    return organisation


def _check_joining(organisation: Organisation, actor: Actor) -> None:
    """Joining a coalition is the coalition's decision: its administrators (or a site administrator) make an
    organisation a member. Leaving is the member's own (its administrators may)."""
    before = Organisation.objects.filter(pk=organisation.pk).values_list("coalition_id", flat=True).first()
    joins = organisation.coalition_id is not None and organisation.coalition_id != before
    if joins and actor is not SHIPPED_DATA and not may_manage(actor, organisation.coalition):  # type: ignore[arg-type]
        raise ActionError(f"Only an administrator of {organisation.coalition} can make an organisation its member.")


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


def may_manage_tokens(actor: Actor, user: User) -> bool:
    """A user manages their own API tokens; site administrators manage everyone's."""
    return reads_everything(actor) or (actor is not None and actor.is_authenticated and actor.pk == user.pk)


def do_create_api_token(
    user: User, name: str, *, actor: Actor, reason: str, purpose: str = TokenPurpose.API
) -> tuple[ApiToken, str]:
    """A new token for `user`, accepted where `purpose` says, and its key: the only time the key is seen, since only
    its hash is kept."""
    _needs_reason(reason)
    if not name.strip():
        raise ActionError("Name the token (what it is for), so it can be told from the others.")
    if not user.is_active:
        raise ActionError(f"{user} is not an active user: an inactive account gets no token.")
    if not may_manage_tokens(actor, user):
        raise ActionError("Only the user or a site administrator can create a token for a user.")
    if purpose not in TokenPurpose.values:
        raise ActionError(f"Unknown purpose {purpose!r}: choose one of {', '.join(TokenPurpose.values)}.")
    key = new_key()
    token = ApiToken(user=user, name=name.strip(), purpose=purpose, key_hash=key_hash(key), created_at=timezone.now())
    attach_actor(token, actor, reason)
    with transaction.atomic():
        token.save()
    return token, key


def do_revoke_api_token(token: ApiToken, *, actor: Actor, reason: str) -> ApiToken:
    """Revoke a token: from now on a request carrying it is refused. The token stays listed, as revoked."""
    _needs_reason(reason)
    if not may_manage_tokens(actor, token.user):
        raise ActionError("Only the token's user or a site administrator can revoke it.")
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise ActionError(f"The token {token.name!r} was already revoked on {token.revoked_at:%Y-%m-%d %H:%M} UTC.")
        token.revoked_at = timezone.now()
        attach_actor(token, actor, reason)
        token.save(update_fields=["revoked_at"])
    return token
