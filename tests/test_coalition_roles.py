"""A campaign coalition and its members: an organisation belongs to a coalition and records its languages; the
coalition's staff, a member's editors and a member's viewers are what their memberships say, read afresh."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from treatywatch.lib.actions import ActionError
from treatywatch.organisations.actions import do_end_membership, do_save_organisation, do_set_membership
from treatywatch.organisations.coalitions import (
    coalitions_staffed_by,
    is_coalition_staff,
    is_member_editor,
    is_member_viewer,
    may_read_member_reports,
    members_of,
    members_overseen_by,
)
from treatywatch.organisations.languages import LanguageCodesField
from treatywatch.organisations.models import Membership, Organisation, OrganisationKind, Role
from treatywatch.registry.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def _organisation(name: str, kind: str, admin: User, **fields: object) -> Organisation:
    made = Organisation(name=name, slug=name.lower().replace(" ", "-"), kind=kind, **fields)
    return do_save_organisation(made, actor=admin, reason="test")


def _member(organisation: Organisation, username: str, role: str, admin: User) -> User:
    user = User.objects.create_user(username, password="x")
    do_set_membership(organisation, user, role, actor=admin, reason="test")
    return user


@pytest.fixture
def coalition(site_admin: User) -> Organisation:
    # The Cluster Munition Coalition, which sent the Oslo Process anniversary call (shared/reference).
    return _organisation("Cluster Munition Coalition", OrganisationKind.COALITION, site_admin, languages=["en"])


@pytest.fixture
def member(site_admin: User, coalition: Organisation) -> Organisation:
    peru = State.objects.get(iso3="PER")
    fields = {"coalition": coalition, "state": peru, "languages": ["es"]}
    return _organisation("Member in Peru", OrganisationKind.CAMPAIGN_MEMBER, site_admin, **fields)


def test_a_member_records_its_coalition_country_and_languages(member: Organisation, coalition: Organisation) -> None:
    member.refresh_from_db()
    assert member.coalition == coalition and member.state is not None and member.state.iso3 == "PER"
    assert member.languages == ["es"]
    assert list(members_of(coalition)) == [member]
    assert member.history.latest().coalition_id == coalition.pk


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        (["english"], "'english': not a language code"),
        (["xx"], "'xx': not a language code"),
        (["en", "en"], "Name each language once."),
        ("en", "as a list of codes"),
    ],
)
def test_languages_that_are_not_iso_codes_are_refused(site_admin: User, languages: object, message: str) -> None:
    organisation = Organisation(name="Member", slug="member", kind=OrganisationKind.CAMPAIGN_MEMBER)
    organisation.languages = languages
    with pytest.raises(ActionError, match=message):
        do_save_organisation(organisation, actor=site_admin, reason="test")
    assert not Organisation.objects.filter(slug="member").exists()


def test_the_languages_field_reads_codes_typed_as_a_list() -> None:
    field = LanguageCodesField()
    assert field.clean(" EN, fr;es ,fr") == ["en", "fr", "es"]
    assert field.prepare_value(["en", "fr"]) == "en, fr"


def test_only_a_coalition_has_members_and_it_is_no_member_itself(site_admin: User, member: Organisation) -> None:
    other = _organisation("Other member", OrganisationKind.CAMPAIGN_MEMBER, site_admin)
    other.coalition = member
    with pytest.raises(ActionError, match="is not a campaign coalition"):
        do_save_organisation(other, actor=site_admin, reason="test")
    second = _organisation("Second coalition", OrganisationKind.COALITION, site_admin)
    second.coalition = member.coalition
    with pytest.raises(ActionError, match="not a member of another coalition"):
        do_save_organisation(second, actor=site_admin, reason="test")
    coalition = member.coalition
    assert coalition is not None
    coalition.kind = OrganisationKind.OTHER
    with pytest.raises(ActionError, match="stays a campaign coalition"):
        do_save_organisation(coalition, actor=site_admin, reason="test")


def test_joining_a_coalition_is_the_coalitions_decision(site_admin: User, coalition: Organisation) -> None:
    outsider = _organisation("Applicant", OrganisationKind.CAMPAIGN_MEMBER, site_admin)
    its_admin = _member(outsider, "applicant-admin", Role.ADMINISTRATOR, site_admin)
    outsider.coalition = coalition
    with pytest.raises(ActionError, match="Only an administrator of Cluster Munition Coalition"):
        do_save_organisation(outsider, actor=its_admin, reason="we joined")
    assert Organisation.objects.get(pk=outsider.pk).coalition is None
    do_set_membership(coalition, its_admin, Role.ADMINISTRATOR, actor=site_admin, reason="test")
    do_save_organisation(outsider, actor=its_admin, reason="admitted at the coalition's meeting")
    assert Organisation.objects.get(pk=outsider.pk).coalition == coalition
    # Leaving is the member's own decision.
    do_end_membership(Membership.objects.get(organisation=coalition, user=its_admin), actor=site_admin, reason="x")
    outsider.coalition = None
    do_save_organisation(outsider, actor=its_admin, reason="we left")
    assert Organisation.objects.get(pk=outsider.pk).coalition is None


def test_the_three_roles_are_what_the_memberships_say(
    site_admin: User, coalition: Organisation, member: Organisation
) -> None:
    staff = _member(coalition, "coalition-staff", Role.EDITOR, site_admin)
    editor = _member(member, "member-editor", Role.EDITOR, site_admin)
    viewer = _member(member, "member-viewer", Role.VIEWER, site_admin)
    stranger = User.objects.create_user("stranger", password="x")

    assert is_coalition_staff(staff, coalition) and is_coalition_staff(staff, coalition, Role.EDITOR)
    assert not is_coalition_staff(staff, coalition, Role.ADMINISTRATOR)
    assert not any(is_coalition_staff(user, coalition) for user in (editor, viewer, stranger))
    assert not is_coalition_staff(staff, member)  # a member is no coalition

    assert is_member_editor(editor, member) and not is_member_editor(viewer, member)
    assert is_member_viewer(editor, member) and is_member_viewer(viewer, member)
    assert not is_member_viewer(staff, member) and not is_member_viewer(stranger, member)

    assert list(coalitions_staffed_by(staff)) == [coalition] and not coalitions_staffed_by(editor).exists()
    assert list(members_overseen_by(staff)) == [member]
    assert may_read_member_reports(staff, member) and may_read_member_reports(viewer, member)
    assert not may_read_member_reports(stranger, member)
    assert all(f(site_admin, member) for f in (is_member_editor, is_member_viewer, may_read_member_reports))


def test_a_role_ends_with_its_membership_and_with_leaving_the_coalition(
    site_admin: User, coalition: Organisation, member: Organisation
) -> None:
    staff = _member(coalition, "coalition-staff", Role.VIEWER, site_admin)
    editor = _member(member, "member-editor", Role.EDITOR, site_admin)
    assert may_read_member_reports(staff, member)
    member.coalition = None
    do_save_organisation(member, actor=site_admin, reason="left the coalition")
    assert not is_member_editor(editor, member) and not may_read_member_reports(staff, member)
    do_end_membership(Membership.objects.get(user=staff), actor=site_admin, reason="left the staff")
    assert not is_coalition_staff(staff, coalition)


def test_the_account_page_names_each_organisations_coalition(
    site_admin: User, coalition: Organisation, member: Organisation
) -> None:
    editor = _member(member, "member-editor", Role.EDITOR, site_admin)
    client = Client()
    client.force_login(editor)
    page = client.get("/accounts/").content.decode()
    assert "Member in Peru" in page and "Member of Cluster Munition Coalition" in page
    assert 'href="/contacts/"' in page
    assert "Membre de Cluster Munition Coalition" in client.get("/fr/accounts/").content.decode()
