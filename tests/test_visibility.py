"""The one rule for private records: public ones for everyone, the rest for the members of the organisation
that owns them and of the organisations they are shared with; site administrators read everything."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser, User

from treatywatch.lib.actions import ActionError
from treatywatch.organisations.actions import do_end_membership, do_save_organisation, do_set_membership
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import RestrictedQuerySet, Visibility, member_of
from treatywatch.outreach.models import Activity, ActivityKind
from treatywatch.registry.models import Source, Treaty

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def organisation(name: str, admin: User) -> Organisation:
    slug = name.lower().replace(" ", "-")
    return do_save_organisation(
        Organisation(name=name, slug=slug, kind=OrganisationKind.OTHER), actor=admin, reason="test"
    )


def member(organisation: Organisation, username: str, admin: User, role: str = Role.VIEWER) -> User:
    user = User.objects.create_user(username, password="x")
    do_set_membership(organisation, user, role, actor=admin, reason="test")
    return user


def activity(
    treaty: Treaty, title: str, visibility: str, owner: Organisation | None, *shared: Organisation
) -> Activity:
    source = Source.objects.create(citation="test source")
    found = Activity.objects.create(
        treaty=treaty,
        kind=ActivityKind.MEETING,
        title=title,
        date=date(2018, 5, 23),
        source=source,
        visibility=visibility,
        owner=owner,
    )
    found.shared_with.set(shared)
    return found


@pytest.fixture
def world(ccm: Treaty, site_admin: User) -> dict[str, object]:
    isu, mission, member_org, outsider = (organisation(n, site_admin) for n in ("ISU", "Mission", "Member", "Outsider"))
    records = {
        "public": activity(ccm, "public", Visibility.PUBLIC, isu),
        "isu-only": activity(ccm, "isu-only", Visibility.ORGANISATION, isu, mission),  # named, but not shared
        "isu-and-mission": activity(ccm, "isu-and-mission", Visibility.NAMED, isu, mission),
        "member-only": activity(ccm, "member-only", Visibility.ORGANISATION, member_org),
    }
    users = {
        "isu": member(isu, "isu-officer", site_admin),
        "mission": member(mission, "diplomat", site_admin),
        "outsider": member(outsider, "outsider", site_admin),
        "nobody": User.objects.create_user("no-organisation", password="x"),
    }
    return {"records": records, "users": users}


def made_here() -> RestrictedQuerySet:
    """The activities these tests record, without the shipped ones (public) every test database holds."""
    return Activity.objects.filter(source__citation="test source")


def titles(user: object) -> set[str]:
    return set(made_here().visible_to(user).values_list("title", flat=True))  # type: ignore[arg-type]


def test_each_reader_sees_public_records_and_those_of_and_shared_with_their_organisations(world, site_admin) -> None:
    users = world["users"]
    assert titles(AnonymousUser()) == {"public"}
    assert titles(None) == {"public"}
    assert titles(users["nobody"]) == {"public"}
    assert titles(users["outsider"]) == {"public"}
    assert titles(users["isu"]) == {"public", "isu-only", "isu-and-mission"}
    assert titles(users["mission"]) == {"public", "isu-and-mission"}
    assert titles(site_admin) == {"public", "isu-only", "isu-and-mission", "member-only"}


def test_one_record_answers_as_the_list_does(world) -> None:
    records, users = world["records"], world["users"]
    for name, user in users.items():
        visible = titles(user)
        for record in records.values():
            assert record.is_visible_to(user) == (record.title in visible), (name, record.title)


def test_every_record_is_listed_with_whether_its_private_part_may_be_read(world) -> None:
    users = world["users"]
    for user in (*users.values(), AnonymousUser()):
        marked = dict(made_here().with_private_part(user).values_list("title", "private_part_visible"))
        assert set(marked) == {"public", "isu-only", "isu-and-mission", "member-only"}
        assert {title for title, visible in marked.items() if visible} == titles(user)


def test_an_inactive_user_sees_only_public_records(world) -> None:
    officer = world["users"]["isu"]
    officer.is_active = False
    officer.save()
    assert titles(User.objects.get(pk=officer.pk)) == {"public"}


def test_a_record_shared_with_several_organisations_is_listed_once(ccm, site_admin) -> None:
    first, second = organisation("First", site_admin), organisation("Second", site_admin)
    both = User.objects.create_user("in-both", password="x")
    for org in (first, second):
        do_set_membership(org, both, Role.VIEWER, actor=site_admin, reason="test")
    activity(ccm, "shared", Visibility.NAMED, organisation("Owner", site_admin), first, second)
    assert list(made_here().visible_to(both).values_list("title", flat=True)) == ["shared"]


def test_a_removed_member_no_longer_sees_the_organisations_records(world, site_admin) -> None:
    officer = world["users"]["isu"]
    assert "isu-only" in titles(officer)
    do_end_membership(Membership.objects.get(user=officer), actor=site_admin, reason="left the ISU")
    assert titles(officer) == {"public"}


def test_roles_rank_viewer_editor_administrator(world, site_admin) -> None:
    isu = Organisation.objects.get(slug="isu")
    editor = member(isu, "isu-editor", site_admin, Role.EDITOR)
    assert isu.pk in set(member_of(editor, Role.VIEWER))
    assert isu.pk in set(member_of(editor, Role.EDITOR))
    assert isu.pk not in set(member_of(editor, Role.ADMINISTRATOR))


def test_only_an_organisations_administrators_manage_its_members(world, site_admin) -> None:
    isu = Organisation.objects.get(slug="isu")
    viewer = world["users"]["isu"]
    newcomer = User.objects.create_user("newcomer", password="x")
    with pytest.raises(ActionError, match="Only an administrator of ISU"):
        do_set_membership(isu, newcomer, Role.VIEWER, actor=viewer, reason="joining")
    with pytest.raises(ActionError, match="Only an administrator of ISU"):
        do_set_membership(isu, newcomer, Role.VIEWER, actor=world["users"]["mission"], reason="joining")
    head = member(isu, "isu-head", site_admin, Role.ADMINISTRATOR)
    do_set_membership(isu, newcomer, Role.EDITOR, actor=head, reason="joining")
    assert Membership.objects.get(user=newcomer).role == Role.EDITOR
    history = Membership.history.filter(user=newcomer).latest("history_date")
    assert (history.history_user, history.history_change_reason) == (head, "joining")


def test_an_organisation_keeps_an_administrator(world, site_admin) -> None:
    isu = Organisation.objects.get(slug="isu")
    head = member(isu, "isu-head", site_admin, Role.ADMINISTRATOR)
    own = Membership.objects.get(user=head)
    with pytest.raises(ActionError, match="no administrator left"):
        do_set_membership(isu, head, Role.VIEWER, actor=head, reason="stepping down")
    with pytest.raises(ActionError, match="no administrator left"):
        do_end_membership(own, actor=head, reason="leaving")
    do_end_membership(own, actor=site_admin, reason="left; a new head is coming")
    assert not Membership.objects.filter(user=head).exists()


def test_changes_need_a_reason_and_a_known_role(world, site_admin) -> None:
    isu = Organisation.objects.get(slug="isu")
    someone = User.objects.create_user("someone", password="x")
    with pytest.raises(ActionError, match="Say why"):
        do_set_membership(isu, someone, Role.VIEWER, actor=site_admin, reason=" ")
    with pytest.raises(ActionError, match="Unknown role 'owner'"):
        do_set_membership(isu, someone, "owner", actor=site_admin, reason="test")
    assert not Membership.objects.filter(user=someone).exists()


def test_only_a_site_administrator_adds_organisations(world) -> None:
    with pytest.raises(ActionError, match="Only a site administrator"):
        do_save_organisation(
            Organisation(name="New", slug="new", kind=OrganisationKind.OTHER), actor=world["users"]["isu"], reason="x"
        )
    assert not Organisation.objects.filter(slug="new").exists()


def test_a_private_record_needs_its_organisation(ccm) -> None:
    record = Activity(
        treaty=ccm, kind=ActivityKind.MEETING, title="closed", date=date(2018, 5, 23), visibility=Visibility.NAMED
    )
    record.source = Source.objects.create(citation="test source")
    with pytest.raises(Exception, match="needs the organisation it belongs to"):
        record.full_clean()
