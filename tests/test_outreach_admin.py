"""The editors' admin for organisations, their members and universalization activities, as users see it:
every change with a reason, through the actions; another organisation's closed activity out of sight."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet
from django.test import Client

from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.actions import ActivityInput, do_save_activity
from treatywatch.outreach.models import Activity, ActivityKind
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.roles import ADMINISTRATOR, EDITOR, VIEWER

pytestmark = pytest.mark.django_db

ACTIVITIES = "/admin/outreach/activity/"
MEMBERSHIPS = "/admin/organisations/membership/"
ORGANISATIONS = "/admin/organisations/organisation/"
# The ISU's universalization log, May 2018 (reference/universalization-activities-log.txt).
CLOSED_MEETING = "Follow-up to the closed meeting with CCM Signatory States"


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="a long test password")


@pytest.fixture
def isu(site_admin: User) -> Organisation:
    return organisation("ISU", site_admin)


@pytest.fixture
def coalition(site_admin: User) -> Organisation:
    return organisation("Coalition", site_admin)


@pytest.fixture
def log(db: None) -> Source:
    return Source.objects.create(citation="CCM Implementation Support Unit, universalization activities log")


def organisation(name: str, site_admin: User) -> Organisation:
    found = Organisation(name=name, slug=name.lower(), kind=OrganisationKind.OTHER)
    return do_save_organisation(found, actor=site_admin, reason="set up for the test")


def staff(username: str, group: str, *roles: tuple[Organisation, str]) -> User:
    """A staff account in one of the site's groups, member of each organisation with the role given."""
    user = User.objects.create_user(username, password="a long test password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    site_admin = User.objects.get(username="site-admin")
    for organisation, role in roles:
        do_set_membership(organisation, user, role, actor=site_admin, reason="set up for the test")
    return user


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def activity_form(treaty: Treaty, source: Source, owner: Organisation, **changes: object) -> dict[str, object]:
    states = State.objects.filter(iso3__in=["FRA", "PAN"]).values_list("pk", flat=True)
    form: dict[str, object] = {
        "treaty": treaty.pk,
        "kind": ActivityKind.MEETING,
        "title": CLOSED_MEETING,
        "summary": "",
        "date": "2018-05-23",
        "date_precision": "day",
        "ends_on": "",
        "place": "",
        "organising_states": list(states),
        "source": source.pk,
        "visibility": Visibility.ORGANISATION,
        "owner": owner.pk,
        "participants": "5 representatives from 4 Signatory States",
        "notes": "States shared their efforts to ratify the Convention and the challenges they met.",
        "change_reason": "from the ISU's log",
    }
    form.update(changes)
    return form


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def added() -> QuerySet[Activity]:
    """The activities these tests record: the shipped ones (public, recorded by no organisation) left out."""
    return Activity.objects.filter(owner__isnull=False)


def options(html: str, name: str) -> set[str]:
    """The values a <select name=...> offers, the empty choice left out."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.DOTALL)
    assert select, f"no <select name={name!r}> on the page"
    return set(re.findall(r'<option value="([^"]+)"', select.group(0)))


def test_the_site_roles_read_record_and_administer(db: None) -> None:
    viewer, editor, administrator = (
        set(Group.objects.get(name=r).permissions.values_list("codename", flat=True))
        for r in (VIEWER, EDITOR, ADMINISTRATOR)
    )
    assert {"view_activity", "view_organisation", "view_historicalactivity"} <= viewer
    assert not {"add_activity", "view_membership"} & viewer
    assert {"add_activity", "change_activity"} <= editor
    assert not {"delete_activity", "change_organisation", "add_membership"} & editor
    assert {"change_organisation", "add_membership", "change_membership", "delete_membership"} <= administrator
    assert viewer < editor < administrator


def test_an_activity_is_recorded_only_with_a_reason_kept_in_the_history_with_its_author(
    ccm: Treaty, isu: Organisation, log: Source
) -> None:
    editor = staff("isu-editor", EDITOR, (isu, Role.EDITOR))
    client = signed_in(editor)

    refused = client.post(f"{ACTIVITIES}add/", activity_form(ccm, log, isu, change_reason=""))
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    assert not added().exists()

    done = client.post(f"{ACTIVITIES}add/", activity_form(ccm, log, isu))
    assert done.status_code == 302, done.content.decode()[:3000]
    recorded = added().get()
    assert (recorded.title, recorded.visibility, recorded.owner) == (CLOSED_MEETING, Visibility.ORGANISATION, isu)
    assert set(recorded.organising_states.values_list("iso3", flat=True)) == {"FRA", "PAN"}
    assert recorded.participants == "5 representatives from 4 Signatory States"
    versions = recorded.history.all()
    assert versions.exists()
    assert {(v.history_change_reason, v.history_user) for v in versions} == {("from the ISU's log", editor)}
    assert "from the ISU&#x27;s log" in page(client, f"{ACTIVITIES}{recorded.pk}/history/")


def test_another_organisations_staff_never_see_a_closed_activity(
    ccm: Treaty, isu: Organisation, coalition: Organisation, log: Source
) -> None:
    signed_in(staff("isu-editor", EDITOR, (isu, Role.EDITOR))).post(f"{ACTIVITIES}add/", activity_form(ccm, log, isu))
    closed = added().get(title=CLOSED_MEETING)
    version = closed.history.latest("history_date").history_id
    public = ActivityInput(
        treaty=ccm,
        kind=ActivityKind.PRESENTATION,
        title="Presentation to parliamentarians at the 138th IPU Assembly",
        date=date(2018, 3, 27),
        source=log,
        place="Geneva",
        owner=isu,
    )
    do_save_activity(None, public, actor=User.objects.get(username="site-admin"), reason="from the ISU's log")

    outsider = signed_in(staff("coalition-editor", EDITOR, (coalition, Role.EDITOR)))
    listed = page(outsider, ACTIVITIES)
    assert public.title in listed
    assert CLOSED_MEETING not in listed
    assert CLOSED_MEETING not in page(outsider, f"{ACTIVITIES}?q=closed+meeting")
    assert CLOSED_MEETING not in page(outsider, f"{ACTIVITIES}?visibility__exact=organisation")
    for hidden in ("change/", "history/", f"history/{version}/", "delete/"):
        assert outsider.get(f"{ACTIVITIES}{closed.pk}/{hidden}").status_code == 404, hidden

    # A viewer of the ISU reads it, and its history, without changing it.
    reader = signed_in(staff("isu-viewer", VIEWER, (isu, Role.VIEWER)))
    assert CLOSED_MEETING in page(reader, ACTIVITIES)
    change_page = page(reader, f"{ACTIVITIES}{closed.pk}/change/")
    assert "5 representatives from 4 Signatory States" in change_page
    assert 'name="_save"' not in change_page
    assert "from the ISU&#x27;s log" in page(reader, f"{ACTIVITIES}{closed.pk}/history/")
    assert reader.post(f"{ACTIVITIES}{closed.pk}/change/", activity_form(ccm, log, isu)).status_code == 403


def test_an_activity_is_recorded_for_an_organisation_the_user_edits_for_and_shared_with_any(
    ccm: Treaty, isu: Organisation, coalition: Organisation, log: Source, site_admin: User
) -> None:
    monitor = organisation("Monitor", site_admin)
    user = staff("isu-editor", EDITOR, (isu, Role.EDITOR), (monitor, Role.VIEWER))
    client = signed_in(user)
    assert options(page(client, f"{ACTIVITIES}add/"), "owner") == {str(isu.pk)}
    everyone = {str(pk) for pk in Organisation.objects.values_list("pk", flat=True)}  # the shipped ISU-CCM too
    assert {str(o.pk) for o in (isu, coalition, monitor)} < everyone
    assert options(page(signed_in(site_admin), f"{ACTIVITIES}add/"), "owner") == everyone

    query = {"app_label": "outreach", "model_name": "activity", "field_name": "shared_with", "term": ""}
    found = client.get("/admin/autocomplete/", query).json()["results"]
    assert {item["id"] for item in found} == everyone

    refused = client.post(f"{ACTIVITIES}add/", activity_form(ccm, log, monitor))
    assert refused.status_code == 200
    assert "Select a valid choice." in refused.content.decode()
    shared = activity_form(ccm, log, isu, visibility=Visibility.NAMED, shared_with=[coalition.pk, monitor.pk])
    assert client.post(f"{ACTIVITIES}add/", shared).status_code == 302
    assert set(added().get().shared_with.all()) == {coalition, monitor}


def test_an_organisations_administrator_adds_a_member_and_a_viewer_cannot(
    isu: Organisation, coalition: Organisation
) -> None:
    head = staff("isu-head", ADMINISTRATOR, (isu, Role.ADMINISTRATOR))
    staff("coalition-member", VIEWER, (coalition, Role.VIEWER))
    newcomer = User.objects.create_user("newcomer", password="a long test password")
    client = signed_in(head)

    assert options(page(client, f"{MEMBERSHIPS}add/"), "organisation") == {str(isu.pk)}
    joining = {"organisation": isu.pk, "user": newcomer.pk, "role": Role.EDITOR, "change_reason": "joined the ISU"}
    elsewhere = client.post(f"{MEMBERSHIPS}add/", joining | {"organisation": coalition.pk})
    assert "Select a valid choice." in elsewhere.content.decode()
    assert not Membership.objects.filter(user=newcomer).exists()
    done = client.post(f"{MEMBERSHIPS}add/", joining)
    assert done.status_code == 302, done.content.decode()[:3000]
    membership = Membership.objects.get(user=newcomer)
    assert (membership.organisation, membership.role) == (isu, Role.EDITOR)
    history = membership.history.get()
    assert (history.history_user, history.history_change_reason) == (head, "joined the ISU")

    members = page(client, MEMBERSHIPS)
    assert "newcomer" in members and "coalition-member" not in members
    assert "newcomer" in page(client, f"{ORGANISATIONS}{isu.pk}/change/")

    # Even with the site's administrator role, a viewer of the ISU manages none of its members.
    viewer = signed_in(staff("isu-viewer", ADMINISTRATOR, (isu, Role.VIEWER)))
    assert viewer.get(f"{MEMBERSHIPS}add/").status_code == 403
    another = User.objects.create_user("another", password="a long test password")
    assert viewer.post(f"{MEMBERSHIPS}add/", joining | {"user": another.pk}).status_code == 403
    assert viewer.get(f"{MEMBERSHIPS}{membership.pk}/change/").status_code == 404
    assert "newcomer" not in page(viewer, f"{ORGANISATIONS}{isu.pk}/change/")
    assert not Membership.objects.filter(user=another).exists()


def test_a_member_is_removed_only_with_a_reason(isu: Organisation) -> None:
    head = staff("isu-head", ADMINISTRATOR, (isu, Role.ADMINISTRATOR))
    leaving = staff("isu-editor", EDITOR, (isu, Role.EDITOR))
    membership = Membership.objects.get(user=leaving)
    client = signed_in(head)
    url = f"{MEMBERSHIPS}{membership.pk}/delete/"

    assert 'name="change_reason"' in page(client, url)
    refused = client.post(url, {"post": "yes", "change_reason": " "})
    assert "Say why the member is removed" in refused.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert client.post(url, {"post": "yes", "change_reason": "left the ISU"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    ended = Membership.history.get(id=membership.pk, history_type="-")
    assert (ended.history_user, ended.history_change_reason) == (head, "left the ISU")
    assert 'value="delete_selected"' not in page(client, MEMBERSHIPS)


def test_an_organisation_is_corrected_by_its_administrators_and_added_by_a_site_administrator(
    isu: Organisation, coalition: Organisation, site_admin: User
) -> None:
    head = signed_in(staff("isu-head", ADMINISTRATOR, (isu, Role.ADMINISTRATOR)))
    form = {"name": "ISU", "slug": "isu", "kind": OrganisationKind.SUPPORT_UNIT, "state": "", "website": ""}
    form["change_reason"] = "it is the Implementation Support Unit"
    assert head.post(f"{ORGANISATIONS}{isu.pk}/change/", form).status_code == 302
    isu.refresh_from_db()
    assert isu.kind == OrganisationKind.SUPPORT_UNIT
    latest = isu.history.latest("history_date")
    assert (latest.history_user.username, latest.history_change_reason) == ("isu-head", form["change_reason"])

    other = form | {"name": "Coalition", "slug": "coalition"}
    assert head.post(f"{ORGANISATIONS}{coalition.pk}/change/", other).status_code == 403
    assert head.get(f"{ORGANISATIONS}add/").status_code == 403
    coalition.refresh_from_db()
    assert coalition.kind == OrganisationKind.OTHER

    new = form | {"name": "Monitor", "slug": "monitor", "kind": OrganisationKind.MONITOR}
    assert signed_in(site_admin).post(f"{ORGANISATIONS}add/", new).status_code == 302
    assert Organisation.objects.get(slug="monitor").history.get().history_user == site_admin


def test_a_refused_action_leaves_the_database_as_it_was(
    ccm: Treaty, isu: Organisation, coalition: Organisation, log: Source
) -> None:
    editor = signed_in(staff("isu-editor", EDITOR, (isu, Role.EDITOR)))
    logged = LogEntry.objects.count()
    # Shared with the Coalition, but readable by the ISU only: the action refuses it.
    contradictory = activity_form(ccm, log, isu, shared_with=[coalition.pk])
    refused = editor.post(f"{ACTIVITIES}add/", contradictory)
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Only an activity shared with named organisations lists organisations to share it with." in html
    assert f'value="{CLOSED_MEETING}"' in html  # the editor's input comes back
    assert not added().exists()
    assert not Activity.history.filter(owner__isnull=False).exists()
    assert LogEntry.objects.count() == logged

    head = staff("isu-head", ADMINISTRATOR, (isu, Role.ADMINISTRATOR))
    own = Membership.objects.get(user=head)
    client = signed_in(head)
    versions = own.history.count()
    stepping_down = {"role": Role.VIEWER, "change_reason": "stepping down"}
    refused = client.post(f"{MEMBERSHIPS}{own.pk}/change/", stepping_down)
    assert refused.status_code == 200
    assert "ISU would have no administrator left: name another one first." in refused.content.decode()
    leaving = client.post(f"{MEMBERSHIPS}{own.pk}/delete/", {"post": "yes", "change_reason": "leaving"})
    assert leaving.status_code == 200
    assert "ISU would have no administrator left" in leaving.content.decode()
    own.refresh_from_db()
    assert own.role == Role.ADMINISTRATOR
    assert own.history.count() == versions
    assert LogEntry.objects.count() == logged


def test_an_activity_is_removed_only_with_a_reason(ccm: Treaty, isu: Organisation, log: Source) -> None:
    user = staff("isu-administrator", ADMINISTRATOR, (isu, Role.EDITOR))
    client = signed_in(user)
    client.post(f"{ACTIVITIES}add/", activity_form(ccm, log, isu))
    recorded = added().get()
    url = f"{ACTIVITIES}{recorded.pk}/delete/"

    refused = client.post(url, {"post": "yes", "change_reason": ""})
    assert "Say why the activity is removed" in refused.content.decode()
    assert Activity.objects.filter(pk=recorded.pk).exists()
    assert client.post(url, {"post": "yes", "change_reason": "recorded twice"}).status_code == 302
    assert not Activity.objects.filter(pk=recorded.pk).exists()
    removed = Activity.history.get(id=recorded.pk, history_type="-")
    assert (removed.history_user, removed.history_change_reason) == (user, "recorded twice")
    assert 'value="delete_selected"' not in page(client, ACTIVITIES)


def test_an_editor_corrects_an_activity_and_reverts_the_correction_from_the_history(
    ccm: Treaty, isu: Organisation, log: Source
) -> None:
    client = signed_in(staff("isu-editor", EDITOR, (isu, Role.EDITOR)))
    client.post(f"{ACTIVITIES}add/", activity_form(ccm, log, isu))
    recorded = added().get()
    first = recorded.history.latest("history_date").history_id

    corrected = activity_form(ccm, log, isu, place="Geneva", organising_states=[], change_reason="place added")
    assert client.post(f"{ACTIVITIES}{recorded.pk}/change/", corrected).status_code == 302
    recorded.refresh_from_db()
    assert (recorded.place, recorded.organising_states.count()) == ("Geneva", 0)

    reverted = activity_form(ccm, log, isu, change_reason="the place was wrong")
    assert client.post(f"{ACTIVITIES}{recorded.pk}/history/{first}/", reverted).status_code == 302
    recorded.refresh_from_db()
    assert (recorded.place, recorded.organising_states.count()) == ("", 2)
    latest = recorded.history.latest("history_date")
    assert (latest.history_user.username, latest.history_change_reason) == ("isu-editor", "the place was wrong")
