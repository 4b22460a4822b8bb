"""The documentation keeps up with the code: commands, settings, API paths, make targets, links.

Each check reads the source of truth (the commands directory, settings.py, the OpenAPI snapshot,
the Makefile) and fails naming what is missing from README.md or docs/. No database needed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PACKAGE = ROOT / "treatywatch"
SETTINGS = ROOT / "treatywatch" / "settings.py"
SNAPSHOT = ROOT / "tests" / "snapshots" / "openapi.json"
MAKEFILE = ROOT / "Makefile"
SCRIPTS = ROOT / "scripts"
SERVE = SCRIPTS / "serve.sh"

_ENV_READS = (
    re.compile(r"""\benv_(?:str|bool|int|list)\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""),
    re.compile(r"""\bos\.environ(?:\.get|\.setdefault|\.pop)?\s*[(\[]\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""),
    re.compile(r"""\bos\.getenv\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']"""),
    re.compile(r"""["']([A-Za-z_][A-Za-z0-9_]*)["']\s+(?:not\s+)?in\s+os\.environ\b"""),
)
_FENCED_CODE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _doc_files() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def _all_docs() -> str:
    return "\n".join(_read(p) for p in _doc_files() if p.exists())


def _commands() -> list[str]:
    return sorted(p.stem for p in PACKAGE.glob("*/management/commands/*.py") if not p.name.startswith("_"))


def _settings_env_vars() -> list[str]:
    source = _read(SETTINGS)
    return sorted({name for pattern in _ENV_READS for name in pattern.findall(source)})


def _api_operations() -> list[tuple[str, str]]:
    schema = json.loads(_read(SNAPSHOT))
    return sorted((method.upper(), path) for path, methods in schema["paths"].items() for method in methods)


def _phony_targets() -> list[str]:
    targets: list[str] = []
    for line in _read(MAKEFILE).splitlines():
        if line.startswith(".PHONY:"):
            targets += line.split(":", 1)[1].split()
    return targets


def _scripts() -> list[str]:
    scripts = (p for p in SCRIPTS.iterdir() if p.is_file() and p.suffix in {".py", ".sh"})
    return sorted(p.name for p in scripts if p.stem != "__init__")


def _serving_options() -> list[str]:
    """The options scripts/serve.sh gives granian, each with its value when it has one."""
    command = re.search(r'^exec "\$GRANIAN"(.*?)"\$@"', _read(SERVE), re.MULTILINE | re.DOTALL)
    assert command, "scripts/serve.sh no longer execs granian"
    options = re.findall(r"(--[\w-]+)(?:\s+([^\s\\-][^\s\\]*))?", command.group(1))
    return [f"{name} {value}".strip() for name, value in options if name != "--working-dir"]


def _without_code(markdown: str) -> str:
    return _INLINE_CODE.sub("", _FENCED_CODE.sub("", markdown))


def _section(markdown: str, title: str) -> str:
    """The text under the level-2 heading `title`, up to the next heading of level 1 or 2."""
    match = re.search(rf"^##\s+{re.escape(title)}\s*$(.*?)(?=^#{{1,2}}\s|\Z)", markdown, re.MULTILINE | re.DOTALL)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").replace("*", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    return {_slug(h) for h in _HEADING.findall(_FENCED_CODE.sub("", _read(path)))}


def _relative_links(path: Path) -> list[str]:
    text = _without_code(_read(path))
    links = _INLINE_LINK.findall(text) + _REFERENCE_LINK.findall(text)
    return [link for link in links if not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.IGNORECASE)]


def test_the_sources_of_truth_are_found() -> None:
    """Guards the checks below against passing because a regex or a path stopped matching."""
    assert {"import_untc", "import_csv", "load_register", "send_deadline_digest", "export_openapi"} <= set(_commands())
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_BEHIND_PROXY"} <= set(_settings_env_vars())
    assert ("GET", "/api/v1/treaties") in _api_operations()
    assert {"serve", "test"} <= set(_phony_targets())
    assert {"serve.sh", "build_core.py", "audit_report.py"} <= set(_scripts())
    assert {"--interface wsgi", "--blocking-threads 1"} <= set(_serving_options())
    assert {p.name for p in _doc_files()} >= {
        "README.md",
        "editors.md",
        "importing.md",
        "api.md",
        "deployment.md",
        "development.md",
    }


@pytest.mark.parametrize("command", _commands())
def test_every_management_command_is_documented(command: str) -> None:
    assert re.search(rf"\b{re.escape(command)}\b", _all_docs()), (
        f"manage.py {command} is not mentioned in README.md or docs/"
    )


@pytest.mark.parametrize("variable", _settings_env_vars())
def test_every_environment_variable_is_in_the_deployment_table(variable: str) -> None:
    table_rows = [line for line in _read(DOCS / "deployment.md").splitlines() if line.lstrip().startswith("|")]
    assert any(f"`{variable}`" in row for row in table_rows), (
        f"{variable} is read in treatywatch/settings.py but has no row in the table of docs/deployment.md"
    )


@pytest.mark.parametrize(("method", "path"), _api_operations())
def test_every_api_path_is_documented(method: str, path: str) -> None:
    pattern = rf"\b{method}\s+{re.escape(path)}(?![\w/{{])"
    assert re.search(pattern, _read(DOCS / "api.md")), f"{method} {path} (OpenAPI snapshot) is missing from docs/api.md"


@pytest.mark.parametrize("script", _scripts())
def test_every_script_is_documented(script: str) -> None:
    assert f"scripts/{script}" in _all_docs(), f"scripts/{script} is not mentioned in README.md or docs/"


@pytest.mark.parametrize("option", _serving_options())
def test_the_deployment_guide_gives_every_option_the_server_runs_with(option: str) -> None:
    code_spans = _INLINE_CODE.findall(_read(DOCS / "deployment.md"))
    assert any(option in span for span in code_spans), (
        f"scripts/serve.sh runs granian with {option}, which docs/deployment.md does not explain"
    )


@pytest.mark.parametrize("target", _phony_targets())
def test_every_make_target_is_documented(target: str) -> None:
    text = _read(DOCS / "development.md") + _read(README)
    assert re.search(rf"\bmake {re.escape(target)}(?![\w-])", text), (
        f"`make {target}` is not in docs/development.md or README.md"
    )


def test_the_readme_quick_start_is_make_serve_and_make_test() -> None:
    quick_start = _section(_read(README), "Quick start")
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", quick_start, re.MULTILINE | re.DOTALL)
    commands = [line.strip() for block in blocks for line in block.splitlines() if line.strip()]
    assert commands == ["make serve", "make test"]


def test_the_readme_shows_the_screenshot() -> None:
    image = re.search(r"!\[[^\]]+\]\(docs/screenshot\.png\)", _read(README))
    assert image, "README.md lacks ![...](docs/screenshot.png)"


@pytest.mark.parametrize("document", _doc_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_point_to_files_that_exist(document: Path) -> None:
    broken = []
    for link in _relative_links(document):
        target, _, fragment = link.partition("#")
        target = target.split("?", 1)[0]
        resolved = (document.parent / target).resolve() if target else document
        if not resolved.exists():
            broken.append(f"{link} (no {resolved.relative_to(ROOT) if resolved.is_relative_to(ROOT) else resolved})")
        elif fragment and resolved.suffix == ".md" and fragment not in _anchors(resolved):
            broken.append(f"{link} (no heading #{fragment} in {resolved.name})")
    assert not broken, f"{document.relative_to(ROOT)} has broken links: {broken}"
