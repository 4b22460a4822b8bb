"""Answers by interval (treatywatch/lib/intervals.py): any date in an interval is answered exactly as if it
had been computed for that date, straight from the WSGI layer, and an edit is seen at once."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from datetime import date, timedelta
from io import BytesIO
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.test import Client, override_settings

from treatywatch.lib import intervals
from treatywatch.lib.intervals import IntervalAnswers, store
from treatywatch.obligations.engine import change_days as deadline_change_days
from treatywatch.obligations.engine import state_change_days
from treatywatch.positions.intervals import position_days
from treatywatch.registry.actions import do_delete_fact
from treatywatch.registry.models import DepositaryFact, State, Treaty
from treatywatch.registry.standings import change_days

from .conftest import request_signals_kept_from_closing

Answer = tuple[str, dict[str, str], bytes]


@pytest.fixture
def wsgi(db: None, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Answer]:
    """GET through the site's WSGI application, in the test's database transaction."""
    monkeypatch.setattr(intervals, "close_old_connections", lambda: None)  # the stored answers' layer's own

    def get(path: str, query: str = "", app: Any = None, **headers: str) -> Answer:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": BytesIO(),
            "wsgi.errors": BytesIO(),
            **headers,
        }
        started: dict[str, Any] = {}

        def start_response(status: str, response_headers: list[tuple[str, str]], *_: Any) -> None:
            started["status"], started["headers"] = status, dict(response_headers)

        # For each request, as the test client (used here too) undoes it after each of its own: the request must
        # not close the connection that holds the test's transaction.
        with request_signals_kept_from_closing():
            body = b"".join((app or IntervalAnswers(WSGIHandler()))(environ, start_response))
        return started["status"], started["headers"], body

    return get


def _without_length(headers: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in headers.items() if name != "Content-Length"}


def _never_called(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    raise AssertionError(f"{environ['PATH_INFO']}?{environ['QUERY_STRING']} went through Django")


# Only the interval layer may answer: a request that reaches Django fails the test.
FROM_STORE = IntervalAnswers(_never_called)


def _computed(path: str, day: date) -> bytes:
    """The answer worked out for `day` alone, with answers by interval turned off."""
    with override_settings(TREATYWATCH_INTERVAL_ANSWERS=False):
        response = Client().get(path, {"as_of": day.isoformat()})
    assert response.status_code == 200
    return response.content


def _interval_pairs(days: tuple[date, ...], count: int, seed: int) -> list[tuple[date, date]]:
    """Two different days of the same interval, for `count` intervals from 1997 to 2026."""
    starts = [(a, b) for a, b in itertools.pairwise(days) if date(1997, 1, 1) <= a and b <= date(2027, 1, 1)]
    chosen = random.Random(seed).sample([(a, b) for a, b in starts if (b - a).days >= 2], count)
    return [(a, b - timedelta(days=1)) for a, b in chosen]


URLS = [
    ("/treaties/ccm/", "ccm", "status"),
    ("/fr/treaties/ccm/", "ccm", "status"),
    ("/treaties/ccm/compliance/", "ccm", "deadlines"),
    ("/es/treaties/ccm/compliance/", "ccm", "deadlines"),
    ("/states/LTU/", "LTU", "state"),
    ("/fr/states/LAO/", "LAO", "state"),
    ("/api/v1/treaties/ccm/states", "ccm", "status"),
    ("/api/v1/treaties/apmbc", "apmbc", "status"),
    ("/api/v1/treaties/ccm/compliance", "ccm", "deadlines"),
    ("/api/v1/states/LTU", "LTU", "state"),
    ("/api/v1/states/GBR/obligations", "GBR", "state"),
]


def _days_of(slug: str, scope: str) -> tuple[date, ...]:
    if scope == "state":
        # A State's page also changes on the days its findings start to show (finer intervals for the API's).
        state = State.objects.get(iso3=slug)
        return tuple(sorted(set(state_change_days(state).days) | position_days(state)))
    treaty = Treaty.objects.get(slug=slug)
    return (change_days if scope == "status" else deadline_change_days)(treaty).days


@pytest.mark.parametrize(("path", "slug", "scope"), URLS)
def test_any_day_of_an_interval_is_answered_as_if_computed_for_it(
    wsgi: Callable[..., Answer], path: str, slug: str, scope: str
) -> None:
    for first, other in _interval_pairs(_days_of(slug, scope), 6, seed=len(path)):
        for asked, then in ((first, other), (other, first)):
            store.clear()
            status, first_headers, body = wsgi(path, f"as_of={asked.isoformat()}")
            assert status.startswith("200")
            assert body == _computed(path, asked)
            status, headers, body = wsgi(path, f"as_of={then.isoformat()}", app=FROM_STORE)
            assert status.startswith("200")
            assert body == _computed(path, then), f"{path} on {then}, stored from {asked}"
            assert headers["Content-Length"] == str(len(body))
            # Sent with the headers the site's middleware gave the first (its security policy, its language).
            assert _without_length(headers) == _without_length(first_headers)
            assert "Content-Security-Policy" in headers and headers["X-Content-Type-Options"] == "nosniff"


def test_a_filtered_list_and_today_are_answered_from_their_own_intervals(wsgi: Callable[..., Answer]) -> None:
    wsgi("/treaties/ccm/", "status=signatory&as_of=2015-03-03")
    _status, _headers, body = wsgi("/treaties/ccm/", "status=signatory&as_of=2015-03-04", app=FROM_STORE)
    with override_settings(TREATYWATCH_INTERVAL_ANSWERS=False):
        assert body == Client().get("/treaties/ccm/", {"status": "signatory", "as_of": "2015-03-04"}).content
    wsgi("/api/v1/treaties/ccm/states")
    _status, _headers, body = wsgi("/api/v1/treaties/ccm/states", app=FROM_STORE)
    with override_settings(TREATYWATCH_INTERVAL_ANSWERS=False):
        assert body == Client().get("/api/v1/treaties/ccm/states").content


@pytest.mark.parametrize(
    ("query", "headers"),
    [
        ("as_of=2015-03-04", {"HTTP_COOKIE": "django_language=fr; sessionid=x"}),  # a signed-in visitor may see more
        ("as_of=2015-03-04", {"HTTP_COOKIE": "django_language=fr"}),  # another key
        ("as_of=2015-03-04", {"HTTP_AUTHORIZATION": "Bearer x"}),
        ("as_of=2015-03-04", {"REQUEST_METHOD": "HEAD"}),
        ("as_of=2015-03-04", {"HTTP_HOST": "elsewhere.example"}),  # answers hold absolute links
        ("as_of=2015-03-04&as_of=2016-01-01", {}),
        ("as_of=1899-12-31", {}),  # outside the dates the register answers for: Django's 400
        ("as_of=2015-3-4", {}),
        ("within=90&as_of=2015-03-04", {}),  # another URL
    ],
)
def test_other_requests_go_through_django(wsgi: Callable[..., Answer], query: str, headers: dict[str, str]) -> None:
    wsgi("/api/v1/treaties/ccm/states", "as_of=2015-03-03")
    with pytest.raises(AssertionError, match="went through Django"):
        wsgi("/api/v1/treaties/ccm/states", query, app=FROM_STORE, **headers)


def test_a_window_of_days_is_never_stored_for_an_interval(wsgi: Callable[..., Answer]) -> None:
    wsgi("/api/v1/treaties/ccm/compliance", "within=365&as_of=2019-07-01")
    with pytest.raises(AssertionError, match="went through Django"):
        wsgi("/api/v1/treaties/ccm/compliance", "within=365&as_of=2019-07-02", app=FROM_STORE)


def test_an_edit_is_seen_at_once(wsgi: Callable[..., Answer], ccm: Treaty) -> None:
    fact = DepositaryFact.objects.filter(treaty=ccm, state__iso3="NZL", kind="deposit").get()
    wsgi("/api/v1/treaties/ccm/states", "as_of=2024-01-01")
    assert b'"iso3": "NZL"' in wsgi("/api/v1/treaties/ccm/states", "status=party&as_of=2024-01-02")[2]
    do_delete_fact(fact, reason="removed, for the test")
    _status, _headers, body = wsgi("/api/v1/treaties/ccm/states", "status=party&as_of=2024-01-02")
    assert b'"iso3": "NZL"' not in body


def test_a_visitor_with_a_language_cookie_gets_answers_of_their_own(wsgi: Callable[..., Answer]) -> None:
    cookie = {"HTTP_COOKIE": "django_language=fr"}
    wsgi("/api/v1/treaties/ccm/states", "as_of=2015-03-03", **cookie)
    _status, _headers, body = wsgi("/api/v1/treaties/ccm/states", "as_of=2015-03-04", app=FROM_STORE, **cookie)
    with override_settings(TREATYWATCH_INTERVAL_ANSWERS=False):
        client = Client()
        client.cookies["django_language"] = "fr"
        assert body == client.get("/api/v1/treaties/ccm/states", {"as_of": "2015-03-04"}).content
