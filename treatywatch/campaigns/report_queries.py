"""The action reports a reader asks for, read through `visible_to`: filters that say what is wrong with them, and
the one list of a report's fields (the API's answer, the CSV/XLSX columns and the list page's headings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy, gettext_noop

from treatywatch.campaigns.dashboard import activity_counts
from treatywatch.campaigns.models import ActionReport, Ask, Campaign, ReportKind
from treatywatch.lib.errors import BadParameter, NotFound
from treatywatch.lib.fields import Output, OutputField
from treatywatch.organisations.visibility import Reader
from treatywatch.registry.models import State


def get_campaign(slug: str) -> Campaign:
    campaign = Campaign.objects.select_related("organiser").filter(slug=slug).first()
    if campaign is None:
        raise NotFound(f"No campaign {slug!r}.")
    return campaign


@dataclass(frozen=True)
class ReportFilters:
    state: State | None = None
    ask: Ask | None = None
    kind: str | None = None


def parse_report_filters(
    campaign: Campaign, *, state: str | None = None, ask: str | None = None, kind: str | None = None
) -> ReportFilters:
    """The filters of a request, each refused with a message naming the parameter when it means nothing."""
    found_state = found_ask = None
    if state is not None:
        found_state = State.objects.filter(iso3=state.strip().upper()).first()
        if found_state is None:
            raise BadParameter(f"state: {state!r} is not the ISO 3166 alpha-3 code of a State in the register")
    if ask is not None:
        found_ask = campaign.asks.filter(key=ask.strip()).first()
        if found_ask is None:
            keys = ", ".join(campaign.asks.values_list("key", flat=True)) or "none"
            raise BadParameter(f"ask: {ask!r} is not one of the campaign's asks ({keys})")
    if kind is not None and kind not in ReportKind.values:
        raise BadParameter(f"kind: {kind!r} is not one of {', '.join(ReportKind.values)}")
    return ReportFilters(state=found_state, ask=found_ask, kind=kind)


def reports_for(reader: Reader, campaign: Campaign, filters: ReportFilters) -> QuerySet[ActionReport]:
    """The campaign's reports `reader` may read that match `filters`, the latest first."""
    found = ActionReport.objects.visible_to(reader).filter(campaign=campaign)
    if filters.state is not None:
        found = found.filter(state=filters.state)
    if filters.ask is not None:
        found = found.filter(ask=filters.ask)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind)
    return found.select_related("ask", "state", "owner").order_by("-date", "-pk")


def counted(reader: Reader, campaign: Campaign, filters: ReportFilters, day: date) -> int | None:
    """How many reports `reader` may read match `filters` up to `day`, from the tallies when one filter at most is
    given (the dashboard's numbers: no count of a million reports); None when the list must be counted."""
    given = [f for f in (filters.state, filters.ask, filters.kind) if f is not None]
    if len(given) > 1:
        return None
    counts = activity_counts(reader, campaign, day)
    if filters.state is not None:
        return counts.by_state.get(filters.state.pk, 0)
    if filters.ask is not None:
        return counts.by_ask.get(filters.ask.pk, 0)
    if filters.kind is not None:
        return counts.by_kind.get(filters.kind, 0)
    return counts.total


class CountedPaginator(Paginator):
    """A paginator told its count (see `counted`) rather than counting the list again."""

    def __init__(self, found: QuerySet[ActionReport], per_page: int, count: int | None) -> None:
        super().__init__(found, per_page, allow_empty_first_page=True)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached property


def _state_code(report: ActionReport) -> str | None:
    return report.state.iso3 if report.state else None


def _ask_key(report: ActionReport) -> str | None:
    return report.ask.key if report.ask else None


def _organisation(report: ActionReport) -> Any:
    return report.owner.slug if report.owner else None


REPORT = Output(
    "ActionReportOut",
    (
        OutputField(
            "id", int, lambda report: report.pk, description=gettext_noop("The report's number in the register.")
        ),
        OutputField(
            "date", date, lambda report: report.date, gettext_noop("The day it was done."), label=gettext_lazy("Date")
        ),
        OutputField(
            "kind",
            str,
            lambda report: report.kind,
            gettext_noop("One of met_official, letter, media, social_media, event, fundraising."),
            label=gettext_lazy("What was done"),
        ),
        OutputField(
            "ask",
            str | None,
            _ask_key,
            gettext_noop("The key of the ask it answers; null for none."),
            label=gettext_lazy("Ask"),
        ),
        OutputField(
            "state",
            str | None,
            _state_code,
            gettext_noop("The State's ISO 3166 alpha-3 code; null for an ask with no State."),
            label=gettext_lazy("State"),
        ),
        OutputField(
            "target",
            str,
            lambda report: report.target,
            gettext_noop("Who was approached."),
            label=gettext_lazy("Who was approached"),
        ),
        OutputField(
            "link", str | None, lambda report: report.link or None, gettext_noop("A post, an article, a recording.")
        ),
        OutputField(
            "note",
            str,
            lambda report: report.note,
            description=gettext_noop("What was done and what came of it, as the member wrote it."),
        ),
        OutputField(
            "organisation",
            str | None,
            _organisation,
            gettext_noop("The reporting organisation's short name."),
            label=gettext_lazy("Reported by"),
        ),
        OutputField(
            "visibility",
            str,
            lambda report: report.visibility,
            gettext_noop(
                "public, or organisation: read by the reporting organisation and the campaign's organiser only."
            ),
        ),
    ),
    doc="What a member organisation did for a campaign.",
)

PAGE_COLUMNS = REPORT.page_columns("date", "kind", "ask", "state", "target", "organisation")
