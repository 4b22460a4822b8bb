"""Backup and restore: one file holds the whole site and restores into an empty database of the other
engine; a round trip (this test database -> the other engine -> this engine again) loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from treatywatch.jobs.actions import do_start_import
from treatywatch.jobs.backup import row_counts
from treatywatch.obligations.models import DigestEntry, DigestStatus, Watch
from treatywatch.outreach.actions import do_add_documents
from treatywatch.outreach.models import Activity
from treatywatch.registry.actions import FactInput, do_correct_fact
from treatywatch.registry.models import DepositaryFact, Treaty

from .conftest import ROOT

POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
RESTORE_DATABASE = "tw_processes_restore"  # a database of its own: other test runs use theirs


@pytest.fixture
def site(ccm: Treaty, settings: Any, tmp_path_factory: pytest.TempPathFactory) -> User:
    """The register, plus what editors add: accounts and roles, a correction in the history, a watch,
    the digest's log, an import job with its uploaded file (in a media folder of its own: other tests' uploads
    stay out of its backups)."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    settings.PRIVATE_MEDIA_ROOT = tmp_path_factory.mktemp("private-media")
    editor = User.objects.create_user("editor", "editor@example.org", "a long test password", is_staff=True)
    editor.groups.add(Group.objects.get(name="editor"))
    User.objects.create_superuser("chief", password="another long test password")
    fact = DepositaryFact.objects.filter(treaty=ccm, kind="signature").order_by("pk").first()
    assert fact is not None
    do_correct_fact(
        fact,
        fact=FactInput(kind=fact.kind, date=fact.date, text="Signed in Oslo."),
        actor=editor,
        reason="place of signature added",
    )
    watch = Watch.objects.create(email="isu@example.org", treaty=ccm)
    DigestEntry.objects.create(
        watch=watch, deadline="CCM AUT x", deadline_on=date(2025, 1, 1), status=DigestStatus.OVERDUE
    )
    upload = SimpleUploadedFile("kenya.csv", b"state,iso3\nKenya,KEN\n")
    do_start_import(kind="import_csv", treaty_slug="ccm", upload=upload, started_by=editor)
    return editor


def _other_engine_url(tmp_path: Path, engine: str) -> str:
    if engine == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {RESTORE_DATABASE}")
        server.execute(f"CREATE DATABASE {RESTORE_DATABASE}")
    return f"{POSTGRES_SERVER}/{RESTORE_DATABASE}"


@pytest.fixture
def drop_restore_database() -> Iterator[None]:
    yield
    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {RESTORE_DATABASE} WITH (FORCE)")


def manage(database_url: str, media: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(TREATYWATCH_ENV="development", DATABASE_URL=database_url, DJANGO_MEDIA_ROOT=str(media))
    env.update(TREATYWATCH_PRIVATE_MEDIA_ROOT=str(media.with_name(f"{media.name}-private")))
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def restored_elsewhere(backup: Path, database_url: str, media: Path, written: Path) -> None:
    """Into a new, empty database: migrate, restore, then back it up again."""
    manage(database_url, media, "migrate", "--noinput", "-v", "0")
    assert "Restored" in manage(database_url, media, "restore", str(backup))
    manage(database_url, media, "backup", str(written))


def contents(backup: Path) -> tuple[list[dict[str, Any]], dict[str, int], dict[str, bytes]]:
    """Every row of every table (sorted), the rows per table, and the uploaded files."""
    with zipfile.ZipFile(backup) as archive:
        rows = sorted(json.loads(archive.read("data.json")), key=lambda r: (r["model"], str(r.get("pk"))))
        counts = json.loads(archive.read("manifest.json"))["rows"]
        files = {n: archive.read(n) for n in archive.namelist() if n.startswith("media/")}
    return rows, counts, files


@pytest.mark.usefixtures("drop_restore_database")
def test_a_round_trip_through_the_other_engine_loses_nothing(site: User, tmp_path: Path) -> None:
    here = connection.vendor  # sqlite, or postgresql under `make test-postgres`
    there = "postgresql" if here == "sqlite" else "sqlite"
    first, second, third = tmp_path / "1.zip", tmp_path / "2.zip", tmp_path / "3.zip"
    call_command("backup", str(first), stdout=StringIO())

    restored_elsewhere(first, _other_engine_url(tmp_path, there), tmp_path / "media-there", second)
    back_home = tmp_path / "home"
    back_home.mkdir()
    restored_elsewhere(second, _other_engine_url(back_home, here), tmp_path / "media-home", third)

    rows, counts, files = contents(first)
    assert counts == row_counts()
    assert counts["auth.user"] == 2 and counts["jobs.job"] == 1 and counts["obligations.digestentry"] == 1
    assert {r["model"] for r in rows} >= {
        "auth.group",
        "registry.historicaldepositaryfact",
        "obligations.watch",
        "outreach.historicalactivity_organising_states",  # the history of a many-to-many field (shipped activities)
    }
    assert len(files) == 1 and next(iter(files.values())) == b"state,iso3\nKenya,KEN\n"
    assert contents(second) == (rows, counts, files)
    assert contents(third) == (rows, counts, files)
    restored_upload = tmp_path / "media-home" / next(iter(files))[len("media/") :]
    assert restored_upload.read_bytes() == b"state,iso3\nKenya,KEN\n"


def test_the_history_and_roles_are_in_the_backup(site: User, tmp_path: Path) -> None:
    backup = tmp_path / "site.zip"
    call_command("backup", str(backup), stdout=StringIO())
    rows, _counts, _files = contents(backup)
    editor = next(r for r in rows if r["model"] == "auth.user" and r["fields"]["username"] == "editor")
    assert editor["fields"]["groups"] == [["editor"]]
    correction = next(
        r
        for r in rows
        if r["model"] == "registry.historicaldepositaryfact"
        and r["fields"]["history_change_reason"] == "place of signature added"
    )
    assert correction["fields"]["history_user"] == ["editor"] and correction["fields"]["text"] == "Signed in Oslo."
    group = next(r for r in rows if r["model"] == "auth.group" and r["fields"]["name"] == "editor")
    assert ["add_depositaryfact", "registry", "depositaryfact"] in group["fields"]["permissions"]


def test_restore_refuses_a_database_that_holds_data_and_changes_nothing(site: User, tmp_path: Path) -> None:
    backup = tmp_path / "site.zip"
    call_command("backup", str(backup), stdout=StringIO())
    before = row_counts()
    with pytest.raises(CommandError, match=r"Restore refused, nothing was changed: the database is not empty \("):
        call_command("restore", str(backup))
    assert row_counts() == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.zip"
    bogus.write_text("not a zip")
    with pytest.raises(CommandError, match=r"notes.zip: not a Treatywatch backup"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match=r"missing.zip: no such file"):
        call_command("restore", str(tmp_path / "missing.zip"))


def test_uploads_live_under_the_media_root(site: User) -> None:
    assert any(Path(settings.MEDIA_ROOT).rglob("kenya*.csv"))


def test_the_documents_attached_to_activities_are_in_the_backup(site: User, tmp_path: Path) -> None:
    activity = Activity.objects.order_by("pk").first()
    assert activity is not None
    upload = SimpleUploadedFile("attendance.txt", b"Kenya, Nigeria")
    document = do_add_documents(activity, [upload], actor=User.objects.get(username="chief"), reason="test")[0]
    backup = tmp_path / "site.zip"
    call_command("backup", str(backup), stdout=StringIO())
    with zipfile.ZipFile(backup) as archive:
        assert archive.read(f"private-media/{document.file.name}") == b"Kenya, Nigeria"
