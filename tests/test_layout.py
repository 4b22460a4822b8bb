"""Arrows point down: each package imports only the packages below it (docs/development.md, "Layout")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "treatywatch"
# What each package may import of ours, besides itself. `treatywatch.settings`/`env` are read through Django.
ALLOWED = {
    "core": set(),
    "lib": {"core"},
    "registry": {"core", "lib"},
    "obligations": {"core", "lib", "registry"},
    "organisations": {"core", "lib", "registry"},
    "outreach": {"core", "lib", "registry", "obligations", "organisations"},
    "plans": {"core", "lib", "registry", "obligations", "organisations", "outreach"},
    "positions": {"core", "lib", "registry"},
    # A member's contacts: the forms' shared fields and refusals come from outreach.
    "contacts": {"core", "lib", "registry", "obligations", "organisations", "outreach"},
    # A brief lists the reader's own contacts for its State.
    "campaigns": {"core", "lib", "registry", "obligations", "organisations", "outreach", "positions", "contacts"},
    "api": {"core", "lib", "registry", "obligations", "organisations", "outreach", "plans", "positions", "campaigns"},
    # The briefs job renders a campaign's briefs (and reads what they are built on).
    "jobs": {
        "core",
        "lib",
        "registry",
        "obligations",
        "organisations",
        "outreach",
        "positions",
        "contacts",
        "campaigns",
    },
    # A campaign's call: sent as a job (it registers its runner with the jobs app).
    "mailing": {"core", "lib", "registry", "obligations", "organisations", "positions", "campaigns", "jobs"},
    "web": {
        "core",
        "lib",
        "registry",
        "obligations",
        "organisations",
        "outreach",
        "plans",
        "positions",
        "campaigns",
        "api",
        "jobs",
        "mailing",
    },
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _packages_imported(package: str) -> dict[str, set[str]]:
    """For each module of `package`, the other treatywatch packages it imports."""
    found = {}
    for path in sorted((PACKAGE / package).rglob("*.py")):
        names = {n.split(".")[1] for n in _imports(path) if n.startswith("treatywatch.")}
        found[str(path.relative_to(ROOT))] = names - {package}
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_the_packages_below_it(package: str) -> None:
    upward = {module: names - ALLOWED[package] for module, names in _packages_imported(package).items()}
    assert {module: names for module, names in upward.items() if names} == {}


def test_core_imports_no_django() -> None:
    for path in (PACKAGE / "core").rglob("*.py"):
        assert not any(n == "django" or n.startswith("django.") for n in _imports(path)), path


def test_every_package_is_placed_in_the_layering() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(ALLOWED)
