"""Several application processes on one PostgreSQL database share their caches through Redis: an edit
made through one process is seen at once by another that had the page cached before the edit.

Needs PostgreSQL and Redis on 127.0.0.1 (`make test` starts both)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener, urlopen

import psycopg
import pytest
import redis

from .conftest import ROOT

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "tw_processes_live"  # its own database: other test runs use theirs
REDIS_URL = "redis://127.0.0.1:6379/0"
SERVE = ROOT / "scripts" / "serve.sh"  # the production server, as docs/deployment.md runs it
PASSWORD = "a long password for the two processes"

pytestmark = pytest.mark.services


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def environment() -> Iterator[dict[str, str]]:
    """A new PostgreSQL database with the shipped register and an editor, and a Redis key prefix of its own."""
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        server.execute(f"CREATE DATABASE {DATABASE}")
    prefix = f"tw-test-{uuid.uuid4().hex[:12]}"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        TREATYWATCH_ENV="development",
        DATABASE_URL=f"{POSTGRES_SERVER}/{DATABASE}",
        REDIS_URL=REDIS_URL,
        TREATYWATCH_CACHE_PREFIX=prefix,
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    for command in (
        ["migrate", "--noinput", "-v", "0"],
        ["load_register", "-v", "0"],
        ["createsuperuser", "--noinput", "--username", "chief", "--email", "chief@example.org"],
    ):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300)
    yield env
    store = redis.Redis.from_url(REDIS_URL)
    for key in store.scan_iter(f"{prefix}*"):
        store.delete(key)
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


@pytest.fixture(scope="module")
def two_processes(environment: dict[str, str]) -> Iterator[tuple[str, str]]:
    servers, urls = [], []
    for _ in range(2):
        port = free_port()
        command = [str(SERVE), "--host", "127.0.0.1", "--port", str(port), "--workers", "1"]
        server_env = environment | {"GRANIAN": str(Path(sys.executable).parent / "granian")}
        servers.append(subprocess.Popen(command, cwd=ROOT, env=server_env, stderr=subprocess.DEVNULL))
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            wait_until_up(url)
        yield urls[0], urls[1]
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)


def wait_until_up(url: str) -> None:
    for _attempt in range(120):
        try:
            with urlopen(f"{url}/api/v1/treaties", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer")


def key_dates_citation(url: str) -> str:
    with urlopen(f"{url}/api/v1/treaties/ccm", timeout=30) as response:
        return str(json.load(response)["key_dates_source"]["citation"])


def correct_citation_through_the_admin(url: str, source_id: int, citation: str) -> None:
    """Sign in to the admin of one process and correct a source, as an editor would."""
    cookies = CookieJar()
    browser = build_opener(HTTPCookieProcessor(cookies))

    def csrf_token() -> str:
        return next(str(c.value) for c in cookies if c.name == "csrftoken")

    browser.open(f"{url}/admin/login/", timeout=30).read()
    login = {"username": "chief", "password": PASSWORD, "csrfmiddlewaretoken": csrf_token(), "next": "/admin/"}
    browser.open(Request(f"{url}/admin/login/", data=urlencode(login).encode()), timeout=30).read()
    change = f"{url}/admin/registry/source/{source_id}/change/"
    browser.open(change, timeout=30).read()
    form = {
        "csrfmiddlewaretoken": csrf_token(),
        "citation": citation,
        "url": "",
        "retrieved_on": "",
        "change_reason": "citation corrected",
    }
    with browser.open(Request(change, data=urlencode(form).encode()), timeout=30) as response:
        assert response.url.endswith("/admin/registry/source/"), response.read().decode()[:2000]


def test_an_edit_through_one_process_is_seen_at_once_by_the_other(
    environment: dict[str, str], two_processes: tuple[str, str]
) -> None:
    editing, reading = two_processes
    before = key_dates_citation(reading)
    assert key_dates_citation(reading) == before  # now answered from the cache
    shared = redis.Redis.from_url(REDIS_URL)
    assert any(shared.scan_iter(f"{environment['TREATYWATCH_CACHE_PREFIX']}-pages:*"))
    with psycopg.connect(f"{POSTGRES_SERVER}/{DATABASE}") as database:
        row = database.execute("SELECT id FROM registry_source WHERE citation = %s", [before]).fetchone()
    assert row is not None

    correct_citation_through_the_admin(editing, row[0], f"{before} (corrected)")

    assert key_dates_citation(reading) == f"{before} (corrected)"
    assert key_dates_citation(editing) == f"{before} (corrected)"
