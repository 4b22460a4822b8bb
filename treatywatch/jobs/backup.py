"""One file holds the whole site: every table's rows (facts, sources, their history, users, groups and
roles, watches, the digest's log, jobs) and the uploaded files: an import's file (MEDIA_ROOT) and the documents
attached to activities (PRIVATE_MEDIA_ROOT), which may be private: a backup is as private as the site's data.
It restores into an empty database of either engine (SQLite or PostgreSQL), so a backup moves a site from one
to the other.

The rows are Django's JSON serialisation with their primary keys; content types and permissions,
which `migrate` creates, are named by their natural keys, so they match in any database. Sessions
(sign-ins) are left out: people sign in again.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, time
from io import StringIO
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model
from django.test.utils import override_settings

FORMAT = "treatywatch-backup-1"
DATA = "data.json"
MANIFEST = "manifest.json"
MEDIA = "media/"
# Each folder of uploaded files, by the prefix of its files in the backup, with the setting that names it.
UPLOADS = {MEDIA: "MEDIA_ROOT", "private-media/": "PRIVATE_MEDIA_ROOT"}
# Made by `migrate` in every database (content types, permissions), or not worth keeping (sign-ins).
NOT_DUMPED = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# `migrate` creates the role groups; a backup brings its own, so they do not count as data.
MADE_BY_MIGRATE = NOT_DUMPED | {"auth.group"}


class BackupError(Exception):
    """The backup cannot be written or restored; the message says why. Nothing was changed."""


def _root(prefix: str) -> Path:
    return Path(getattr(settings, UPLOADS[prefix]))


def _media_files(prefix: str = MEDIA) -> list[Path]:
    root = _root(prefix)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []


def row_counts() -> dict[str, int]:
    """How many rows each dumped model has (the manifest, and what `restore` checks is empty)."""
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label not in MADE_BY_MIGRATE:
            counts[label] = model._base_manager.count()
    return counts


class ExactJSONEncoder(DjangoJSONEncoder):
    """Times to the microsecond: Django's encoder cuts them to milliseconds, which a backup must not."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime | time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def _dumped_models() -> list[type[Model]]:
    """Every model with a table, those referred to by natural key first (as `dumpdata` orders them)."""
    configs = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    ordered = serializers.sort_dependencies(configs, allow_cycles=True)
    return [m for m in ordered if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in NOT_DUMPED]


def _rows() -> Iterator[Model]:
    for model in _dumped_models():
        yield from model._base_manager.order_by(model._meta.pk.name).iterator()


def write_backup(path: Path) -> dict[str, int]:
    """Write the database and the uploaded files to `path` (a zip file); returns the rows per model."""
    data = StringIO()
    with transaction.atomic():  # one consistent snapshot of every table
        serializers.serialize("json", _rows(), stream=data, use_natural_foreign_keys=True, cls=ExactJSONEncoder)
        counts = row_counts()
    manifest = {
        "format": FORMAT,
        "written_at": datetime.now(UTC).isoformat(),
        "django": django.get_version(),
        "engine": connections[DEFAULT_DB_ALIAS].vendor,
        "rows": counts,
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
        archive.writestr(DATA, data.getvalue())
        for prefix in UPLOADS:
            for file in _media_files(prefix):
                archive.write(file, prefix + file.relative_to(_root(prefix)).as_posix())
    return counts


def _read(path: Path) -> tuple[dict[str, object], bytes, list[zipfile.ZipInfo], zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(path)
        manifest = json.loads(archive.read(MANIFEST))
        data = archive.read(DATA)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file.") from None
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise BackupError(f"{path}: not a Treatywatch backup (a zip file with {MANIFEST} and {DATA}).") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: backup format {manifest.get('format')!r}; this version reads {FORMAT!r}.")
    media = [info for info in archive.infolist() if _upload_prefix(info.filename) and not info.is_dir()]
    for info in media:
        relative = PurePosixPath(info.filename[len(_upload_prefix(info.filename)) :])
        if relative.is_absolute() or ".." in relative.parts:
            raise BackupError(f"{path}: the uploaded file {info.filename!r} points outside the media folder.")
    return manifest, data, media, archive


def _upload_prefix(name: str) -> str:
    return next((prefix for prefix in UPLOADS if name.startswith(prefix)), "")


def _refuse_unless_empty() -> None:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError("Restore refused: the database is not migrated. Run `manage.py migrate` first.")
    filled = {label: count for label, count in row_counts().items() if count}
    if filled:
        listed = ", ".join(f"{label} ({count})" for label, count in sorted(filled.items())[:5])
        more = f" and {len(filled) - 5} more" if len(filled) > 5 else ""
        raise BackupError(
            f"Restore refused, nothing was changed: the database is not empty ({listed}{more} rows). "
            "Restore into a new database: create it, run `manage.py migrate`, then `manage.py restore`."
        )


def restore_backup(path: Path) -> dict[str, int]:
    """Load a backup into an empty, migrated database, all or nothing; returns the rows per model."""
    manifest, data, media, archive = _read(path)
    _refuse_unless_empty()
    with archive, tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / DATA
        dump.write_bytes(data)
        try:
            with transaction.atomic():
                Group.objects.all().delete()  # the roles `migrate` made; the backup holds them
                # The backup holds the history as it was. Loading a record's many-to-many fields (an
                # activity's States) would add a history version of its own, and clash with the loaded ones.
                with override_settings(SIMPLE_HISTORY_ENABLED=False):
                    call_command("loaddata", str(dump), verbosity=0)
                counts = row_counts()
                if counts != manifest.get("rows"):
                    raise BackupError(f"{path}: the rows loaded differ from the backup's manifest.")
        except CommandError as error:
            raise BackupError(f"{path}: the data could not be loaded, nothing was changed: {error}") from None
        for info in media:
            prefix = _upload_prefix(info.filename)
            target = _root(prefix) / info.filename[len(prefix) :]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
    return counts
