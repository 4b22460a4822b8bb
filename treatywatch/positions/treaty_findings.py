"""A treaty's findings that are not about one State: the Monitor's global figures and major findings, the UN
General Assembly's and First Committee's votes on the resolution, collective statements, and areas that are not
States of the register (Kosovo, Western Sahara). Filtered by topic and year, as published by a given day.

"Published by" a day follows the rule of the whole register, the latest day a fact can be: a statement or a vote
shows from the latest day its date can be; a Monitor finding also waits for the end of its edition's year (the
edition names only its year), so no page claims a figure before the Monitor can have published it. A gap the file
marks NOT FOUND stays a gap, never a zero."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from treatywatch.lib.errors import BadParameter
from treatywatch.lib.fields import Output
from treatywatch.positions.models import Finding, Topic
from treatywatch.positions.presenters import FINDING, GAP, with_sources
from treatywatch.registry.models import Treaty

# Statements and votes are dated by when they were made; the other topics are Monitor findings, by edition.
MADE_ON_THEIR_DATE = (Topic.STATEMENT, Topic.UNGA_VOTE)


def published_by(day: date) -> Q:
    """The rows whose every date (the fact's, and a Monitor edition's year) is on or before `day`."""
    last_edition = day.year if (day.month, day.day) == (12, 31) else day.year - 1
    dated = Q(on__lte=day)
    undated = Q(on__isnull=True, report_year__lte=last_edition)
    made = Q(topic__in=MADE_ON_THEIR_DATE)
    return (made & (dated | undated)) | (~made & (dated | Q(on__isnull=True)) & Q(report_year__lte=last_edition))


def not_about_one_state() -> Q:
    return Q(state__isnull=True)


@dataclass(frozen=True)
class FindingFilters:
    topic: str | None = None
    year: int | None = None

    def as_meta(self) -> dict[str, object]:
        return {"topic": self.topic, "year": self.year}


def years_of(treaty: Treaty) -> list[int]:
    found = Finding.objects.filter(not_about_one_state(), treaty=treaty).values_list("report_year", flat=True)
    return sorted(set(found), reverse=True)


def parse_finding_filters(treaty: Treaty, topic: str | None, year: str | None) -> FindingFilters:
    if topic and topic not in Topic.values:
        raise BadParameter(f"topic: {topic!r} is not one of {', '.join(Topic.values)}")
    chosen_year = None
    if year:
        known = years_of(treaty)
        if not year.isdigit() or int(year) not in known:
            listed = ", ".join(str(y) for y in sorted(known))
            raise BadParameter(f"year: {year!r} is not a year of the {treaty.short_name}'s findings ({listed})")
        chosen_year = int(year)
    return FindingFilters(topic or None, chosen_year)


def treaty_findings(treaty: Treaty, day: date, filters: FindingFilters) -> QuerySet[Finding]:
    """The treaty's findings not about one State, published by `day`: the latest edition first, then in the file's
    order; two queries (the rows, their sources)."""
    found = Finding.objects.filter(not_about_one_state(), published_by(day), treaty=treaty)
    if filters.topic:
        found = found.filter(topic=filters.topic)
    if filters.year:
        found = found.filter(report_year=filters.year)
    return with_sources(found.order_by("-report_year", "order"))


def has_gap_value(finding: Finding) -> bool:
    """A value the sources did not give, in whole or in part (`142/2/NOT FOUND`)."""
    return GAP in finding.value


def _citations(finding: Finding) -> str:
    return "; ".join(s.citation for s in finding.sources.all())


def _addresses(finding: Finding) -> str:
    return " ".join(s.url for s in finding.sources.all() if s.url)


# The findings page's table and its downloads: the API's fields of a finding, with the page's headings.
TREATY_FINDING = Output(
    "TreatyFindingOut",
    (
        replace(FINDING.field("report_year"), label=_("Year")),
        replace(FINDING.field("topic"), label=_("Topic")),
        replace(FINDING.field("named"), label=_("About")),
        replace(FINDING.field("text"), label=_("Finding")),
        replace(FINDING.field("value"), label=_("Value")),
        FINDING.field("unit"),
        replace(FINDING.field("as_of"), label=_("Date")),
        FINDING.field("as_of_precision"),
        FINDING.field("weak_source"),
        FINDING.field("gap"),
        replace(FINDING.field("sources"), cell=_citations, label=_("Sources")),
        replace(FINDING.field("sources"), name="source_urls", cell=_addresses, in_api=False),
    ),
)
