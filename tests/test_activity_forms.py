"""An organisation's editors log activities from a form (often on a phone, right after a meeting): what they type
is checked field by field, uploads by name, size and content, every change is kept with who made it and why,
and two editors correcting the same activity get a conflict rather than overwrite each other."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from treatywatch.organisations.actions import do_save_organisation, do_set_membership
from treatywatch.organisations.models import Organisation, OrganisationKind, Role
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach import actions
from treatywatch.outreach.actions import do_delete_activity
from treatywatch.outreach.activity_views import own_account
from treatywatch.outreach.models import Activity, ActivityDocument, FollowUp
from treatywatch.registry.models import State, Treaty

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def _organisation(name: str, admin: User) -> Organisation:
    made = Organisation(name=name, slug=name.lower().replace(" ", "-"), kind=OrganisationKind.CAMPAIGN_MEMBER)
    return do_save_organisation(made, actor=admin, reason="test")


@pytest.fixture
def coalition(site_admin: User) -> Organisation:
    return _organisation("Coalition", site_admin)


@pytest.fixture
def other(site_admin: User) -> Organisation:
    return _organisation("Other campaign", site_admin)


def _member(org: Organisation, username: str, role: str, admin: User) -> User:
    user = User.objects.create_user(username, password="x", is_staff=True)
    do_set_membership(org, user, role, actor=admin, reason="test")
    return user


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def editor(coalition: Organisation, site_admin: User) -> User:
    return _member(coalition, "editor", Role.EDITOR, site_admin)


@pytest.fixture
def viewer(coalition: Organisation, site_admin: User) -> User:
    return _member(coalition, "viewer", Role.VIEWER, site_admin)


@pytest.fixture
def other_editor(other: Organisation, site_admin: User) -> User:
    return _member(other, "other-editor", Role.EDITOR, site_admin)


def state_pk(iso3: str) -> int:
    return State.objects.get(iso3=iso3).pk


def form(coalition: Organisation, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "owner": coalition.pk,
        "treaty": Treaty.objects.get(slug="ccm").pk,
        "kind": "meeting",
        "title": "Closed briefing for Pacific missions",
        "date": "2025-11-12",
        "date_precision": "day",
        "place": "Geneva",
        "visibility": Visibility.ORGANISATION,
        "target_states": [state_pk("TON"), state_pk("TUV")],
        "attending_states": [state_pk("TON")],
        "participants": "Two parliamentarians",
        "notes": "Tonga asked for the model legislation.",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def log(client: Client, data: dict[str, Any]) -> Any:
    return client.post("/activities/new/", data)


def logged(title: str = "Closed briefing for Pacific missions") -> Activity:
    return Activity.objects.get(title=title)


# ---- Who may log -------------------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in() -> None:
    response = Client().get("/activities/new/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=/activities/new/"


def test_a_viewer_may_not_log_activities(viewer: User, coalition: Organisation) -> None:
    client = client_of(viewer)
    assert client.get("/activities/new/").status_code == 403
    assert log(client, form(coalition)).status_code == 403
    assert not Activity.objects.filter(title="Closed briefing for Pacific missions").exists()


def test_an_editor_logs_a_closed_activity_and_reads_it_on_its_page(editor: User, coalition: Organisation) -> None:
    client = client_of(editor)
    page = client.get("/activities/new/")
    assert page.status_code == 200
    assert 'type="date"' in page.content.decode() and "csrfmiddlewaretoken" in page.content.decode()
    response = log(client, form(coalition))
    activity = logged()
    assert response.status_code == 302 and response["Location"] == f"/activities/{activity.pk}/"
    assert activity.owner == coalition and activity.visibility == Visibility.ORGANISATION
    assert {s.iso3 for s in activity.target_states.all()} == {"TON", "TUV"}
    html = client.get(f"/activities/{activity.pk}/").content.decode()
    assert "Tonga asked for the model legislation." in html and "Two parliamentarians" in html


def test_the_boards_link_opens_the_form_on_its_treaty(editor: User) -> None:
    client = client_of(editor)
    board = client.get("/treaties/ccm/universalization/").content.decode()
    assert 'href="/activities/new/?treaty=ccm"' in board
    page = client.get("/activities/new/?treaty=ccm").content.decode()
    ccm = Treaty.objects.get(slug="ccm")
    assert f'<option value="{ccm.pk}" selected>CCM</option>' in page


@pytest.mark.parametrize(("language", "words"), [("fr", "Consigner une activité"), ("es", "Registrar una actividad")])
def test_the_form_speaks_the_pages_language(editor: User, language: str, words: str) -> None:
    page = client_of(editor).get(f"/{language}/activities/new/").content.decode()
    assert words in page


def test_an_editor_of_another_organisation_cannot_log_for_this_one(other_editor: User, coalition: Organisation) -> None:
    response = log(client_of(other_editor), form(coalition))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.filter(title="Closed briefing for Pacific missions").exists()


def test_the_activity_page_shows_outsiders_only_the_public_part(
    editor: User, viewer: User, other_editor: User, coalition: Organisation
) -> None:
    log(client_of(editor), form(coalition, summary="A briefing on the treaty."))
    activity = logged()
    for reader in (None, other_editor):
        html = client_of(reader).get(f"/activities/{activity.pk}/").content.decode()
        assert "Closed briefing for Pacific missions" in html and "A briefing on the treaty." in html
        assert "Tonga asked" not in html and "Two parliamentarians" not in html and "Tuvalu" not in html
    assert "Tonga asked" in client_of(viewer).get(f"/activities/{activity.pk}/").content.decode()


def test_only_the_recording_organisations_editors_correct_an_activity(
    editor: User, viewer: User, other_editor: User, coalition: Organisation
) -> None:
    log(client_of(editor), form(coalition))
    path = f"/activities/{logged().pk}/edit/"
    assert Client().get(path).status_code == 302
    assert client_of(viewer).get(path).status_code == 403
    assert client_of(other_editor).get(path).status_code == 404  # the closed activity does not exist for them
    assert client_of(editor).get(path).status_code == 200


# ---- Validation ---------------------------------------------------------------------------------------------


def test_missing_fields_are_named_next_to_the_field_and_in_the_summary(editor: User, coalition: Organisation) -> None:
    response = log(client_of(editor), form(coalition, title="", date=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was saved. Please correct:" in html
    assert 'href="#id_title-field"' in html and 'id="id_title_error"' in html
    assert 'aria-invalid="true"' in html
    assert not Activity.objects.filter(place="Geneva", owner=coalition).exists()


@pytest.mark.parametrize("bad", ["2025-02-30", "12/11/2025", "yesterday"])
def test_a_date_that_is_not_a_date_is_refused(editor: User, coalition: Organisation, bad: str) -> None:
    response = log(client_of(editor), form(coalition, date=bad))
    assert response.status_code == 400 and 'id="id_date_error"' in response.content.decode()


def test_a_last_day_before_the_first_is_refused(editor: User, coalition: Organisation) -> None:
    response = log(client_of(editor), form(coalition, ends_on="2025-11-11"))
    assert "The last day comes before the first." in response.content.decode()


def test_a_date_known_to_the_month_is_stored_as_its_last_day(editor: User, coalition: Organisation) -> None:
    log(client_of(editor), form(coalition, date="2025-11-03", date_precision="month"))
    activity = logged()
    assert (activity.date, activity.date_precision) == (date(2025, 11, 30), "month")
    assert "November 2025" in Client().get(f"/activities/{activity.pk}/").content.decode()


def test_sharing_needs_organisations_named_and_only_then(
    editor: User, coalition: Organisation, other: Organisation
) -> None:
    client = client_of(editor)
    assert "Name at least one organisation" in log(client, form(coalition, visibility="named")).content.decode()
    refused = log(client, form(coalition, shared_with=[other.pk])).content.decode()
    assert "Name organisations only when you share" in refused
    assert log(client, form(coalition, visibility="named", shared_with=[other.pk])).status_code == 302
    assert list(logged().shared_with.all()) == [other]


def test_without_a_published_source_the_source_is_the_organisations_own_account(
    editor: User, coalition: Organisation
) -> None:
    log(client_of(editor), form(coalition))
    source = logged().source
    assert source.citation == own_account(coalition) and not source.primary and source.url == ""


def test_a_published_source_is_cited_as_given(editor: User, coalition: Organisation) -> None:
    data = form(coalition, source_citation="Coalition press release", source_url="https://example.org/release")
    log(client_of(editor), data)
    source = logged().source
    assert (source.citation, source.url) == ("Coalition press release", "https://example.org/release")
    assert not source.primary


# ---- Documents ----------------------------------------------------------------------------------------------


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_documents_are_stored_outside_the_web_root_and_downloaded_by_members_only(
    editor: User, viewer: User, other_editor: User, coalition: Organisation, settings: Any
) -> None:
    files = [upload("concept note.pdf", PDF), upload("attendance.png", PNG), upload("letter.docx", docx())]
    files.append(upload("minutes.odt", odt()))
    files.append(upload("notes.txt", "Tonga: ratification bill in 2026 — à suivre".encode()))
    assert log(client_of(editor), form(coalition, documents=files)).status_code == 302
    activity = logged()
    documents = list(activity.documents.order_by("pk"))
    assert [d.content_type for d in documents] == [
        "application/pdf",
        "image/png",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
        "text/plain",
    ]
    stored = Path(documents[0].file.path)
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    assert documents[0].uploaded_by == editor and documents[0].size == len(PDF)
    path = f"/activities/{activity.pk}/documents/{documents[0].pk}"
    answer = client_of(viewer).get(path)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == PDF  # type: ignore[attr-defined]
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith("attachment;")
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]
    for outsider in (None, other_editor):
        assert client_of(outsider).get(path).status_code == 404
    assert client_of(viewer).get(f"/activities/{activity.pk}/documents/{documents[-1].pk + 100}").status_code == 404
    assert "concept note" in client_of(viewer).get(f"/activities/{activity.pk}/").content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("tool.exe", b"MZ\x90\x00", "only these kinds of file are accepted: PDF, DOCX, XLSX, ODT, PNG, JPEG, TXT"),
        ("report.pdf", b"<html><script>alert(1)</script></html>", "is named as a PDF file but its content is not one"),
        ("photo.jpg", PNG, "is named as a JPEG file but its content is not one"),
        ("sheet.xlsx", docx(), "is named as a XLSX file but its content is not one"),
        ("notes.txt", b"\x00\x01binary", "is named as a TXT file but its content is not one"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_saved(
    editor: User, coalition: Organisation, name: str, content: bytes, message: str, settings: Any
) -> None:
    before = sorted(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*"))
    files = [upload("good.pdf", PDF), upload(name, content, "application/pdf")]
    response = log(client_of(editor), form(coalition, documents=files))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Activity.objects.filter(title="Closed briefing for Pacific missions").exists()
    assert not ActivityDocument.objects.exists()
    assert sorted(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*")) == before


def test_a_file_over_the_size_limit_is_refused(editor: User, coalition: Organisation) -> None:
    with override_settings(TREATYWATCH_DOCUMENT_MAX_BYTES=1024 * 1024):
        big = upload("scan.pdf", PDF + b"0" * (1024 * 1024))
        response = log(client_of(editor), form(coalition, documents=[big]))
    assert response.status_code == 400
    assert "scan.pdf is 1 MB; a document may be at most 1 MB." in response.content.decode()
    assert not Activity.objects.filter(title="Closed briefing for Pacific missions").exists()


def test_a_forged_upload_is_refused_without_a_server_error(editor: User, coalition: Organisation) -> None:
    client = client_of(editor)
    # A text value where a file is expected: it is no file, so nothing is attached.
    response = log(client, form(coalition, documents="not a file"))
    assert response.status_code == 302
    assert not logged().documents.exists()
    # A body that claims to be multipart but is cut short.
    boundary = "BoUnDaRy"
    body = f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nx'.encode()
    broken = client.post("/activities/new/", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert broken.status_code in (400, 403)
    # The browser's claimed content type is not believed: a script sent as "application/pdf" stays refused.
    script = upload("invoice.pdf", b"<script>alert(1)</script>", "application/pdf")
    assert log(client, form(coalition, title="Second", documents=[script])).status_code == 400


def test_a_failure_after_the_files_are_stored_leaves_none_behind(
    editor: User, coalition: Organisation, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(treaty: Treaty | None = None) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(actions, "register_changed", fail)
    before = sorted(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf"))
    with pytest.raises(RuntimeError):
        log(client_of(editor), form(coalition, documents=[upload("kept.pdf", PDF)]))
    assert not ActivityDocument.objects.exists()
    assert sorted(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.pdf")) == before


# ---- Corrections: audited, and conflicts --------------------------------------------------------------------


def test_a_correction_needs_a_reason_kept_in_the_history_with_its_author(editor: User, coalition: Organisation) -> None:
    client = client_of(editor)
    log(client, form(coalition))
    activity = logged()
    data = form(coalition, notes="Tonga will table the bill in March.", version=activity.version)
    refused = client.post(f"/activities/{activity.pk}/edit/", data)
    assert refused.status_code == 400 and 'id="id_reason_error"' in refused.content.decode()
    data["reason"] = "Tonga's mission wrote after the meeting"
    assert client.post(f"/activities/{activity.pk}/edit/", data).status_code == 302
    activity.refresh_from_db()
    assert activity.notes == "Tonga will table the bill in March." and activity.version == 2
    latest, first = activity.history.order_by("-history_id")[:2]
    assert latest.history_user == editor and latest.history_change_reason == "Tonga's mission wrote after the meeting"
    assert first.history_change_reason == "logged from the activity form" and first.history_user == editor


def test_two_editors_correcting_the_same_activity_get_a_conflict(
    editor: User, coalition: Organisation, site_admin: User
) -> None:
    second = _member(coalition, "second-editor", Role.EDITOR, site_admin)
    log(client_of(editor), form(coalition))
    activity = logged()
    shown = activity.version
    first = form(coalition, title="Briefing for Pacific missions", version=shown, reason="clearer title")
    assert client_of(editor).post(f"/activities/{activity.pk}/edit/", first).status_code == 302
    late = form(coalition, notes="Overwritten?", version=shown, reason="my notes")
    response = client_of(second).post(f"/activities/{activity.pk}/edit/", late)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Another editor changed this record while you were editing it" in html and "clearer title" in html
    activity.refresh_from_db()
    assert activity.notes == "Tonga asked for the model legislation."
    assert activity.title == "Briefing for Pacific missions"


# ---- Follow-ups ---------------------------------------------------------------------------------------------


def test_follow_ups_are_added_and_marked_done_by_the_organisation_only(
    editor: User, viewer: User, other_editor: User, coalition: Organisation
) -> None:
    log(client_of(editor), form(coalition))
    activity = logged()
    new = f"/activities/{activity.pk}/follow-ups/new/"
    due = (date.today() + timedelta(days=30)).isoformat()
    given = {"description": "Send Tonga the model legislation", "due_on": due, "owner": coalition.pk}
    assert client_of(viewer).post(new, given).status_code == 403
    assert client_of(other_editor).post(new, given).status_code == 404
    assert Client().post(new, given).status_code == 302  # to sign in
    assert not FollowUp.objects.exists()
    missing = client_of(editor).post(new, {**given, "due_on": ""})
    assert missing.status_code == 400 and 'id="id_due_on_error"' in missing.content.decode()
    assert client_of(editor).post(new, {**given, "owner_user": viewer.pk}).status_code == 302
    follow_up = FollowUp.objects.get()
    assert (follow_up.owner, follow_up.owner_user, follow_up.done_on) == (coalition, viewer, None)
    assert follow_up.history.get().history_user == editor

    page = client_of(viewer).get(f"/activities/{activity.pk}/").content.decode()
    assert "Send Tonga the model legislation" in page
    for outsider in (None, other_editor):
        assert "Send Tonga" not in client_of(outsider).get(f"/activities/{activity.pk}/").content.decode()

    done = f"/activities/{activity.pk}/follow-ups/{follow_up.pk}/done/"
    assert client_of(other_editor).post(done, {"done_on": date.today().isoformat()}).status_code == 404
    future = client_of(viewer).post(done, {"done_on": due})
    assert future.status_code == 400 and "is still to come" in future.content.decode()
    # The viewer is the person responsible: they mark it done.
    assert client_of(viewer).post(done, {"done_on": date.today().isoformat(), "note": "sent"}).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_on == date.today()
    latest = follow_up.history.order_by("-history_id").first()
    assert latest is not None and (latest.history_user, latest.history_change_reason) == (viewer, "marked done: sent")


def test_a_follow_up_goes_only_to_an_organisation_that_reads_the_activity(
    editor: User, coalition: Organisation, other: Organisation
) -> None:
    log(client_of(editor), form(coalition))
    given = {"description": "Call", "due_on": "2026-01-10", "owner": other.pk}
    response = client_of(editor).post(f"/activities/{logged().pk}/follow-ups/new/", given)
    assert response.status_code == 400 and not FollowUp.objects.exists()


def test_a_correction_removes_a_document_with_its_file_and_keeps_who_and_why(
    editor: User, coalition: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_of(editor)
    log(client, form(coalition, documents=[upload("wrong file.pdf", PDF), upload("attendance.png", PNG)]))
    activity = logged()
    wrong = activity.documents.get(original_name="wrong file.pdf")
    stored = Path(wrong.file.path)
    assert stored.exists()
    page = client.get(f"/activities/{activity.pk}/edit/").content.decode()
    assert "Remove these documents" in page
    data = form(coalition, version=activity.version, reason="the wrong file was attached", remove_documents=[wrong.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/activities/{activity.pk}/edit/", data).status_code == 302
    assert [d.original_name for d in activity.documents.all()] == ["attendance.png"]
    assert not stored.exists()
    removal = ActivityDocument.history.filter(id=wrong.pk, history_type="-").get()
    assert (removal.history_user, removal.history_change_reason) == (editor, "the wrong file was attached")


def test_a_document_keeps_who_attached_it_and_why(editor: User, coalition: Organisation) -> None:
    log(client_of(editor), form(coalition, documents=[upload("note.txt", b"Tonga")]))
    record = logged().documents.get().history.get()
    assert (record.history_user, record.history_change_reason) == (editor, "logged from the activity form")


def test_the_follow_up_form_names_only_members_of_the_organisations_sharing_the_activity(
    editor: User, viewer: User, other_editor: User, coalition: Organisation
) -> None:
    log(client_of(editor), form(coalition, visibility="public", target_states=[], attending_states=[]))
    page = client_of(editor).get(f"/activities/{logged().pk}/follow-ups/new/").content.decode()
    assert ">viewer</option>" in page and ">other-editor</option>" not in page


def test_removing_an_activity_removes_its_documents_files(
    editor: User, coalition: Organisation, django_capture_on_commit_callbacks: Any
) -> None:
    log(client_of(editor), form(coalition, documents=[upload("minutes.pdf", PDF)]))
    activity = logged()
    stored = Path(activity.documents.get().file.path)
    with django_capture_on_commit_callbacks(execute=True):
        do_delete_activity(activity, actor=editor, reason="logged twice")
    assert not stored.exists() and not ActivityDocument.objects.exists()
