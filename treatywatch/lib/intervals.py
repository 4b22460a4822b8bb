"""Answers by interval: a public answer for any date, served from the one for the interval the date falls in.

Between two days on which something in the record can change (a fact's date, a day the rules derive from
one: an entry into force, the day after a deadline...), a page or an API answer is the same except for the
date it names. A view marked `by_interval(change_days)` renders its answer once per such interval with that
date written as placeholders (`day_iso`, `day_words`, `day_slot`); every other request for a date in the
interval is the stored answer with its own date written in. `IntervalAnswers`, the WSGI layer in front of
Django (treatywatch/wsgi.py), stores each such answer with the headers Django sent it with (the middleware's
security policy, language, `Vary`), and serves the later ones without the middleware, the view or the templates.

Only anonymous GET requests without a session are answered this way, and only for views that show nothing
private; each answer is stored under the data's version (see `lib.caching`), the day's date, the URL without
`as_of`, and the request headers an answer can depend on, so an edit is seen at once.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from threading import Lock
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.http.response import HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from treatywatch.lib.caching import cached_response, data_version, generation, replay, shareable, stored_headers
from treatywatch.lib.dates import EARLIEST_AS_OF, ISO_MARK, WORDS_MARK, latest_as_of, pin, unpin, words_in
from treatywatch.lib.errors import NotFound

logger = logging.getLogger(__name__)

View = Callable[..., HttpResponseBase]
# Given the request and the view's URL arguments, the change days of its answer; None when the answer
# changes with every day (a window of days counted from `as_of`).
ChangeDaysOf = Callable[..., "ChangeDays | None"]


@dataclass(frozen=True)
class ChangeDays:
    """The sorted days on which an answer may change, and the last day this holds for (later days are
    answered one by one)."""

    days: tuple[date, ...]
    valid_until: date


# ---- The stored answers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Asked:
    """What an anonymous GET asks, read from the WSGI environ the same way by both layers."""

    key: tuple[object, ...]
    day: date
    as_of_given: bool


def _read_day(raw: str, today: date) -> date | None:
    if len(raw) != 10 or raw[4] != "-" or raw[7] != "-" or not (raw[:4] + raw[5:7] + raw[8:]).isdigit():
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return None
    return day if EARLIEST_AS_OF <= day <= latest_as_of(today) else None


# The request headers an answer may depend on besides its URL (the host and scheme of absolute links, the
# language the API answers in, a language cookie): each visitor's cookies are a key of their own.
_VARIES_WITH = (
    "HTTP_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_COOKIE",
)


def _signed_in(cookie: str) -> bool:
    """Whether the request carries a session: signed-in users may see more, and always go through Django."""
    return bool(cookie) and settings.SESSION_COOKIE_NAME in parse_cookie(cookie)


def _asked(environ: dict[str, Any], today: date) -> _Asked | None:
    if environ.get("REQUEST_METHOD") != "GET" or "HTTP_AUTHORIZATION" in environ:
        return None
    if _signed_in(environ.get("HTTP_COOKIE", "")):
        return None
    query = environ.get("QUERY_STRING", "")
    pairs = query.split("&") if query else []
    days = [p[len("as_of=") :] for p in pairs if p.startswith("as_of=")]
    if len(days) > 1:
        return None
    day = _read_day(days[0], today) if days else today
    if day is None:
        return None
    others = "&".join(p for p in pairs if not p.startswith("as_of="))
    varies = tuple(environ.get(name) for name in _VARIES_WITH)
    where = (environ.get("wsgi.url_scheme"), environ.get("SCRIPT_NAME", ""), environ.get("PATH_INFO", ""))
    key = (*where, others, bool(days), varies)
    return _Asked(key, day, bool(days))


def version(today: date) -> tuple[object, ...]:
    """The data's version and the day: an answer is stored under both (today's answer, the range of `as_of`)."""
    return (generation(), data_version(), today)


class _Answer:
    """A 200 answer with its day written as placeholders, cut at them once when stored, so that each request
    joins the parts with its own day's (rather than searching the whole body once per kind of placeholder),
    and the parts drawn for each day (`day_slot`). The answer for a URL without `as_of` (today's) is kept once
    filled: asked again, it is the same bytes (one interval per URL holds today, so this adds one copy per URL)."""

    def __init__(
        self,
        headers: tuple[tuple[str, str], ...],
        body: bytes,
        language: str | None,
        slots: tuple[tuple[bytes, Callable[[date], str]], ...],
    ) -> None:
        self.headers, self.language, self.slots, self.size = headers, language, slots, len(body)
        marks = [_ISO_BYTES, _WORDS_BYTES, *(mark for mark, _render in slots)]
        pieces = re.split(b"(" + b"|".join(re.escape(mark) for mark in marks) + b")", body)
        self._texts, self._marks = tuple(pieces[0::2]), tuple(pieces[1::2])
        self._words = _WORDS_BYTES in self._marks
        self._today: tuple[date, bytes] | None = None

    def filled(self, day: date, today: bool = False) -> bytes:
        kept = self._today
        if today and kept is not None and kept[0] == day:
            return kept[1]
        values = {_ISO_BYTES: day.isoformat().encode()}
        if self._words:
            values[_WORDS_BYTES] = words_in(self.language, day).encode()
        for mark, render in self.slots:
            with translation.override(self.language):
                values[mark] = render(day).encode()
        parts: list[bytes] = [b""] * (2 * len(self._marks) + 1)
        parts[0::2] = self._texts
        parts[1::2] = [values[mark] for mark in self._marks]
        body = b"".join(parts)
        if today:
            self._today = (day, body)  # one assignment: a thread reading it sees the old pair or the new one
        return body


_ISO_BYTES, _WORDS_BYTES = ISO_MARK.encode(), WORDS_MARK.encode()


class IntervalStore:
    """Per process: for each URL, the change days it was answered with, and the answers per interval, the least
    recently used dropped first once they hold more than `TREATYWATCH_INTERVAL_ANSWERS_MB`."""

    def __init__(self) -> None:
        self._days: OrderedDict[tuple[object, ...], ChangeDays] = OrderedDict()
        self._answers: OrderedDict[tuple[object, ...], _Answer] = OrderedDict()
        self._bytes = 0
        self._lock = Lock()

    def clear(self) -> None:
        with self._lock:
            self._days.clear()
            self._answers.clear()
            self._bytes = 0

    def find(self, key: tuple[object, ...], day: date) -> _Answer | None:
        with self._lock:
            change = self._days.get(key)
            if change is None or day > change.valid_until:
                return None
            slot = (key, bisect_right(change.days, day))
            found = self._answers.get(slot)
            if found is not None:
                self._answers.move_to_end(slot)
            return found

    def add(self, key: tuple[object, ...], change: ChangeDays, day: date, answer: _Answer) -> None:
        limit = settings.TREATYWATCH_INTERVAL_ANSWERS_MB * 1024 * 1024
        with self._lock:
            self._days[key] = change
            self._days.move_to_end(key)
            slot = (key, bisect_right(change.days, day))
            previous = self._answers.pop(slot, None)
            self._bytes += answer.size - (previous.size if previous else 0)
            self._answers[slot] = answer
            while self._bytes > limit and self._answers:
                _slot, dropped = self._answers.popitem(last=False)
                self._bytes -= dropped.size
            while len(self._days) > settings.TREATYWATCH_INTERVAL_URLS:
                self._days.popitem(last=False)


store = IntervalStore()


# ---- The Django side: a view answers once per interval ------------------------------------------------


def by_interval(change_days: ChangeDaysOf) -> Callable[[View], View]:
    """Answer a public GET view once per interval of `change_days(request, **kwargs)`; other requests (signed-in users,
    a session, dates past the intervals) go through the page cache as before. An unknown object (`NotFound`)
    is left to the view to answer."""

    def decorator(view: View) -> View:
        cached = cached_response(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            today = timezone.localdate()
            asked = _asked(request.META, today) if settings.TREATYWATCH_INTERVAL_ANSWERS else None
            given = request.GET.getlist("as_of")
            agrees = asked is not None and (given == [asked.day.isoformat()] if asked.as_of_given else not given)
            if asked is None or not agrees or request.user.is_authenticated:
                return cached(request, *args, **kwargs)
            try:
                change = change_days(request, **kwargs)
            except NotFound:
                return cached(request, *args, **kwargs)
            if change is None or asked.day > change.valid_until:
                return cached(request, *args, **kwargs)
            return _answer_interval(view, request, asked, change, version(today), (args, kwargs))

        return wrapper

    return decorator


def _answer_interval(
    view: View,
    request: HttpRequest,
    asked: _Asked,
    change: ChangeDays,
    token: tuple[object, ...],
    arguments: tuple[Any, Any],
) -> HttpResponseBase:
    args, kwargs = arguments
    # Answers stored by the WSGI layer carry the headers they were sent with; those stored here (Django's handler
    # alone: the test client) carry the view's and are replayed through the middleware: each is kept apart.
    behind_layer = bool(request.META.get(_BEHIND_LAYER))
    key = (token, asked.key, behind_layer)
    stored = store.find(key, asked.day)
    if stored is not None:
        return replay(stored.filled(asked.day), stored.headers)
    pinned = pin(request, asked.day)
    if asked.as_of_given:
        # Whatever the answer repeats of its URL (a field, a link to the page in another language) says the
        # placeholder too.
        query = request.GET.copy()
        query["as_of"] = ISO_MARK
        request.GET = query  # type: ignore[assignment]  # a copy, changed before the view reads it
        given = f"as_of={asked.day.isoformat()}"
        request.META["QUERY_STRING"] = "&".join(
            f"as_of={ISO_MARK}" if pair == given else pair for pair in request.META["QUERY_STRING"].split("&")
        )
    try:
        response = view(request, *args, **kwargs)
    finally:
        unpin(request)
    if not isinstance(response, HttpResponse):
        return response
    slots = tuple((mark.encode(), render) for mark, render in pinned.slots.items())
    answer = _Answer((), response.content, translation.get_language(), slots)
    response.content = answer.filled(asked.day)
    if not shareable(response):
        return response
    if behind_layer:
        # Stored by the WSGI layer once the middleware has written its headers (the security policy, the
        # language...), which every later answer must carry as this one does (`IntervalAnswers`).
        patch_vary_headers(response, ("Cookie",))
        request.META[_PENDING] = _Pending(key, change, asked.day, answer)
    else:
        answer.headers = stored_headers(response)
        store.add(key, change, asked.day, answer)
    return response


@dataclass(frozen=True)
class _Pending:
    """An answer the view worked out for an interval, to store with the headers it leaves the site with."""

    key: tuple[object, ...]
    change: ChangeDays
    day: date
    answer: _Answer


_PENDING = "treatywatch.interval_answer"
_BEHIND_LAYER = "treatywatch.interval_layer"


# ---- The WSGI side: a stored answer without Django's middleware ---------------------------------------


class IntervalAnswers:
    """Serves a stored answer for a date in its interval; everything else goes to the Django application."""

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        today = timezone.localdate()
        asked = _asked(environ, today) if settings.TREATYWATCH_INTERVAL_ANSWERS else None
        if asked is None:
            return self.app(environ, start_response)
        # What Django's handler does for the database around a request (its request signals' receivers, less those
        # that only concern Django's own path: the URL resolver, the query log kept in DEBUG, closing the caches,
        # which keep their connections open): connections past their age or broken are closed.
        close_old_connections()
        try:
            found = store.find((version(today), asked.key, True), asked.day)
            body = found.filled(asked.day, not asked.as_of_given) if found is not None else None
        except Exception:  # a fault here is answered, and reported, by Django itself
            logger.exception("answering %s from its interval failed", environ.get("PATH_INFO"))
            found = body = None
        finally:
            close_old_connections()
        if found is None or body is None:
            return self._answer_and_store(environ, start_response)
        headers = [*found.headers, ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [body]

    def _answer_and_store(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Django answers; an answer its view worked out for an interval is stored with the headers it is sent
        with, unless the site set a cookie on it (an answer for one visitor only)."""
        sent: list[tuple[str, list[tuple[str, str]]]] = []

        def keep_headers(status: str, headers: list[tuple[str, str]], *exc_info: Any) -> Any:
            sent.append((status, headers))
            return start_response(status, headers, *exc_info)

        environ[_BEHIND_LAYER] = True
        result = self.app(environ, keep_headers)
        pending: _Pending | None = environ.pop(_PENDING, None)
        if pending is not None and sent and sent[-1][0].startswith("200 "):
            headers = [(name, value) for name, value in sent[-1][1] if name.lower() != "content-length"]
            if not any(name.lower() == "set-cookie" for name, _value in headers):
                pending.answer.headers = tuple(headers)  # not stored yet: no other request sees it
                store.add(pending.key, pending.change, pending.day, pending.answer)
        return result
