"""A State's political position as the findings record it: its statements on use, its votes on the UN General
Assembly resolution where a source names them, the resolution's counts per year, the Monitor's findings about it,
and a summary sentence said only from what is recorded, naming what is not known.

The resolution's votes are mostly counts (yes, no, abstain) per year: a State's own vote is known only where a
source names it, so a year without such a source says "not known", never "against" or "absent"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from treatywatch.lib.fields import Many, Output, OutputField
from treatywatch.positions.models import Finding, Reliability, Topic
from treatywatch.registry.models import Source, State
from treatywatch.registry.presenters import SOURCE

GAP = "NOT FOUND"
GENERAL_ASSEMBLY = "UN General Assembly"


def _count(text: str) -> int | None:
    """One count as written: a number, or None where the source says NOT FOUND."""
    return int(text) if text.strip().isdigit() else None


@dataclass(frozen=True)
class ResolutionVote:
    """The resolution's vote in one body and year, as its counts (each None where not found)."""

    finding: Finding

    @property
    def body(self) -> str:
        return self.finding.named

    @property
    def counts(self) -> tuple[int | None, int | None, int | None]:
        parts = self.finding.value.split("/")
        if len(parts) != 3:
            return None, None, None
        yes, no, abstain = (_count(p) for p in parts)
        return yes, no, abstain

    @property
    def found(self) -> bool:
        return self.finding.value.strip() != GAP


def is_gap(finding: Finding) -> bool:
    """A row that records only what was searched for and not found."""
    return GAP in finding.text and not finding.sources.all()


def _known_by(day: date) -> Q:
    """Facts known on `day`: dated ones whose whole period has passed, and undated gaps (always shown)."""
    return Q(on__lte=day) | Q(on__isnull=True)


def with_sources(findings: QuerySet[Finding]) -> QuerySet[Finding]:
    cited = Source.objects.select_related("reliability").order_by("citation")
    return findings.prefetch_related(Prefetch("sources", queryset=cited))


@dataclass(frozen=True)
class StatePosition:
    state: State
    statements: list[Finding]
    votes: list[Finding]  # entries naming the State's own vote
    findings: list[Finding]  # the Monitor's findings about it
    gaps: list[Finding]
    resolution: list[ResolutionVote]  # every year's counts, both bodies

    @property
    def general_assembly(self) -> list[ResolutionVote]:
        return [v for v in self.resolution if v.body == GENERAL_ASSEMBLY]

    @property
    def empty(self) -> bool:
        return not (self.statements or self.votes or self.findings or self.gaps)

    def summary(self) -> str:
        return " ".join([self._votes_sentence(), self._statements_sentence()])

    def _votes_sentence(self) -> str:
        counted = sorted({v.finding.report_year for v in self.general_assembly if v.found})
        missing = sorted({v.finding.report_year for v in self.general_assembly if not v.found})
        name = self.state.display_name
        if self.votes:
            said = ngettext(
                "%(count)d source entry says how %(name)s voted on the UN General Assembly resolution (see below); "
                "its vote in the other years is not known.",
                "%(count)d source entries say how %(name)s voted on the UN General Assembly resolution (see "
                "below); its vote in the other years is not known.",
                len(self.votes),
            ) % {"count": len(self.votes), "name": name}
        elif counted:
            said = _(
                "The sources give the UN General Assembly resolution's vote counts for %(first)d–%(last)d but not "
                "how %(name)s voted: its vote is not known."
            ) % {"first": counted[0], "last": counted[-1], "name": name}
        else:
            said = _("No vote on the UN General Assembly resolution is recorded.")
        if missing:
            years = ", ".join(str(y) for y in missing)
            said += " " + _("The vote of %(years)s was not found.") % {"years": years}
        return said

    def _statements_sentence(self) -> str:
        if not self.statements:
            return _("No statement on use is recorded (the sources searched may have missed one).")
        latest = max(self.statements, key=lambda s: s.on or date.min)
        return ngettext(
            "%(count)d statement on use is recorded (%(day)s).",
            "%(count)d statements on use are recorded, the latest %(day)s.",
            len(self.statements),
        ) % {"count": len(self.statements), "day": latest.as_of_text}


def state_position(state: State, day: date) -> StatePosition:
    """What the findings record about `state` known on `day`, in two queries (the rows, their sources)."""
    mine = Q(state=state) | Q(code=state.iso3)
    resolution = Q(state__isnull=True, code="", topic=Topic.UNGA_VOTE)
    rows = list(with_sources(Finding.objects.filter(mine | resolution).filter(_known_by(day))))
    own = [f for f in rows if f.state_id == state.pk or f.code == state.iso3]
    gaps = [f for f in own if is_gap(f)]
    kept = [f for f in own if f not in gaps]
    return StatePosition(
        state=state,
        statements=[f for f in kept if f.topic == Topic.STATEMENT],
        votes=[f for f in kept if f.topic == Topic.UNGA_VOTE],
        findings=[f for f in kept if f.topic not in (Topic.STATEMENT, Topic.UNGA_VOTE)],
        gaps=gaps,
        resolution=[ResolutionVote(f) for f in rows if f not in own],
    )


def is_weak(source: Source) -> bool:
    rating = getattr(source, "reliability", None)
    return rating is not None and rating.reliability == Reliability.WEAK


FINDING_SOURCE = Output(
    "FindingSourceOut",
    (
        *SOURCE.fields,
        OutputField(
            "tag",
            str | None,
            lambda s: s.reliability.tag if hasattr(s, "reliability") else None,
            gettext_noop("The source's tag in the findings' list of sources."),
        ),
        OutputField(
            "reliability",
            str | None,
            lambda s: s.reliability.reliability if hasattr(s, "reliability") else None,
            gettext_noop(
                "highest (Monitor, Implementation Support Unit), next (campaign, research, government) or weak (a news "
                "copy or secondary retelling: treat as a lead)."
            ),
        ),
    ),
)

FINDING = Output(
    "FindingOut",
    (
        OutputField(
            "report_year",
            int,
            lambda f: f.report_year,
            gettext_noop("The Monitor edition; for statements, their year."),
            label=gettext_lazy("Report year"),
        ),
        OutputField(
            "topic",
            str,
            lambda f: f.topic,
            gettext_noop(
                "One of contamination, stockpile, casualties, use, support, major_finding, statement, unga_vote."
            ),
            label=gettext_lazy("Topic"),
        ),
        OutputField(
            "named",
            str,
            lambda f: f.named,
            gettext_noop("The State, area or body as the source names it."),
            label=gettext_lazy("Named as"),
        ),
        OutputField(
            "text",
            str,
            lambda f: f.text,
            gettext_noop("As the source gives it; NOT FOUND and UNVERIFIED stay so."),
            label=gettext_lazy("Finding"),
        ),
        OutputField(
            "value",
            str | None,
            lambda f: f.value or None,
            gettext_noop("As written: a number, a range, or NOT FOUND."),
            label=gettext_lazy("Value"),
        ),
        OutputField(
            "unit",
            str | None,
            lambda f: f.unit or None,
            gettext_noop("The unit of the value (km², mines...)."),
            label=gettext_lazy("Unit"),
        ),
        OutputField(
            "as_of",
            str | None,
            lambda f: f.as_of_text or None,
            gettext_noop("The date as written, to its precision."),
            label=gettext_lazy("Date as written"),
        ),
        OutputField(
            "as_of_precision",
            str | None,
            lambda f: f.on_precision or None,
            gettext_noop("day, month, year or span (a span of years or months)."),
            label=gettext_lazy("Date precision"),
        ),
        OutputField(
            "weak_source",
            bool,
            lambda f: f.weak_source,
            gettext_noop("Every source cited is a weak one."),
            label=gettext_lazy("Weak sources only"),
        ),
        OutputField(
            "gap",
            bool,
            is_gap,
            gettext_noop("The row records only that something was searched for and not found."),
            label=gettext_lazy("Not found"),
        ),
        OutputField(
            "sources", Many(FINDING_SOURCE), lambda f: list(f.sources.all()), gettext_noop("The sources the row cites.")
        ),
    ),
)

RESOLUTION_VOTE = Output(
    "ResolutionVoteOut",
    (
        OutputField("year", int, lambda v: v.finding.report_year, gettext_noop("The year of the vote.")),
        OutputField("body", str, lambda v: v.body, gettext_noop("UN General Assembly or UN First Committee.")),
        OutputField(
            "found", bool, lambda v: v.found, gettext_noop("False where the sources searched did not give the vote.")
        ),
        OutputField("yes", int | None, lambda v: v.counts[0], gettext_noop("null where not found.")),
        OutputField("no", int | None, lambda v: v.counts[1], gettext_noop("null where not found.")),
        OutputField("abstain", int | None, lambda v: v.counts[2], gettext_noop("null where not found.")),
        OutputField(
            "date", str | None, lambda v: v.finding.as_of_text or None, gettext_noop("As written, to its precision.")
        ),
        OutputField("text", str, lambda v: v.finding.text, gettext_noop("Sponsors, notes and what was not found.")),
        OutputField(
            "sources",
            Many(FINDING_SOURCE),
            lambda v: list(v.finding.sources.all()),
            gettext_noop("The sources of the vote."),
        ),
    ),
)
