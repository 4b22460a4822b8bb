"""Browser tests: Debian's Chromium, driven by Playwright, against a live Django server.

One live server and one Chromium serve every test in this package; each test gets a fresh
browser context (no cookies or storage shared between tests). The tests only read, but for
test_activity_logging.py, which undoes what it writes (it says how). Every test
here is marked `django_db` (see `pytest_collection_modifyitems`), so pytest-django sets up the
test database and wraps each test in a transaction that is rolled back; the server reads the
register that tests/conftest.py loads, committed, once per run (`site` loads it again if an
earlier transactional test flushed it), and the package fails if a test changed it.

Why not pytest-django's `live_server` fixture: it makes every test transactional, so the
database is flushed after each test and the register must be rebuilt for each one (2-3 s a
test on SQLite and on PostgreSQL; restoring it with `serialized_rollback` costs as much). The
server below is the same `LiveServer` that fixture uses, started once for the package.

Anything a page asks for outside the live server is refused and fails the test: nothing may
come from the internet.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connections
from django.test.utils import modify_settings
from playwright.sync_api import Browser, Page, Playwright, Route, ViewportSize, sync_playwright
from pytest_django import DjangoDbBlocker
from pytest_django.live_server_helper import LiveServer

T = TypeVar("T")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "vendor" / "axe.min.js"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
# The live server by its URL, for the one test that has it write (test_activity_logging.py).
LIVE_SERVERS: dict[str, LiveServer] = {}


def register_fingerprint() -> dict[str, Any]:
    """Row counts of every register table, and each treaty's record version."""
    registry = apps.get_app_config("registry")
    counts = {model._meta.label: model._default_manager.count() for model in registry.get_models()}
    versions = dict(registry.get_model("Treaty")._default_manager.values_list("slug", "record_version"))
    return {"counts": counts, "record_versions": versions}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this package `django_db`: pytest-django then creates the test database
    even when only browser tests run (without it the server would read the real database)."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="package")
def site(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[str]:
    """The base URL of a live server that serves the shipped register (CCM and Mine Ban Treaty)."""
    with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        call_command("load_register", verbosity=0)  # a no-op when the register is already there
        before = register_fingerprint()
        server = LiveServer("localhost")
        LIVE_SERVERS[server.url] = server
        try:
            yield server.url
        finally:
            server.stop()
            del LIVE_SERVERS[server.url]
        assert register_fingerprint() == before, "a browser test changed the register; these tests must only read"


@pytest.fixture(scope="package")
def playwright(site: str) -> Iterator[Playwright]:
    """Playwright's sync API, for this package only.

    While it is started it keeps an asyncio loop running in the main thread, and Django refuses
    database calls from a thread with a running loop (here: pytest-django opening and rolling
    back each test's transaction). Django's check is relaxed for as long as Playwright runs.

    It depends on `site` so that Chromium is closed before the server stops: the server's request
    threads close their database connections when Chromium closes its keep-alive connections, and
    PostgreSQL refuses to drop the test database while any of them is still open.
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as p:
            yield p
            # While that loop runs, Django keeps the main thread's connections apart (asgiref's
            # Local treats the thread as async), so the ones opened meanwhile are closed here, or
            # PostgreSQL would refuse to drop the test database at the end of the run.
            connections.close_all()


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _page(browser: Browser, site: str, **options: Any) -> Iterator[Page]:
    context = browser.new_context(base_url=site, locale="en-GB", **options)
    context.set_default_timeout(10_000)
    offsite: list[str] = []

    def refuse_offsite(route: Route) -> None:
        url = route.request.url
        if url == site or url.startswith(f"{site}/"):
            route.continue_()
        else:
            offsite.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", refuse_offsite)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not offsite, f"the page asked for something outside the site: {offsite}"


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    """A desktop-sized page (1280x900) on the live site."""
    yield from _page(browser, site, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser: Browser, site: str) -> Iterator[Page]:
    """A phone-sized page (390x844, a mobile viewport that honours <meta name="viewport">)."""
    yield from _page(browser, site, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3)


def committed(work: Callable[[], T]) -> T:
    """Run `work` in a thread of its own, on a connection of its own, committed."""
    done: list[T] = []

    def run() -> None:
        try:
            done.append(work())
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if not done:
        raise RuntimeError("the set-up or clean-up of the test's records failed; see the thread's error above")
    return done[0]


def written_for_the_test(site: str, write: Callable[[], T], remove: Callable[[T], None]) -> Iterator[T]:
    """What a test writes for the live server to read (`write`), removed after it (`remove`, history included).
    On SQLite in memory the test's transaction holds the write lock: the server answers on the test's connection
    instead, and the transaction's rollback removes it all."""
    connection = connections["default"]
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        shared = LIVE_SERVERS[site].thread.connections_override
        before = shared["default"]
        connection.inc_thread_sharing()
        shared["default"] = connection
        try:
            yield write()
        finally:
            # Left shareable: a request thread Chromium kept alive may still close it after the test.
            shared["default"] = before
        return
    made = committed(write)
    try:
        yield made
    finally:
        committed(lambda: remove(made))
