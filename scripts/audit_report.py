"""`make test`'s vulnerability audit: fail on a known vulnerability, and say plainly what was not checked.

pip-audit looks every pinned requirement up in PyPI's vulnerability data. Where that data cannot be
reached (no network, or a package proxy that does not serve PyPI's per-release JSON pages), it can
only skip packages. This report fails the build on any vulnerability found, and lists every package
it could not check under a NOT AUDITED heading instead of reporting "no known vulnerabilities".
`make audit` is the strict form, which also fails on a package it could not check.

Usage: python scripts/audit_report.py PIP_AUDIT_JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def report(audit: dict[str, Any]) -> tuple[int, list[str]]:
    """The exit code and the lines to print for pip-audit's JSON output."""
    dependencies: list[dict[str, Any]] = audit.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    checked = len(dependencies) - len(skipped)
    lines = [
        f"pip-audit: {checked} of {len(dependencies)} packages checked, {len(vulnerable)} with known vulnerabilities"
    ]
    for dependency in vulnerable:
        ids = ", ".join(str(v.get("id")) for v in dependency["vulns"])
        lines.append(f"  VULNERABLE {dependency['name']} {dependency.get('version', '')}: {ids}")
    if skipped:
        lines.append(f"NOT AUDITED: {len(skipped)} packages could not be checked (run `make audit` where PyPI's")
        lines.append("vulnerability data can be reached):")
        lines += [f"  {d['name']}: {d['skip_reason']}" for d in skipped]
    return (1 if vulnerable else 0), lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    code, lines = report(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
    print("\n".join(lines))
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
