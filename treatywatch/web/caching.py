"""Whole-response caching for the public pages and the API, keyed on the register's version.

Every page depends only on the register (each change to a fact, a source, a State or a treaty
bumps a treaty's `record_version`), the day (`as_of`, today by default), the language and the
URL. The finished bytes are cached under exactly those, so a repeat request costs one small
query and a cache read, and an edit is seen at once: a new version means a new key.

Pages hold nothing about the visitor (no form with a CSRF token, no user name), which is what
makes them safe to share. Entries go to the small `pages` cache so a crawler walking every
`as_of` cannot fill memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import get_language

from treatywatch.registry.models import Treaty

View = Callable[..., HttpResponseBase]
TIMEOUT = 3600


@dataclass(frozen=True)
class CachedResponse:
    headers: tuple[tuple[str, str], ...]
    content: bytes


def register_version() -> tuple[tuple[int, int], ...]:
    return tuple(Treaty.objects.order_by("pk").values_list("pk", "record_version"))


def response_key(request: HttpRequest) -> str:
    parts = (register_version(), timezone.localdate().isoformat(), get_language(), request.build_absolute_uri())
    return "tw:response:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_response(view: View) -> View:
    """Serve a GET view's 200 answers from the cache until the register changes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        store = caches["pages"]
        key = response_key(request)
        cached = store.get(key)
        if isinstance(cached, CachedResponse):
            replayed = HttpResponse(cached.content)
            for name, value in cached.headers:
                replayed[name] = value
            return replayed
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and isinstance(response, HttpResponse) and not response.cookies:
            headers = tuple((k, v) for k, v in response.items() if k.lower() != "content-length")
            store.set(key, CachedResponse(headers, response.content), TIMEOUT)
        return response

    return wrapper
