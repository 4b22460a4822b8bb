"""What every `do_*` action shares: who acts, how the history learns it, and how a refusal is told."""

from __future__ import annotations

from typing import Any, Final

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Actor = AbstractBaseUser | AnonymousUser | None


class _ShippedData(AnonymousUser):
    """The data files that ship with Treatywatch, as `load_register` loads them.

    Not a person, and never a request's user (a request that is not signed in carries a plain
    `AnonymousUser`), so it has no right of its own: an action that accepts it says what it may do, and
    only the loaders of the shipped data pass it. The history records no user, and the loader's reason.
    """

    def __str__(self) -> str:
        return "the shipped data"


# Compare with `is`: an AnonymousUser compares equal to any instance of its subclasses.
SHIPPED_DATA: Final = _ShippedData()


class ActionError(ValueError):
    """A change that was refused; the message says what is wrong."""


def attach_actor(obj: Any, actor: Actor, reason: str) -> None:
    """Hand the actor and the reason to the model's history record (django-simple-history reads these)."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        obj._history_user = actor
    obj._change_reason = reason
