"""Members' action reports change only through these functions: each checks that the actor may report for the
organisation, validates, runs in a transaction and keeps who, when and why in the history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from treatywatch.campaigns import tallies
from treatywatch.campaigns.models import ActionReport, Ask, Campaign, ReportKind
from treatywatch.lib.actions import ActionError, Actor, attach_actor
from treatywatch.lib.caching import invalidate_on_commit
from treatywatch.lib.versions import check_version
from treatywatch.organisations.models import Organisation, Role
from treatywatch.organisations.visibility import Visibility, member_of, reads_everything
from treatywatch.outreach.actions import FieldRefused
from treatywatch.registry.models import State

# Who may read a report: everyone, or the reporting organisation and the campaign's organiser.
REPORT_VISIBILITIES = (Visibility.PUBLIC, Visibility.ORGANISATION)


@dataclass(frozen=True)
class ReportInput:
    """A report as a member gives it, before it is checked."""

    owner: Organisation
    kind: str
    date: datetime.date
    ask: Ask | None = None
    state: State | None = None
    target: str = ""
    link: str = ""
    note: str = ""
    visibility: str = Visibility.ORGANISATION


def may_report_for(actor: Actor, owner: Organisation | None) -> bool:
    """Site administrators report for anyone; an organisation's editors and administrators for it."""
    if reads_everything(actor):
        return True
    return owner is not None and member_of(actor, Role.EDITOR).filter(organisation=owner).exists()


def check_report(campaign: Campaign, given: ReportInput) -> None:
    """Refuse a report that cannot be recorded, whoever records it; each refusal names its field."""
    if given.kind not in ReportKind.values:
        raise FieldRefused("kind", f"Unknown kind of action {given.kind!r}: one of {', '.join(ReportKind.values)}.")
    if given.visibility not in REPORT_VISIBILITIES:
        raise FieldRefused("visibility", f"A report is {' or '.join(REPORT_VISIBILITIES)}, not {given.visibility!r}.")
    if given.ask is not None and given.ask.campaign_id != campaign.pk:
        raise FieldRefused("ask", f"The ask {given.ask.key!r} is not one of the campaign {campaign.slug!r}'s asks.")
    if given.ask is not None and given.ask.rule and given.state is None:
        raise FieldRefused("state", f"The ask {given.ask.key!r} is asked of States: say which State it was for.")
    if given.date > timezone.localdate():
        raise FieldRefused("date", f"A report says what was done: {given.date} is still to come.")
    if given.kind == ReportKind.SOCIAL_MEDIA and not given.link.strip():
        raise FieldRefused("link", "Give the address of the social media post.")


def _check_actor(existing: ActionReport | None, given: ReportInput, actor: Actor) -> None:
    if existing is not None and not may_report_for(actor, existing.owner):
        raise ActionError("Only the editors of the organisation that made this report can change it.")
    if not may_report_for(actor, given.owner):
        raise FieldRefused("owner", "Report for an organisation you are an editor of.")


def do_save_report(
    campaign: Campaign,
    existing: ActionReport | None,
    given: ReportInput,
    *,
    actor: Actor,
    reason: str,
    expected_version: int | None = None,
) -> ActionReport:
    """Record a new report (`existing` None) or correct one; the history keeps the earlier version.

    `expected_version` is the version the editor saw: if the report changed since, the correction is refused with
    what changed (ConflictError)."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if existing is not None and existing.campaign_id != campaign.pk:
        raise ActionError(f"This report belongs to another campaign than {campaign.slug!r}.")
    check_report(campaign, given)
    _check_actor(existing, given, actor)
    with transaction.atomic():
        report = existing or ActionReport(campaign=campaign)
        if existing is not None:
            report = ActionReport.objects.select_for_update().get(pk=existing.pk)
            check_version(report, expected_version)
            report.version += 1
            tallies.count(report, -1)  # as it was; counted again below as it is now
        else:
            report.reported_by = actor if getattr(actor, "is_authenticated", False) else None  # type: ignore[assignment]
        report.owner, report.kind, report.date = given.owner, given.kind, given.date
        report.ask, report.state, report.visibility = given.ask, given.state, given.visibility
        report.target, report.link, report.note = given.target.strip(), given.link.strip(), given.note.strip()
        try:
            report.full_clean(exclude=["reported_by"])
        except ValidationError as error:
            name, messages = next(iter(error.message_dict.items()))
            raise FieldRefused(name, f"{name}: {' '.join(messages)}") from None
        attach_actor(report, actor, reason)
        report.save()
        tallies.count(report, 1)
        # The dashboard and the list that anonymous readers share show public reports: retire their copies.
        invalidate_on_commit()
    if existing is not None:
        existing.version = report.version
    return report


def do_delete_report(report: ActionReport, *, actor: Actor, reason: str) -> None:
    """Remove a report (the history keeps it, with who removed it and why) and take it out of its tallies."""
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_report_for(actor, report.owner):
        raise ActionError("Only the editors of the organisation that made this report can remove it.")
    with transaction.atomic():
        stored = ActionReport.objects.select_for_update().filter(pk=report.pk).first()
        if stored is None:
            raise ActionError("This report was already removed.")
        tallies.count(stored, -1)  # as stored: a stale copy must not take the wrong day or State away
        attach_actor(stored, actor, reason)
        stored.delete()
        invalidate_on_commit()
