"""Running an import from a command: read, plan, show, and write only when told to."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from treatywatch.core.status import Status
from treatywatch.registry.actions import ActionError, Actor, do_register_treaty
from treatywatch.registry.importers.csv_format import parse_csv
from treatywatch.registry.importers.plan import ImportPlan, ImportRefused, SourceInput, apply_plan, build_plan
from treatywatch.registry.importers.untc import parse_untc_page
from treatywatch.registry.models import Treaty
from treatywatch.registry.queries import NotFound, get_treaty
from treatywatch.registry.standings import treaty_view


@dataclass
class ImportReport:
    plan: ImportPlan
    committed: bool
    notes: list[str] = field(default_factory=list)

    def lines(self, verbose: bool = False, limit: int = 50) -> list[str]:
        """The summary, then the changes (`limit` of them, all when verbose; none with limit 0)."""
        shown = self.plan.changes if verbose else self.plan.changes[:limit]
        out = [self.plan.summary()]
        out += [f"  {c.describe()}" for c in shown]
        if limit and len(shown) < len(self.plan.changes):
            out.append(f"  ... and {len(self.plan.changes) - len(shown)} more (use --verbosity 2 to list all)")
        if verbose or limit:
            out += [f"  rename {iso3} to {name!r}" for iso3, name in self.plan.renames.items()]
        out += [f"  note: {n}" for n in self.plan.warnings + self.notes]
        if self.plan.is_noop:
            out.append("Nothing to change: the register already holds this record.")
        elif self.committed:
            out.append("Committed.")
        else:
            out.append("Dry run: nothing was written. Run again with --commit to apply.")
        return out


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


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportRefused([f"{path}: no such file"]) from None


def _treaty(slug: str) -> Treaty:
    try:
        return get_treaty(slug)
    except NotFound as error:
        raise ImportRefused([f"{error} Register it first with its rules file (add_treaty)."]) from None


def _apply(plan: ImportPlan, commit: bool, actor: Actor, reason: str) -> bool:
    if commit and not plan.is_noop:
        apply_plan(plan, actor=actor, reason=reason)
        return True
    return False


def import_csv_file(
    path: Path, slug: str, *, commit: bool, actor: Actor = None, source: SourceInput | None = None
) -> ImportReport:
    treaty = _treaty(slug)
    default = source or SourceInput(f"CSV file {path.name}", "", None, False)
    parsed, names = parse_csv(treaty, _read(path), str(path), default)
    plan = build_plan(treaty, parsed, names)
    return ImportReport(plan, _apply(plan, commit, actor, f"imported from {path.name}"))


def import_untc_file(path: Path, slug: str, *, commit: bool, actor: Actor = None, url: str = "") -> ImportReport:
    treaty = _treaty(slug)
    page = parse_untc_page(_read(path), str(path), url or treaty.untc_url)
    plan = build_plan(treaty, page.facts, page.names)
    committed = _apply(plan, commit, actor, f"imported from UN Treaty Collection page {path.name}")
    notes = [f"not imported (not a fact kind the register keeps): {n}" for n in page.skipped_notes]
    if committed or plan.is_noop:
        # The register now holds the page's record: its own counts must agree with ours.
        notes += _rule_notes(treaty, page.stated_withdrawal_effective)
        notes += _page_checks(treaty, page.status_as_at, page.signatories, page.parties, page.entry_into_force_on)
    return ImportReport(plan, committed, notes)


def _rule_notes(treaty: Treaty, stated: dict[str, date]) -> list[str]:
    """Withdrawal dates the page states, against the ones the treaty's rules compute."""
    from treatywatch.registry.models import DepositaryFact

    notes = []
    for iso3, effective in stated.items():
        fact = DepositaryFact.objects.filter(treaty=treaty, state__iso3=iso3, kind="withdrawal").first()
        if fact is not None:
            computed = treaty.rules.withdrawal_effective_on(fact.date)
            if computed != effective:
                notes.append(
                    f"{iso3}: the page says the withdrawal takes effect on {effective}, the rules give {computed}"
                )
    return notes


def _page_checks(
    treaty: Treaty, day: date | None, signatories: int | None, parties: int | None, eif: date | None
) -> list[str]:
    """The page's own counts and entry into force, against what Treatywatch computes."""
    if day is None:
        return ["the page gives no 'status as at' date: its counts were not checked"]
    view = treaty_view(Treaty.objects.get(pk=treaty.pk), day)
    checks = [
        ("signatories", signatories, view.counts.signatories),
        ("parties", parties, view.counts.parties),
    ]
    notes = [
        f"the page counts {stated} {label} on {day}, Treatywatch computes {computed}"
        for label, stated, computed in checks
        if stated is not None and stated != computed
    ]
    if eif and view.entry_into_force_on != eif:
        notes.append(f"the page gives entry into force on {eif}, the rules give {view.entry_into_force_on}")
    if not notes:
        withdrawn = sum(1 for r in view.rows if r.standing.status is Status.WITHDRAWN)
        notes.append(
            f"checked against the page on {day}: {view.counts.signatories} signatories, "
            f"{view.counts.parties} parties ({withdrawn} withdrawn), entry into force {view.entry_into_force_on}"
        )
    return notes
