"""The load test: readers on random dates and editors saving through the admin, against scripts/serve.sh on PostgreSQL.

`make test-long` runs `python -m tests.load.run`. Two scenarios, each bounded in users and seconds, on
127.0.0.1 only:

- steady: no answer is a server error, and every write the site acknowledged is stored with its history;
- restart: the same, with PostgreSQL restarted in the middle; errors are allowed only while it is down,
  the site then answers again by itself (no restart of the server), and no acknowledged write is lost.

It works in a database of its own (LOAD_DATABASE_URL, by default treatywatch_load), created anew and dropped
at the end, so it never touches the test suite's.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent.parent
BIN = Path(sys.executable).parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/treatywatch_load"
EDITORS = 4
FACTS = ("VUT", "NOR", "FRA", "KEN", "LTU", "ZMB")
# Seconds after PostgreSQL answers again within which the site must answer again too.
RECOVERY_SECONDS = 5.0


@dataclass
class Outage:
    """When PostgreSQL was restarted (wall-clock seconds), as the restart thread saw it."""

    started: float = 0.0
    ended: float = 0.0
    error: str = ""


@dataclass
class Verdict:
    scenario: str
    problems: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def production_env(database_url: str, static_root: Path) -> dict[str, str]:
    """Production settings, relaxed only for plain http on the loopback interface (as bench/run.sh)."""
    env = {k: v for k, v in os.environ.items() if k not in {"TREATYWATCH_ENV", "DJANGO_DEBUG"}}
    return env | {
        "DATABASE_URL": database_url,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_SETTINGS_MODULE": "treatywatch.settings",
    }


def recreate_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def prepare_site(env: dict[str, str]) -> tuple[list[str], dict[str, dict[str, str]]]:
    """Migrate, load the shipped register, collect static files, create the editors; returns their
    credentials and the forms of the facts they annotate."""
    os.environ.update(env)
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from treatywatch.registry.models import DepositaryFact
    from treatywatch.registry.roles import EDITOR

    call_command("migrate", verbosity=0)
    call_command("load_register", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    credentials = []
    for number in range(EDITORS):
        password = secrets.token_urlsafe(16)
        user = User.objects.create_user(f"load-editor-{number}", password=password, is_staff=True)
        user.groups.add(Group.objects.get(name=EDITOR))
        credentials.append(f"{user.username}:{password}")
    facts = DepositaryFact.objects.filter(treaty__slug="ccm", kind="deposit", state__iso3__in=FACTS)
    forms = {
        str(fact.pk): {
            "treaty": str(fact.treaty_id),
            "state": str(fact.state_id),
            "kind": fact.kind,
            "instrument": fact.instrument,
            "date": fact.date.isoformat(),
            "depositary_notification": fact.depositary_notification,
            "source": str(fact.source_id),
            "published": "on" if fact.published else "",
        }
        for fact in facts
    }
    close_connections()
    return credentials, forms


def close_connections() -> None:
    from django.db import connections

    connections.close_all()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    """scripts/serve.sh, as docs/deployment.md runs it: granian with two workers."""
    command = [str(ROOT / "scripts" / "serve.sh"), "--workers", "2", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--log-level", "warning"]
    env = env | {"GRANIAN": str(BIN / "granian")}
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"the server did not answer on 127.0.0.1:{port}; see {log}")


def restart_postgresql(delay: float, outage: Outage) -> None:
    """Restart the local cluster after `delay` seconds, as an operator would, and wait until it answers."""
    time.sleep(delay)
    clusters = sorted(os.listdir("/etc/postgresql"))
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", clusters[-1], "main", "restart"]
    if os.geteuid() != 0:
        command.insert(0, "sudo")
    outage.started = time.time()
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if result.returncode != 0:
        outage.error = f"{' '.join(command)} failed: {result.stderr.strip()}"
    for _ in range(60):
        if subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0:
            break
        time.sleep(0.5)
    outage.ended = time.time()


def run_locust(scenario: str, base: str, users: int, seconds: int, work: Path, env: dict[str, str]) -> Path:
    requests_log = work / f"{scenario}-requests.jsonl"
    acks = work / f"{scenario}-acks.jsonl"
    locust_env = env | {"LOAD_LOG": str(requests_log), "LOAD_ACKS": str(acks)}
    command = [str(BIN / "locust"), "-f", str(ROOT / "tests" / "load" / "locustfile.py"), "--headless"]
    command += ["--users", str(users), "--spawn-rate", str(users), "--run-time", f"{seconds}s", "--host", base]
    command += ["--only-summary", "--stop-timeout", "5", "--exit-code-on-error", "0", "--loglevel", "WARNING"]
    result = subprocess.run(command, cwd=ROOT, env=locust_env, capture_output=True, text=True, timeout=seconds + 120)
    (work / f"{scenario}-locust.txt").write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        raise SystemExit(f"locust failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return work


def read_lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def judge_requests(verdict: Verdict, requests: list[dict[str, Any]], outage: Outage | None) -> None:
    # A server error or no answer; a read (always well formed) not answered 200; a form that came back with
    # an error other than a conflict (logged as 422 by the locustfile).
    failed = [
        r
        for r in requests
        if r["status"] == 0 or r["status"] >= 500 or r["status"] == 422 or (r.get("read") and r["status"] != 200)
    ]
    outside = failed
    if outage is not None:
        # While PostgreSQL is down a request may fail; from a few seconds after it answers again, none may.
        window_end = outage.ended + RECOVERY_SECONDS
        outside = [r for r in failed if not (outage.started - 1 <= r["t"] <= window_end)]
        after = [r for r in requests if r["t"] > window_end]
        served_after = [r for r in after if r["status"] in (200, 302)]
        verdict.lines.append(
            f"PostgreSQL restarted in {outage.ended - outage.started:.1f} s; {len(failed)} request(s) failed "
            f"while it was down, {len(served_after)} of {len(after)} answered after it"
        )
        if outage.error:
            verdict.problems.append(outage.error)
        if len(served_after) < 20:
            verdict.problems.append(f"the site did not recover: only {len(served_after)} answers after the restart")
    conflicts = sum(1 for r in requests if r["name"] == "fact conflict shown")
    verdict.lines.append(f"{len(requests)} requests, {len(failed)} failed; {conflicts} edit conflict(s) shown")
    for request in outside[:10]:
        verdict.problems.append(f"{request['name']}: {request['status']} {request['error'][:200]}")
    if len(outside) > 10:
        verdict.problems.append(f"... and {len(outside) - 10} more failed requests")
    if not requests:
        verdict.problems.append("no request was made")


def judge_writes(verdict: Verdict, acks: list[dict[str, Any]]) -> None:
    """Every acknowledged write is in the database, with its history row (reason kept)."""
    from treatywatch.registry.models import DepositaryFact, Source

    missing = []
    for ack in acks:
        if ack["kind"] == "source":
            stored = Source.history.filter(citation=ack["citation"], history_change_reason=ack["reason"]).exists()
            stored = stored and Source.objects.filter(citation=ack["citation"]).exists()
        else:
            stored = DepositaryFact.history.filter(
                id=ack["pk"], text=ack["text"], history_change_reason=ack["reason"]
            ).exists()
        if not stored:
            missing.append(ack)
    close_connections()
    kinds = {kind: sum(1 for a in acks if a["kind"] == kind) for kind in ("source", "fact")}
    verdict.lines.append(
        f"{len(acks)} acknowledged writes ({kinds['source']} sources, {kinds['fact']} fact corrections), "
        f"{len(acks) - len(missing)} found with their history"
    )
    if not acks:
        verdict.problems.append("no write was acknowledged")
    for ack in missing[:10]:
        verdict.problems.append(f"acknowledged but not stored: {ack}")


def scenario(name: str, base: str, users: int, seconds: int, work: Path, env: dict[str, str], restart: bool) -> Verdict:
    verdict = Verdict(name)
    outage = Outage() if restart else None
    restarter = None
    if outage is not None:
        restarter = threading.Thread(target=restart_postgresql, args=(seconds / 3, outage))
        restarter.start()
    run_locust(name, base, users, seconds, work, env)
    if restarter is not None:
        restarter.join()
    judge_requests(verdict, read_lines(work / f"{name}-requests.jsonl"), outage)
    judge_writes(verdict, read_lines(work / f"{name}-acks.jsonl"))
    return verdict


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=12, help="simulated users (3 readers for 1 editor)")
    parser.add_argument("--seconds", type=int, default=45, help="length of each scenario")
    parser.add_argument("--scenario", choices=["steady", "restart", "both"], default="both")
    args = parser.parse_args(argv)
    database_url = os.environ.get("LOAD_DATABASE_URL", DEFAULT_DATABASE)
    work = Path(tempfile.mkdtemp(prefix="treatywatch-load-"))
    env = production_env(database_url, work / "static")
    print(f"==> preparing {urlsplit(database_url).path.lstrip('/')} (migrate, load_register, collectstatic)")
    recreate_database(database_url)
    server = None
    verdicts = []
    try:
        credentials, forms = prepare_site(env)
        port = free_port()
        server = start_server(env, port, work / "server.log")
        base = f"http://127.0.0.1:{port}"
        env = env | {"LOAD_EDITORS": ",".join(credentials), "LOAD_FACTS": json.dumps(forms)}
        names = ["steady", "restart"] if args.scenario == "both" else [args.scenario]
        for name in names:
            print(f"==> {name}: {args.users} users for {args.seconds} s against scripts/serve.sh (2 workers) on {base}")
            verdicts.append(scenario(name, base, args.users, args.seconds, work, env, restart=name == "restart"))
            for line in verdicts[-1].lines:
                print(f"    {line}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        drop_database(database_url)
    problems = [f"{v.scenario}: {p}" for v in verdicts for p in v.problems]
    for problem in problems:
        print(f"FAILED {problem}")
    failed = sum(1 for v in verdicts if v.problems)
    if failed:
        print(f"logs kept in {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    print(f"test-long: {len(verdicts) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
