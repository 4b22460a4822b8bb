"""A serving process (`treatywatch.wsgi`) keeps the loaded application out of the garbage collector's passes."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from treatywatch.lib.caching import memo
from treatywatch.lib.collector import SERVING_THRESHOLDS
from treatywatch.obligations import engine
from treatywatch.registry.models import Treaty
from treatywatch.registry.standings import treaty_record

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


def _report(tmp_path: Path, script: str) -> list[object]:
    environment = {**os.environ, "TREATYWATCH_ENV": "development", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found: list[object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


BUILD = """
import gc, json, weakref
from treatywatch.core.memory import collector_paused

class Node:
    pass

passes = []
gc.callbacks.append(lambda phase, info: passes.append(info["generation"]) if phase == "start" else None)
node = Node()
node.itself = node  # a reference cycle, garbage once `node` is dropped
gone = weakref.ref(node)
del node
frozen = gc.get_freeze_count()
with collector_paused():
    kept = [[i] for i in range(50_000)]
oldest = any(o is kept[0] for o in gc.get_objects(generation=2))
gc.collect()
print(json.dumps([passes, oldest, gc.get_freeze_count() - frozen, gone() is None, gc.isenabled()]))
"""


def test_a_build_hands_what_it_made_to_the_oldest_generation_without_a_pass_over_it(tmp_path: Path) -> None:
    passes, oldest, newly_frozen, garbage_freed, enabled = _report(tmp_path, BUILD)
    # The collector had counted 50,000 new lists: paused, it would have passed over them at the next allocation.
    # None ran before the explicit collection at the end (the full pass, generation 2).
    assert passes == [2]
    assert oldest is True
    assert newly_frozen == 0  # nothing frozen in a process that froze nothing
    assert garbage_freed is True  # the young garbage moved with them is freed by the next full pass
    assert enabled is True


def test_in_a_serving_process_a_build_frees_garbage_first_and_keeps_what_it_made_frozen(tmp_path: Path) -> None:
    script = BUILD.replace("import gc, json, weakref", "import gc, json, weakref, treatywatch.wsgi")
    passes, oldest, newly_frozen, garbage_freed, enabled = _report(tmp_path, script)
    # What is not frozen collected before the build (a full pass), then only the explicit full pass.
    assert passes == [2, 2]
    assert oldest is False
    assert isinstance(newly_frozen, int) and newly_frozen >= 50_000
    assert garbage_freed is True  # collected before the freeze, never kept for ever
    assert enabled is True


@pytest.mark.django_db
def test_the_sites_builds_leave_no_reference_cycles_for_a_serving_process_to_keep(ccm: Treaty) -> None:
    """What a serving process freezes after a build must be freed by reference counting once a cache drops it:
    built under a frozen process as a serving one is, then dropped, nothing frozen is left as garbage."""
    memo.clear()
    gc.collect()
    gc.freeze()
    try:
        record = treaty_record(ccm)
        timelines = engine._timelines(ccm)
        assert record.timeline.standings and timelines  # something was built
        del record, timelines
        memo.clear()
        gc.collect()  # what was not frozen
        gc.unfreeze()
        assert gc.collect() == 0
    finally:
        gc.unfreeze()
