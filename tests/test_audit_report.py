"""The audit `make test` runs: a known vulnerability fails it; a package it could not check is named, not hidden."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scripts.audit_report import main, report


def test_a_known_vulnerability_fails_the_audit_and_is_named() -> None:
    audit: dict[str, Any] = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1"}, {"id": "GHSA-xxxx"}]},
            {"name": "lxml", "version": "6.1.3", "vulns": []},
        ]
    }

    code, lines = report(audit)

    assert code == 1
    assert lines[0] == "pip-audit: 2 of 2 packages checked, 1 with known vulnerabilities"
    assert "  VULNERABLE django 5.2.0: PYSEC-2025-1, GHSA-xxxx" in lines


def test_packages_that_could_not_be_checked_are_listed_as_not_audited(tmp_path: Path, capsys) -> None:
    audit = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    path = tmp_path / "audit.json"
    path.write_text(json.dumps(audit), encoding="utf-8")

    code = main(["audit_report.py", str(path)])

    printed = capsys.readouterr().out
    assert code == 0
    assert "pip-audit: 0 of 1 packages checked, 0 with known vulnerabilities" in printed
    assert "NOT AUDITED: 1 packages could not be checked" in printed and "django: Dependency not found" in printed
