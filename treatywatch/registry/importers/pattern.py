"""The one way every importer runs: parse the file, plan (reading only), show the plan, and apply
it in one transaction only when told to. Planning never writes, so a dry run changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from django.db import transaction

from treatywatch.lib.actions import Actor

# The history keeps a change's reason in 100 characters.
REASON_LENGTH = 100


class PlannedImport(Protocol):
    """What an importer's plan offers the runner."""

    warnings: list[str]

    @property
    def is_noop(self) -> bool: ...

    def summary(self) -> str: ...

    def change_lines(self) -> list[str]: ...

    def detail_lines(self) -> list[str]: ...

    def apply(self, *, actor: Actor, reason: str) -> None: ...


PlanT = TypeVar("PlanT", bound=PlannedImport)


@dataclass
class ImportReport(Generic[PlanT]):
    plan: PlanT
    committed: bool
    notes: list[str] = field(default_factory=list)

    def lines(
        self, verbose: bool = False, limit: int = 50, to_commit: str = "Run again with --commit to apply."
    ) -> list[str]:
        """The summary, then the changes (`limit` of them, all when verbose; none with limit 0); a dry
        run ends with `to_commit`, how to apply it."""
        changes = self.plan.change_lines()
        shown = changes if verbose else changes[:limit]
        out = [self.plan.summary()]
        out += [f"  {line}" for line in shown]
        if limit and len(shown) < len(changes):
            out.append(f"  ... and {len(changes) - len(shown)} more (use --verbosity 2 to list all)")
        if verbose or limit:
            out += [f"  {line}" for line in self.plan.detail_lines()]
        out += [f"  note: {n}" for n in self.plan.warnings + self.notes]
        if self.plan.is_noop:
            out.append("Nothing to change: the register already holds this record.")
        elif self.committed:
            out.append("Committed.")
        else:
            out.append(f"Dry run: nothing was written. {to_commit}")
        return out


def run_import(
    plan: PlanT, *, commit: bool, actor: Actor, reason: str, notes: list[str] | None = None
) -> ImportReport[PlanT]:
    """Apply the plan in one transaction when `commit` is given and there is something to change."""
    committed = False
    if commit and not plan.is_noop:
        with transaction.atomic():
            plan.apply(actor=actor, reason=reason[:REASON_LENGTH])
        committed = True
    return ImportReport(plan, committed, list(notes or []))
