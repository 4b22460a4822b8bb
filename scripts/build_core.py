"""Compile the pure core with mypyc: `make install` runs it (see docs/benchmarks.md).

    python scripts/build_core.py          # build the extension modules beside treatywatch/core's sources
    python scripts/build_core.py --clean  # remove them: the sources are imported again

The modules `treatywatch.core.COMPILED` names are compiled in place (a C compiler and mypy, pinned in
requirements-build.txt, are needed), and the digest of the sources they were built from is written to
`treatywatch/core/compiled-from.sha256`: the core imports them only while the sources still match. When
the build cannot run, it says why and leaves the pure-Python core, which answers identically.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from treatywatch.core import COMPILED, HERE, STAMP, sources_digest  # noqa: E402

# The shared library mypyc builds for the modules, beside them.
GROUP = "treatywatch.core.native"


def built_files() -> list[Path]:
    """The extension modules and the stamp an earlier build left."""
    found = [p for name in (*COMPILED, "native__mypyc") for p in HERE.glob(f"{name}.*.so")]
    return found + [p for p in (STAMP,) if p.exists()]


def clean() -> None:
    for path in built_files():
        path.unlink()


def build() -> int:
    try:
        from mypyc.build import mypycify
        from setuptools import setup
    except ImportError as missing:
        print(f"build_core: {missing.name} is not installed: the core stays pure Python (slower).")
        return 0
    digest = sources_digest()
    sources = [str((HERE / f"{name}.py").relative_to(ROOT)) for name in COMPILED]
    with tempfile.TemporaryDirectory() as work:
        os.chdir(ROOT)
        try:
            setup(
                name="treatywatch-core",
                packages=[],
                py_modules=[],
                ext_modules=mypycify(sources, opt_level="3", target_dir=work, group_name=GROUP),
                script_args=["-q", "build_ext", "--inplace", "--build-temp", work, "--build-lib", work],
            )
        except (SystemExit, Exception) as failure:  # no C compiler, or a module mypyc cannot compile
            clean()
            print(f"build_core: the core could not be compiled ({failure}): it stays pure Python (slower).")
            return 0
    STAMP.write_text(digest + "\n", encoding="ascii")
    print(f"build_core: compiled {', '.join(COMPILED)} (treatywatch/core).")
    return 0


def main(argv: list[str]) -> int:
    clean()
    if "--clean" in argv[1:]:
        return 0
    return build()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
