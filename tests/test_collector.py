"""A serving process (`treatywatch.wsgi`) keeps the loaded application out of the garbage collector's passes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from treatywatch.lib.collector import SERVING_THRESHOLDS

from .conftest import ROOT

REPORT = (
    "import gc, json; before = gc.get_threshold(); import treatywatch.wsgi; "
    "print(json.dumps([before, gc.get_threshold(), gc.get_freeze_count()]))"
)


def test_loading_the_wsgi_application_freezes_what_it_loaded_and_raises_the_thresholds(tmp_path: Path) -> None:
    environment = {**os.environ, "TREATYWATCH_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    done = subprocess.run(
        [sys.executable, "-c", REPORT], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    before, after, frozen = json.loads(done.stdout.strip().splitlines()[-1])
    assert tuple(before) != SERVING_THRESHOLDS  # Python's own, for the other commands
    assert tuple(after) == SERVING_THRESHOLDS
    assert frozen > 10_000  # Django and the site's modules, loaded
