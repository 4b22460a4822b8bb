"""API tokens: how a key is made and stored, and which user a request's key stands for.

A key is 32 random bytes; only its SHA-256 hash is stored (a key that random needs no slow hash), so a copy of
the database gives no one a working key."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from treatywatch.organisations.models import ApiToken, TokenPurpose

PREFIX = "tw_"
# How often the time of last use is written: often enough to tell a token in use, without a write per request.
LAST_USED_EVERY = timedelta(minutes=1)


def new_key() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def user_for_key(key: str, purpose: str = TokenPurpose.API) -> AbstractBaseUser | None:
    """The active user whose token `key` is, made for `purpose` and not revoked, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=key_hash(key), purpose=purpose, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        # Bookkeeping, not a change anyone makes: no history entry.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
