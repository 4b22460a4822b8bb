"""An organisation's contacts: recorded and corrected by its editors on the contacts pages, read by its members and
the organisations it shares them with (never by the coalition's staff, never by anyone else), listed, filtered and
downloaded through the same rule; consent recorded with its day and way; a person's data copied on request, and
erased with its whole history, leaving a record that holds nothing about the person."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from treatywatch.contacts.actions import ContactInput, do_erase_contact, do_save_contact
from treatywatch.contacts.models import Contact, ContactErasure
from treatywatch.contacts.queries import contacts_for_state
from treatywatch.lib.actions import ActionError
from treatywatch.lib.versions import ConflictError
from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.registry.models import State

pytestmark = pytest.mark.django_db

PASSWORD = "x"


def _organisation(name: str, kind: str, admin: User, **fields: object) -> Organisation:
    made = Organisation(name=name, slug=name.lower().replace(" ", "-"), kind=kind, **fields)
    return do_save_organisation(made, actor=admin, reason="test")


def _member(organisation: Organisation, username: str, role: str, admin: User) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    do_set_membership(organisation, user, role, actor=admin, reason="test")
    return user


class World:
    """A coalition with two members: one keeps contacts (an editor and a viewer), the other reads only what is
    shared with it; the coalition's staff; and a site administrator."""

    def __init__(self) -> None:
        self.site_admin = User.objects.create_superuser("site-admin", password=PASSWORD)
        self.coalition = _organisation("Coalition", OrganisationKind.COALITION, self.site_admin)
        self.keeper = _organisation(
            "Keeper", OrganisationKind.CAMPAIGN_MEMBER, self.site_admin, coalition=self.coalition
        )
        self.partner = _organisation(
            "Partner", OrganisationKind.CAMPAIGN_MEMBER, self.site_admin, coalition=self.coalition
        )
        self.editor = _member(self.keeper, "keeper-editor", Role.EDITOR, self.site_admin)
        self.viewer = _member(self.keeper, "keeper-viewer", Role.VIEWER, self.site_admin)
        self.partner_editor = _member(self.partner, "partner-editor", Role.EDITOR, self.site_admin)
        self.staff = _member(self.coalition, "coalition-staff", Role.ADMINISTRATOR, self.site_admin)

    def client(self, user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def contact(self, name: str = "Deputy Ana Torres", **given: object) -> Contact:
        fields: dict[str, Any] = {"kind": "parliamentarian", "state": State.objects.get(iso3="PER")} | given
        return do_save_contact(
            None, ContactInput(name=name, **fields), owner=self.keeper, actor=self.editor, reason="met at a seminar"
        )


@pytest.fixture
def world() -> World:
    return World()


FORM = {
    "owner": "",
    "name": "Deputy Ana Torres",
    "kind": "parliamentarian",
    "state": "",
    "institution": "Congress of the Republic",
    "position": "Member of the foreign affairs committee",
    "email": "ana.torres@example.org",
    "phone": "+51 1 311 7777",
    "languages": "es, en",
    "notes": "Interested in the CCM's victim assistance articles.",
    "consent_given": "on",
    "consent_on": "2025-03-04",
    "consent_method": "email",
    "consent_details": "",
    "visibility": "organisation",
}


def _form(world: World, **changes: str) -> dict[str, str]:
    peru = State.objects.get(iso3="PER")
    return FORM | {"owner": str(world.keeper.pk), "state": str(peru.pk)} | changes


def test_an_editor_records_a_contact_from_the_form_and_its_members_read_it(world: World) -> None:
    response = world.client(world.editor).post("/contacts/new/", _form(world))
    contact = Contact.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/contacts/{contact.pk}/"
    assert contact.owner == world.keeper and contact.visibility == Visibility.ORGANISATION
    assert contact.languages == ["es", "en"] and contact.consent_on == date(2025, 3, 4)
    record = contact.history.get()
    assert record.history_user == world.editor and record.history_change_reason == "recorded from the contact form"
    for reader in (world.editor, world.viewer, world.site_admin):
        page = world.client(reader).get(f"/contacts/{contact.pk}/").content.decode()
        assert "Deputy Ana Torres" in page and "ana.torres@example.org" in page and "victim assistance" in page
        listed = world.client(reader).get("/contacts/").content.decode()
        assert "Deputy Ana Torres" in listed


def test_nobody_outside_the_organisation_reads_its_contacts_not_even_the_coalitions_staff(world: World) -> None:
    contact = world.contact(notes="private-note-marker")
    outsiders = {"partner": world.partner_editor, "staff": world.staff}
    for name, user in outsiders.items():
        client = world.client(user)
        assert "Deputy Ana Torres" not in client.get("/contacts/").content.decode(), name
        for suffix in ("", "edit/", "export.json", "erase/"):
            assert client.get(f"/contacts/{contact.pk}/{suffix}").status_code == 404, (name, suffix)
        for fmt in ("csv", "xlsx", "json"):
            assert b"Torres" not in client.get(f"/contacts.{fmt}").content, (name, fmt)
    assert contacts_for_state(world.staff, State.objects.get(iso3="PER")).count() == 0


def test_an_anonymous_visitor_is_sent_to_sign_in(world: World) -> None:
    contact = world.contact()
    for path in ("/contacts/", "/contacts.csv", f"/contacts/{contact.pk}/", f"/contacts/{contact.pk}/export.json"):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/sign-in/"), path


def test_a_shared_contact_is_read_by_the_organisations_named_and_changed_only_by_its_keeper(world: World) -> None:
    contact = world.contact(visibility=Visibility.NAMED, shared_with=(world.partner,))
    partner = world.client(world.partner_editor)
    assert "Deputy Ana Torres" in partner.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Deputy Ana Torres" in partner.get("/contacts/").content.decode()
    assert partner.get(f"/contacts/{contact.pk}/edit/").status_code == 403
    assert partner.post(f"/contacts/{contact.pk}/edit/", {**FORM, "reason": "x", "version": "1"}).status_code == 403
    assert partner.get(f"/contacts/{contact.pk}/erase/").status_code == 403
    assert partner.get(f"/contacts/{contact.pk}/export.json").status_code == 403
    peru = State.objects.get(iso3="PER")
    assert list(contacts_for_state(world.partner_editor, peru, member=world.partner)) == [contact]
    assert list(contacts_for_state(world.editor, peru, member=world.partner)) == [contact]
    assert not contacts_for_state(world.staff, peru, member=world.partner).exists()


def test_a_viewer_reads_but_neither_records_nor_corrects(world: World) -> None:
    contact = world.contact()
    viewer = world.client(world.viewer)
    assert viewer.get("/contacts/new/").status_code == 403
    assert viewer.get(f"/contacts/{contact.pk}/edit/").status_code == 403
    assert viewer.get(f"/contacts/{contact.pk}/erase/").status_code == 403
    assert "Record a contact" not in viewer.get("/contacts/").content.decode()


def test_the_list_is_filtered_by_state_and_kind_and_downloaded_through_the_same_rule(world: World) -> None:
    world.contact()
    world.contact("Ms Jane Reporter", kind="journalist", state=State.objects.get(iso3="CHL"))
    client = world.client(world.editor)
    page = client.get("/contacts/?state=CHL").content.decode()
    assert "Ms Jane Reporter" in page and "Deputy Ana Torres" not in page
    page = client.get("/contacts/?kind=parliamentarian").content.decode()
    assert "Ms Jane Reporter" not in page and "Deputy Ana Torres" in page
    rows = list(csv.DictReader(io.StringIO(client.get("/contacts.csv?state=PER").content.decode())))
    assert [row["name"] for row in rows] == ["Deputy Ana Torres"] and rows[0]["state"] == "PER"
    assert rows[0]["owner"] == "keeper"
    assert client.get("/contacts.xlsx").status_code == 200
    assert len(json.loads(client.get("/contacts.json").content)["contacts"]) == 2


def test_a_bad_filter_is_a_clear_400(world: World) -> None:
    client = world.client(world.editor)
    response = client.get("/contacts/?state=XXX")
    message = html.unescape(response.content.decode())
    assert response.status_code == 400 and "state: 'XXX' is not the ISO 3166 alpha-3 code" in message
    assert client.get("/contacts.csv?kind=senator").status_code == 400
    assert client.get("/contacts.pdf").status_code == 404


def test_consent_given_needs_its_day_and_way(world: World) -> None:
    client = world.client(world.editor)
    response = client.post("/contacts/new/", _form(world, consent_on="", consent_method=""))
    assert response.status_code == 400 and "Give the day the person consented." in response.content.decode()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post("/contacts/new/", _form(world, consent_on=tomorrow))
    assert response.status_code == 400 and "is after today" in response.content.decode()
    response = client.post("/contacts/new/", _form(world, consent_method="other"))
    assert response.status_code == 400 and "since it was another way" in response.content.decode()
    assert not Contact.objects.exists()


def test_consent_not_given_records_no_day_and_its_withdrawal_is_kept_in_the_history(world: World) -> None:
    client = world.client(world.editor)
    response = client.post("/contacts/new/", _form(world, consent_given=""))
    assert response.status_code == 400 and "only with consent given" in response.content.decode()
    client.post("/contacts/new/", _form(world))
    contact = Contact.objects.get()
    withdrawn = _form(world, consent_given="", consent_on="", consent_method="", reason="consent withdrawn by phone")
    response = client.post(f"/contacts/{contact.pk}/edit/", withdrawn | {"version": "1"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert not contact.consent_given and contact.consent_on is None and contact.version == 2
    versions = list(contact.history.order_by("history_date").values_list("consent_given", "history_change_reason"))
    assert versions == [(True, "recorded from the contact form"), (False, "consent withdrawn by phone")]
    assert "Not given." in client.get(f"/contacts/{contact.pk}/").content.decode()
    day = timezone.localdate() - timedelta(days=1)
    # As it stood on a day before it was recorded: not yet there.
    page = client.get(f"/contacts/{contact.pk}/?as_of={day.isoformat()}").content.decode()
    assert "not recorded yet on that day" in page


def test_a_contact_is_never_public_and_always_has_its_organisation(world: World) -> None:
    with pytest.raises(ActionError, match="never public"):
        world.contact(visibility=Visibility.PUBLIC)
    with pytest.raises(ActionError, match="at least one organisation"):
        world.contact(visibility=Visibility.NAMED)
    with pytest.raises(ActionError, match="not shared with itself"):
        world.contact(visibility=Visibility.NAMED, shared_with=(world.keeper,))
    contact = world.contact()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Contact.objects.filter(pk=contact.pk).update(visibility=Visibility.PUBLIC)


def test_only_the_organisations_editors_record_its_contacts(world: World) -> None:
    given = ContactInput(name="Someone", kind="official")
    for actor in (world.viewer, world.partner_editor, world.staff, world.site_admin):
        with pytest.raises(ActionError, match="Only the editors of Keeper"):
            do_save_contact(None, given, owner=world.keeper, actor=actor, reason="test")
    contact = world.contact()
    with pytest.raises(ActionError, match="stays with the organisation"):
        do_save_contact(contact, given, owner=world.partner, actor=world.partner_editor, reason="test")


def test_two_editors_correcting_the_same_contact_get_a_conflict(world: World) -> None:
    contact = world.contact()
    second_editor = _member(world.keeper, "second-editor", Role.EDITOR, world.site_admin)
    form = _form(world, reason="new position") | {"version": "1"}
    assert world.client(world.editor).post(f"/contacts/{contact.pk}/edit/", form).status_code == 302
    response = world.client(second_editor).post(f"/contacts/{contact.pk}/edit/", form | {"position": "Minister"})
    assert response.status_code == 400 and "Another editor changed this record" in response.content.decode()
    with pytest.raises(ConflictError):
        do_save_contact(
            contact, ContactInput(name="X", kind="official"), owner=world.keeper, actor=world.editor, reason="x",
            expected_version=1,
        )  # fmt: skip


def test_the_persons_data_holds_the_contact_and_every_version(world: World) -> None:
    contact = world.contact(email="ana@example.org")
    do_save_contact(
        contact,
        ContactInput(name="Deputy Ana Torres", kind="parliamentarian", email="a.torres@example.org"),
        owner=world.keeper,
        actor=world.editor,
        reason="new address",
    )
    response = world.client(world.editor).get(f"/contacts/{contact.pk}/export.json")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["contact"]["email"] == "a.torres@example.org" and data["contact"]["kept_by"]["slug"] == "keeper"
    assert [v["fields"]["email"] for v in data["history"]] == ["ana@example.org", "a.torres@example.org"]
    assert [v["reason"] for v in data["history"]] == ["met at a seminar", "new address"]
    assert data["history"][0]["by"] == "keeper-editor" and data["exported_by"] == "keeper-editor"
    assert world.client(world.site_admin).get(f"/contacts/{contact.pk}/export.json").status_code == 200
    assert world.client(world.viewer).get(f"/contacts/{contact.pk}/export.json").status_code == 403


# Every personal value the erased contact held, in any of its versions.
PERSONAL = (
    "Erasable Person Marker", "Erasable Institution Marker", "Erasable Position Marker", "erasable@example.org",
    "+00 111 222 333", "Erasable notes marker", "Erasable consent marker", "Second position marker",
)  # fmt: skip


def _every_table_as_text() -> str:
    """Every row of every table of the database, current and historical, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            parts += [repr(row) for row in cursor.fetchall()]
    return "\n".join(parts)


def _plant_erasable(world: World) -> Contact:
    given = ContactInput(
        name=PERSONAL[0], kind="official", institution=PERSONAL[1], position=PERSONAL[2], email=PERSONAL[3],
        phone=PERSONAL[4], notes=PERSONAL[5], consent_given=True, consent_on=date(2025, 1, 2),
        consent_method="other", consent_details=PERSONAL[6], visibility=Visibility.NAMED,
        shared_with=(world.partner,),
    )  # fmt: skip
    contact = do_save_contact(None, given, owner=world.keeper, actor=world.editor, reason="met them")
    changed = ContactInput(**{**given.__dict__, "position": PERSONAL[7], "visibility": Visibility.ORGANISATION})
    changed = ContactInput(**{**changed.__dict__, "shared_with": ()})
    return do_save_contact(contact, changed, owner=world.keeper, actor=world.editor, reason="promoted")


def test_erasure_leaves_no_personal_data_in_any_table(world: World) -> None:
    contact = _plant_erasable(world)
    assert all(value in _every_table_as_text() for value in PERSONAL)  # the positive control
    client = world.client(world.editor)
    page = client.get(f"/contacts/{contact.pk}/erase/")
    assert page.status_code == 200 and "Erase the contact and its history" in page.content.decode()
    refused = client.post(f"/contacts/{contact.pk}/erase/", {"ground": "request"})  # not confirmed
    assert refused.status_code == 400 and Contact.objects.filter(pk=contact.pk).exists()
    response = client.post(f"/contacts/{contact.pk}/erase/", {"ground": "request", "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/contacts/"
    everything = _every_table_as_text()
    assert not [value for value in PERSONAL if value in everything]
    assert not Contact.history.filter(id=contact.pk).exists()
    erasure = ContactErasure.objects.get()
    assert (erasure.organisation, erasure.contact_number, erasure.erased_by) == (world.keeper, contact.pk, world.editor)
    assert erasure.ground == "request" and erasure.versions_erased >= 3
    assert client.get(f"/contacts/{contact.pk}/").status_code == 404


def test_erasure_is_refused_to_those_who_do_not_answer_for_the_contact(world: World) -> None:
    contact = world.contact(visibility=Visibility.NAMED, shared_with=(world.partner,))
    for actor in (world.viewer, world.partner_editor, world.staff):
        with pytest.raises(ActionError, match="erase its contacts"):
            do_erase_contact(contact, ground="request", actor=actor)
    with pytest.raises(ActionError, match="Unknown ground"):
        do_erase_contact(contact, ground="whim", actor=world.editor)
    assert Contact.objects.filter(pk=contact.pk).exists() and not ContactErasure.objects.exists()


def test_a_site_administrator_erases_a_contact_with_the_command(world: World) -> None:
    contact = _plant_erasable(world)
    out = io.StringIO()
    call_command("erase_contact", str(contact.pk), "--user", "site-admin", "--ground", "request", stdout=out)
    assert "Would erase contact" in out.getvalue() and PERSONAL[0] not in out.getvalue()
    assert Contact.objects.filter(pk=contact.pk).exists()
    with pytest.raises(CommandError, match="not an active site administrator"):
        call_command("erase_contact", str(contact.pk), "--user", "keeper-editor", "--ground", "request", "--commit")
    call_command(
        "erase_contact", str(contact.pk), "--user", "site-admin", "--ground", "request", "--commit", stdout=out
    )
    assert "Erased contact" in out.getvalue()
    assert not [value for value in PERSONAL if value in _every_table_as_text()]
    assert ContactErasure.objects.get().erased_by == world.site_admin
    with pytest.raises(CommandError, match="No contact with id"):
        call_command("erase_contact", str(contact.pk), "--user", "site-admin", "--ground", "request", "--commit")


def test_the_admin_lists_contacts_read_only_for_site_administrators_only(world: World) -> None:
    contact = world.contact()
    admin_client = world.client(world.site_admin)
    assert "Deputy Ana Torres" in admin_client.get("/admin/contacts/contact/").content.decode()
    assert admin_client.get(f"/admin/contacts/contact/{contact.pk}/change/").status_code == 200
    assert admin_client.get(f"/admin/contacts/contact/{contact.pk}/delete/").status_code == 403
    staff_editor = world.editor
    staff_editor.is_staff = True
    staff_editor.save()
    assert world.client(staff_editor).get("/admin/contacts/contact/").status_code == 403


@pytest.mark.parametrize(
    ("prefix", "heading", "form_heading"),
    [("", "Contacts", "Record a contact"), ("/fr", "Contacts", "Enregistrer un contact"),
     ("/es", "Contactos", "Registrar un contacto")],
)  # fmt: skip
def test_the_contacts_pages_speak_the_readers_language(
    world: World, prefix: str, heading: str, form_heading: str
) -> None:
    contact = world.contact(consent_given=True, consent_on=date(2025, 3, 4), consent_method="email")
    client = world.client(world.editor)
    assert f"<h1>{heading}</h1>" in client.get(f"{prefix}/contacts/").content.decode()
    assert f"<h1>{form_heading}</h1>" in client.get(f"{prefix}/contacts/new/").content.decode()
    page = client.get(f"{prefix}/contacts/{contact.pk}/").content.decode()
    assert "Deputy Ana Torres" in page
    if prefix == "/es":
        assert "Dado el 4 de marzo de 2025" in page and "Historial" in page
    if prefix == "/fr":
        assert "Donné le 4 mars 2025" in page and "Historique" in page


def test_a_contact_is_shown_as_it_stood_on_a_day(world: World) -> None:
    contact = world.contact(institution="Congress", visibility=Visibility.NAMED, shared_with=(world.partner,))
    moved = ContactInput(name="Deputy Ana Torres", kind="parliamentarian", institution="Ministry of Foreign Affairs")
    do_save_contact(contact, moved, owner=world.keeper, actor=world.editor, reason="appointed vice-minister")
    last_week = timezone.now() - timedelta(days=7)
    first_versions = contact.history.filter(version=1)
    assert first_versions.count() >= 1  # the save, and the sharing that followed it
    first_versions.update(history_date=last_week)
    client = world.client(world.editor)
    day = timezone.localdate() - timedelta(days=3)
    then = client.get(f"/contacts/{contact.pk}/?as_of={day.isoformat()}").content.decode()
    assert "Congress" in then and "Ministry of Foreign Affairs" not in then and "Partner" in then
    now = client.get(f"/contacts/{contact.pk}/").content.decode()
    assert "Ministry of Foreign Affairs" in now and "The organisation that keeps it, only." in now
    assert client.get(f"/contacts/{contact.pk}/?as_of=2011-02-30").status_code == 400
