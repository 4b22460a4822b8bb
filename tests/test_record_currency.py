"""How current the record is: every page, download, feed and API answer says up to when each treaty's record
was checked (the date of the depositary status page it was checked against), and a later day says so."""

from __future__ import annotations

import io
import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import Client
from icalendar import Calendar
from openpyxl import load_workbook

from treatywatch.registry.models import Treaty

from .conftest import DATA

CHECKED = "Record checked up to 3 February 2026."
AFTER = "The record was last checked on 3 February 2026; later changes are not in it."


def text(client: Client, url: str, **query: str) -> str:
    response = client.get(url, query)
    assert response.status_code == 200, response.content[:300]
    return " ".join(response.content.decode().split())


def test_the_treaty_page_says_up_to_when_the_record_was_checked(client: Client, ccm: Treaty) -> None:
    on_the_day = text(client, "/treaties/ccm/", as_of="2026-02-03")
    assert CHECKED in on_the_day
    assert "later changes are not in it" not in on_the_day
    assert AFTER in text(client, "/treaties/ccm/", as_of="2026-02-04")
    assert CHECKED in text(client, "/treaties/ccm/", as_of="2015-09-07")


def test_every_page_showing_a_record_says_it_after_the_check(client: Client, ccm: Treaty) -> None:
    home = text(client, "/", as_of="2026-11-30")
    assert "Where every State stands on 30 November 2026, computed from the depositary record as it was last" in home
    assert home.count(AFTER) == Treaty.objects.filter(parent__isnull=True).count()
    for url in ("/treaties/ccm/compliance/", "/treaties/ccm/universalization/", "/states/IDN/"):
        assert AFTER in text(client, url, as_of="2026-11-30"), url
    # A page about several treaties names each.
    named = "CCM: the record was last checked on 3 February 2026; later changes are not in it."
    assert named in text(client, "/milestones/", as_of="2026-11-30")


def test_french_and_spanish_pages_say_it_in_their_language(client: Client, ccm: Treaty) -> None:
    assert "vérifié pour la dernière fois le 3 février 2026" in text(client, "/fr/treaties/ccm/", as_of="2026-06-01")
    assert "se verificó por última vez el 3 de febrero de 2026" in text(client, "/es/treaties/ccm/", as_of="2026-06-01")


def test_an_unknown_check_day_is_said_as_unknown_not_as_a_failure(client: Client, ccm: Treaty) -> None:
    Treaty.objects.filter(pk=ccm.pk).update(record_checked_by=None, record_version=ccm.record_version + 1)
    page = text(client, "/treaties/ccm/", as_of="2026-06-01")
    assert "The day the record's sources were checked up to is not recorded." in page
    assert "later changes are not in it" not in page
    assert client.get("/api/v1/treaties/ccm").json()["record_checked"]["checked_on"] is None


def test_downloads_name_the_check_day(client: Client, ccm: Treaty) -> None:
    query = {"as_of": "2026-06-01"}
    as_json = client.get("/treaties/ccm/states.json", query).json()
    assert as_json["record_checked_on"] == {"ccm": "2026-02-03"}
    as_csv = client.get("/treaties/ccm/states.csv", query)
    assert as_csv["Record-Checked-On"] == "ccm=2026-02-03"
    assert as_csv.content.decode().splitlines()[0].startswith("iso3,")
    assert as_csv["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    assert "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in as_json["licence"]
    workbook = load_workbook(io.BytesIO(client.get("/treaties/ccm/states.xlsx", query).content))
    about = {row[0]: row[1] for row in workbook["About"].iter_rows(values_only=True)}
    assert about["record_checked_on (ccm)"] == "2026-02-03"
    assert "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)" in about["licence"]
    compliance = client.get("/treaties/ccm/compliance.json", query).json()
    assert compliance["record_checked_on"] == {"ccm": "2026-02-03"}


def test_a_feed_says_it_in_its_description(client: Client, ccm: Treaty) -> None:
    response = client.get("/treaties/ccm/deadlines.ics", {"as_of": "2026-06-01"})
    calendar = Calendar.from_ical(response.content)
    assert "CCM: the record was last checked on 3 February 2026; later changes are not in it." in str(
        calendar["DESCRIPTION"]
    )


def test_the_api_answers_give_the_check_day(client: Client, ccm: Treaty) -> None:
    listed = {t["slug"]: t for t in client.get("/api/v1/treaties").json()}
    assert listed["ccm"]["record_checked_on"] == "2026-02-03"
    before = client.get("/api/v1/treaties/ccm", {"as_of": "2026-02-03"}).json()
    assert before["record_checked"] == {"checked_on": "2026-02-03", "later_changes_missing": False}
    after = client.get("/api/v1/treaties/ccm/states", {"as_of": "2026-02-04"}).json()
    assert after["record_checked"] == {"checked_on": "2026-02-03", "later_changes_missing": True}
    profile = client.get("/api/v1/states/IDN", {"as_of": "2026-06-01"}).json()
    assert {t["treaty"]: t["record_checked"]["later_changes_missing"] for t in profile["treaties"]}["ccm"] is True


def _page_dated(tmp_path: Path, status_as_at: str) -> Path:
    page = tmp_path / "ccm.html"
    content = (DATA / "untc" / "ccm.html").read_text(encoding="utf-8")
    page.write_text(content.replace("STATUS AS AT : 03-02-2026", f"STATUS AS AT : {status_as_at}"), encoding="utf-8")
    return page


def test_a_newer_page_moves_the_check_day_forward_even_when_it_changes_no_fact(
    client: Client, ccm: Treaty, tmp_path: Path
) -> None:
    out = StringIO()
    call_command("import_untc", str(_page_dated(tmp_path, "10-03-2026")), "--treaty", "ccm", stdout=out)
    assert "record checked up to 2026-03-10" in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert AFTER in text(client, "/treaties/ccm/", as_of="2026-02-04")  # a dry run writes nothing
    call_command("import_untc", str(_page_dated(tmp_path, "10-03-2026")), "--treaty", "ccm", "--commit", stdout=out)
    assert "Record checked up to 10 March 2026." in text(client, "/treaties/ccm/", as_of="2026-03-10")
    assert json.loads(client.get("/treaties/ccm/states.json").content)["record_checked_on"] == {"ccm": "2026-03-10"}
    # An older page does not move it back.
    older = StringIO()
    call_command("import_untc", str(_page_dated(tmp_path, "01-01-2026")), "--treaty", "ccm", "--commit", stdout=older)
    assert "Nothing to change" in older.getvalue()
    assert "Record checked up to 10 March 2026." in text(client, "/treaties/ccm/", as_of="2026-03-10")


def test_downloads_about_several_treaties_name_each_check_day(client: Client, ccm: Treaty) -> None:
    milestones = client.get("/milestones.json", {"as_of": "2026-06-01"}).json()
    assert milestones["record_checked_on"]["ccm"] == "2026-02-03"
    assert milestones["record_checked_on"]["apmbc"] == "2026-02-03"
    one = client.get("/milestones.json", {"as_of": "2026-06-01", "treaty": "ccm"}).json()
    assert one["record_checked_on"] == {"ccm": "2026-02-03"}
    targets = client.get("/campaigns/oslo-10/targets.csv")
    assert "ccm=2026-02-03" in targets["Record-Checked-On"]
    campaign = text(client, "/campaigns/oslo-10/")
    assert "CCM: record checked up to 3 February 2026." in campaign
