"""The universalization log as shipped data (data/ccm/activities.csv) and the activities importer: six public
activities, each with its source; a second load changes nothing; a bad row refuses the whole file, naming
its row and column."""

from __future__ import annotations

import csv
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.auth.models import User
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.management import CommandError, call_command
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from treatywatch.lib.actions import SHIPPED_DATA, ActionError
from treatywatch.obligations.models import ObligationFact
from treatywatch.organisations.actions import do_save_organisation
from treatywatch.organisations.models import Organisation, OrganisationKind
from treatywatch.organisations.visibility import Visibility
from treatywatch.outreach.actions import ActivityInput, do_delete_activity, do_save_activity
from treatywatch.outreach.models import Activity
from treatywatch.outreach.shipped import load_shipped_activities
from treatywatch.registry.models import Source, Treaty

from .conftest import DATA, ROOT

pytestmark = pytest.mark.django_db

SHIPPED = DATA / "ccm" / "activities.csv"
LOG_PAGE = "http://www.clusterconvention.org/work-programme/thematic-coordination/universalization/"


@pytest.fixture
def site_admin() -> User:
    return User.objects.create_superuser("site-admin", password="x")


def shipped(ccm: Treaty) -> dict[str, Activity]:
    return {a.date.isoformat(): a for a in Activity.objects.filter(treaty=ccm)}


def organisers(activity: Activity) -> tuple[set[str], set[str]]:
    states = set(activity.organising_states.values_list("iso3", flat=True))
    return states, set(activity.organising_organisations.values_list("slug", flat=True))


def test_the_log_loads_as_six_public_activities_each_with_its_source(ccm: Treaty) -> None:
    found = shipped(ccm)
    # (kind, date precision, last day, place, organising States, organising organisations)
    assert {day: (a.kind, a.date_precision, a.ends_on, a.place, *organisers(a)) for day, a in found.items()} == {
        "2018-05-23": ("meeting", "day", None, "", {"FRA", "PAN"}, set()),
        "2018-03-27": ("presentation", "day", None, "Geneva", set(), {"isu-ccm"}),
        "2017-12-31": ("concept_note", "month", None, "", {"PAN", "FRA"}, set()),
        "2017-05-29": ("seminar", "day", date(2017, 5, 30), "Kampala, Uganda", {"FRA", "ZMB", "NZL"}, set()),
        "2016-11-30": ("concept_note", "month", None, "", {"FRA", "ZMB"}, set()),
        "2016-08-31": ("workshop", "month", None, "Addis Ababa, Ethiopia", {"NZL", "ECU", "ZMB"}, set()),
    }
    assert found["2018-05-23"].participants == "5 representatives from 4 Signatory States"
    assert found["2018-03-27"].participants == "parliamentarians from a number of States not Party"
    assert "8th Meeting of States Parties" in found["2017-12-31"].summary
    assert all(a.summary for a in found.values())
    assert {(a.visibility, a.owner) for a in found.values()} == {(Visibility.PUBLIC, None)}
    assert Activity.objects.visible_to(None).filter(treaty=ccm).count() == 6
    assert {(a.source.url, a.source.primary) for a in found.values()} == {(LOG_PAGE, True)}
    assert all("Universalization" in a.source.citation for a in found.values())
    history = Activity.history.filter(treaty=ccm).order_by("history_date")
    assert {(h.history_user, h.history_change_reason) for h in history} == {(None, "imported from activities.csv")}


def test_the_organisation_an_activity_names_ships_with_it() -> None:
    isu = Organisation.objects.get(slug="isu-ccm")
    assert isu.name == "Implementation Support Unit of the Convention on Cluster Munitions"
    assert isu.kind == OrganisationKind.SUPPORT_UNIT
    assert [a.title for a in isu.organised_activities.all()] == [
        "Presentation on the CCM at the informal meeting on the 'Parliamentary Role in Comprehensive Disarmament "
        "and Non-Proliferation'"
    ]


def test_loading_again_changes_nothing_and_keeps_corrections(ccm: Treaty, site_admin: User) -> None:
    seminar = Activity.objects.get(treaty=ccm, kind="seminar")
    corrected = ActivityInput(
        treaty=ccm,
        kind=seminar.kind,
        title=seminar.title,
        date=seminar.date,
        ends_on=seminar.ends_on,
        place="Kampala",
        source=seminar.source,
        organising_states=tuple(seminar.organising_states.all()),
    )
    do_save_activity(seminar, corrected, actor=site_admin, reason="place as the seminar's report gives it (test)")
    versions = (Activity.history.count(), ObligationFact.history.count(), Organisation.history.count())

    assert load_shipped_activities(ccm, DATA) == []
    call_command("load_register", verbosity=0)
    out = StringIO()
    call_command("import_activities", str(SHIPPED), "--treaty", "ccm", "--user", "site-admin", "--commit", stdout=out)

    assert "CCM activities: 0 to add, 6 unchanged" in out.getvalue()
    assert "Nothing to change" in out.getvalue()
    assert Activity.objects.get(pk=seminar.pk).place == "Kampala"
    assert Activity.objects.filter(treaty=ccm).count() == 6
    assert (Activity.history.count(), ObligationFact.history.count(), Organisation.history.count()) == versions


def test_a_site_loaded_before_the_log_shipped_gets_it_at_the_next_load(ccm: Treaty, site_admin: User) -> None:
    for activity in Activity.objects.filter(treaty=ccm):
        do_delete_activity(activity, actor=site_admin, reason="as on a site loaded before the log shipped (test)")
    out = StringIO()
    call_command("load_register", stdout=out)
    assert "CCM: already loaded, left as it is." in out.getvalue()
    assert "CCM activities: 6 to add, 0 unchanged" in out.getvalue()
    assert Activity.objects.filter(treaty=ccm).count() == 6


HEADER = SHIPPED.read_text(encoding="utf-8").splitlines()[0].split(",")


def a_row(**cells: str) -> dict[str, str]:
    good = {
        "kind": "seminar",
        "title": "Ratification seminar (test)",
        "date": "2019-05-31",
        "date_precision": "month",
        "place": "Somewhere (test)",
        "organising_states": "FRA",
        "source_citation": "A page (test)",
        "source_url": "https://example.org/test",
        "source_primary": "no",
    }
    return dict.fromkeys(HEADER, "") | good | cells


def write(tmp_path: Path, rows: list[dict[str, str]], header: list[str] = HEADER) -> Path:
    text = StringIO()
    writer = csv.DictWriter(text, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "activities.csv"
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def run(path: Path, *options: str) -> str:
    out = StringIO()
    call_command("import_activities", str(path), "--treaty", "ccm", "--user", "site-admin", *options, stdout=out)
    return out.getvalue()


def row_counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Activity, Activity.history.model, Source, Organisation))


def test_a_file_is_read_as_a_dry_run_and_written_with_commit(ccm: Treaty, site_admin: User, tmp_path: Path) -> None:
    workshop = a_row(title="Workshop (test)", kind="workshop", date="2019-06-03", date_precision="day")
    path = write(tmp_path, [a_row(), workshop])
    before = row_counts()

    dry_run = run(path)
    assert "CCM activities: 2 to add, 0 unchanged" in dry_run
    assert f"add seminar of 2019-05: Ratification seminar (test) [{path}, row 2]" in dry_run
    assert "Dry run: nothing was written." in dry_run
    assert row_counts() == before

    assert "Committed." in run(path, "--commit")
    seminar = Activity.objects.get(title="Ratification seminar (test)")
    assert (seminar.date, seminar.date_precision, seminar.place) == (date(2019, 5, 31), "month", "Somewhere (test)")
    assert (seminar.source.citation, seminar.source.primary) == ("A page (test)", False)
    assert Activity.objects.get(title="Workshop (test)").source == seminar.source  # one source, cited twice
    assert {h.history_user for h in seminar.history.all()} == {site_admin}


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"kind": "conference"}, "column kind: Unknown kind of activity 'conference'"),
        ({"date": "2019-02-30"}, "column date: '2019-02-30' is not a valid date (expected YYYY-MM-DD)"),
        ({"date": ""}, "column date: every activity needs its date"),
        ({"date_precision": "week"}, "column date_precision: Unknown date precision 'week'"),
        (
            {"date": "2019-05-01"},
            "column date: A date known only to the month is stored as its last day: give 2019-05-31,",
        ),
        ({"ends_on": "2019-05-30", "date_precision": "day"}, "column ends_on: The last day (2019-05-30) comes before"),
        ({"ends_on": "30 May 2019"}, "column ends_on: '30 May 2019' is not a valid date"),
        ({"organising_states": "FRA;XYZ"}, "column organising_states: unknown State code(s) 'XYZ'"),
        ({"organising_organisations": "icbl"}, "column organising_organisations: unknown organisation(s) 'icbl'"),
        ({"source_citation": ""}, "column source_citation: every activity needs its source"),
        ({"source_primary": "perhaps"}, "column source_primary: 'perhaps' is not yes or no"),
        ({"title": ""}, "column title: every activity needs a title"),
        ({"place": "x" * 201}, "column place: 201 characters, more than the 200 allowed"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_naming_its_row_and_column(
    site_admin: User, tmp_path: Path, cells: dict[str, str], problem: str
) -> None:
    path = write(tmp_path, [a_row(title="A good row (test)"), a_row(**cells)])
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        run(path, "--commit")
    message = str(refused.value)
    assert message.startswith("Import refused, nothing was changed. 1 problem(s):")
    assert f"{path}, row 3, {problem}" in message
    assert row_counts() == before


def test_every_problem_is_listed_and_a_repeated_row_is_one(site_admin: User, tmp_path: Path) -> None:
    rows = [a_row(), a_row(kind="conference", title="B (test)"), a_row(organising_states="ATL", title="C (test)")]
    with pytest.raises(CommandError) as refused:
        run(write(tmp_path, [*rows, a_row()]), "--commit")
    message = str(refused.value)
    assert "3 problem(s)" in message
    assert "row 3, column kind: Unknown kind of activity 'conference'" in message
    assert "row 4, column organising_states: unknown State code(s) 'ATL'" in message
    assert "row 5: repeats row 2 (the same kind, date and title)" in message


def test_a_file_with_a_missing_or_unknown_column_is_refused(site_admin: User, tmp_path: Path) -> None:
    without_source = [c for c in HEADER if c != "source_citation"]
    row = {c: v for c, v in a_row().items() if c != "source_citation"}
    with pytest.raises(CommandError, match="missing column\\(s\\) source_citation"):
        run(write(tmp_path, [row], without_source), "--commit")
    with pytest.raises(CommandError, match="unknown column\\(s\\) country"):
        run(write(tmp_path, [a_row() | {"country": "France"}], [*HEADER, "country"]), "--commit")


def test_only_a_site_administrator_imports_activities(tmp_path: Path) -> None:
    User.objects.create_user("editor", password="x", is_staff=True)
    path = write(tmp_path, [a_row()])
    before = row_counts()
    with pytest.raises(CommandError, match="only a site administrator can import activities"):
        call_command("import_activities", str(path), "--treaty", "ccm", "--user", "editor", "--commit")
    with pytest.raises(CommandError, match="No user 'nobody'"):
        call_command("import_activities", str(path), "--treaty", "ccm", "--user", "nobody", "--commit")
    assert row_counts() == before


def a_request_user() -> object:
    """The user a request that is not signed in carries, as the middleware gives it to a view."""
    request = RequestFactory().get("/")

    def answer(request: HttpRequest) -> HttpResponse:
        return HttpResponse()

    SessionMiddleware(answer).process_request(request)
    AuthenticationMiddleware(answer).process_request(request)
    return request.user


def test_the_shipped_data_actor_is_not_a_requests_and_only_adds_public_activities(ccm: Treaty) -> None:
    source = Source.objects.create(citation="test source")
    given = ActivityInput(treaty=ccm, kind="meeting", title="A meeting (test)", date=date(2019, 1, 10), source=source)
    user = a_request_user()
    assert user.is_anonymous and user is not SHIPPED_DATA  # type: ignore[attr-defined]
    with pytest.raises(ActionError, match="Record activities for an organisation you are an editor of"):
        do_save_activity(None, given, actor=user, reason="test")  # type: ignore[arg-type]

    isu = Organisation.objects.get(slug="isu-ccm")
    closed = ActivityInput(**{**given.__dict__, "visibility": Visibility.ORGANISATION, "owner": isu})
    shipped_seminar = Activity.objects.get(treaty=ccm, kind="seminar")
    for existing, refused in ((None, closed), (shipped_seminar, given)):
        with pytest.raises(ActionError, match="The shipped data only adds public activities"):
            do_save_activity(existing, refused, actor=SHIPPED_DATA, reason="test")
    assert not Activity.objects.filter(title="A meeting (test)").exists()
    assert do_save_activity(None, given, actor=SHIPPED_DATA, reason="test").visibility == Visibility.PUBLIC


def test_the_shipped_data_actor_adds_organisations_and_corrects_none() -> None:
    isu = Organisation.objects.get(slug="isu-ccm")
    isu.website = "https://example.org/"
    with pytest.raises(ActionError, match="Only an administrator of"):
        do_save_organisation(isu, actor=SHIPPED_DATA, reason="test")
    added = Organisation(name="A coalition (test)", slug="coalition-test", kind=OrganisationKind.COALITION)
    assert do_save_organisation(added, actor=SHIPPED_DATA, reason="test").pk is not None


def test_only_the_shipped_data_loaders_and_the_actions_they_call_name_the_shipped_data_actor() -> None:
    package = ROOT / "treatywatch"
    naming = {str(p.relative_to(package)) for p in package.rglob("*.py") if "SHIPPED_DATA" in p.read_text()}
    assert naming == {
        "campaigns/actions.py",
        "campaigns/shipped.py",
        "lib/actions.py",
        "organisations/actions.py",
        "organisations/shipped.py",
        "outreach/actions.py",
        "outreach/shipped.py",
        "plans/actions.py",
        "plans/shipped.py",
        "positions/actions.py",
        "positions/shipped.py",
    }
