from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import translation

from treatywatch.lib import intervals
from treatywatch.lib.caching import memo
from treatywatch.obligations.templatetags import deadline_cells
from treatywatch.registry.models import Treaty

from .smtp import Inbox, running_smtp_server

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
UNTC_STATUS_DAY = date(2026, 2, 3)  # "STATUS AS AT : 03-02-2026" on both shipped UNTC pages


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the shipped register (CCM and Mine Ban Treaty, real data) once per test run."""
    with django_db_blocker.unblock():
        call_command("load_register", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache_and_language() -> Iterator[None]:
    """Each test starts in English with an empty cache (a request to /fr/ leaves French active)."""
    _clear_caches()
    translation.activate("en")
    yield
    translation.deactivate()
    _clear_caches()


def _clear_caches() -> None:
    for store in caches.all():
        store.clear()
    memo.clear()
    intervals.store.clear()
    deadline_cells.cells.clear()


@pytest.fixture
def ccm(db: None) -> Treaty:
    return Treaty.objects.get(slug="ccm")


@pytest.fixture
def apmbc(db: None) -> Treaty:
    return Treaty.objects.get(slug="apmbc")


@contextmanager
def request_signals_kept_from_closing() -> Iterator[None]:
    """Django's request signals do not close the database connection meanwhile, as its test client arranges for
    each of its own requests (and undoes after it)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def connection_kept_between_requests(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test's database connection stays open across requests sent through the WSGI application itself, as
    Django's test client keeps it: a real request ends by closing a connection that is inside a transaction,
    the test's own (on PostgreSQL the next query then fails)."""
    # The stored answers' own layer closes them without the signals.
    monkeypatch.setattr(intervals, "close_old_connections", lambda: None)
    with request_signals_kept_from_closing():
        yield


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on 127.0.0.1 that keeps what it receives (tests/smtp.py)."""
    with running_smtp_server() as server:
        yield server
