"""Findings, statements and votes change only through these functions: they are the treaty's public record,
kept by site administrators and added by the loader of the shipped data. Each checks, runs in a transaction and
keeps who, when and why in the history."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from treatywatch.lib.actions import SHIPPED_DATA, ActionError, Actor, attach_actor
from treatywatch.positions.models import Finding, Reliability, SourceReliability
from treatywatch.registry.models import Source
from treatywatch.registry.versions import register_changed


def may_record_findings(actor: Actor) -> bool:
    """The findings are the treaty's public record: site administrators keep them; the shipped data adds them."""
    if actor is SHIPPED_DATA:
        return True
    return bool(actor is not None and actor.is_active and getattr(actor, "is_superuser", False))


def _check(actor: Actor, reason: str, existing: bool) -> None:
    if not reason.strip():
        raise ActionError("Say why (the reason is kept in the history).")
    if not may_record_findings(actor):
        raise ActionError("Only a site administrator can record findings, statements and votes.")
    if actor is SHIPPED_DATA and existing:
        raise ActionError("The shipped data only adds findings; it never corrects an administrator's.")


def do_save_finding(finding: Finding, sources: Sequence[Source], *, actor: Actor, reason: str) -> Finding:
    """Record a finding (unsaved) or correct one; its weak-source mark follows the sources it cites."""
    _check(actor, reason, finding.pk is not None)
    if not sources and "NOT FOUND" not in finding.text:
        raise ActionError("Every finding needs its source; only a gap (NOT FOUND) may have none.")
    try:
        finding.full_clean()
    except ValidationError as error:
        raise ActionError("; ".join(f"{name}: {' '.join(m)}" for name, m in error.message_dict.items())) from None
    ratings = SourceReliability.objects.filter(source__in=sources).values_list("reliability", flat=True)
    finding.weak_source = bool(sources) and len(ratings) == len(sources) and set(ratings) == {Reliability.WEAK}
    attach_actor(finding, actor, reason)
    with transaction.atomic():
        finding.save()
        finding.sources.set(list(sources))
        register_changed(finding.treaty)
    return finding


def do_rate_source(source: Source, tag: str, reliability: str, *, actor: Actor, reason: str) -> SourceReliability:
    """Record how the findings' sources list rates a source."""
    existing = SourceReliability.objects.filter(source=source).first()
    _check(actor, reason, existing is not None)
    if reliability not in Reliability.values:
        raise ActionError(f"Unknown reliability {reliability!r}: one of {', '.join(Reliability.values)}.")
    rating = existing or SourceReliability(source=source)
    rating.tag, rating.reliability = tag, reliability
    attach_actor(rating, actor, reason)
    rating.save()
    return rating


def do_delete_finding(finding: Finding, *, actor: Actor, reason: str) -> None:
    if actor is SHIPPED_DATA:
        raise ActionError("The shipped data never removes a finding.")
    _check(actor, reason, True)
    attach_actor(finding, actor, reason)
    with transaction.atomic():
        finding.delete()
        register_changed(finding.treaty)
