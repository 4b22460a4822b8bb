"""What every `do_*` action shares: who acts, how the history learns it, and how a refusal is told."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Actor = AbstractBaseUser | AnonymousUser | None


class ActionError(ValueError):
    """A change that was refused; the message says what is wrong."""


def attach_actor(obj: Any, actor: Actor, reason: str) -> None:
    """Hand the actor and the reason to the model's history record (django-simple-history reads these)."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor
    obj._change_reason = reason
