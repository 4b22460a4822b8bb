"""A treaty's meetings and its Coordinators on any date: the shipped data (data/ccm/meetings.csv and
mandates.csv, from events.md), the API, the public page and the importers."""

from __future__ import annotations

import csv
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from treatywatch.lib.actions import SHIPPED_DATA, ActionError
from treatywatch.outreach.actions import MandateInput, do_save_mandate
from treatywatch.outreach.models import Mandate, Meeting
from treatywatch.outreach.shipped import load_shipped_institutions
from treatywatch.registry.models import Source, State, Treaty

from .conftest import DATA

pytestmark = pytest.mark.django_db

MEETINGS = DATA / "ccm" / "meetings.csv"
MANDATES = DATA / "ccm" / "mandates.csv"


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def coordinators(client: Client, as_of: str, theme: str = "universalization") -> dict[str, Any]:
    response = client.get(f"/api/v1/treaties/ccm/coordinators?as_of={as_of}")
    assert response.status_code == 200
    return next(t for t in response.json()["themes"] if t["theme"] == theme)


def holders(theme: dict[str, Any]) -> dict[str, bool]:
    return {c["iso3"]: c["uncertain"] for c in theme["coordinators"]}


# ---- The shipped data ----------------------------------------------------------------------------------


def test_every_meeting_of_the_ccm_ships_with_its_sources(ccm: Treaty) -> None:
    meetings = {m.label: m for m in Meeting.objects.filter(treaty=ccm)}
    assert list(meetings) == [
        *(f"{n}MSP" for n in range(1, 6)), "1RC", *(f"{n}MSP" for n in range(6, 10)), "2RC",
        *(f"{n}MSP" for n in range(10, 14)), "3RC",
    ]  # fmt: skip
    assert all(m.sources.exists() for m in meetings.values())
    assert (meetings["1MSP"].starts_on, meetings["1MSP"].ends_on, meetings["1MSP"].place) == (
        date(2010, 11, 9),
        date(2010, 11, 12),
        "Vientiane, Lao PDR",
    )
    second_rc = meetings["2RC"]
    assert (second_rc.ends_on, second_rc.second_part_starts_on, second_rc.second_part_ends_on) == (
        date(2020, 11, 27),
        date(2021, 9, 20),
        date(2021, 9, 21),
    )
    third_rc = meetings["3RC"]
    assert (third_rc.starts_on, third_rc.starts_on_precision, third_rc.place, third_rc.president) == (
        date(2026, 12, 31),
        "year",
        "",
        "",
    )
    assert {s.url for s in meetings["2MSP"].sources.all()} >= {"https://www.clusterconvention.org/2msp/"}


def test_the_mandates_ship_with_their_sources_and_the_gaps_stay_visible(ccm: Treaty) -> None:
    mandates = Mandate.objects.filter(treaty=ccm, theme="universalization")
    assert mandates.filter(state__isnull=False).count() == 18
    gaps = mandates.filter(state__isnull=True).order_by("starts_on")
    assert [(g.starts_on.year, g.ends_on.year) for g in gaps] == [
        (2013, 2014),
        (2015, 2016),
        (2018, 2019),
        (2024, 2026),
    ]
    assert all(m.source is not None for m in mandates.filter(state__isnull=False))
    assert all(m.source is None and "not found" in m.note for m in gaps)
    history = Mandate.history.filter(treaty=ccm)
    assert {(h.history_user, h.history_change_reason) for h in history} == {(None, "imported from mandates.csv")}


def test_loading_again_changes_nothing(ccm: Treaty) -> None:
    versions = (Meeting.history.count(), Mandate.history.count(), Source.objects.count())
    assert load_shipped_institutions(ccm, DATA) == []
    call_command("load_register", verbosity=0)
    assert (Meeting.history.count(), Mandate.history.count(), Source.objects.count()) == versions


def test_the_shipped_data_never_corrects_a_mandate(ccm: Treaty) -> None:
    mandate = Mandate.objects.filter(treaty=ccm).first()
    assert mandate is not None
    given = MandateInput(
        ccm,
        mandate.theme,
        mandate.state,
        mandate.starts_on,
        mandate.ends_on,
        mandate.source,
        mandate.starts_on_precision,
        mandate.ends_on_precision,
    )
    with pytest.raises(ActionError, match="never corrects"):
        do_save_mandate(mandate, given, actor=SHIPPED_DATA, reason="test")
    with pytest.raises(ActionError, match="Only a site administrator"):
        do_save_mandate(None, given, actor=None, reason="test")


# ---- The API -------------------------------------------------------------------------------------------


def test_who_coordinated_universalization_on_1_march_2018(client: Client) -> None:
    theme = coordinators(client, "2018-03-01")
    assert holders(theme) == {"FRA": True, "PAN": True}
    france = next(c for c in theme["coordinators"] if c["iso3"] == "FRA")
    assert [(p["from"], p["to"], p["from_precision"]) for p in france["periods"]] == [("2017", "2018", "year")]
    assert "Thematic coordination" in france["periods"][0]["source"]["citation"]
    # The year 2018 also starts a period no source names the Coordinators of.
    assert [(g["from"], g["to"]) for g in theme["documented_gaps"]] == [("2018", "2019")]


def test_in_a_year_where_two_pairs_meet_both_are_answered_as_uncertain(client: Client) -> None:
    assert holders(coordinators(client, "2017-03-01")) == {"FRA": False, "ZMB": True, "PAN": True}
    assert holders(coordinators(client, "2022-06-01")) == {"PHL": True, "ESP": False, "MWI": True}


def test_the_full_compositions_answer_for_the_other_themes(client: Client) -> None:
    # Victim assistance: Ireland and Italy for 2017-2018, then Ireland and Spain for 2018-2019.
    assert holders(coordinators(client, "2018-03-01", "victim_assistance")) == {"IRL": False, "ITA": True, "ESP": True}
    general_status = coordinators(client, "2012-06-01", "general_status")
    assert holders(general_status) == {"VAT": True, "ZMB": False, "CRI": True}
    assert {c["name"] for c in general_status["coordinators"]} >= {"Holy See", "Zambia"}


def test_a_day_in_a_not_found_gap_has_no_coordinator_and_says_so(client: Client) -> None:
    theme = coordinators(client, "2025-06-01")
    assert theme["coordinators"] == []
    assert [(g["from"], g["to"], g["note"]) for g in theme["documented_gaps"]] == [
        ("2024", "2026", "Coordinators for 2024–2026 not found in the sources.")
    ]


def test_themes_without_any_mandate_are_named_as_not_recorded(client: Client) -> None:
    answer = client.get("/api/v1/treaties/ccm/coordinators?as_of=2018-03-01").json()
    assert answer["as_of"] == "2018-03-01"
    assert answer["themes_not_recorded"] == ["risk_education"]


@pytest.mark.parametrize("as_of", ["2018-02-30", "yesterday", "1899-01-01"])
def test_a_bad_as_of_is_a_400_with_its_detail(client: Client, as_of: str) -> None:
    response = client.get(f"/api/v1/treaties/ccm/coordinators?as_of={as_of}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("as_of:")


def test_an_unknown_treaty_is_a_404(client: Client) -> None:
    assert client.get("/api/v1/treaties/nope/coordinators").status_code == 404
    assert client.get("/api/v1/meetings?treaty=nope").json()["detail"].startswith("No treaty 'nope'")


def test_the_meetings_show_where_the_sources_disagree(client: Client) -> None:
    answer = client.get("/api/v1/meetings?treaty=ccm").json()
    meetings = {m["label"]: m for m in answer["meetings"]}
    assert answer["count"] == len(meetings) == 16
    assert list(meetings)[4:7] == ["5MSP", "1RC", "6MSP"]  # in the order they were held
    assert (meetings["2MSP"]["starts_on"], meetings["2MSP"]["ends_on"]) == ("2011-09-13", "2011-09-16")
    assert "13 Sep 2011 (ISU, UNODA) vs 12 Sep 2011" in meetings["2MSP"]["conflicts"]
    assert (
        "9 Sep 2013" in meetings["4MSP"]["conflicts"] and "10 Sep 2013 (UNODA, UNOG)" in meetings["4MSP"]["conflicts"]
    )
    assert (meetings["3RC"]["starts_on"], meetings["3RC"]["starts_on_precision"], meetings["3RC"]["place"]) == (
        "2026",
        "year",
        "",
    )
    assert {s["url"] for s in meetings["4MSP"]["sources"]} == {
        "https://commons.lib.jmu.edu/cisr-globalcwd/103/",
        "https://meetings.unoda.org/meeting/ccm-msp-2013/",
        "http://www.unog.ch/__80256ee600585943.nsf/(httpPages)/5bd2aec9172b6e3fc1257b36005cb64c?OpenDocument",
    }
    every = client.get("/api/v1/meetings").json()
    assert every["treaty"] is None and every["count"] >= 16


# ---- The page ------------------------------------------------------------------------------------------


def theme_section(page: str, theme: str) -> str:
    return page.split(f'data-theme="{theme}"')[1].split("</section>")[0]


def test_the_page_shows_the_coordinators_on_the_chosen_day_and_the_meetings(client: Client) -> None:
    page = client.get("/treaties/ccm/institutions/?as_of=2018-03-01").content.decode()
    universalization = theme_section(page, "universalization")
    assert 'data-state="FRA"' in universalization and 'data-state="PAN"' in universalization
    assert 'data-state="ZMB"' not in universalization
    assert 'data-state="ZMB"' in theme_section(page, "transparency")
    assert "uncertain on this day" in page
    assert "Sources disagree:" in page and "13 Sep 2011 (ISU, UNODA) vs 12 Sep 2011" in page
    assert 'data-meeting="3RC"' in page


def test_the_page_says_when_no_source_names_the_coordinators(client: Client) -> None:
    page = client.get("/treaties/ccm/institutions/?as_of=2025-06-01").content.decode()
    assert "data-state=" not in page
    assert "No source found names the Coordinators for 2024 – 2026." in page


def test_the_treaty_page_links_to_it_keeping_the_day(client: Client) -> None:
    page = client.get("/treaties/ccm/?as_of=2018-03-01").content.decode()
    assert 'href="/treaties/ccm/institutions/?as_of=2018-03-01"' in page


def test_the_page_in_french_and_spanish(client: Client) -> None:
    french = client.get("/fr/treaties/ccm/institutions/?as_of=2018-03-01").content.decode()
    assert "Universalisation" in french and "Assemblées des États parties" in french
    spanish = client.get("/es/treaties/ccm/institutions/?as_of=2018-03-01").content.decode()
    assert "Universalización" in spanish and "Reuniones de los Estados partes" in spanish


def test_a_new_mandate_shows_at_once_on_the_page_and_in_the_api(client: Client, ccm: Treaty, site_admin: User) -> None:
    url = "/treaties/ccm/institutions/?as_of=2025-06-01"
    assert 'data-state="' not in theme_section(client.get(url).content.decode(), "universalization")
    source = Source.objects.get(url="https://www.clusterconvention.org/universalization/")
    given = MandateInput(
        ccm, "universalization", State.objects.get(iso3="GHA"), date(2025, 12, 31), date(2026, 12, 31), source
    )
    do_save_mandate(None, given, actor=site_admin, reason="a term the ISU's page names (test)")
    assert 'data-state="GHA"' in theme_section(client.get(url).content.decode(), "universalization")
    assert holders(coordinators(client, "2025-06-01")) == {"GHA": False}


def test_a_bad_day_on_the_page_is_a_400(client: Client) -> None:
    assert client.get("/treaties/ccm/institutions/?as_of=2018-13-01").status_code == 400


# ---- The importers -------------------------------------------------------------------------------------


def rewrite(source: Path, tmp_path: Path, change: dict[str, str], row: int = 0) -> Path:
    rows = list(csv.DictReader(source.open(encoding="utf-8")))
    rows[row] |= change
    path = tmp_path / source.name
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(command: str, path: Path, *options: str) -> str:
    out = StringIO()
    call_command(command, str(path), "--treaty", "apmbc", "--user", "site-admin", *options, stdout=out)
    return out.getvalue()


def test_the_files_import_into_another_treaty_as_a_dry_run_then_with_commit(site_admin: User, apmbc: Treaty) -> None:
    assert "Mine Ban Treaty meetings: 16 to add, 0 unchanged" in run("import_meetings", MEETINGS)
    assert not Meeting.objects.filter(treaty=apmbc).exists()
    assert "Committed." in run("import_mandates", MANDATES, "--commit")
    assert Mandate.objects.filter(treaty=apmbc).count() == 88
    assert {h.history_user for h in Mandate.history.filter(treaty=apmbc)} == {site_admin}


@pytest.mark.parametrize(
    ("command", "source", "change", "problem"),
    [
        ("import_meetings", MEETINGS, {"kind": "summit"}, "column kind: Unknown kind of meeting 'summit'"),
        ("import_meetings", MEETINGS, {"starts_on": "9 Nov 2010"}, "column starts_on: '9 Nov 2010' is not a year"),
        ("import_meetings", MEETINGS, {"ends_on": "2010-11-01"}, "column ends_on: The last day (2010-11-01) comes"),
        ("import_meetings", MEETINGS, {"source_primary": "yes"}, "column source_primary: gives 1 value(s) for 4"),
        ("import_meetings", MEETINGS, {"second_part_starts_on": "2011-01-01"}, "column second_part_ends_on: A"),
        ("import_mandates", MANDATES, {"state": "XYZ"}, "column state: unknown State code 'XYZ'"),
        ("import_mandates", MANDATES, {"theme": "peace"}, "column theme: Unknown theme 'peace'"),
        ("import_mandates", MANDATES, {"ends_on": "2010"}, "column ends_on: The mandate ends before it starts."),
        ("import_mandates", MANDATES, {"source_citation": ""}, "column source_citation: every mandate needs its"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_its_row_and_column(
    site_admin: User, apmbc: Treaty, tmp_path: Path, command: str, source: Path, change: dict[str, str], problem: str
) -> None:
    path = rewrite(source, tmp_path, change)
    with pytest.raises(CommandError) as refused:
        run(command, path, "--commit")
    assert f"{path}, row 2, {problem}" in str(refused.value)
    assert not Meeting.objects.filter(treaty=apmbc).exists() and not Mandate.objects.filter(treaty=apmbc).exists()


def test_a_gap_needs_its_note(site_admin: User, apmbc: Treaty, tmp_path: Path) -> None:
    path = rewrite(MANDATES, tmp_path, {"note": ""}, row=4)
    with pytest.raises(CommandError, match="row 6, column note: A documented gap says what was searched for"):
        run("import_mandates", path, "--commit")


def test_only_a_site_administrator_imports(apmbc: Treaty) -> None:
    User.objects.create_user("site-admin", password="x")
    assert State.objects.filter(iso3="FRA").exists()
    with pytest.raises(CommandError, match="only a site administrator can import meetings and mandates"):
        run("import_meetings", MEETINGS, "--commit")


def test_a_meeting_opened_on_a_known_day_links_to_the_treaty_as_of_that_day(client: Client) -> None:
    page = client.get("/treaties/ccm/institutions/").content.decode()
    meetings = Meeting.objects.filter(treaty__slug="ccm")
    to_the_day = [m for m in meetings if m.starts_on and m.starts_on_precision == "day"]
    assert to_the_day
    for meeting in to_the_day:
        assert meeting.starts_on is not None
        row = page.split(f'data-meeting="{meeting.label}"', 1)[1].split("</tr>", 1)[0]
        assert f'href="/treaties/ccm/?as_of={meeting.starts_on.isoformat()}#counts"' in row
        assert "States Parties on the opening day" in row
    for meeting in meetings.exclude(pk__in=[m.pk for m in to_the_day]):
        row = page.split(f'data-meeting="{meeting.label}"', 1)[1].split("</tr>", 1)[0]
        assert "on-opening-day" not in row
