"""Editors saving at the same moment on SQLite: every write waits its turn and succeeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_twenty_editors_saving_at_once_on_sqlite_all_succeed(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'editors.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.concurrent_editors"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["errors"] == []
    assert report["acknowledged"] == 60
    # Each editor's signature (corrected) and deposit are stored, and the history holds all 60 versions.
    assert report["facts"] == 40
    assert report["corrected_signatures"] == 20
    assert report["history_rows"] == 60
    assert report["journal_mode"] == "wal"
