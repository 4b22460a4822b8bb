"""What the action report tests share: a coalition running a campaign in the week of the Oslo Process's tenth
anniversary (20 to 24 February 2017, as the reference call gives it), two member organisations in two countries,
and their editors and viewers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.test import Client

from treatywatch.campaigns.actions import do_save_campaign
from treatywatch.campaigns.models import ActionReport, Ask, Campaign
from treatywatch.campaigns.report_actions import ReportInput, do_save_report
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.registry.models import State

FIRST_DAY, LAST_DAY = date(2017, 2, 20), date(2017, 2, 24)


@dataclass
class Coalition:
    campaign: Campaign
    asks: dict[str, Ask]
    coalition: Organisation
    lebanon_member: Organisation
    kenya_member: Organisation
    staff: User  # a viewer of the coalition, which organises the campaign
    lebanon_editor: User
    kenya_editor: User
    kenya_viewer: User
    site_admin: User


def _organisation(name: str, kind: str, iso3: str | None, admin: User) -> Organisation:
    state = State.objects.get(iso3=iso3) if iso3 else None
    made = Organisation(name=name, slug=name.lower().replace(" ", "-"), kind=kind, state=state)
    return do_save_organisation(made, actor=admin, reason="test")


def _member(organisation: Organisation, username: str, role: str, admin: User) -> User:
    user = User.objects.create_user(username, password="a long test password")
    do_set_membership(organisation, user, role, actor=admin, reason="test")
    return user


def make_coalition() -> Coalition:
    admin = User.objects.create_superuser("site-admin", password="a long test password")
    coalition = _organisation("Cluster Munition Coalition", OrganisationKind.COALITION, None, admin)
    lebanon = _organisation("Member in Lebanon", OrganisationKind.CAMPAIGN_MEMBER, "LBN", admin)
    kenya = _organisation("Member in Kenya", OrganisationKind.CAMPAIGN_MEMBER, "KEN", admin)
    # The shipped campaign, organised by the coalition.
    campaign = Campaign.objects.get(slug="oslo-10")
    campaign.organiser = coalition
    do_save_campaign(campaign, actor=admin, reason="test")
    asks = {ask.key: ask for ask in campaign.asks.all()}
    return Coalition(
        campaign=campaign,
        asks=asks,
        coalition=coalition,
        lebanon_member=lebanon,
        kenya_member=kenya,
        staff=_member(coalition, "coalition-staff", Role.VIEWER, admin),
        lebanon_editor=_member(lebanon, "lebanon-editor", Role.EDITOR, admin),
        kenya_editor=_member(kenya, "kenya-editor", Role.EDITOR, admin),
        kenya_viewer=_member(kenya, "kenya-viewer", Role.VIEWER, admin),
        site_admin=admin,
    )


def report(
    coalition: Coalition,
    editor: User,
    owner: Organisation,
    *,
    ask: str | None = None,
    iso3: str | None = None,
    kind: str = "met_official",
    day: date = FIRST_DAY,
    target: str = "",
    note: str = "",
    link: str = "",
    public: bool = False,
) -> ActionReport:
    given = ReportInput(
        owner=owner,
        kind=kind,
        date=day,
        ask=coalition.asks[ask] if ask else None,
        state=State.objects.get(iso3=iso3) if iso3 else None,
        target=target,
        link=link,
        note=note,
        visibility=Visibility.PUBLIC if public else Visibility.ORGANISATION,
    )
    return do_save_report(coalition.campaign, None, given, actor=editor, reason="test")


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
