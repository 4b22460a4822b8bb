"""The registry's imports (a CSV file, a UN Treaty Collection page, a rules file), run the shared way:
read, plan, check, show, and write only when told to (see `pattern.py`)."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

from treatywatch.lib.actions import ActionError, Actor
from treatywatch.lib.errors import NotFound
from treatywatch.registry.actions import do_register_treaty
from treatywatch.registry.importers.csv_format import parse_csv
from treatywatch.registry.importers.limits import read_import_file
from treatywatch.registry.importers.page_checks import check_header, refuse_another_treatys_page
from treatywatch.registry.importers.pattern import ImportReport, run_import
from treatywatch.registry.importers.plan import ImportPlan, ImportRefused, SourceInput, build_plan
from treatywatch.registry.importers.untc import parse_untc_page
from treatywatch.registry.models import Treaty
from treatywatch.registry.queries import get_treaty

__all__ = ["ImportReport", "import_csv_file", "import_untc_file", "register_treaty_file"]


def register_treaty_file(path: Path, actor: Actor = None) -> Treaty:
    try:
        with path.open("rb") as handle:
            definition = tomllib.load(handle)
    except FileNotFoundError:
        raise ImportRefused([f"{path}: no such file"]) from None
    except tomllib.TOMLDecodeError as error:
        raise ImportRefused([f"{path}: not valid TOML ({error})"]) from None
    try:
        return do_register_treaty(definition, actor=actor)
    except ActionError as error:
        raise ImportRefused([f"{path}: {error}"]) from None


def _treaty(slug: str) -> Treaty:
    try:
        return get_treaty(slug)
    except NotFound as error:
        raise ImportRefused([f"{error} Register it first with its rules file (add_treaty)."]) from None


def import_csv_file(
    path: Path, slug: str, *, commit: bool, actor: Actor = None, source: SourceInput | None = None
) -> ImportReport[ImportPlan]:
    treaty = _treaty(slug)
    default = source or SourceInput(f"CSV file {path.name}", "", None, False)
    parsed, names = parse_csv(treaty, read_import_file(path), str(path), default)
    plan = build_plan(treaty, parsed, names)
    return run_import(plan, commit=commit, actor=actor, reason=f"imported from {path.name}")


def import_untc_file(
    path: Path, slug: str, *, commit: bool, actor: Actor = None, url: str = "", accept_difference: str = ""
) -> ImportReport[ImportPlan]:
    """Import a status page; a page whose header disagrees with the planned record is refused, unless
    an editor accepts the difference with a reason (kept in the citation of the source it writes)."""
    treaty = _treaty(slug)
    page = parse_untc_page(read_import_file(path), str(path), url or treaty.untc_url)
    refuse_another_treatys_page(treaty, page, str(path))
    plan = build_plan(treaty, page.facts, page.names)
    plan.checked_against = page.source
    check = check_header(treaty, page, plan)
    notes = [f"not imported (not a fact kind the register keeps): {n}" for n in page.skipped_notes]
    reason = f"imported from UN Treaty Collection page {path.name}"
    if accept_difference and not check.differences:
        notes.append("--accept-difference was not needed: the page's header agrees with the import")
    if check.differences:
        if not accept_difference.strip():
            raise ImportRefused(
                [f"{path}: the page's header disagrees with the import: {d}" for d in check.differences],
                hint="Look for a missing row or a misdated fact. If the difference is known, import again with "
                '--accept-difference "why" (the figures and the reason are kept in the citation of the source).',
            )
        accepted = f"{'; '.join(check.differences)}. Accepted by an editor: {accept_difference.strip()}"
        _cite_accepted_difference(plan, accepted)
        notes.append(f"difference with the page's header accepted: {accepted}")
        reason = f"{reason} (header difference accepted)"
    return run_import(plan, commit=commit, actor=actor, reason=reason, notes=notes + check.notes)


def _cite_accepted_difference(plan: ImportPlan, accepted: str) -> None:
    """The facts this import writes cite the page with the accepted difference and its reason."""
    for change in plan.changes:
        citation = f"{change.source.citation}; imported although its header differs ({accepted})"
        change.source = replace(change.source, citation=citation)
