"""Caches: whole public responses keyed on the data's version, and an in-process memo of computed views.

Every page depends only on the data (each change to a fact, a source, a State or a treaty
bumps a treaty's `record_version`; each app that holds public data names its version with
`add_version_source` in its `AppConfig.ready()`), the day (`as_of`, today by default), the language and the
URL. The finished bytes are cached under exactly those, so a repeat request costs one small
query and a cache read, and an edit is seen at once: a new version means a new key.

Pages hold nothing about the visitor (no form with a CSRF token, no user name), which is what
makes them safe to share. Entries go to the small `pages` cache so a crawler walking every
`as_of` cannot fill memory.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from threading import Lock
from typing import Any, TypeGuard

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

View = Callable[..., HttpResponseBase]
TIMEOUT = 3600


@dataclass(frozen=True)
class CachedResponse:
    headers: tuple[tuple[str, str], ...]
    content: bytes


VersionSource = Callable[[], object]
_version_sources: dict[str, VersionSource] = {}


def add_version_source(name: str, source: VersionSource) -> None:
    """`source()` returns a value that changes whenever the public data it names changes."""
    _version_sources[name] = source


def data_version() -> tuple[tuple[str, object], ...]:
    return tuple((name, source()) for name, source in sorted(_version_sources.items()))


GENERATION_KEY = "tw:generation"


def generation() -> int:
    """A counter in the `pages` cache (shared by every process when it is Redis), raised by each change."""
    value = caches["pages"].get(GENERATION_KEY)
    return value if isinstance(value, int) else 0


def _raise_generation() -> None:
    store = caches["pages"]
    store.add(GENERATION_KEY, 0, None)
    try:
        store.incr(GENERATION_KEY)
    except ValueError:  # evicted between add and incr: any new value retires the old keys
        store.set(GENERATION_KEY, generation() + 1, None)


def invalidate_on_commit() -> None:
    """Retire every cached answer once the caller's transaction commits (at once outside one).

    Each action that changes public data calls it, so bulk writes that skip model signals are
    covered too, and a process that reads between the write and the commit caches nothing stale
    under the new generation."""
    transaction.on_commit(_raise_generation)


def response_key(request: HttpRequest) -> str:
    parts = (
        generation(),
        data_version(),
        timezone.localdate().isoformat(),
        get_language(),
        request.build_absolute_uri(),
    )
    return "tw:response:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def shareable(response: HttpResponseBase) -> TypeGuard[HttpResponse]:
    """A 200 answer, whole in memory, that sets no cookie: it can be stored and served to anyone."""
    return response.status_code == 200 and isinstance(response, HttpResponse) and not response.cookies


def stored_headers(response: HttpResponseBase) -> tuple[tuple[str, str], ...]:
    """A response's headers to store with its body: its length is written again when it is replayed. A stored
    answer is an anonymous visitor's (its header says "Sign in"): it varies with the cookies, so that no cache in
    front of the site (a proxy, a CDN) gives it to someone signed in, even where it is replayed without the
    session middleware (the answers stored per interval)."""
    patch_vary_headers(response, ("Cookie",))
    return tuple((k, v) for k, v in response.items() if k.lower() != "content-length")


def replay(content: bytes, headers: tuple[tuple[str, str], ...]) -> HttpResponse:
    replayed = HttpResponse(content)
    for name, value in headers:
        replayed[name] = value
    return replayed


def carries_credentials(request: HttpRequest) -> bool:
    """A request with an `Authorization` header (an API token) is answered for whoever it names."""
    return "HTTP_AUTHORIZATION" in request.META


def cached_response(view: View) -> View:
    """Serve a GET view's 200 answers from the cache until the register changes. Answers to a signed-in user or
    to a request with credentials are neither stored nor served from it; those with credentials also tell every
    other cache (a proxy, the browser's disk) to keep no copy."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if carries_credentials(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        store = caches["pages"]
        key = response_key(request)
        cached = store.get(key)
        if isinstance(cached, CachedResponse):
            return replay(cached.content, cached.headers)
        response = view(request, *args, **kwargs)
        if shareable(response):
            store.set(key, CachedResponse(stored_headers(response), response.content), TIMEOUT)
        return response

    return wrapper


class Memo:
    """A small in-process LRU: unlike Django's cache it hands back objects without pickling them.

    Keys must name the version of what they were computed from, so an edit is seen at once."""

    def __init__(self, size: int | None = None) -> None:
        self._entries: OrderedDict[tuple[object, ...], Any] = OrderedDict()
        self._lock = Lock()
        self._size = size  # TREATYWATCH_CACHE_ENTRIES when None

    def get_or_compute(self, key: tuple[object, ...], compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > (self._size or settings.TREATYWATCH_CACHE_ENTRIES):
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


memo = Memo()
