"""The address a request came from, for sign-in throttling (django-axes)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """Behind a TLS proxy every connection comes from the proxy: trust the `X-Real-IP` header it sets
    (overwriting any a client sent), and only there, as with `X-Forwarded-Proto`."""
    if settings.SECURE_PROXY_SSL_HEADER and (forwarded := request.META.get("HTTP_X_REAL_IP", "").strip()):
        return forwarded
    return request.META.get("REMOTE_ADDR")
