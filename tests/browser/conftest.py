"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

Chromium is launched once per session. Every test gets a fresh browser context (no cookies
shared between tests) and a freshly loaded register: `live_server` makes each test
transactional, so the database is flushed after every test, and `load_register` is cheap
enough (a few tenths of a second) to run again for each one. Anything a page asks for
outside the live server is refused and fails the test: nothing may come from the internet.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, Route, sync_playwright
from pytest_django.live_server_helper import LiveServer

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
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    """Playwright's sync API, for the browser tests only.

    It keeps an asyncio loop running in the main thread while it is started, and Django refuses
    database calls when it sees one. So Playwright lives only as long as this package's tests,
    and Django's check is relaxed only for as long (the server itself runs in its own thread).
    """
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as p:
            yield p


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def register(transactional_db: None) -> None:
    """The shipped data (the CCM and the Mine Ban Treaty), committed so the live server sees it."""
    call_command("load_register", verbosity=0)


@pytest.fixture
def site(live_server: LiveServer, register: None) -> str:
    """The base URL of a live server that serves the loaded register."""
    return live_server.url


class OffsiteRequests(list[str]):
    """URLs a page tried to fetch from anywhere but the live server (they are refused)."""


def _open_context(browser: Browser, site: str, offsite: OffsiteRequests, **options: Any) -> BrowserContext:
    context = browser.new_context(base_url=site, locale="en-GB", accept_downloads=True, **options)

    def guard(route: Route) -> None:
        url = route.request.url
        if url == site or url.startswith(f"{site}/"):
            route.continue_()
        else:
            offsite.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    context.set_default_timeout(10_000)
    return context


def _page(browser: Browser, site: str, **options: Any) -> Iterator[Page]:
    offsite = OffsiteRequests()
    context = _open_context(browser, site, offsite, **options)
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not offsite, f"the page tried to load from outside the site: {offsite}"


@pytest.fixture
def page(browser: Browser, site: str) -> Iterator[Page]:
    """A desktop-sized page (1280x900) on the live site."""
    yield from _page(browser, site, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser: Browser, site: str) -> Iterator[Page]:
    """A phone-sized page (390x844, a mobile viewport that honours <meta name="viewport">)."""
    yield from _page(browser, site, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3)
