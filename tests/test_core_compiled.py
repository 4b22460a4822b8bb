"""The compiled core and its pure-Python sources answer alike: the property tests run against both.

`make install` compiles the core with mypyc (scripts/build_core.py). The suite then runs compiled, and
this file runs the core's property tests again on the sources (`TREATYWATCH_PURE_CORE=1`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from treatywatch import core
from treatywatch.core import COMPILED, STAMP, compiled_usable, is_compiled, sources_digest

from .conftest import ROOT

# The tests that compare the engine, the timelines and the statuses with what they must answer.
PROPERTY_TESTS = [
    "tests/test_core_timeline.py",
    "tests/test_core_obligations.py",
    "tests/test_core_status.py",
    "tests/test_core_rules.py",
]


def _pure_env() -> dict[str, str]:
    return {**os.environ, "TREATYWATCH_PURE_CORE": "1"}


def _copy_of_the_sources(folder: Path) -> Path:
    for name in COMPILED:
        shutil.copy(Path(core.__file__).parent / f"{name}.py", folder / f"{name}.py")
    return folder


def test_a_build_is_used_only_for_the_sources_it_was_built_from(tmp_path: Path) -> None:
    folder = _copy_of_the_sources(tmp_path)
    assert not compiled_usable(folder)  # never built
    (folder / STAMP.name).write_text(sources_digest(folder) + "\n", encoding="ascii")
    assert compiled_usable(folder)
    assert not compiled_usable(folder, pure="1")  # the pure core asked for
    edited = folder / "timeline.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert not compiled_usable(folder)  # a stale build is never imported


def test_the_pure_core_is_imported_when_asked_for() -> None:
    which = "from treatywatch.core import is_compiled, timeline; print(is_compiled(), timeline.__file__)"
    found = subprocess.run(
        [sys.executable, "-c", which],
        cwd=ROOT,
        env=_pure_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.stdout.split() == ["False", str(ROOT / "treatywatch" / "core" / "timeline.py")]


@pytest.mark.skipif(not is_compiled(), reason="the core is not compiled here: the suite already ran it pure")
def test_the_property_tests_pass_on_the_pure_core_too() -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *PROPERTY_TESTS],
        cwd=ROOT,
        env=_pure_env(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
