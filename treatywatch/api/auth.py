"""Who reads the API: anyone without a token, or the user whose token a request carries.

A request without an `Authorization` header is anonymous. One that has the header must carry a valid token
(`Authorization: Bearer <key>`): a malformed header, an unknown key or a revoked one is a 401, never read as
anonymous, so a client whose token stopped working learns it rather than silently losing the private parts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer

from treatywatch.organisations.tokens import user_for_key


class InvalidToken(Exception):
    """The request's `Authorization` header does not name a token in use; the message says what is wrong."""


class BearerToken(HttpBearer):
    """django-ninja's bearer scheme (documented as such in the OpenAPI schema), made optional."""

    # Copied into the schema's `securitySchemes` (django-ninja reads every `openapi_*` attribute).
    openapi_description = (
        "A user's API token (manage.py create_api_token; see docs/api.md). Optional: without it the request is "
        "anonymous; with it, activities give their private part where the user may read it."
    )

    def __call__(self, request: HttpRequest) -> AbstractBaseUser | AnonymousUser:
        given = request.headers.get(self.header)
        if given is None:
            return AnonymousUser()
        scheme, _space, key = given.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme or not key.strip():
            raise InvalidToken("Authorization: expected 'Bearer <token>'.")
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser:
        user = user_for_key(token)
        if user is None:
            raise InvalidToken("Authorization: this token is not valid (unknown, revoked, or its user is inactive).")
        return user


def reader(request: HttpRequest) -> AbstractBaseUser | AnonymousUser:
    """The user an endpoint authenticated with `BearerToken` answers for."""
    found = getattr(request, "auth", None)
    return found if found is not None else AnonymousUser()
