"""Whole-response caching for the register's read-only pages, keyed on the treaty's record version.

A treaty page (`/treaties/ccm/`) or its States API (`/api/v1/treaties/ccm/states`) depends only on
the treaty's record (every change to it bumps `Treaty.record_version`), the day (`as_of`, today by
default), the language and the query string. The finished bytes are cached under exactly those, so
a repeat request costs one small query and a cache read, and an edit is seen at once (a new version
means a new key; old entries expire or are culled).

Use it only on views whose output holds nothing about the user. The one per-request thing a public
page holds, the CSRF token of a form, is put back fresh on every cache hit.

    @require_GET
    @cache_per_record_version(query_keys=("as_of", "status", "region", "sort"))
    def treaty_detail(request, slug): ...

Entries go to the cache alias `pages` when settings define one (a small LocMemCache keeps a crawler
walking every `as_of` from filling memory), else to `default`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from treatywatch.registry.models import Treaty

View = Callable[..., HttpResponseBase]

PAGE_CACHE_ALIAS = "pages"
DEFAULT_TIMEOUT = 3600

# Django's {% csrf_token %} renders exactly this input; the token is swapped for a slot when stored.
_CSRF_INPUT = re.compile(rb'(<input type="hidden" name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_SLOT = b"\x00treatywatch-csrf-token\x00"


@dataclass(frozen=True)
class CachedResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    content: bytes


def page_cache() -> BaseCache:
    return caches[PAGE_CACHE_ALIAS if PAGE_CACHE_ALIAS in settings.CACHES else "default"]


def response_key(request: HttpRequest, treaty_pk: int, record_version: int) -> str:
    """The cache key: treaty, record version, today, language and the full path with its query."""
    parts = (treaty_pk, record_version, timezone.localdate().isoformat(), get_language(), request.get_full_path())
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"tw:response:{treaty_pk}:{record_version}:{digest}"


def freeze(response: HttpResponseBase) -> CachedResponse | None:
    """What to store of a response, or None when it must not be shared between requests."""
    if response.status_code != 200 or response.streaming or response.cookies or not isinstance(response, HttpResponse):
        return None
    content = _CSRF_INPUT.sub(rb"\g<1>" + _CSRF_SLOT + rb"\g<2>", response.content)
    return CachedResponse(response.status_code, tuple(response.items()), content)


def replay(request: HttpRequest, cached: CachedResponse) -> HttpResponse:
    content = cached.content
    if _CSRF_SLOT in content:
        content = content.replace(_CSRF_SLOT, get_token(request).encode())
    response = HttpResponse(content, status=cached.status)
    for name, value in cached.headers:
        if name.lower() != "content-length":
            response[name] = value
    return response


def cache_per_record_version(
    query_keys: Iterable[str] = (), timeout: int = DEFAULT_TIMEOUT, slug_kwarg: str = "slug"
) -> Callable[[View], View]:
    """Cache a treaty view's 200 responses until the treaty's record changes.

    Only GET requests whose query uses no parameter outside `query_keys` are cached; anything else,
    an unknown treaty and every non-200 answer go straight to the view. Works on Django views and,
    through `ninja.decorators.decorate_view`, on django-ninja operations.
    """
    allowed = frozenset(query_keys)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            slug = kwargs.get(slug_kwarg)
            if request.method != "GET" or not isinstance(slug, str) or not set(request.GET).issubset(allowed):
                return view(request, *args, **kwargs)
            found = Treaty.objects.filter(slug=slug).values_list("pk", "record_version").first()
            if found is None:
                return view(request, *args, **kwargs)
            store = page_cache()
            key = response_key(request, *found)
            cached = store.get(key)
            if isinstance(cached, CachedResponse):
                return replay(request, cached)
            response = view(request, *args, **kwargs)
            frozen = freeze(response)
            if frozen is not None:
                store.set(key, frozen, timeout)
            return response

        return wrapper

    return decorator
