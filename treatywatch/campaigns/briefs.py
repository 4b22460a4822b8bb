"""A member's brief for one State: what the campaign asks of it and the facts behind each ask, as the record stood
on a day (the campaign's first day unless another is asked for).

One presenter (`state_brief`) feeds the page, its PDF and the PDFs the job stores for every member, so they say
the same. It reads the targets (`campaigns.targets`), the State's political position (`positions.presenters`),
its anniversaries (`registry.milestones`) and the contacts the reader may read for that State
(`contacts.queries.contacts_for_state`, through `visible_to`): a page of them, in the contacts page's order, with
how many there are and a link to that page filtered by the State for the rest. Every fact cites its sources, each
listed once at the brief's foot and cited by number."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from treatywatch.campaigns.models import Ask, Campaign, Wording
from treatywatch.campaigns.presenters import SourceNotes
from treatywatch.campaigns.targets import Target, campaign_targets, cited
from treatywatch.campaigns.wording import STATUS_WORDS, reason_words, treaty_short_name
from treatywatch.contacts.models import Contact
from treatywatch.contacts.queries import contacts_for_state
from treatywatch.core.dates import add_days, add_months
from treatywatch.lib.dates import date_words
from treatywatch.lib.errors import NotFound
from treatywatch.lib.mail import site_url
from treatywatch.obligations.labels import DEADLINE_STATUS_LABELS, obligation_title
from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Reader, member_of
from treatywatch.positions.models import Finding
from treatywatch.positions.presenters import StatePosition, state_position
from treatywatch.registry.milestones import MilestoneRow, state_milestones
from treatywatch.registry.models import State

# The anniversaries a brief lists: the campaign's own days, and the year from its first day on, the time a
# member has to mark the next one.
MILESTONE_MONTHS = 12

# The contacts a brief lists; a member keeping more for the State reads the rest on its contacts page. A brief is
# read before a meeting and printed: thousands of contacts would bury the asks (and take seconds to render).
CONTACTS_SHOWN = 25


@dataclass(frozen=True)
class Fact:
    """One fact in words, the source's own text beside it where there is one, and its sources' numbers."""

    says: str
    text: str = ""
    notes: tuple[int, ...] = ()


@dataclass(frozen=True)
class BriefAsk:
    ask: Ask
    wording: Wording
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class BriefMilestone:
    row: MilestoneRow
    in_campaign: bool  # falls on one of the campaign's days
    notes: tuple[int, ...]

    @property
    def says(self) -> str:
        return self.row.for_this_state()


@dataclass(frozen=True)
class NotedFinding:
    """A statement, a vote or a Monitor finding, with its sources' numbers."""

    finding: Finding
    notes: tuple[int, ...]


@dataclass(frozen=True)
class BriefContacts:
    """The first contacts a brief lists (by name, as on the contacts page), how many it would list in all, and
    the contacts page filtered by the State, where the reader finds the rest."""

    shown: list[Contact]
    total: int
    path: str  # in the active language

    @property
    def more(self) -> bool:
        return self.total > len(self.shown)

    @property
    def url(self) -> str:
        """The same page at the site's public address, as a PDF writes it out (it has no request)."""
        return site_url(self.path)


@dataclass
class Brief:
    campaign: Campaign
    state: State
    day: date
    state_asks: list[BriefAsk]
    member_asks: list[BriefAsk]
    standing: list[Fact]
    deadlines: list[Fact]
    position: StatePosition
    statements: list[NotedFinding]
    votes: list[NotedFinding]  # where a source names the State's own vote
    latest_findings: list[NotedFinding]
    milestones: list[BriefMilestone]
    contacts: BriefContacts | None  # None: the brief was not written for a member (no contacts shown)
    sources: list[tuple[int, object]] = field(default_factory=list)


def brief_state(iso3: str) -> State:
    found = State.objects.filter(iso3=iso3.upper()).first()
    if found is None:
        raise NotFound(f"{iso3!r} is not the ISO 3166 alpha-3 code of a State in the register")
    return found


def _target(campaign: Campaign, state: State, day: date) -> Target:
    found = next((t for t in campaign_targets(campaign, day).targets if t.state.pk == state.pk), None)
    if found is None:
        raise NotFound(f"{state.display_name} did not exist on {day}")
    return found


def _standing(target: Target, notes: SourceNotes) -> list[Fact]:
    """The State's status under each treaty the asks bear on, with the dates behind it."""
    found = []
    for slug, status in sorted(target.snapshot.statuses.items()):
        dates = [
            (_("signed %(day)s"), status.signed_on),
            (_("instrument deposited %(day)s"), status.deposited_on),
            (_("in force for it since %(day)s"), status.in_force_on),
        ]
        said = [words % {"day": date_words(on)} for words, on in dates if on is not None]
        head = _("%(treaty)s: %(status)s") % {"treaty": treaty_short_name(slug), "status": STATUS_WORDS[status.status]}
        found.append(Fact("; ".join([head, *said]) + ".", notes=tuple(notes.numbers(status.sources))))
    return found


def _deadlines(target: Target, notes: SourceNotes) -> list[Fact]:
    found = []
    for slug, obligations in sorted(target.snapshot.obligations.items()):
        for item in obligations:
            values = {
                "treaty": treaty_short_name(slug),
                "title": obligation_title(item.title),
                "status": str(DEADLINE_STATUS_LABELS.get(item.status, item.status)).lower(),
            }
            if item.deadline is None:  # its status says already that no deadline is set or recorded
                says = _("%(treaty)s, %(title)s: %(status)s.") % values
            else:
                says = _("%(treaty)s, %(title)s: %(status)s, deadline %(day)s.") % {
                    **values,
                    "day": date_words(item.deadline),
                }
            found.append(Fact(says, notes=tuple(notes.numbers(item.sources))))
    return found


def _latest_findings(position: StatePosition) -> list[Finding]:
    """Per topic, the findings of the latest Monitor edition that has any."""
    latest: dict[str, int] = {}
    for finding in position.findings:
        latest[finding.topic] = max(latest.get(finding.topic, 0), finding.report_year)
    return [f for f in position.findings if f.report_year == latest[f.topic]]


def _asks(target: Target, language: str, notes: SourceNotes) -> tuple[list[BriefAsk], list[BriefAsk]]:
    state_asks, member_asks = [], []
    for ask, verdict in target.applying:
        if not ask.rule:
            member_asks.append(BriefAsk(ask, ask.worded(language)))
            continue
        facts = tuple(Fact(reason_words(r), r.text, tuple(notes.numbers(r.sources))) for r in verdict.reasons if r.kind)
        state_asks.append(BriefAsk(ask, ask.worded(language), facts))
    return state_asks, member_asks


def _milestones(campaign: Campaign, state: State, day: date, notes: SourceNotes) -> list[BriefMilestone]:
    last = max(campaign.ends_on, add_days(add_months(campaign.starts_on, MILESTONE_MONTHS), -1))
    rows = state_milestones(state, campaign.starts_on, last, day)
    return [
        BriefMilestone(
            row,
            campaign.starts_on <= row.milestone.first_day <= campaign.ends_on,
            tuple(notes.numbers(cited([row.source]))) if row.source else (),
        )
        for row in rows
    ]


def own_contacts(reader: Reader, state: State, member: Organisation | None = None) -> QuerySet[Contact]:
    """The contacts a brief lists: those `reader` may read (`visible_to`) that the reader's own organisations keep
    or are shared with; with `member`, that member's. A site administrator, who reads everything, still gets only
    those of the organisations it belongs to: a brief never lists another organisation's contacts. In the contacts
    page's order (by name, then as recorded), so the first a brief lists are the first that page shows."""
    found = contacts_for_state(reader, state, member)
    if member is None:
        mine = member_of(reader)
        found = found.filter(Q(owner_id__in=mine) | Q(shared_with__in=mine)).distinct()
    return found


def contacts_page(found: QuerySet[Contact], state: State) -> BriefContacts:
    """The first `CONTACTS_SHOWN` of `found` (one query with LIMIT) and their total (one COUNT, only when the page
    is full: a shorter page is the whole)."""
    shown = list(found.prefetch_related(None)[:CONTACTS_SHOWN])  # a brief does not say whom each is shared with
    total = found.count() if len(shown) == CONTACTS_SHOWN else len(shown)
    path = reverse("contacts:contacts") + "?" + urlencode({"state": state.iso3})
    return BriefContacts(shown, total, path)


def state_brief(
    campaign: Campaign,
    state: State,
    day: date,
    language: str,
    *,
    contacts: QuerySet[Contact] | None = None,
) -> Brief:
    """The brief for `state` as the record stood on `day`, worded in `language`; the first of `contacts` are
    listed in their order, with their total (read them with `own_contacts`); None leaves them out."""
    notes = SourceNotes()
    target = _target(campaign, state, day)
    state_asks, member_asks = _asks(target, language, notes)
    standing = _standing(target, notes)
    deadlines = _deadlines(target, notes)
    position = state_position(state, day)

    def noted(findings: list[Finding]) -> list[NotedFinding]:
        return [NotedFinding(f, tuple(notes.numbers(cited(f.sources.all())))) for f in findings]

    statements, votes, latest = noted(position.statements), noted(position.votes), noted(_latest_findings(position))
    milestones = _milestones(campaign, state, day, notes)
    return Brief(
        campaign=campaign,
        state=state,
        day=day,
        state_asks=state_asks,
        member_asks=member_asks,
        standing=standing,
        deadlines=deadlines,
        position=position,
        statements=statements,
        votes=votes,
        latest_findings=latest,
        milestones=milestones,
        contacts=None if contacts is None else contacts_page(contacts, state),
        sources=[(number, source) for source, number in notes.listed.items()],
    )
