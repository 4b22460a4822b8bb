"""Checks of a UN Treaty Collection page against the treaty it is imported into, before anything is written.

The page must be the treaty's own (its chapter and title), and its header's counts and entry into force
must agree with what Treatywatch would compute from the planned record (the register with the import's
changes applied, in memory) on the page's "status as at" date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from treatywatch.core.status import Status, treaty_state
from treatywatch.registry.importers.errors import ImportRefused
from treatywatch.registry.importers.plan import ImportPlan
from treatywatch.registry.importers.untc import UntcPage
from treatywatch.registry.models import Treaty


def _comparable(title: str) -> str:
    return re.sub(r"[^\w]+", " ", title).casefold().strip()


def _same_title(page_title: str, name: str) -> bool:
    """The same title, or one that goes on where the other stops: UNTC adds "(with Protocols I, II and III)"
    to some titles, and a rules file may keep a long title short."""
    page, ours = _comparable(page_title), _comparable(name)
    return page.startswith(ours) or ours.startswith(page)


def refuse_another_treatys_page(treaty: Treaty, page: UntcPage, file_label: str) -> None:
    """Refuse a page whose chapter or title is not the treaty's (a treaty without a chapter: the title only)."""
    if not page.chapter and not page.title:
        raise ImportRefused(
            [f"{file_label}: the page gives no chapter or title, so it cannot be checked to be {treaty.short_name}'s"]
        )
    problems = []
    if treaty.depositary_chapter and page.chapter and page.chapter != treaty.depositary_chapter:
        problems.append(
            f"{file_label}: the page is chapter {page.chapter}, {treaty.short_name} is chapter "
            f"{treaty.depositary_chapter}"
        )
    if page.title and not _same_title(page.title, treaty.name):
        problems.append(f"{file_label}: the page is the {page.title!r}, {treaty.short_name} is the {treaty.name!r}")
    elif not page.title and not treaty.depositary_chapter:
        problems.append(
            f"{file_label}: the page gives no title and {treaty.short_name} has no chapter: "
            "nothing shows the page is this treaty's"
        )
    if problems:
        raise ImportRefused(problems)


@dataclass
class HeaderCheck:
    """The page's header against the planned record: differences (page vs computed) and notes."""

    differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_header(treaty: Treaty, page: UntcPage, plan: ImportPlan) -> HeaderCheck:
    day = page.status_as_at
    if day is None:
        return HeaderCheck(notes=["the page gives no 'status as at' date: its counts were not checked"])
    records = plan.planned_records()
    result = treaty_state(records, treaty.rules, day)
    counts = result.counts
    check = HeaderCheck()
    for label, stated, computed in (
        ("signatories", page.signatories, counts.signatories),
        ("parties", page.parties, counts.parties),
    ):
        if stated is not None and stated != computed:
            check.differences.append(f"{label} on {day}: the page counts {stated}, the import would give {computed}")
    eif = page.entry_into_force_on
    if eif and result.entry_into_force_on != eif:
        computed_eif = result.entry_into_force_on or "no date yet"
        check.differences.append(f"entry into force: the page gives {eif}, the import would give {computed_eif}")
    withdrawals = {r.key: r.withdrawal_notified_on for r in records if r.withdrawal_notified_on}
    for iso3, effective in page.stated_withdrawal_effective.items():
        if iso3 in withdrawals:
            by_rules = treaty.rules.withdrawal_effective_on(withdrawals[iso3])
            if by_rules != effective:
                check.notes.append(
                    f"{iso3}: the page says the withdrawal takes effect on {effective}, the rules give {by_rules}"
                )
    if not check.differences:
        withdrawn = sum(1 for s in result.standings if s.status is Status.WITHDRAWN)
        check.notes.append(
            f"checked against the page on {day}: {counts.signatories} signatories, "
            f"{counts.parties} parties ({withdrawn} withdrawn), entry into force {result.entry_into_force_on}"
        )
    return check
