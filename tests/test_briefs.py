"""A member's brief for a State in the campaign oslo-10: the asks that apply on the campaign's first day with the
facts behind each and their sources, the asks for every member, the State's statements, votes and findings, its
anniversaries, and the reader's own contacts for that State (never another organisation's); as a page in three
languages and as a PDF that renders (checked as an image and by its text)."""

from __future__ import annotations

import io

import pypdfium2
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from treatywatch.campaigns.briefs import CONTACTS_SHOWN, contacts_page, own_contacts
from treatywatch.contacts.actions import ContactInput, do_save_contact
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.registry.models import State

pytestmark = pytest.mark.django_db

BRIEF = "/campaigns/oslo-10/briefs/{iso3}/"
PDF = "/campaigns/oslo-10/briefs/{iso3}.pdf"


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def test_a_signatorys_brief_asks_it_to_ratify_with_the_facts_and_their_sources() -> None:
    page = Client().get(BRIEF.format(iso3="IDN"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Brief for Indonesia" in text
    assert 'id="ask-ratify"' in text and 'id="ask-accede"' not in text
    # Signed on 3 December 2008 and not ratified on 20 February 2017 (UNTC), cited to the depositary record.
    assert "a signatory that has not ratified" in text and "3 December 2008" in text
    assert 'href="#source-1"' in text and 'id="source-1"' in text
    # The asks for every member are listed too; the page says the day it answers for.
    assert 'id="ask-share_memories"' in text and 'id="ask-fundraise"' in text
    assert "As the record stood on 20 February 2017" in text
    # An anonymous reader gets no contacts section, only the note that members see theirs.
    assert 'id="contacts"' not in text


def test_an_affected_state_partys_brief_asks_for_implementation_with_its_deadline() -> None:
    text = Client().get(BRIEF.format(iso3="LBN")).content.decode()
    assert 'id="ask-implementation"' in text and 'id="ask-ratify"' not in text
    assert "a State Party" in text and "deadline" in text


def test_a_report_deadline_is_never_called_overdue_while_no_submission_is_recorded() -> None:
    # The register records no transparency report yet: as on the compliance pages, a report not recorded is not an
    # overdue one. Lao PDR's clearance deadline (1 August 2020) is still given.
    text = Client().get(BRIEF.format(iso3="LAO")).content.decode()
    assert "transparency report" not in text
    assert "Clearance and destruction of cluster munition remnants: due, deadline 1 August 2020" in text
    # An obligation the treaty gives no deadline says so once.
    assert "National implementation measures: no deadline." in text and "not set" not in text


def test_the_brief_answers_as_of_another_day() -> None:
    # From 2021 the Monitor names the United States a donor: the brief asks it to fund.
    assert 'id="ask-fund"' not in Client().get(BRIEF.format(iso3="USA")).content.decode()
    later = Client().get(BRIEF.format(iso3="USA"), {"as_of": "2021-06-01"}).content.decode()
    assert 'id="ask-fund"' in later and "As the record stood on 1 June 2021" in later


def test_the_brief_is_in_french_and_spanish() -> None:
    french = Client().get("/fr" + BRIEF.format(iso3="IDN")).content.decode()
    spanish = Client().get("/es" + BRIEF.format(iso3="IDN")).content.decode()
    assert "Note d’information : Indonésie" in french and "Nota informativa: Indonesia" in spanish
    assert "Points de discussion" in french
    assert "Puntos para la conversación" in spanish


def test_an_unknown_state_or_campaign_is_a_404_and_a_bad_day_a_400() -> None:
    assert Client().get(BRIEF.format(iso3="XXX")).status_code == 404
    assert Client().get("/campaigns/no-such/briefs/IDN/").status_code == 404
    assert Client().get(BRIEF.format(iso3="IDN"), {"as_of": "2017-02-30"}).status_code == 400


class Members:
    """Two member organisations of a coalition, each keeping a contact for Indonesia."""

    def __init__(self) -> None:
        admin = User.objects.create_superuser("site-admin", password="x")
        coalition = self._organisation("Coalition", OrganisationKind.COALITION, admin)
        self.mine = self._organisation("Mine", OrganisationKind.CAMPAIGN_MEMBER, admin, coalition=coalition)
        self.theirs = self._organisation("Theirs", OrganisationKind.CAMPAIGN_MEMBER, admin, coalition=coalition)
        self.reader = User.objects.create_user("reader", password="x")
        do_set_membership(self.mine, self.reader, Role.VIEWER, actor=admin, reason="test")
        self.their_editor = User.objects.create_user("their-editor", password="x")
        do_set_membership(self.theirs, self.their_editor, Role.EDITOR, actor=admin, reason="test")
        self.my_editor = User.objects.create_user("my-editor", password="x")
        do_set_membership(self.mine, self.my_editor, Role.EDITOR, actor=admin, reason="test")
        self.add(self.mine, "Deputy Sari")
        self.add(self.theirs, "Director Budi")

    def add(self, owner: Organisation, name: str) -> None:
        """A contact for Indonesia, kept by `owner` for itself."""
        actor = self.my_editor if owner == self.mine else self.their_editor
        indonesia = State.objects.get(iso3="IDN")
        given = ContactInput(name=name, kind="official", state=indonesia, institution="Ministry of Foreign Affairs")
        do_save_contact(None, given, owner=owner, actor=actor, reason="test")

    @staticmethod
    def _organisation(name: str, kind: str, admin: User, **fields: object) -> Organisation:
        made = Organisation(name=name, slug=name.lower(), kind=kind, **fields)
        return do_save_organisation(made, actor=admin, reason="test")


def test_a_member_reads_its_own_contacts_for_the_state_never_another_members() -> None:
    members = Members()
    client = Client()
    client.force_login(members.reader)
    text = client.get(BRIEF.format(iso3="IDN")).content.decode()
    assert 'id="contacts"' in text and "Deputy Sari" in text
    assert "Director Budi" not in text
    # Another State's brief lists none of them.
    other = client.get(BRIEF.format(iso3="USA")).content.decode()
    assert "Deputy Sari" not in other
    # And no anonymous reader gets them, even after the member's visit.
    assert "Deputy Sari" not in Client().get(BRIEF.format(iso3="IDN")).content.decode()


def test_the_pdf_holds_the_brief_and_renders_to_a_page_that_is_not_blank() -> None:
    response = Client().get(PDF.format(iso3="IDN"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="oslo-10-idn-en.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Brief for Indonesia" in text
    assert "a signatory that has not ratified" in text
    assert "Sources" in text
    image = pypdfium2.PdfDocument(response.content)[0].render(scale=1).to_pil().convert("L")
    darkest, lightest = image.getextrema()
    assert lightest == 255 and darkest < 80  # a white page with dark text on it
    inked = sum(image.histogram()[:128])
    assert inked > image.width * image.height // 200


def test_the_pdf_is_in_the_requests_language_and_lists_the_members_own_contacts() -> None:
    members = Members()
    client = Client()
    client.force_login(members.reader)
    response = client.get("/fr" + PDF.format(iso3="IDN"))
    assert 'filename="oslo-10-idn-fr.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "Points de discussion" in text
    assert "Deputy Sari" in text and "Director Budi" not in text
    assert io.BytesIO(response.content).read(5) == b"%PDF-"


def test_a_brief_lists_a_page_of_many_contacts_with_their_total_and_the_link_to_the_rest() -> None:
    members = Members()
    # Mine keeps CONTACTS_SHOWN + 2 contacts for Indonesia; Theirs keeps more than a page too, never counted here.
    for number in range(CONTACTS_SHOWN + 1):
        members.add(members.mine, f"Adviser {number:02d}")
        members.add(members.theirs, f"Aide {number:02d}")
    total = CONTACTS_SHOWN + 2
    client = Client()
    client.force_login(members.reader)
    text = client.get(BRIEF.format(iso3="IDN")).content.decode()
    # By name, as on the contacts page: Adviser 00 to Adviser 24 are listed; Adviser 25 and Deputy Sari are not.
    assert f"{CONTACTS_SHOWN} of {total} contacts, by name." in text
    assert "Adviser 00" in text and f"Adviser {CONTACTS_SHOWN - 1:02d}" in text
    assert f"Adviser {CONTACTS_SHOWN:02d}" not in text and "Deputy Sari" not in text
    assert "Aide" not in text and "Director Budi" not in text
    assert '<a href="/contacts/?state=IDN">All your contacts for Indonesia</a>' in text
    # The link leads to the rest: the contacts page filtered by the State lists all of them, and only them.
    rest = client.get("/contacts/", {"state": "IDN"}).content.decode()
    assert f"{total} contacts" in rest and "Deputy Sari" in rest and "Aide" not in rest
    # In French, the link is to the French contacts page.
    french = client.get("/fr" + BRIEF.format(iso3="IDN")).content.decode()
    assert f"{CONTACTS_SHOWN} contacts sur {total}" in french and 'href="/fr/contacts/?state=IDN"' in french


def test_the_pdf_lists_the_page_of_contacts_and_writes_the_link_out_in_full() -> None:
    members = Members()
    for number in range(CONTACTS_SHOWN):
        members.add(members.mine, f"Adviser {number:02d}")
    client = Client()
    client.force_login(members.reader)
    text = pdf_text(client.get(PDF.format(iso3="IDN")).content)
    assert f"{CONTACTS_SHOWN} of {CONTACTS_SHOWN + 1} contacts, by name." in text
    assert settings.TREATYWATCH_SITE_URL.rstrip("/") + "/contacts/?state=IDN" in text
    assert "Deputy Sari" not in text and "Director Budi" not in text


def test_a_brief_with_a_page_or_fewer_of_contacts_lists_them_all_with_no_count() -> None:
    members = Members()
    client = Client()
    client.force_login(members.reader)
    text = client.get(BRIEF.format(iso3="IDN")).content.decode()
    assert "Deputy Sari" in text and " of 1 contact" not in text and "/contacts/?state=IDN" not in text


def test_the_contacts_are_read_with_one_limited_query_and_counted_with_one_count() -> None:
    members = Members()
    for number in range(CONTACTS_SHOWN):
        members.add(members.mine, f"Adviser {number:02d}")
    indonesia = State.objects.get(iso3="IDN")
    with CaptureQueriesContext(connection) as queries:
        listed = contacts_page(own_contacts(members.reader, indonesia), indonesia)
    assert [c.name for c in listed.shown][:2] == ["Adviser 00", "Adviser 01"] and listed.total == CONTACTS_SHOWN + 1
    reads = [q["sql"] for q in queries.captured_queries if "contacts_contact" in q["sql"]]
    assert len(reads) == 2
    assert f"LIMIT {CONTACTS_SHOWN}" in reads[0] and "COUNT(" in reads[1]
