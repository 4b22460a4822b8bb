"""Take docs/screenshot.png: the CCM page as of 3 February 2026, 1280 wide down to its map, in Debian's Chromium
(or another page with --page, --height and --output: the README's picture of the universalization board).

Run it from the project root when the page's look changes (the test suite never runs it):

    .venv/bin/python -m tests.browser.make_screenshot
    .venv/bin/python -m tests.browser.make_screenshot --page '/treaties/ccm/universalization/?as_of=2026-02-03' \
        --height 1100 --output docs/board.png

It creates a throwaway test database (in memory with the default settings; `test_<name>` with
DATABASE_URL), loads the shipped register, serves it with Django's live server and photographs
the page. The development database is not touched and nothing is fetched from the internet.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from playwright.sync_api import ViewportSize

ROOT = Path(__file__).resolve().parents[2]
PAGE = "/treaties/ccm/?as_of=2026-02-03"
# Tall enough to show the key dates, the counts and the world map.
VIEWPORT: ViewportSize = {"width": 1280, "height": 1380}


def take_screenshot(output: Path, path: str = PAGE, viewport: ViewportSize = VIEWPORT) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()

    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )
    from playwright.sync_api import sync_playwright
    from pytest_django.live_server_helper import LiveServer

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_register", verbosity=0)
        server = LiveServer("localhost")
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport=viewport, locale="en-GB")
                page.goto(server.url + path)
                output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=output)
                browser.close()
        finally:
            server.stop()
    finally:
        connections.close_all()
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Take a README screenshot (by default, the CCM page).")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png", help="where to write the PNG")
    parser.add_argument("--page", default=PAGE, help="the page's path and query")
    parser.add_argument("--height", type=int, default=VIEWPORT["height"], help="the picture's height in pixels")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    take_screenshot(args.output, args.page, {"width": VIEWPORT["width"], "height": args.height})
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
