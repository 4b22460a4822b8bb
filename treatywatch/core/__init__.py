"""The pure core: standings, deadlines and their timelines from facts and rules, with no Django import.

`make install` compiles the modules named in `COMPILED` with mypyc (`scripts/build_core.py`): each then
has an extension module beside its source, which Python imports first. The sources are the fallback and
answer identically; they are imported instead when `TREATYWATCH_PURE_CORE=1`, when no extension module
was built, or when the sources beside them changed since the build (so an edit is never hidden by a
stale build).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Sequence
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path
from types import ModuleType

HERE = Path(__file__).resolve().parent
# The modules compiled, in the order they import each other.
COMPILED = ("dates", "approximate", "rules", "status", "obligations", "timeline")
# The digest of the sources the extension modules were built from, written by the build.
STAMP = HERE / "compiled-from.sha256"


def sources_digest(folder: Path = HERE) -> str:
    digest = hashlib.sha256()
    for name in COMPILED:
        digest.update((folder / f"{name}.py").read_bytes())
    return digest.hexdigest()


def compiled_usable(folder: Path = HERE, pure: str = "") -> bool:
    """Whether the extension modules in `folder` may be imported: built from the sources beside them, and
    the pure core not asked for (`pure`, the value of TREATYWATCH_PURE_CORE)."""
    if pure not in ("", "0"):
        return False
    try:
        built_from = (folder / STAMP.name).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return False
    return built_from == sources_digest(folder)


class _SourcesFirst(MetaPathFinder):
    """Imports the compiled modules from their sources."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != __name__ or name not in COMPILED:
            return None
        return spec_from_file_location(fullname, HERE / f"{name}.py")


if not compiled_usable(pure=os.environ.get("TREATYWATCH_PURE_CORE", "")):
    sys.meta_path.insert(0, _SourcesFirst())


def is_compiled() -> bool:
    """Whether the engine runs compiled (its timelines module is an extension module)."""
    from treatywatch.core import timeline

    return not (timeline.__file__ or "").endswith(".py")
