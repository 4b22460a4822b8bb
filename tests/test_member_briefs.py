"""The briefs of every member of a campaign's coalition, generated as a job the coalition's staff start from the
campaign's briefs page: each member's PDF for its State in its language, stored privately, downloaded by that
member and the staff only, with the job's progress shown; a new run replaces them."""

from __future__ import annotations

import pypdfium2
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client, TestCase

from treatywatch.campaigns.actions import do_save_campaign
from treatywatch.campaigns.briefs import CONTACTS_SHOWN
from treatywatch.campaigns.models import Campaign, MemberBrief
from treatywatch.contacts.actions import ContactInput, do_erase_contact, do_save_contact
from treatywatch.jobs.models import Job, JobKind, JobStatus
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.registry.models import State

pytestmark = pytest.mark.django_db

PAGE = "/campaigns/oslo-10/briefs/"


def pdf_text(content: bytes) -> str:
    return "\n".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(content))


class Coalition:
    """oslo-10 organised by a coalition with two members: one in Indonesia working in French, one in Lao PDR; the
    coalition's staff editor; a viewer of each member; someone outside."""

    def __init__(self) -> None:
        self.admin = User.objects.create_superuser("site-admin", password="x")
        self.coalition = self._organisation("Coalition", OrganisationKind.COALITION)
        self.indonesia = self._organisation(
            "Jakarta Group", OrganisationKind.CAMPAIGN_MEMBER, state=State.objects.get(iso3="IDN"), languages=["fr"]
        )
        self.lao = self._organisation(
            "Vientiane Group", OrganisationKind.CAMPAIGN_MEMBER, state=State.objects.get(iso3="LAO")
        )
        self.staff = self._user("staff", self.coalition, Role.EDITOR)
        self.staff_viewer = self._user("staff-viewer", self.coalition, Role.VIEWER)
        self.indonesia_viewer = self._user("jakarta", self.indonesia, Role.VIEWER)
        self.indonesia_editor = self._user("jakarta-editor", self.indonesia, Role.EDITOR)
        self.lao_viewer = self._user("vientiane", self.lao, Role.VIEWER)
        self.outsider = User.objects.create_user("outsider", password="x")
        campaign = Campaign.objects.get(slug="oslo-10")
        campaign.organiser = self.coalition
        self.campaign = do_save_campaign(campaign, actor=self.admin, reason="test")

    def _organisation(self, name: str, kind: str, **fields: object) -> Organisation:
        given = {"coalition": self.coalition} if kind == OrganisationKind.CAMPAIGN_MEMBER else {}
        made = Organisation(name=name, slug=name.lower().replace(" ", "-"), kind=kind, **given, **fields)
        return do_save_organisation(made, actor=self.admin, reason="test")

    def _user(self, username: str, organisation: Organisation, role: str) -> User:
        user = User.objects.create_user(username, password="x")
        do_set_membership(organisation, user, role, actor=self.admin, reason="test")
        return user

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def generate(self) -> Job:
        with TestCase.captureOnCommitCallbacks(execute=True):
            response = self.client(self.staff).post(PAGE)
        assert response.status_code == 302
        return Job.objects.filter(kind=JobKind.CAMPAIGN_BRIEFS).latest("pk")


@pytest.fixture
def coalition() -> Coalition:
    return Coalition()


def test_the_staff_generate_every_members_brief_in_its_language_and_see_the_progress(coalition: Coalition) -> None:
    job = coalition.generate()
    assert job.status == JobStatus.SUCCEEDED, job.output
    assert (job.done, job.total) == (2, 2)
    stored = {b.organisation.slug: b for b in MemberBrief.objects.all()}
    assert set(stored) == {"jakarta-group", "vientiane-group"}
    assert (stored["jakarta-group"].state.iso3, stored["jakarta-group"].language) == ("IDN", "fr")
    assert (stored["vientiane-group"].state.iso3, stored["vientiane-group"].language) == ("LAO", "en")
    page = coalition.client(coalition.staff).get(PAGE).content.decode()
    assert 'id="job-progress" max="2" value="2"' in page
    assert "Jakarta Group: brief for Indonesia" in page and "Vientiane Group: brief for Lao" in page


def test_each_member_downloads_its_own_brief_and_nobody_else_does(coalition: Coalition) -> None:
    coalition.generate()
    indonesia = MemberBrief.objects.get(organisation=coalition.indonesia)
    url = f"{PAGE}members/{indonesia.pk}.pdf"
    response = coalition.client(coalition.indonesia_viewer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.getvalue())
    assert "Note d’information : Indonésie" in text and "Points de discussion" in text
    assert coalition.client(coalition.staff_viewer).get(url).status_code == 200
    for other in (coalition.lao_viewer, coalition.outsider):
        assert coalition.client(other).get(url).status_code == 404
    assert coalition.client(None).get(url).status_code == 302  # to the sign-in page
    # A member's page lists its own brief only.
    page = coalition.client(coalition.lao_viewer).get(PAGE).content.decode()
    assert "Vientiane Group: brief for Lao" in page and "Jakarta Group" not in page
    assert "Generate the briefs" not in page


def test_a_stored_brief_lists_only_contacts_both_the_member_and_the_staff_read(coalition: Coalition) -> None:
    indonesia = State.objects.get(iso3="IDN")
    kept = ContactInput(name="Deputy Kept Private", kind="official", state=indonesia)
    shared = ContactInput(
        name="Director Shared",
        kind="official",
        state=indonesia,
        visibility=Visibility.NAMED,
        shared_with=(coalition.coalition,),
    )
    for given in (kept, shared):
        do_save_contact(None, given, owner=coalition.indonesia, actor=coalition.indonesia_editor, reason="test")
    coalition.generate()
    brief = MemberBrief.objects.get(organisation=coalition.indonesia)
    with brief.file.open("rb") as file:
        text = pdf_text(file.read())
    assert "Director Shared" in text
    assert "Deputy Kept Private" not in text


def test_a_new_run_replaces_the_stored_briefs(coalition: Coalition) -> None:
    coalition.generate()
    first = MemberBrief.objects.get(organisation=coalition.lao)
    old_name = first.file.name
    coalition.lao.coalition = None  # it leaves the coalition
    do_save_organisation(coalition.lao, actor=coalition.admin, reason="test")
    coalition.generate()
    assert not MemberBrief.objects.filter(organisation=coalition.lao).exists()
    assert not first.file.storage.exists(old_name)
    again = MemberBrief.objects.get(organisation=coalition.indonesia)
    assert MemberBrief.objects.count() == 1 and again.file.storage.exists(again.file.name)


def test_only_the_coalitions_staff_editors_start_the_job(coalition: Coalition) -> None:
    for user in (coalition.staff_viewer, coalition.indonesia_editor, coalition.outsider):
        response = coalition.client(user).post(PAGE, follow=True)
        assert "Only the staff of Coalition" in response.content.decode()
    assert not Job.objects.filter(kind=JobKind.CAMPAIGN_BRIEFS).exists()
    assert coalition.client(None).post(PAGE).status_code == 302


def test_erasing_a_contact_deletes_the_stored_briefs_that_list_it(coalition: Coalition) -> None:
    shared = ContactInput(
        name="Director Erased",
        kind="official",
        state=State.objects.get(iso3="IDN"),
        visibility=Visibility.NAMED,
        shared_with=(coalition.coalition,),
    )
    contact = do_save_contact(None, shared, owner=coalition.indonesia, actor=coalition.indonesia_editor, reason="test")
    coalition.generate()
    brief = MemberBrief.objects.get(organisation=coalition.indonesia)
    assert list(brief.contacts.all()) == [contact]
    with TestCase.captureOnCommitCallbacks(execute=True):
        do_erase_contact(contact, ground="request", actor=coalition.indonesia_editor)
    assert not MemberBrief.objects.filter(organisation=coalition.indonesia).exists()
    assert not brief.file.storage.exists(brief.file.name)
    assert MemberBrief.objects.filter(organisation=coalition.lao).exists()  # it did not list the person


def test_a_stored_brief_lists_a_page_of_the_members_shared_contacts_with_their_total_and_address(
    coalition: Coalition,
) -> None:
    indonesia = State.objects.get(iso3="IDN")
    for number in range(CONTACTS_SHOWN + 1):
        shared = ContactInput(
            name=f"Adviser {number:02d}",
            kind="official",
            state=indonesia,
            visibility=Visibility.NAMED,
            shared_with=(coalition.coalition,),
        )
        do_save_contact(None, shared, owner=coalition.indonesia, actor=coalition.indonesia_editor, reason="test")
    # Kept for itself: neither listed nor counted in the brief the coalition's staff also read.
    kept = ContactInput(name="Adviser kept", kind="official", state=indonesia, visibility=Visibility.ORGANISATION)
    do_save_contact(None, kept, owner=coalition.indonesia, actor=coalition.indonesia_editor, reason="test")
    coalition.generate()
    brief = MemberBrief.objects.get(organisation=coalition.indonesia)
    assert brief.contacts.count() == CONTACTS_SHOWN  # those its PDF lists
    with brief.file.open("rb") as stored:
        text = pdf_text(stored.read())
    # In the member's language (French): the page, the total, and the French contacts page on the site's address.
    assert f"{CONTACTS_SHOWN} contacts sur {CONTACTS_SHOWN + 1}, par nom." in text
    assert settings.TREATYWATCH_SITE_URL.rstrip("/") + "/fr/contacts/?state=IDN" in text
    assert f"Adviser {CONTACTS_SHOWN:02d}" not in text and "Adviser kept" not in text
