"""The admin for the treaty's meetings and its Coordinators' mandates, kept by site administrators with a reason
for every change and removal, through the actions; an activity's follow-ups and documents, listed read-only for
site administrators and for nobody else."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from treatywatch.lib.actions import ActionError
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.actions import (
    ActivityInput,
    FollowUpInput,
    do_add_documents,
    do_add_follow_up,
    do_delete_meeting,
    do_save_activity,
)
from treatywatch.outreach.models import Mandate, Meeting, Theme
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.roles import ADMINISTRATOR, EDITOR

pytestmark = pytest.mark.django_db

MEETINGS = "/admin/outreach/meeting/"
MANDATES = "/admin/outreach/mandate/"
FOLLOW_UPS = "/admin/outreach/followup/"
DOCUMENTS = "/admin/outreach/activitydocument/"


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="a long test password")


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff(username: str, group: str) -> User:
    user = User.objects.create_user(username, password="a long test password", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def meeting_form(meeting: Meeting, **changes: object) -> dict[str, object]:
    """The change form of a meeting as the admin shows it, with `changes`."""
    form: dict[str, object] = {
        "treaty": meeting.treaty_id,
        "kind": meeting.kind,
        "label": meeting.label,
        "number": meeting.number,
        "sources": [s.pk for s in meeting.sources.all()],
        "starts_on": meeting.starts_on or "",
        "starts_on_precision": meeting.starts_on_precision,
        "ends_on": meeting.ends_on or "",
        "second_part_starts_on": meeting.second_part_starts_on or "",
        "second_part_ends_on": meeting.second_part_ends_on or "",
        "parts": meeting.parts,
        "place": meeting.place,
        "president": meeting.president,
        "conflicts": meeting.conflicts,
        "notes": meeting.notes,
    }
    return {**form, **changes}


def test_a_site_administrator_corrects_a_meeting_with_a_reason_kept_in_the_history(site_admin: User) -> None:
    beirut = Meeting.objects.get(treaty__slug="ccm", label="2MSP")
    sources = set(beirut.sources.all())
    url = f"{MEETINGS}{beirut.pk}/change/"
    without_reason = signed_in(site_admin).post(url, meeting_form(beirut, place="Beirut"))
    assert without_reason.status_code == 200
    assert Meeting.objects.get(pk=beirut.pk).place == "Beirut, Lebanon"

    changed = meeting_form(beirut, place="Beirut, Lebanon (UNESCO Palace)", change_reason="ISU report read")
    response = signed_in(site_admin).post(url, changed)
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Meeting.objects.get(pk=beirut.pk).history.first()
    assert (latest.place, latest.history_change_reason, latest.history_user) == (
        "Beirut, Lebanon (UNESCO Palace)",
        "ISU report read",
        site_admin,
    )
    assert set(Meeting.objects.get(pk=beirut.pk).sources.all()) == sources
    assert "Beirut, Lebanon (UNESCO Palace)" in Client().get("/treaties/ccm/institutions/").content.decode()
    history = signed_in(site_admin).get(f"{url.removesuffix('change/')}history/").content.decode()
    assert "ISU report read" in history


def test_a_meeting_the_action_refuses_comes_back_on_the_form_and_nothing_is_kept(site_admin: User) -> None:
    oslo = Meeting.objects.get(treaty__slug="ccm", label="3MSP")
    half = meeting_form(oslo, second_part_starts_on="2012-12-03", change_reason="a second part")
    response = signed_in(site_admin).post(f"{MEETINGS}{oslo.pk}/change/", half)
    assert response.status_code == 200
    assert "A second part needs both its first and its last day." in response.content.decode()
    assert Meeting.objects.get(pk=oslo.pk).second_part_starts_on is None


def test_a_mandate_is_recorded_and_removed_only_with_a_reason(site_admin: User, ccm: Treaty) -> None:
    source = Source.objects.create(citation="ISU, 'Coordinators 2026'", url="https://example.org/coordinators")
    form = {
        "treaty": ccm.pk,
        "theme": Theme.UNIVERSALIZATION,
        "state": State.objects.get(iso3="NZL").pk,
        "starts_on": "2026-12-31",
        "starts_on_precision": "year",
        "ends_on": "2027-12-31",
        "ends_on_precision": "year",
        "source": source.pk,
        "note": "",
        "change_reason": "ISU page read",
    }
    assert signed_in(site_admin).post(f"{MANDATES}add/", form).status_code == 302
    mandate = Mandate.objects.get(source=source)
    assert mandate.history.first().history_change_reason == "ISU page read"

    delete = f"{MANDATES}{mandate.pk}/delete/"
    assert signed_in(site_admin).post(delete, {"post": "yes"}).status_code == 200
    assert Mandate.objects.filter(pk=mandate.pk).exists()
    assert signed_in(site_admin).post(delete, {"post": "yes", "change_reason": "recorded twice"}).status_code == 302
    assert not Mandate.objects.filter(pk=mandate.pk).exists()
    removed = Mandate.history.filter(id=mandate.pk, history_type="-").get()
    assert (removed.history_change_reason, removed.history_user) == ("recorded twice", site_admin)


def test_a_mandate_without_its_source_comes_back_on_the_form(site_admin: User, ccm: Treaty) -> None:
    form = {
        "treaty": ccm.pk,
        "theme": Theme.UNIVERSALIZATION,
        "state": State.objects.get(iso3="NZL").pk,
        "starts_on": "2026-12-31",
        "starts_on_precision": "year",
        "ends_on": "2027-12-31",
        "ends_on_precision": "year",
        "change_reason": "ISU page read",
    }
    response = signed_in(site_admin).post(f"{MANDATES}add/", form)
    assert response.status_code == 200
    assert "Every mandate needs its source." in response.content.decode()
    assert not Mandate.objects.filter(state__iso3="NZL", starts_on=date(2026, 12, 31)).exists()


def test_a_meeting_an_action_plan_names_is_not_removed(site_admin: User) -> None:
    dubrovnik = Meeting.objects.get(treaty__slug="ccm", label="1RC")
    with pytest.raises(ActionError, match="Say why"):
        do_delete_meeting(dubrovnik, actor=site_admin, reason=" ")
    with pytest.raises(ActionError, match="Dubrovnik Action Plan"):
        do_delete_meeting(dubrovnik, actor=site_admin, reason="recorded in error")
    assert Meeting.objects.filter(pk=dubrovnik.pk).exists()


@pytest.mark.parametrize("role", [EDITOR, ADMINISTRATOR])
def test_the_register_editors_do_not_keep_meetings_and_mandates(role: str) -> None:
    editor = signed_in(staff("register-staff", role))
    meeting = Meeting.objects.filter(treaty__slug="ccm").first()
    assert meeting is not None
    for url in (MEETINGS, MANDATES, f"{MEETINGS}{meeting.pk}/change/", f"{MEETINGS}{meeting.pk}/delete/"):
        assert editor.get(url).status_code == 403, url
    assert "/admin/outreach/meeting/" not in editor.get("/admin/").content.decode()
    with pytest.raises(ActionError, match="Only a site administrator"):
        do_delete_meeting(meeting, actor=User.objects.get(username="register-staff"), reason="test")


def _closed_activity(site_admin: User, ccm: Treaty) -> tuple[Organisation, User]:
    """A closed activity of the ISU with a follow-up and a document; the ISU's editor, who recorded it."""
    isu = do_save_organisation(
        Organisation(name="ISU", slug="isu", kind=OrganisationKind.SUPPORT_UNIT), actor=site_admin, reason="test"
    )
    editor = staff("isu-editor", EDITOR)
    do_set_membership(isu, editor, Role.EDITOR, actor=site_admin, reason="test")
    given = ActivityInput(
        treaty=ccm,
        kind="meeting",
        title="Closed meeting with signatory States",
        date=date(2018, 5, 23),
        source=Source.objects.create(citation="ISU log"),
        visibility=Visibility.ORGANISATION,
        owner=isu,
        notes="outcome kept for the ISU",
    )
    activity = do_save_activity(None, given, actor=editor, reason="test")
    follow_up = FollowUpInput(description="Send the letter to the mission", due_on=date(2018, 6, 30), owner=isu)
    do_add_follow_up(activity, follow_up, actor=editor, reason="test")
    letter = SimpleUploadedFile("letter-to-the-mission.txt", b"Dear Ambassador")
    do_add_documents(activity, [letter], actor=editor, reason="test")
    return isu, editor


def test_a_site_administrator_reads_the_follow_ups_and_documents_and_changes_none(
    site_admin: User, ccm: Treaty
) -> None:
    _closed_activity(site_admin, ccm)
    admin = signed_in(site_admin)
    assert "Send the letter to the mission" in admin.get(FOLLOW_UPS).content.decode()
    assert "letter-to-the-mission" in admin.get(DOCUMENTS).content.decode()
    for listing in (FOLLOW_UPS, DOCUMENTS):
        assert admin.get(f"{listing}add/").status_code == 403
    page: Any = admin.get(FOLLOW_UPS)
    follow_up = page.context["cl"].result_list[0]
    detail = admin.get(f"{FOLLOW_UPS}{follow_up.pk}/change/")
    assert detail.status_code == 200
    assert 'name="description"' not in detail.content.decode()  # shown, not editable
    assert admin.post(f"{FOLLOW_UPS}{follow_up.pk}/delete/", {"post": "yes"}).status_code == 403


def test_nobody_but_site_administrators_sees_follow_ups_and_documents_in_the_admin(
    site_admin: User, ccm: Treaty
) -> None:
    _isu, isu_editor = _closed_activity(site_admin, ccm)
    # Even the editor of the organisation that recorded the activity reads them on the activity's page only.
    for user in (isu_editor, staff("register-administrator", ADMINISTRATOR)):
        client = signed_in(user)
        for listing in (FOLLOW_UPS, DOCUMENTS):
            answer = client.get(listing)
            assert answer.status_code == 403, (user, listing)
            assert "Send the letter" not in answer.content.decode()
        assert "/admin/outreach/followup/" not in client.get("/admin/").content.decode()
