"""Members report what they did for a campaign from a phone form: it opens on today and the member's country, a
bad entry is refused field by field and saves nothing, a report is read by the member that made it and the
campaign's organisers (by everyone once made public), corrections keep their reason and meet a conflict when two
editors cross, and the list's filters and downloads show exactly what the reader may read."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.campaign_reports import FIRST_DAY, Coalition, client_of, make_coalition, report
from treatywatch.campaigns.models import ActionReport
from treatywatch.campaigns.report_queries import REPORT

pytestmark = pytest.mark.django_db


@pytest.fixture
def coalition() -> Coalition:
    return make_coalition()


def test_the_form_opens_on_today_and_the_members_country(coalition: Coalition) -> None:
    page = client_of(coalition.kenya_editor).get("/campaigns/oslo-10/reports/new/")
    assert page.status_code == 200
    text = page.content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in text
    state = coalition.kenya_member.state
    assert state is not None and f'<option value="{state.pk}" selected>Kenya</option>' in text
    assert "Report what you did" in text
    assert f">{coalition.asks['ratify'].title}</option>" in text  # an ask by its title


def test_a_report_entered_on_the_form_is_saved_with_who_and_why(coalition: Coalition) -> None:
    kenya = coalition.kenya_member
    form = {
        "owner": kenya.pk,
        "kind": "met_official",
        "ask": coalition.asks["ratify"].pk,
        "state": kenya.state.pk,  # type: ignore[union-attr]
        "date": "2017-02-21",
        "target": "Ministry of Foreign Affairs",
        "visibility": "organisation",
    }
    response = client_of(coalition.kenya_editor).post("/campaigns/oslo-10/reports/new/", form)
    assert response.status_code == 302 and response["Location"].endswith("/campaigns/oslo-10/reports/")
    saved = ActionReport.objects.get()
    assert (saved.owner, saved.state.iso3, saved.ask.key, saved.date) == (  # type: ignore[union-attr]
        kenya,
        "KEN",
        "ratify",
        date(2017, 2, 21),
    )
    assert saved.reported_by == coalition.kenya_editor
    history = saved.history.get()
    assert history.history_user == coalition.kenya_editor
    assert history.history_change_reason == "reported from the campaign's report form"


@pytest.mark.parametrize(
    ("changed", "field", "message"),
    [
        ({"date": date(2999, 1, 1).isoformat()}, "date", "is still to come"),
        ({"date": "21/02/2017"}, "date", "Give a date such as"),
        ({"kind": "social_media"}, "link", "Give the address of the social media post"),
        ({"state": ""}, "state", "say which State it was for"),
        ({"kind": "petition"}, "kind", "Select a valid choice"),
        ({"visibility": "named"}, "visibility", "Select a valid choice"),
    ],
)
def test_a_bad_entry_is_refused_next_to_its_field_and_saves_nothing(
    coalition: Coalition, changed: dict[str, str], field: str, message: str
) -> None:
    kenya = coalition.kenya_member
    form = {
        "owner": kenya.pk,
        "kind": "letter",
        "ask": coalition.asks["ratify"].pk,
        "state": kenya.state.pk,  # type: ignore[union-attr]
        "date": "2017-02-21",
        "visibility": "organisation",
    } | changed
    response = client_of(coalition.kenya_editor).post("/campaigns/oslo-10/reports/new/", form)
    assert response.status_code == 400
    text = response.content.decode()
    assert f'id="id_{field}_error"' in text and message in text
    assert "Nothing was saved" in text
    assert not ActionReport.objects.exists()


def test_only_an_organisations_editors_report_for_it(coalition: Coalition) -> None:
    viewer = client_of(coalition.kenya_viewer).get("/campaigns/oslo-10/reports/new/")
    assert viewer.status_code == 403
    form = {"owner": coalition.lebanon_member.pk, "kind": "letter", "date": "2017-02-21", "visibility": "public"}
    response = client_of(coalition.kenya_editor).post("/campaigns/oslo-10/reports/new/", form)
    assert response.status_code == 400 and not ActionReport.objects.exists()
    anonymous = client_of(None).get("/campaigns/oslo-10/reports/new/")
    assert anonymous.status_code == 302 and "/accounts/" in anonymous["Location"]


def test_a_report_is_read_by_its_member_and_the_organisers_only_until_made_public(coalition: Coalition) -> None:
    kept = report(coalition, coalition.kenya_editor, coalition.kenya_member, ask="ratify", iso3="KEN", target="MFA")
    shared = report(coalition, coalition.lebanon_editor, coalition.lebanon_member, iso3="LBN", public=True)
    readers = {
        "anonymous": (None, {shared.pk}),
        "kenya viewer": (coalition.kenya_viewer, {kept.pk, shared.pk}),
        "lebanon editor": (coalition.lebanon_editor, {shared.pk}),
        "coalition staff": (coalition.staff, {kept.pk, shared.pk}),
    }
    for name, (user, expected) in readers.items():
        client = client_of(user)
        for pk in (kept.pk, shared.pk):
            status = client.get(f"/campaigns/oslo-10/reports/{pk}/").status_code
            assert status == (200 if pk in expected else 404), (name, pk)
        rows = list(csv.DictReader(io.StringIO(client.get("/campaigns/oslo-10/reports.csv").content.decode())))
        assert {int(row["id"]) for row in rows} == expected, name


def test_the_list_filters_by_state_ask_and_kind(coalition: Coalition) -> None:
    report(coalition, coalition.kenya_editor, coalition.kenya_member, ask="ratify", iso3="KEN", public=True)
    report(coalition, coalition.kenya_editor, coalition.kenya_member, ask="share_memories", kind="event", public=True)
    report(coalition, coalition.lebanon_editor, coalition.lebanon_member, iso3="LBN", kind="letter", public=True)
    client = client_of(None)
    for query, count in (
        ("", 3),
        ("state=KEN", 1),
        ("ask=share_memories", 1),
        ("kind=letter", 1),
        ("state=LBN&kind=event", 0),
    ):
        rows = list(csv.DictReader(io.StringIO(client.get(f"/campaigns/oslo-10/reports.csv?{query}").content.decode())))
        assert len(rows) == count, query
        page = client.get(f"/campaigns/oslo-10/reports/?{query}").content.decode()
        assert f"{count} report" in page, query


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("state=XXX", "state: &#x27;XXX&#x27; is not the ISO 3166 alpha-3 code"),
        ("ask=nope", "ask: &#x27;nope&#x27; is not one of the campaign&#x27;s asks (accede, ratify, condemn_use,"),
        ("kind=petition", "kind: &#x27;petition&#x27; is not one of met_official"),
        ("page=9", "page: &#x27;9&#x27; is not a page of this list"),
    ],
)
def test_a_bad_filter_is_a_400_that_says_why(coalition: Coalition, query: str, message: str) -> None:
    response = client_of(None).get(f"/campaigns/oslo-10/reports/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_unknown_campaign_is_not_found(coalition: Coalition) -> None:
    for path in ("/campaigns/oslo-11/reports/", "/campaigns/oslo-11/dashboard/", "/campaigns/oslo-11/reports.csv"):
        assert client_of(None).get(path).status_code == 404, path


def test_the_downloads_have_the_fields_of_the_api_in_every_format(coalition: Coalition) -> None:
    report(coalition, coalition.kenya_editor, coalition.kenya_member, ask="ratify", iso3="KEN", target="=HYPERLINK()")
    client = client_of(coalition.staff)
    rows = list(csv.DictReader(io.StringIO(client.get("/campaigns/oslo-10/reports.csv").content.decode())))
    assert tuple(rows[0]) == REPORT.columns()
    assert (rows[0]["state"], rows[0]["ask"], rows[0]["organisation"]) == ("KEN", "ratify", "member-in-kenya")
    assert rows[0]["target"] == "'=HYPERLINK()"  # text, never a formula
    workbook = load_workbook(io.BytesIO(client.get("/campaigns/oslo-10/reports.xlsx").content))
    sheet = workbook.worksheets[0]
    assert tuple(cell.value for cell in sheet[1]) == REPORT.columns()
    assert sheet.max_row == 2


def test_a_correction_keeps_its_reason_and_two_editors_crossing_get_a_conflict(coalition: Coalition) -> None:
    saved = report(coalition, coalition.kenya_editor, coalition.kenya_member, ask="ratify", iso3="KEN", target="MFA")
    address = f"/campaigns/oslo-10/reports/{saved.pk}/edit/"
    client = client_of(coalition.kenya_editor)
    form = client.get(address)
    assert form.status_code == 200 and 'name="version" value="1"' in form.content.decode()
    fields = {
        "owner": coalition.kenya_member.pk,
        "kind": "met_official",
        "ask": coalition.asks["ratify"].pk,
        "state": saved.state_id,
        "date": FIRST_DAY.isoformat(),
        "target": "Ministry of Foreign Affairs, Director of Legal Affairs",
        "visibility": "organisation",
        "version": 1,
    }
    refused = client.post(address, fields)
    assert refused.status_code == 400 and "Why are you changing it?" in refused.content.decode()
    assert client.post(address, fields | {"reason": "named the official"}).status_code == 302
    saved.refresh_from_db()
    assert saved.version == 2 and saved.target.endswith("Director of Legal Affairs")
    assert saved.history.order_by("-history_id")[0].history_change_reason == "named the official"
    late = client.post(address, fields | {"reason": "from an old tab", "target": "Parliament"})
    assert late.status_code == 400 and "Another editor changed this record" in late.content.decode()
    saved.refresh_from_db()
    assert saved.target.endswith("Director of Legal Affairs")


def test_only_the_reporting_organisations_editors_correct_a_report(coalition: Coalition) -> None:
    saved = report(coalition, coalition.kenya_editor, coalition.kenya_member, iso3="KEN", public=True)
    address = f"/campaigns/oslo-10/reports/{saved.pk}/edit/"
    assert client_of(coalition.lebanon_editor).get(address).status_code == 403
    assert client_of(coalition.staff).get(address).status_code == 403
    page = client_of(coalition.kenya_viewer).get(f"/campaigns/oslo-10/reports/{saved.pk}/").content.decode()
    assert "Correct this report" not in page


@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_report_pages_are_in_french_and_spanish(coalition: Coalition, language: str) -> None:
    saved = report(coalition, coalition.kenya_editor, coalition.kenya_member, iso3="KEN", public=True)
    words = {
        "fr": ("Signaler ce que vous avez fait", "Qui avez-vous approché"),
        "es": ("Informar de lo que hizo", "¿A quién se dirigió?"),
    }
    client = client_of(coalition.kenya_editor)
    form = client.get(f"/{language}/campaigns/oslo-10/reports/new/").content.decode()
    assert all(word in form for word in words[language]), language
    for path in ("reports/", f"reports/{saved.pk}/", "dashboard/"):
        assert client.get(f"/{language}/campaigns/oslo-10/{path}").status_code == 200
