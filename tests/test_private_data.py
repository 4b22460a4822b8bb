"""Private records stay private on every URL the site answers.

Two closed universalization activities are planted with marker strings in their private part (other
participants, outcome notes) and with the States they approached and that attended: one kept for the
organisation that recorded it, one shared with a second organisation. Then every URL pattern of the site (pages,
downloads in every format, calendar feeds, the API, the admin; in every language) is fetched with GET, redirects
not followed, as an anonymous visitor, as a member of a third organisation (signed in, and with an API token), and
as a staff editor who belongs to that third organisation only; a calendar feed also with each reader's feed key, on
a day before the activities, when the feed holds them as planned. Each time a member of the owning organisation has
fetched the URL first (signed in, and with a token), so that a cache filled for a reader who may see the private
part cannot answer anyone else unnoticed. No answer, nor any
download its page offers, may contain a marker.

A new URL pattern is fetched as soon as each of its keywords has sample values below. A pattern with a keyword
this file does not know, and a model with a private part that is not planted here, fail the suite until they are.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

import pypdfium2
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from django.utils.http import urlsafe_base64_encode
from django.utils.regex_helper import normalize
from weasyprint import HTML

from treatywatch.campaigns.actions import do_save_campaign
from treatywatch.campaigns.models import ActionReport, Campaign, MemberBrief, ReportKind
from treatywatch.campaigns.report_actions import ReportInput, do_save_report
from treatywatch.contacts.actions import ContactInput, do_save_contact
from treatywatch.contacts.models import Contact
from treatywatch.lib.exports import CONTENT_TYPES, render_export
from treatywatch.obligations.models import Watch
from treatywatch.organisations.actions import do_create_api_token, do_save_organisation, do_set_membership
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role, TokenPurpose
from treatywatch.organisations.visibility import Reader, Restricted, Visibility
from treatywatch.outreach.actions import (
    ActivityInput,
    FollowUpInput,
    do_add_documents,
    do_add_follow_up,
    do_save_activity,
)
from treatywatch.outreach.feeds import activities_feed
from treatywatch.outreach.models import Activity, ActivityDocument, ActivityKind, FollowUp
from treatywatch.registry import roles
from treatywatch.registry.actions import do_create_source
from treatywatch.registry.models import State, Treaty
from treatywatch.registry.standings import treaty_view

pytestmark = pytest.mark.django_db

# The closed meeting of 23 May 2018 and the presentation to parliamentarians of 27 March 2018 in the ISU's log.
# The log does not name the States: the planted ones were CCM signatories that had not ratified on those days.
CLOSED_MEETING_DAY, PRESENTATION_DAY = date(2018, 5, 23), date(2018, 3, 27)
CLOSED_TARGETS, CLOSED_ATTENDING = ("IDN", "KEN"), ("GMB", "NAM")
SHARED_TARGETS = ("PHL", "NGA")

# Sample values of each URL keyword; `{kind:record}` is filled in with a record the fixture plants.
SAMPLES: dict[str, tuple[str, ...]] = {
    "slug": ("ccm",),  # a treaty
    "plan": ("dubrovnik",),  # an action plan of the CCM, whose indicators count activities
    "iso3": (CLOSED_TARGETS[0], SHARED_TARGETS[0]),  # a State each closed activity approached
    "fmt": tuple(CONTENT_TYPES),  # every download format (treatywatch/lib/exports.py)
    "obligation": ("clearance",),  # an obligation of the CCM's rules file
    "token": ("{token:watch}",),  # a deadline watch's unsubscribe token (to a password reset link, a wrong one)
    "uidb64": ("{uid:owner-member}",),  # a password reset link's account: the owning organisation's member
    "app_label": tuple(sorted({model._meta.app_label for model in admin.site._registry})),  # each admin app
    "url": ("no-such-page/",),  # the admin's answer to an address it does not know
}

# Where a keyword names something else in one route: its sample values there, by route as written.
CAMPAIGN = ("planted-campaign",)  # the planted campaign, whose organiser reads every member's reports
SAMPLES_IN_ROUTE: dict[str, dict[str, tuple[str, ...]]] = {
    "api/v1/action-plans/<slug>": {"slug": SAMPLES["plan"]},  # an action plan, by its slug
    "api/v1/campaigns/<slug>/reports": {"slug": CAMPAIGN},
    **{
        f"campaigns/<slug:slug>/{route}": {"slug": CAMPAIGN}
        for route in ("reports/", "reports.<str:fmt>", "reports/new/", "reports/<int:pk>/", "reports/<int:pk>/edit/")
    },
    "campaigns/<slug:slug>/dashboard/": {"slug": CAMPAIGN},
    # The call of the shipped campaign, organised by the coalition the owner belongs to: its staff preview it.
    "campaigns/<slug:slug>/call/": {"slug": ("oslo-10",)},
    # A member's brief for a State (the owner keeps contacts for the first closed target), and the stored briefs.
    **{
        f"campaigns/<slug:slug>/{route}": {"slug": CAMPAIGN}
        for route in ("briefs/<str:iso3>/", "briefs/<str:iso3>.pdf", "briefs/", "briefs/members/<int:pk>.pdf")
    },
}

# Keywords that name a record, with what of the record they take. The record is each one planted for the model
# whose admin the pattern belongs to, or the model's first row when none is planted; each planted private record
# for a pattern outside the admin.
RECORD_KEYWORDS = {
    "object_id": "pk",
    "pk": "pk",
    "id": "pk",
    "job_id": "pk",
    "history_id": "history",
    "content_type_id": "content-type",
    "doc_id": "document",  # the planted activity's document
    "follow_up_id": "follow-up",  # the planted activity's follow-up action
}

# Unnamed groups of regular-expression patterns, named by the pattern they appear in.
POSITIONAL_GROUPS = {r"^([^/]+)/history/([^/]+)/$": ("object_id", "history_id")}  # django-simple-history's admin

# Patterns that are not fetched, by route without the language prefix: a GET cannot show what they do.
NOT_FETCHED = {
    "admin/logout/": "POST only: a GET is refused (405) and signs nobody out",
}

# The records planted for each model, by name. Every model with a private part must have some.
PLANTED: dict[type[models.Model], tuple[str, ...]] = {
    Activity: ("closed-activity", "shared-activity"),
    # A member's report kept for it and the campaign's organiser.
    ActionReport: ("member-report",),
    # Each closed activity's document and follow-up: its private part too.
    ActivityDocument: ("closed-activity-document", "shared-activity-document"),
    FollowUp: ("closed-activity-follow-up", "shared-activity-follow-up"),
    # A contact kept by the owning organisation, and one it shares with the partner.
    Contact: ("closed-contact", "shared-contact"),
    Organisation: ("owner-organisation",),
    Membership: ("owner-membership",),
    User: ("owner-member",),
    Watch: ("watch",),
}
PRIVATE_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Activity: ("participants", "notes"),
    ActivityDocument: ("title", "content"),  # its title, and the text in the file
    FollowUp: ("description",),
    Contact: ("name", "institution", "notes"),
    ActionReport: ("target", "note"),
}

OWNER, PARTNER = "owner member", "partner member"
OUTSIDERS = ("anonymous", "other member", "other member's token", "other staff editor")
# Readers who send an API token instead of a session: the token's user, by reader name.
TOKEN_READERS = {"owner member's token": OWNER, "other member's token": "other member"}
OWNER_READERS = (OWNER, "owner member's token")


def marker(record: str, field_name: str) -> str:
    return f"{record}-{field_name}-kept-private"


MARKERS = (
    *(
        marker(record, field_name)
        for model, names in PRIVATE_FIELDS.items()
        for record in PLANTED[model]
        for field_name in names
    ),
    marker("member-brief", "content"),  # the text of the owner's stored brief (a file, not a model's field)
)


@dataclass(frozen=True)
class Pattern:
    route: str  # as written, without the language prefix
    levels: tuple[Any, ...]  # the pattern of each resolver down to it, outermost first
    callback: Any
    model: type[models.Model] | None  # the model of the admin pages it belongs to


@dataclass(frozen=True)
class Address:
    path: str
    language: str | None
    callback: Any = field(compare=False)

    def __str__(self) -> str:
        return self.path


def _route(levels: tuple[Any, ...]) -> str:
    return "".join("" if isinstance(level, LocalePrefixPattern) else str(level) for level in levels)


def _admin_model(resolver: URLResolver) -> type[models.Model] | None:
    """The model whose admin pages `resolver` holds (a ModelAdmin marks the views it wraps)."""
    for entry in resolver.url_patterns:
        model_admin = getattr(getattr(entry, "callback", None), "model_admin", None)
        if model_admin is not None:
            return model_admin.model
    return None


def _patterns(
    resolver: URLResolver, levels: tuple[Any, ...] = (), model: type[models.Model] | None = None
) -> Iterator[Pattern]:
    for entry in resolver.url_patterns:
        here = (*levels, entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, here, _admin_model(entry) or model)
        elif isinstance(entry, URLPattern):
            yield Pattern(_route(here), here, entry.callback, model)


def _records(model: type[models.Model] | None) -> tuple[str, ...]:
    if model is None:
        return tuple(name for planted, names in PLANTED.items() if issubclass(planted, Restricted) for name in names)
    return PLANTED.get(model, (model._meta.label_lower,))


def _addresses(pattern: Pattern) -> tuple[list[Address], list[str]]:
    """The URLs to fetch for `pattern` (a record planted at run time as `{kind:record}`), and what is missing."""
    formats, keywords = [], []
    for level in pattern.levels:
        if isinstance(level, LocalePrefixPattern):
            continue
        written, names = normalize(level.regex.pattern)[0]
        unnamed = [name for name in names if name.startswith("_")]
        if unnamed:
            named = POSITIONAL_GROUPS.get(level.regex.pattern)
            if named is None:
                return [], [f"{pattern.route}: name its unnamed groups in POSITIONAL_GROUPS"]
            for index, name in enumerate(named):
                written = written.replace(f"%(_{index})s", f"%({name})s")
            names = [named[int(name[1:])] if name.startswith("_") else name for name in names]
        formats.append(written)
        keywords += [name for name in names if name not in keywords]
    unknown = [name for name in keywords if name not in SAMPLES and name not in RECORD_KEYWORDS]
    if unknown:
        return [], [f"{pattern.route}: no sample value for <{name}> in SAMPLES" for name in unknown]
    records: tuple[str | None, ...] = (None,)
    if any(name in RECORD_KEYWORDS for name in keywords):
        records = _records(pattern.model)
    samples = SAMPLES | SAMPLES_IN_ROUTE.get(pattern.route, {})
    choices = [samples.get(name, ("",)) for name in keywords]  # a record keyword's value comes from `record`
    languages: list[str | None] = [None]
    if any(isinstance(level, LocalePrefixPattern) for level in pattern.levels):
        languages = [code for code, _name in settings.LANGUAGES]
    found = []
    for language, record, values in itertools.product(languages, records, itertools.product(*choices)):
        given = dict(zip(keywords, values, strict=True))
        for name in keywords:
            if name in RECORD_KEYWORDS:
                given[name] = f"{{{RECORD_KEYWORDS[name]}:{record}}}"
        prefix = ""
        if language is not None:
            locale = next(level for level in pattern.levels if isinstance(level, LocalePrefixPattern))
            with translation.override(language):
                prefix = locale.language_prefix
        path = "/" + prefix + "".join(written % given for written in formats)
        found.append(Address(path, language, pattern.callback))
    return found, []


def _every_address() -> tuple[list[Address], list[str]]:
    addresses: list[Address] = []
    problems: list[str] = []
    routes = set()
    for pattern in _patterns(get_resolver()):
        routes.add(pattern.route)
        if pattern.route in NOT_FETCHED:
            continue
        found, missing = _addresses(pattern)
        addresses += found
        problems += missing
    problems += [f"{route}: listed in NOT_FETCHED but no longer a URL pattern" for route in NOT_FETCHED.keys() - routes]
    problems += [
        f"{route}: in SAMPLES_IN_ROUTE but no longer a URL pattern" for route in SAMPLES_IN_ROUTE.keys() - routes
    ]
    return addresses, problems


ADDRESSES, PROBLEMS = _every_address()


@dataclass
class Planted:
    records: dict[str, models.Model]
    users: dict[str, Reader]
    sessions: dict[str, str]
    keys: dict[str, str]  # reader -> API key
    feed_keys: dict[str, str]  # reader -> the key of a private feed address

    def fill(self, path: str) -> str:
        return re.sub(r"\{([a-z-]+):([\w.-]+)\}", lambda found: self._value(found[1], found[2]), path)

    def _value(self, kind: str, name: str) -> str:
        record: Any = self.records.get(name) or apps.get_model(name)._default_manager.order_by("pk").first()
        if record is None:  # a table with no row: the page about a record that does not exist
            return "0"
        if kind == "uid":
            return urlsafe_base64_encode(str(record.pk).encode())
        if kind == "token":
            assert isinstance(record, Watch)
            return record.unsubscribe_token
        if kind == "content-type":
            return str(ContentType.objects.get_for_model(record).pk)
        if kind in ("document", "follow-up"):
            if not isinstance(record, Activity):  # a contact's number in an activity's address: nothing attached
                return "0"
            attached = record.documents if kind == "document" else record.follow_ups
            first = attached.order_by("pk").first()
            return str(first.pk) if first else "0"
        if kind == "history":
            latest = record.history.order_by("-history_id").first()
            return str(latest.history_id) if latest else "0"
        return str(record.pk)

    def client(self, reader: str) -> Client:
        if reader in self.keys:
            return Client(headers={"Authorization": f"Bearer {self.keys[reader]}"})
        client = Client()
        if reader in self.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[reader]
        return client


def _organisation(name: str, kind: str, site_admin: User) -> Organisation:
    slug = name.lower().replace(" ", "-")
    return do_save_organisation(Organisation(name=name, slug=slug, kind=kind), actor=site_admin, reason="test")


def _member(organisation: Organisation, username: str, role: str, site_admin: User, *, staff: bool = False) -> User:
    user = User.objects.create_user(username, password="a long test password", is_staff=staff)
    do_set_membership(organisation, user, role, actor=site_admin, reason="test")
    return user


def _states(*codes: str) -> tuple[State, ...]:
    return tuple(State.objects.get(iso3=code) for code in codes)


def _plant() -> Planted:
    ccm = Treaty.objects.get(slug="ccm")
    site_admin = User.objects.create_superuser("site-admin", password="a long test password")
    owner = _organisation("Owner organisation", OrganisationKind.SUPPORT_UNIT, site_admin)
    partner = _organisation("Partner organisation", OrganisationKind.GOVERNMENT, site_admin)
    # The third organisation is a coalition the owner belongs to: its staff read none of the owner's contacts.
    other = _organisation("Other organisation", OrganisationKind.COALITION, site_admin)
    owner.coalition = other
    do_save_organisation(owner, actor=site_admin, reason="test")
    oslo = Campaign.objects.get(slug="oslo-10")
    oslo.organiser = other
    do_save_campaign(oslo, actor=site_admin, reason="test: the coalition's call reaches the owner's people")
    editor = _member(owner, "owner-editor", Role.EDITOR, site_admin)
    staff_editor = _member(other, "other-staff-editor", Role.VIEWER, site_admin, staff=True)
    staff_editor.groups.add(Group.objects.get(name=roles.EDITOR))
    users: dict[str, Reader] = {
        OWNER: editor,
        PARTNER: _member(partner, "partner-viewer", Role.VIEWER, site_admin),
        "anonymous": AnonymousUser(),
        "other member": _member(other, "other-viewer", Role.VIEWER, site_admin),
        "other staff editor": staff_editor,
    }
    source = do_create_source(
        citation="Convention on Cluster Munitions Implementation Support Unit, universalization activities log",
        actor=editor,
    )
    closed = do_save_activity(
        None,
        ActivityInput(
            treaty=ccm,
            kind=ActivityKind.MEETING,
            title="Informal, closed meeting with CCM Signatory States",
            date=CLOSED_MEETING_DAY,
            source=source,
            organising_states=_states("FRA", "PAN"),
            target_states=_states(*CLOSED_TARGETS),
            attending_states=_states(*CLOSED_ATTENDING),
            participants=marker("closed-activity", "participants"),
            notes=marker("closed-activity", "notes"),
            visibility=Visibility.ORGANISATION,
            owner=owner,
        ),
        actor=editor,
        reason="test",
    )
    shared = do_save_activity(
        None,
        ActivityInput(
            treaty=ccm,
            kind=ActivityKind.PRESENTATION,
            title="Presentation on the CCM to parliamentarians",
            date=PRESENTATION_DAY,
            source=source,
            place="Geneva",
            target_states=_states(*SHARED_TARGETS),
            attending_states=_states(SHARED_TARGETS[0]),
            participants=marker("shared-activity", "participants"),
            notes=marker("shared-activity", "notes"),
            visibility=Visibility.NAMED,
            owner=owner,
            shared_with=(partner,),
        ),
        actor=editor,
        reason="test",
    )
    records: dict[str, models.Model] = {"closed-activity": closed, "shared-activity": shared}
    for name, activity in (("closed-activity", closed), ("shared-activity", shared)):
        document = f"{name}-document"
        text = SimpleUploadedFile(f"{marker(document, 'title')}.txt", marker(document, "content").encode())
        records[document] = do_add_documents(activity, [text], actor=editor, reason="test")[0]
        follow_up = FollowUpInput(marker(f"{name}-follow-up", "description"), date(2018, 6, 30), owner)
        records[f"{name}-follow-up"] = do_add_follow_up(activity, follow_up, actor=editor, reason="test")
    for name, shared_with in (("closed-contact", ()), ("shared-contact", (partner,))):
        given = ContactInput(
            name=marker(name, "name"),
            kind="official",
            state=_states(CLOSED_TARGETS[0])[0],
            institution=marker(name, "institution"),
            notes=marker(name, "notes"),
            visibility=Visibility.NAMED if shared_with else Visibility.ORGANISATION,
            shared_with=shared_with,
        )
        records[name] = do_save_contact(None, given, owner=owner, actor=editor, reason="test")
    # The owning organisation reports for a campaign the partner organises: the partner's members read the report
    # (the organiser reads every member's), nobody else.
    planted_campaign = Campaign(
        slug=CAMPAIGN[0], name="A planted campaign", starts_on=date(2017, 2, 20), ends_on=date(2017, 2, 24),
        languages=["en"], organiser=partner,
    )  # fmt: skip
    campaign = do_save_campaign(planted_campaign, actor=site_admin, reason="test")
    records["member-report"] = do_save_report(
        campaign,
        None,
        ReportInput(
            owner=owner,
            kind=ReportKind.MET_OFFICIAL,
            date=date(2017, 2, 21),
            state=_states(CLOSED_TARGETS[0])[0],
            target=marker("member-report", "target"),
            note=marker("member-report", "note"),
        ),
        actor=editor,
        reason="test",
    )
    # A stored brief of the owning organisation (as the briefs job leaves it), its text a marker.
    pdf = HTML(string=f"<p>{marker('member-brief', 'content')}</p>").write_pdf()
    brief = MemberBrief(
        campaign=campaign,
        organisation=owner,
        state=_states(CLOSED_TARGETS[0])[0],
        language="en",
        day=campaign.starts_on,
        generated_at=timezone.now(),
    )
    brief.file.save("owner-brief.pdf", ContentFile(pdf), save=False)
    brief.save()
    records["member-brief"] = brief
    records |= {
        "owner-organisation": owner,
        "owner-membership": Membership.objects.get(user=editor),
        "owner-member": editor,
        "watch": Watch.objects.create(email="monitor@example.org", treaty=ccm),
    }
    sessions = {}
    for name, user in users.items():
        if isinstance(user, User):
            client = Client()
            client.force_login(user)
            sessions[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    keys = {}
    for reader, holder in TOKEN_READERS.items():
        user = users[holder]
        assert isinstance(user, User)
        keys[reader] = do_create_api_token(user, "test script", actor=user, reason="test")[1]
    feed_keys = {}
    for reader in (OWNER, PARTNER, "other member"):
        user = users[reader]
        assert isinstance(user, User)
        feed_keys[reader] = do_create_api_token(user, "calendar", actor=user, reason="test", purpose=TokenPurpose.FEED)[
            1
        ]
    return Planted(records, users, sessions, keys, feed_keys)


@pytest.fixture(scope="module")
def planted(django_db_setup: None, django_db_blocker: Any) -> Iterator[Planted]:
    """Planted once for this file, in a transaction rolled back after its last test; each test runs in a savepoint
    of it (pytest-django's `db`), so what a request writes is undone after each."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _plant()
        transaction.set_rollback(True)


def test_every_url_pattern_is_fetched_or_said_why_not() -> None:
    assert ADDRESSES, "no URL pattern found"
    assert not PROBLEMS, "\n".join(PROBLEMS)


def test_every_model_with_a_private_part_is_planted_with_markers() -> None:
    private: set[type[models.Model]] = {model for model in apps.get_models() if issubclass(model, Restricted)}
    assert Activity in private
    missing = sorted(model._meta.label for model in private - set(PRIVATE_FIELDS))
    assert not missing, f"plant records of {missing} in PLANTED, with markers in their PRIVATE_FIELDS"


def test_the_markers_are_in_the_private_part_the_owning_organisations_read(planted: Planted) -> None:
    """The positive control: what the URLs are searched for is really there, for those who may read it."""
    readers_of = {
        "closed-activity": {OWNER},
        "shared-activity": {OWNER, PARTNER},
        "closed-contact": {OWNER},
        "shared-contact": {OWNER, PARTNER},
        "member-report": {OWNER, PARTNER},
    }
    for name, readers in readers_of.items():
        record = planted.records[name]
        manager: Any = type(record)._default_manager
        for reader, user in planted.users.items():
            seen = manager.with_private_part(user).get(pk=record.pk)
            assert seen.private_part_visible == (reader in readers), (name, reader)
            assert manager.visible_to(user).filter(pk=record.pk).exists() == (reader in readers), (name, reader)
            if reader in readers:
                assert all(marker(name, f) in getattr(seen, f) for f in PRIVATE_FIELDS[type(record)]), (name, reader)


def test_the_member_and_the_campaigns_organiser_read_the_report_on_its_pages(planted: Planted) -> None:
    """The positive control for the action report: its markers are where those who may read it look."""
    report = planted.records["member-report"]
    for reader in (OWNER, PARTNER):
        client = planted.client(reader)
        for path in (f"/campaigns/{CAMPAIGN[0]}/reports/{report.pk}/", f"/campaigns/{CAMPAIGN[0]}/reports.csv"):
            text = client.get(path).content.decode()
            assert all(marker("member-report", f) in text for f in PRIVATE_FIELDS[ActionReport]), (reader, path)
    text = planted.client("owner member's token").get(f"/api/v1/campaigns/{CAMPAIGN[0]}/reports").content.decode()
    assert all(marker("member-report", f) in text for f in PRIVATE_FIELDS[ActionReport])


def test_the_owners_token_reads_the_markers_through_the_api(planted: Planted) -> None:
    """The positive control for the readers with a token: the API does give them what they may read."""
    for name in ("closed-activity", "shared-activity"):
        text = planted.client("owner member's token").get(f"/api/v1/activities/{planted.records[name].pk}")
        assert all(marker(name, f) in text.content.decode() for f in PRIVATE_FIELDS[Activity]), name


def test_the_owner_reads_each_activitys_documents_and_follow_ups_on_its_pages(planted: Planted) -> None:
    """The positive control for the documents and follow-ups: their markers are on the pages the test fetches."""
    client = planted.client(OWNER)
    for name in ("closed-activity", "shared-activity"):
        activity = planted.records[name]
        document = planted.records[f"{name}-document"]
        page = client.get(f"/activities/{activity.pk}/").content.decode()
        assert marker(f"{name}-document", "title") in page and marker(f"{name}-follow-up", "description") in page
        download = client.get(f"/activities/{activity.pk}/documents/{document.pk}")
        assert marker(f"{name}-document", "content") in _readable("document", download)


def test_the_planted_states_were_signatories_on_the_day(planted: Planted) -> None:
    ccm = Treaty.objects.get(slug="ccm")
    for day, codes in ((CLOSED_MEETING_DAY, CLOSED_TARGETS + CLOSED_ATTENDING), (PRESENTATION_DAY, SHARED_TARGETS)):
        statuses = {row.state.iso3: row.standing.status.value for row in treaty_view(ccm, day).rows}
        assert {code: statuses[code] for code in codes} == dict.fromkeys(codes, "signatory")
    closed = planted.records["closed-activity"]
    assert set(closed.target_states.values_list("iso3", flat=True)) == set(CLOSED_TARGETS)  # type: ignore[attr-defined]
    assert set(closed.attending_states.values_list("iso3", flat=True)) == set(CLOSED_ATTENDING)  # type: ignore[attr-defined]


def test_the_owner_reads_its_contacts_on_their_pages_and_downloads(planted: Planted) -> None:
    """The positive control for the contacts: their markers are on the pages and downloads the test fetches."""
    client = planted.client(OWNER)
    listed = client.get("/contacts/").content.decode()
    downloaded = _readable("contacts.xlsx", client.get("/contacts.xlsx"))
    for name in ("closed-contact", "shared-contact"):
        contact = planted.records[name]
        page = client.get(f"/contacts/{contact.pk}/").content.decode()
        copy = client.get(f"/contacts/{contact.pk}/export.json").content.decode()
        for text in (page, copy, downloaded):
            assert all(marker(name, f) in text for f in PRIVATE_FIELDS[Contact]), name
        assert marker(name, "name") in listed


EXPORT_SUFFIXES = (*(f".{fmt}" for fmt in CONTENT_TYPES), ".ics")


def _downloads(response: HttpResponseBase) -> list[str]:
    """The downloads and feeds a page links to, with the query its links carry (the page's filter and date)."""
    if not isinstance(response, HttpResponse) or not response.get("Content-Type", "").startswith("text/html"):
        return []
    found = []
    for href in re.findall(r'href="([^"]*)"', response.content.decode(response.charset or "utf-8")):
        link = urlsplit(html.unescape(href))
        if link.netloc not in ("", "testserver") or not link.path.startswith("/"):
            continue
        if link.path.endswith(EXPORT_SUFFIXES) or "format=" in link.query:
            found.append(link.path + (f"?{link.query}" if link.query else ""))
    return list(dict.fromkeys(found))


def _answers(client: Client, path: str) -> Iterator[tuple[str, HttpResponseBase]]:
    response = client.get(path)
    yield path, response
    for link in _downloads(response):
        if link != path:
            yield link, client.get(link)


def _text(url: str, content: bytes, content_type: str, charset: str) -> str:
    try:
        return content.decode(charset)
    except UnicodeDecodeError:
        pytest.fail(f"{url}: its answer ({content_type}) is neither text nor a zip archive: teach _readable to read it")


def _readable(url: str, response: HttpResponseBase) -> str:
    """The headers and the body as text; an XLSX download's every part (sheets, shared strings, properties)."""
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    content_type = response.get("Content-Type", "")
    parts = [f"{name}: {value}" for name, value in response.items()]
    if body.startswith(b"%PDF-"):
        # PDFium marks a word broken at a hyphen at the end of a line with U+FFFE: read it as the hyphen it is.
        parts += [page.get_textpage().get_text_range().replace("\ufffe", "-") for page in pypdfium2.PdfDocument(body)]
    elif body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [_text(f"{url} {name}", archive.read(name), content_type, "utf-8") for name in archive.namelist()]
    else:
        text = _text(url, body, content_type, response.charset or "utf-8")
        # iCalendar folds long lines (RFC 5545, 3.1): unfolded, a value split over two lines is searched whole.
        parts.append(text.replace("\r\n ", "") if content_type.startswith("text/calendar") else text)
    return "\n".join(parts)


@pytest.mark.parametrize("fmt", CONTENT_TYPES)
def test_a_value_in_a_download_is_read_in_every_format(fmt: str) -> None:
    value = marker("closed-activity", "notes")
    response = render_export(fmt, [{"notes": value}], {"treaty": "ccm"}, "activities", ["notes"], "activities")
    assert value in _readable(f"activities.{fmt}", response)


@pytest.mark.parametrize("address", ADDRESSES, ids=str)
def test_no_answer_gives_a_private_value_to_a_reader_outside_the_organisations(
    address: Address, planted: Planted
) -> None:
    path = planted.fill(address.path)
    with translation.override(address.language):
        assert resolve(path).func is address.callback, f"{path} is not answered by the pattern it was built from"
    # A reader who may see the private part asks first, as a cache shared between readers would be filled.
    for reader in OWNER_READERS:
        list(_answers(planted.client(reader), path))
    leaks = []
    for reader in OUTSIDERS:
        for url, response in _answers(planted.client(reader), path):
            text = _readable(url, response).casefold()
            found = [value for value in MARKERS if value.casefold() in text]
            if found:
                leaks.append(f"{reader} got {', '.join(found)} from {url} ({response.status_code})")
    assert not leaks, "\n".join(leaks)


# Before both planted activities: on this day the activities feed holds them as planned.
FEED_DAY = date(2018, 1, 1)
FEEDS = [address for address in ADDRESSES if address.callback is activities_feed]


@pytest.mark.parametrize("address", FEEDS, ids=str)
def test_a_private_feed_gives_the_private_part_to_the_organisations_that_read_it_only(
    address: Address, planted: Planted, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args: FEED_DAY)
    readers_of = {OWNER: ("closed-activity", "shared-activity"), PARTNER: ("shared-activity",)}
    for reader, records in readers_of.items():  # the positive control, and a cache filled by those who may read
        text = _readable(
            address.path, planted.client("anonymous").get(address.path, {"token": planted.feed_keys[reader]})
        )
        for record in records:
            assert all(marker(record, f) in text for f in PRIVATE_FIELDS[Activity]), (reader, record)
    leaks = []
    for reader, query in (
        ("anonymous", {}),
        ("other member's feed key", {"token": planted.feed_keys["other member"]}),
        ("partner's feed key", {"token": planted.feed_keys[PARTNER]}),
        ("other member's API key", {"token": planted.keys["other member's token"]}),
    ):
        text = _readable(address.path, planted.client("anonymous").get(address.path, query))
        found = [
            value for value in MARKERS if value in text and not (reader.startswith("partner") and "shared" in value)
        ]
        if found:
            leaks.append(f"{reader} got {', '.join(found)} from {address.path}")
    assert not leaks, "\n".join(leaks)


def test_a_member_reads_its_own_contacts_in_its_brief_and_its_stored_brief(planted: Planted) -> None:
    """The positive control for the briefs: the owner's contacts for the State are in its brief's page and PDF, and
    its stored brief is downloaded by its members."""
    client = planted.client(OWNER)
    for path in (
        f"/campaigns/oslo-10/briefs/{CLOSED_TARGETS[0]}/",
        f"/campaigns/oslo-10/briefs/{CLOSED_TARGETS[0]}.pdf",
    ):
        text = _readable(path, client.get(path))
        for name in ("closed-contact", "shared-contact"):
            assert marker(name, "name") in text and marker(name, "institution") in text, (path, name)
    stored = f"/campaigns/{CAMPAIGN[0]}/briefs/members/{planted.records['member-brief'].pk}.pdf"
    assert marker("member-brief", "content") in _readable(stored, client.get(stored))


def test_another_organisations_brief_neither_lists_nor_counts_the_owners_contacts(planted: Planted) -> None:
    path = f"/campaigns/oslo-10/briefs/{CLOSED_TARGETS[0]}/"
    for reader in ("other member", "other staff editor"):
        text = _readable(path, planted.client(reader).get(path))
        assert "Your organisation keeps no contact for this State." in text, reader
        assert "/contacts/?state=" not in text, reader


def test_a_stored_brief_does_not_exist_for_readers_outside_the_member_and_its_coalition(planted: Planted) -> None:
    stored = f"/campaigns/{CAMPAIGN[0]}/briefs/members/{planted.records['member-brief'].pk}.pdf"
    for reader in (PARTNER, "other member", "other staff editor"):
        assert planted.client(reader).get(stored).status_code == 404, reader
    assert planted.client("anonymous").get(stored).status_code == 302  # to the sign-in page
