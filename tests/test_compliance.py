"""The compliance view, the obligations on State profiles, their downloads and their API.

The shipped register may or may not hold obligation facts (data/ccm/obligations.csv), so each test
records the facts it needs for a State that has none, and report facts are set aside where a test
needs the register to hold no report at all.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from treatywatch.core.dates import add_months
from treatywatch.obligations.actions import ObligationFactInput, do_record_obligation_fact
from treatywatch.obligations.models import ObligationFact, ObligationFactKind
from treatywatch.obligations.presenters import STATE_DEADLINE
from treatywatch.obligations.templatetags import deadline_cells
from treatywatch.registry.models import Source, State, Treaty
from treatywatch.registry.standings import treaty_view

from .conftest import ROOT

UNTC_DAY = "2026-02-03"


@pytest.fixture
def client(db: None) -> Client:
    return Client()


@pytest.fixture
def source(db: None) -> Source:
    return Source.objects.create(
        citation="Report of the Ninth Meeting of States Parties (test)", url="https://example.org/9msp", primary=True
    )


def quiet_parties(treaty: Treaty, count: int = 1) -> list[tuple[State, date]]:
    """Parties with the treaty in force since 2010-2011 and no obligation fact recorded: (State, entry into force)."""
    with_facts = set(ObligationFact.objects.filter(treaty=treaty).values_list("state_id", flat=True))
    found = []
    for row in treaty_view(treaty, date(2026, 2, 3)).rows:
        eif = row.standing.entry_into_force_on
        if (
            row.standing.is_party
            and row.standing.withdrawal_notified_on is None
            and eif is not None
            and eif <= date(2011, 12, 31)
            and row.state.pk not in with_facts
        ):
            found.append((row.state, eif))
    assert len(found) >= count
    return found[:count]


def record(treaty: Treaty, state: State, source: Source, obligation: str, kind: str, **values: object) -> None:
    do_record_obligation_fact(
        treaty=treaty,
        state=state,
        fact=ObligationFactInput(obligation=obligation, kind=kind, **values),  # type: ignore[arg-type]
        source=source,
        reason="test",
    )


def declare_stockpiles(treaty: Treaty, state: State, source: Source) -> None:
    record(treaty, state, source, "stockpile_destruction", "declaration", date=None, applies=True)


def without_reports(treaty: Treaty) -> None:
    """Set aside every recorded report, so the register holds none for the treaty (rolled back after the test)."""
    ObligationFact.objects.filter(treaty=treaty, kind=ObligationFactKind.REPORT).update(published=False)
    treaty.bump_record_version()


def compliance(client: Client, **query: str | int) -> dict:
    response = client.get("/api/v1/treaties/ccm/compliance", query)
    assert response.status_code == 200, response.content
    body: dict = response.json()
    return body


def time(day: date) -> str:
    """How the pages show an exact date: in words, with its ISO value for machines."""
    return f'<time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time>'


def rows_for(body: dict, state: State, obligation: str = "stockpile_destruction") -> list[dict]:
    return [d for d in body["deadlines"] if d["iso3"] == state.iso3 and d["obligation"] == obligation]


# --- Deadlines on any date ---------------------------------------------------------------------------------------


def test_declared_stockpiles_are_overdue_only_after_eight_years(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    deadline = add_months(eif, 96)  # Article 3(2): eight years after entry into force

    on_the_day = compliance(client, as_of=deadline.isoformat(), status="due")
    (row,) = rows_for(on_the_day, state)
    assert row["original_deadline"] == row["current_deadline"] == deadline.isoformat()
    assert rows_for(compliance(client, as_of=deadline.isoformat(), status="overdue"), state) == []

    after = deadline + timedelta(days=1)
    (late,) = rows_for(compliance(client, as_of=after.isoformat(), status="overdue"), state)
    assert late["status"] == "overdue" and late["completed_on"] is None
    assert late["facts"][0]["source"]["citation"] == source.citation

    page = client.get("/treaties/ccm/compliance/", {"as_of": after.isoformat(), "status": "overdue"}).content.decode()
    assert state.display_name in page and deadline.isoformat() in page and "Overdue" in page
    # The short citation is the link; the note after it, apart.
    assert '<a href="https://example.org/9msp">Report of the Ninth Meeting of States Parties</a>' in page
    assert '<small class="source-note">(test)</small>' in page
    before = client.get("/treaties/ccm/compliance/", {"as_of": deadline.isoformat(), "status": "overdue"})
    assert f"/states/{state.iso3}/" not in before.content.decode()


def test_an_extension_and_a_late_completion_as_of_each_day(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    deadline = add_months(eif, 96)
    requested, granted, extended = (
        deadline - timedelta(days=200),
        deadline - timedelta(days=30),
        add_months(deadline, 18),
    )
    record(ccm, state, source, "stockpile_destruction", "extension_requested", date=requested, new_deadline=extended)

    (pending,) = rows_for(compliance(client, as_of=(requested + timedelta(days=1)).isoformat()), state)
    assert pending["extension_pending"] is True and pending["status"] == "due"
    page = client.get("/treaties/ccm/compliance/", {"as_of": (requested + timedelta(days=1)).isoformat()})
    assert "extension requested, decision not recorded" in page.content.decode()

    record(
        ccm,
        state,
        source,
        "stockpile_destruction",
        "extension_granted",
        date=granted,
        new_deadline=extended,
        decided_by="9MSP",
    )
    completed = extended + timedelta(days=10)
    record(ccm, state, source, "stockpile_destruction", "completion", date=completed)

    # Before the decision, the original deadline stands and the request is pending.
    (earlier,) = rows_for(compliance(client, as_of=(granted - timedelta(days=1)).isoformat()), state)
    assert earlier["extensions"] == [] and earlier["current_deadline"] == deadline.isoformat()
    assert earlier["extension_pending"] is True
    # Past the original deadline, within the extension: due, no longer pending.
    (extended_row,) = rows_for(compliance(client, as_of=(deadline + timedelta(days=5)).isoformat()), state)
    assert extended_row["status"] == "due" and extended_row["extension_pending"] is False
    assert extended_row["original_deadline"] == deadline.isoformat()
    assert extended_row["current_deadline"] == extended.isoformat()
    assert extended_row["extensions"] == [
        {
            "granted_on": granted.isoformat(),
            "granted_on_precision": "day",
            "new_deadline": extended.isoformat(),
            "new_deadline_precision": "day",
            "decided_by": "9MSP",
        }
    ]
    # Between the extended deadline and the completion: overdue. After it: completed late.
    (overdue,) = rows_for(compliance(client, as_of=(extended + timedelta(days=1)).isoformat()), state)
    assert overdue["status"] == "overdue"
    (done,) = rows_for(compliance(client, as_of=(completed + timedelta(days=1)).isoformat()), state)
    assert done == done | {"status": "completed", "completed_on": completed.isoformat(), "completed_late": True}
    assert [f["kind"] for f in done["facts"]] == [
        "declaration",
        "extension_requested",
        "extension_granted",
        "completion",
    ]

    html = client.get(f"/states/{state.iso3}/", {"as_of": (completed + timedelta(days=1)).isoformat()})
    text = html.content.decode()
    assert f"{time(extended)} (9MSP, granted {time(granted)})" in text
    assert "completed late" in text and time(completed) in text


def test_facts_dated_after_the_day_asked_about_are_ignored(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declared_on = add_months(eif, 12)
    record(ccm, state, source, "stockpile_destruction", "declaration", date=declared_on, applies=True)
    (before,) = rows_for(compliance(client, as_of=(declared_on - timedelta(days=1)).isoformat()), state)
    assert before["status"] == "not_declared" and before["facts"] == []
    (after,) = rows_for(compliance(client, as_of=declared_on.isoformat()), state)
    assert after["status"] == "due" and len(after["facts"]) == 1


def test_a_state_is_listed_from_its_deposit_and_not_due_until_entry_into_force(client: Client, ccm: Treaty) -> None:
    # Vanuatu acceded on 5 September 2025; the CCM enters into force for it on 1 March 2026.
    assert [d for d in compliance(client, as_of="2025-09-04")["deadlines"] if d["iso3"] == "VUT"] == []
    waiting = [d for d in compliance(client, as_of=UNTC_DAY)["deadlines"] if d["iso3"] == "VUT"]
    assert {d["status"] for d in waiting} == {"not_due"}
    assert {d["obligation"] for d in waiting} == {
        "initial_report",
        "annual_report",
        "stockpile_destruction",
        "clearance",
        "national_measures",
    }
    stockpiles = next(d for d in waiting if d["obligation"] == "stockpile_destruction")
    assert stockpiles["original_deadline"] == "2034-03-01" and stockpiles["current_deadline"] is None


# --- Filters and order --------------------------------------------------------------------------------------------


def test_default_order_is_overdue_first_then_due_soonest(client: Client, ccm: Treaty, source: Source) -> None:
    parties = quiet_parties(ccm, 3)
    for state, _eif in parties:
        declare_stockpiles(ccm, state, source)
    day = add_months(parties[0][1], 96) + timedelta(days=1)
    body = compliance(client, as_of=day.isoformat())
    statuses = [d["status"] for d in body["deadlines"]]
    assert "overdue" in statuses
    first_other = next(i for i, s in enumerate(statuses) if s not in ("overdue", "due"))
    assert statuses[:first_other] == sorted(statuses[:first_other], key=lambda s: s != "overdue")
    assert all(s not in ("overdue", "due") for s in statuses[first_other:])
    for status in ("overdue", "due"):
        dates = [d["current_deadline"] for d in body["deadlines"] if d["status"] == status]
        assert dates == sorted(dates)
    assert body["count"] == len(body["deadlines"])


def test_filters_by_status_and_obligation(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    day = (add_months(eif, 96) + timedelta(days=1)).isoformat()
    only = compliance(client, as_of=day, status="overdue", obligation="stockpile_destruction")
    assert only["status"] == "overdue" and only["obligation"] == "stockpile_destruction"
    assert {(d["status"], d["obligation"]) for d in only["deadlines"]} == {("overdue", "stockpile_destruction")}
    assert state.iso3 in {d["iso3"] for d in only["deadlines"]}
    measures = compliance(client, as_of=UNTC_DAY, obligation="national_measures")
    assert {d["status"] for d in measures["deadlines"]} <= {"no_deadline", "not_due", "not_applicable"}
    assert measures["count"] >= 110


def test_due_within_90_days(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    deadline = add_months(eif, 96)

    def listed(days_before: int, within: int) -> bool:
        as_of = (deadline - timedelta(days=days_before)).isoformat()
        body = compliance(client, as_of=as_of, within=within)
        assert {d["status"] for d in body["deadlines"]} <= {"due"}
        assert all(
            d["current_deadline"] <= (deadline - timedelta(days=days_before - within)).isoformat()
            for d in body["deadlines"]
        )
        return bool(rows_for(body, state))

    assert listed(60, 90) and listed(90, 90) and listed(0, 90)
    assert not listed(91, 90) and not listed(120, 90)
    assert listed(120, 180) and listed(300, 365)
    # Past the deadline it is overdue, no longer "due within".
    assert not listed(-1, 90)
    page = client.get(
        "/treaties/ccm/compliance/", {"as_of": (deadline - timedelta(days=60)).isoformat(), "within": "90"}
    )
    assert state.display_name in page.content.decode()
    assert '<option value="90" selected>' in page.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"as_of": "2026-02-30"}, "is not a valid date"),
        ({"status": "late"}, "status: 'late' is not one of overdue, extension_requested, not_known, due, completed"),
        ({"obligation": "disarm"}, "obligation: 'disarm' is not an obligation of the CCM"),
        ({"within": "30"}, "within: '30' is not one of 90, 180, 365"),
        ({"within": "soon"}, "within"),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client: Client, query: dict[str, str], message: str) -> None:
    page = client.get("/treaties/ccm/compliance/", query)
    assert page.status_code == 400 and message in page.content.decode().replace("&#x27;", "'")
    download = client.get("/treaties/ccm/compliance.csv", query)
    assert download.status_code == 400
    api = client.get("/api/v1/treaties/ccm/compliance", query)
    assert api.status_code == 400 and message in api.json()["detail"]


def test_unknown_treaty_state_or_format_is_a_404(client: Client) -> None:
    assert client.get("/treaties/nope/compliance/").status_code == 404
    assert client.get("/treaties/ccm/compliance.pdf").status_code == 404
    assert client.get("/api/v1/treaties/nope/compliance").json() == {
        "detail": "No treaty 'nope' in the register (known: apmbc, ccm, att, tpnw)."
    }
    assert client.get("/api/v1/states/ZZZ/obligations").status_code == 404


# --- Report obligations ------------------------------------------------------------------------------------------


def test_report_deadlines_are_not_called_overdue_while_no_report_is_recorded(
    client: Client, ccm: Treaty, source: Source
) -> None:
    without_reports(ccm)
    body = compliance(client, as_of=UNTC_DAY)
    assert body["reports_not_recorded"] == ["initial_report", "annual_report"]
    reports = [d for d in body["deadlines"] if d["obligation"] in ("initial_report", "annual_report")]
    assert {d["status"] for d in reports} <= {"not_due", "not_applicable"}
    assert compliance(client, as_of=UNTC_DAY, obligation="annual_report", status="overdue")["count"] == 0
    page = client.get("/treaties/ccm/compliance/", {"as_of": UNTC_DAY}).content.decode()
    assert "Report submissions are not yet recorded in the register for:" in page
    assert "Initial transparency report (Article 7(1)), Annual transparency report (Article 7(2))" in page
    ((state, _eif),) = quiet_parties(ccm)
    profile = client.get(f"/states/{state.iso3}/", {"as_of": UNTC_DAY}).content.decode()
    assert "Report submissions are not yet recorded" in profile
    assert '<th scope="row">Initial transparency report' not in profile
    assert '<th scope="row">Annual transparency report' not in profile


def test_once_a_report_is_recorded_the_report_deadlines_are_shown(client: Client, ccm: Treaty, source: Source) -> None:
    without_reports(ccm)
    (reporting, eif), (silent, _) = quiet_parties(ccm, 2)
    sent = add_months(eif, 5)
    record(ccm, reporting, source, "initial_report", "report", date=sent, period=sent.year)

    body = compliance(client, as_of=UNTC_DAY, obligation="initial_report")
    assert body["reports_not_recorded"] == ["annual_report"]
    (done,) = rows_for(body, reporting, "initial_report")
    assert done["status"] == "completed" and done["completed_on"] == sent.isoformat()
    (late,) = rows_for(body, silent, "initial_report")
    assert late["status"] == "overdue"
    annual = compliance(client, as_of=UNTC_DAY, obligation="annual_report")["deadlines"]
    assert {d["status"] for d in annual} <= {"not_due", "not_applicable"}


def test_annual_reports_have_a_row_per_year_once_recorded(client: Client, ccm: Treaty, source: Source) -> None:
    without_reports(ccm)
    ((state, eif),) = quiet_parties(ccm)
    record(ccm, state, source, "annual_report", "report", date=date(2015, 4, 20), period=2014)
    rows = rows_for(compliance(client, as_of="2016-05-01"), state, "annual_report")
    assert sorted(r["period"] for r in rows) == list(range(eif.year, 2016))
    by_year = {r["period"]: r for r in rows}
    assert by_year[2014] == by_year[2014] | {"status": "completed", "completed_on": "2015-04-20"}
    assert by_year[2015]["status"] == "overdue" and by_year[2015]["current_deadline"] == "2016-04-30"
    assert [f["period"] for f in by_year[2014]["facts"]] == [2014] and by_year[2015]["facts"] == []


# --- Extension requested, reopened obligations, sources that disagree, dates as exact as their sources ----------


def test_a_timely_request_is_shown_apart_from_overdue_everywhere(client: Client, ccm: Treaty, source: Source) -> None:
    (late_state, eif), (asked_state, asked_eif) = quiet_parties(ccm, 2)
    for state in (late_state, asked_state):
        declare_stockpiles(ccm, state, source)
    asked_due = add_months(asked_eif, 96)
    record(
        ccm, asked_state, source, "stockpile_destruction", "extension_requested", date=asked_due - timedelta(days=60)
    )
    late_due = add_months(eif, 96)
    record(ccm, late_state, source, "stockpile_destruction", "extension_requested", date=late_due + timedelta(days=1))
    day = (max(asked_due, late_due) + timedelta(days=2)).isoformat()

    (asked,) = rows_for(compliance(client, as_of=day), asked_state)
    assert asked["status"] == "extension_requested" and asked["extension_pending"] is True
    assert asked["status_label"] == "Extension requested, decision not recorded"
    (late,) = rows_for(compliance(client, as_of=day), late_state)
    assert late["status"] == "overdue" and late["extension_pending"] is True  # asked only after the deadline

    assert rows_for(compliance(client, as_of=day, status="overdue"), asked_state) == []
    assert rows_for(compliance(client, as_of=day, status="extension_requested"), asked_state) != []
    assert rows_for(compliance(client, as_of=day, status="extension_requested"), late_state) == []

    page = client.get("/treaties/ccm/compliance/", {"as_of": day, "status": "extension_requested"}).content.decode()
    assert f"/states/{asked_state.iso3}/" in page and f"/states/{late_state.iso3}/" not in page
    ticked = r'value="extension_requested" checked>\s*Extension requested, decision not recorded\s*</label>'
    assert re.search(ticked, page)
    everything = client.get("/treaties/ccm/compliance/", {"as_of": day}).content.decode()
    assert "extension requested after the deadline, decision not recorded" in everything

    rows = list(
        csv.DictReader(io.StringIO(client.get("/treaties/ccm/compliance.csv", {"as_of": day}).content.decode()))
    )
    (mine,) = [r for r in rows if r["iso3"] == asked_state.iso3 and r["obligation"] == "stockpile_destruction"]
    assert (mine["status"], mine["status_label"]) == (
        "extension_requested",
        "Extension requested, decision not recorded",
    )

    french = client.get("/fr/treaties/ccm/compliance/", {"as_of": day, "status": "extension_requested"})
    assert "Prolongation demandée, décision non enregistrée" in french.content.decode()


def test_an_obligation_reopened_after_a_completion(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    done_by = add_months(eif, 60)
    record(ccm, state, source, "stockpile_destruction", "completion", date=done_by, date_precision="by")
    found = date(2022, 1, 10)
    record(ccm, state, source, "stockpile_destruction", "declaration", date=found, applies=True)

    first, reopened = sorted(rows_for(compliance(client, as_of="2022-03-01"), state), key=lambda d: d["cycle"])
    assert (first["cycle"], first["status"], first["completed_late"]) == (0, "completed", False)
    assert (first["completed_on"], first["completed_on_precision"]) == (done_by.isoformat(), "by")
    assert [f["kind"] for f in first["facts"]] == ["declaration", "completion"]
    assert (reopened["cycle"], reopened["reopened_on"], reopened["status"]) == (1, "2022-01-10", "no_deadline_recorded")
    assert reopened["current_deadline"] is None and [f["date"] for f in reopened["facts"]] == ["2022-01-10"]
    page = client.get(f"/states/{state.iso3}/", {"as_of": "2022-03-01"}).content.decode()
    assert f'<time datetime="{done_by.isoformat()}">by {done_by.day} {done_by:%B %Y}</time>' in page
    assert "No deadline recorded" in page and "reopened on" in page

    record(ccm, state, source, "stockpile_destruction", "extension_requested", date=date(2022, 6, 1))
    assert [d["status"] for d in rows_for(compliance(client, as_of="2022-07-01"), state)] == [
        "extension_requested",  # the reopened run, listed first: it needs attention
        "completed",
    ]
    record(
        ccm,
        state,
        source,
        "stockpile_destruction",
        "extension_granted",
        date=date(2023, 3, 1),
        new_deadline=date(2027, 3, 1),
        decided_by="11MSP",
    )
    reopened, _first = rows_for(compliance(client, as_of="2023-06-01"), state)
    assert (reopened["current_deadline"], reopened["status"], reopened["extension_pending"]) == (
        "2027-03-01",
        "due",
        False,
    )


def test_sources_that_disagree_are_both_kept_and_shown(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    deadline = add_months(eif, 96)
    other = Source.objects.create(citation="Monitor country profile (test)", url="https://example.org/profile")
    exact, by_month = add_months(deadline, 18), add_months(deadline, 17)
    for cite, new_deadline, precision in ((source, exact, "day"), (other, by_month, "month")):
        do_record_obligation_fact(
            treaty=ccm,
            state=state,
            fact=ObligationFactInput(
                obligation="stockpile_destruction",
                kind="extension_granted",
                date=deadline - timedelta(days=30),
                new_deadline=new_deadline,
                new_deadline_precision=precision,
                decided_by="9MSP",
            ),
            source=cite,
            reason="test",
        )
    month_end = ObligationFact.objects.get(state=state, source=other).new_deadline
    day = (deadline + timedelta(days=1)).isoformat()
    (row,) = rows_for(compliance(client, as_of=day), state)
    assert row["current_deadline"] == exact.isoformat() and row["status"] == "due"
    expected = f"sources disagree: {exact.day} {exact:%B %Y} ({source.citation}) / {month_end:%B %Y} ({other.citation})"
    assert row["conflicts"] == [expected]
    assert {(e["new_deadline"], e["new_deadline_precision"]) for e in row["extensions"]} == {
        (exact.isoformat(), "day"),
        (f"{month_end:%Y-%m}", "month"),
    }
    page = client.get("/treaties/ccm/compliance/", {"as_of": day}).content.decode()
    assert expected in page
    (mine,) = [
        r
        for r in csv.DictReader(
            io.StringIO(client.get("/treaties/ccm/compliance.csv", {"as_of": day}).content.decode())
        )
        if r["iso3"] == state.iso3 and r["obligation"] == "stockpile_destruction"
    ]
    assert mine["conflicts"] == expected
    assert f"{month_end:%Y-%m} (9MSP, granted" in mine["extensions"]


def test_a_completion_known_to_a_month_keeps_its_precision_in_every_output(
    client: Client, ccm: Treaty, source: Source
) -> None:
    ((state, _eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    record(ccm, state, source, "stockpile_destruction", "completion", date=date(2019, 3, 31), date_precision="month")
    (row,) = rows_for(compliance(client), state)
    assert (row["completed_on"], row["completed_on_precision"]) == ("2019-03", "month")
    query = {"status": "completed", "obligation": "stockpile_destruction"}
    rows = csv.DictReader(io.StringIO(client.get("/treaties/ccm/compliance.csv", query).content.decode()))
    (mine,) = [r for r in rows if r["iso3"] == state.iso3]
    assert (mine["completed_on"], mine["completed_on_precision"]) == ("2019-03", "month")
    book = load_workbook(io.BytesIO(client.get("/treaties/ccm/compliance.xlsx", query).content))
    header = [name for _heading, name, _meaning in book["Columns"].iter_rows(min_row=2, values_only=True)]
    cells = [dict(zip(header, [c.value for c in line], strict=True)) for line in book["Deadlines"].iter_rows(min_row=2)]
    assert {"completed_on": "2019-03", "completed_on_precision": "month"}.items() <= next(
        c for c in cells if c["iso3"] == state.iso3
    ).items()
    api = client.get(f"/api/v1/states/{state.iso3}/obligations", {"treaty": "ccm"}).json()
    (stockpiles,) = [d for d in api["treaties"][0]["deadlines"] if d["obligation"] == "stockpile_destruction"]
    assert (stockpiles["completed_on"], stockpiles["completed_on_precision"]) == ("2019-03", "month")
    english = client.get(f"/states/{state.iso3}/").content.decode()
    assert '<time datetime="2019-03">March 2019</time>' in english and "31 March 2019" not in english
    assert '<time datetime="2019-03">mars 2019</time>' in client.get(f"/fr/states/{state.iso3}/").content.decode()
    assert '<time datetime="2019-03">marzo de 2019</time>' in client.get(f"/es/states/{state.iso3}/").content.decode()


# --- Downloads, State profiles, the treaty page ------------------------------------------------------------------


def test_downloads_hold_the_rows_of_the_list_in_csv_xlsx_and_json(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    day = (add_months(eif, 96) + timedelta(days=1)).isoformat()
    query = {"as_of": day, "status": "overdue"}
    listed = compliance(client, **query)

    as_csv = client.get("/treaties/ccm/compliance.csv", query)
    assert as_csv["Content-Disposition"] == f'attachment; filename="ccm-compliance-{day}.csv"'
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode())))
    assert [(r["iso3"], r["obligation"]) for r in rows] == [(d["iso3"], d["obligation"]) for d in listed["deadlines"]]
    mine = next(r for r in rows if r["iso3"] == state.iso3)
    assert mine["status"] == "overdue" and mine["current_deadline"] == add_months(eif, 96).isoformat()
    assert source.citation in mine["sources"] and "https://example.org/9msp" in mine["sources"]

    book = load_workbook(io.BytesIO(client.get("/treaties/ccm/compliance.xlsx", query).content))
    sheet = book["Deadlines"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["ISO code", "State", "Obligation code"] and sheet.max_row == len(rows) + 1
    about = {row[0].value: row[1].value for row in book["About"].iter_rows()}
    assert about["status"] == "overdue" and about["as_of"] == day

    as_json = client.get("/treaties/ccm/compliance.json", query).json()
    assert as_json["as_of"] == day and as_json["status"] == "overdue"
    assert all(tuple(d) == STATE_DEADLINE.columns() for d in as_json["deadlines"])
    assert [d["iso3"] for d in as_json["deadlines"]] == [r["iso3"] for r in rows]
    assert "reports_not_recorded" in as_json

    page = client.get("/treaties/ccm/compliance/", query).content.decode()
    assert f"/treaties/ccm/compliance.csv?as_of={day}&amp;status=overdue" in page


def test_the_state_profile_lists_obligations_per_treaty(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    day = (add_months(eif, 96) + timedelta(days=1)).isoformat()
    page = client.get(f"/states/{state.iso3}/", {"as_of": day}).content.decode()
    assert 'id="obligations-ccm"' in page
    ccm_part = page.split('id="obligations-ccm"')[1]
    assert "Destruction of stockpiled cluster munitions" in ccm_part and "Overdue" in ccm_part
    assert "Article 3" in ccm_part and ">Report of the Ninth Meeting of States Parties</a>" in ccm_part
    assert f"/treaties/ccm/compliance/?as_of={day}" in ccm_part
    # A State that never deposited an instrument has no obligations.
    assert "obligations-" not in client.get("/states/USA/").content.decode()


def test_the_treaty_page_links_to_the_compliance_view(client: Client) -> None:
    html = client.get("/treaties/ccm/", {"as_of": UNTC_DAY}).content.decode()
    assert f'href="/treaties/ccm/compliance/?as_of={UNTC_DAY}"' in html
    assert "/compliance/" not in client.get("/treaties/att/").content.decode()
    call_command("add_treaty", str(ROOT / "tests" / "fixtures" / "treaties" / "ctbt.toml"), stdout=io.StringIO())
    rules_only = client.get("/treaties/ctbt/compliance/").content.decode()
    assert "No depositary record has been imported for this treaty yet" in rules_only


def test_a_new_fact_shows_at_once_on_a_cached_page(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    url, query = "/treaties/ccm/compliance/", {"as_of": (add_months(eif, 96) + timedelta(days=1)).isoformat()}
    assert f"/states/{state.iso3}/" in client.get(url, query).content.decode()  # "nothing declared"
    first = client.get(url, {**query, "status": "overdue"}).content.decode()
    assert f"/states/{state.iso3}/" not in first
    declare_stockpiles(ccm, state, source)
    assert f"/states/{state.iso3}/" in client.get(url, {**query, "status": "overdue"}).content.decode()


def test_the_pages_hold_nothing_about_the_visitor_and_come_in_every_language(client: Client) -> None:
    for path in ("/fr/treaties/ccm/compliance/", "/es/states/BGR/", "/treaties/ccm/compliance/?within=90"):
        response = client.get(path)
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" not in response.content.decode() and not response.cookies
    assert client.head("/treaties/ccm/compliance/").status_code == 200
    assert 'href="/es/treaties/ccm/compliance/"' in client.get("/treaties/ccm/compliance/").content.decode()


# --- API: a State's obligations ----------------------------------------------------------------------------------


def test_api_state_obligations_by_treaty(client: Client, ccm: Treaty, source: Source) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    day = (add_months(eif, 96) + timedelta(days=1)).isoformat()
    body = client.get(f"/api/v1/states/{state.iso3.lower()}/obligations", {"as_of": day}).json()
    assert body["iso3"] == state.iso3 and body["as_of"] == day
    by_treaty = {t["treaty"]: t for t in body["treaties"]}
    assert "ccm" in by_treaty and "att" not in by_treaty
    ccm_part = by_treaty["ccm"]
    assert set(ccm_part["reports_not_recorded"]) <= {"initial_report", "annual_report"}
    (stockpiles,) = [d for d in ccm_part["deadlines"] if d["obligation"] == "stockpile_destruction"]
    assert stockpiles == stockpiles | {
        "title": "Destruction of stockpiled cluster munitions",
        "article": "Article 3",
        "status": "overdue",
        "original_deadline": add_months(eif, 96).isoformat(),
    }
    assert stockpiles["facts"][0] == stockpiles["facts"][0] | {"kind": "declaration", "applies": True, "date": None}
    only = client.get(f"/api/v1/states/{state.iso3}/obligations", {"as_of": day, "treaty": "ccm"}).json()
    assert [t["treaty"] for t in only["treaties"]] == ["ccm"]
    # The United States deposited no instrument: no obligations.
    assert client.get("/api/v1/states/USA/obligations").json()["treaties"] == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"treaty": "nope"}, "treaty: 'nope' is not a treaty in the register"),
        ({"as_of": "yesterday"}, "as_of: 'yesterday' is not a valid date"),
    ],
)
def test_api_state_obligations_bad_parameters(client: Client, query: dict[str, str], message: str) -> None:
    response = client.get("/api/v1/states/BGR/obligations", query)
    assert response.status_code == 400 and message in response.json()["detail"]


def test_a_states_own_deadlines_are_its_rows_of_the_treatys_list_on_each_day(
    client: Client, ccm: Treaty, source: Source
) -> None:
    ((state, eif),) = quiet_parties(ccm)
    declare_stockpiles(ccm, state, source)
    deadline = add_months(eif, 96)
    record(ccm, state, source, "stockpile_destruction", "completion", date=deadline + timedelta(days=40))
    for day in (eif - timedelta(days=1), eif + timedelta(days=1), deadline + timedelta(days=1), date(2026, 2, 3)):
        treaty_rows = rows_for(compliance(client, as_of=day.isoformat()), state, "stockpile_destruction")
        response = client.get(f"/api/v1/states/{state.iso3}/obligations", {"as_of": day.isoformat(), "treaty": "ccm"})
        assert response.status_code == 200, response.content
        (found,) = response.json()["treaties"]
        own_rows = [d for d in found["deadlines"] if d["obligation"] == "stockpile_destruction"]
        assert len(own_rows) == len(treaty_rows) == 1, day
        # The State's answer leaves out who the State is; every other field must agree.
        assert own_rows[0] == {key: treaty_rows[0][key] for key in own_rows[0]}, day


@pytest.mark.parametrize("path", ["/treaties/ccm/compliance/", "/fr/treaties/ccm/compliance/", "/states/LAO/"])
def test_a_deadlines_cells_rendered_for_one_day_are_those_of_every_other(client: Client, path: str) -> None:
    """The cells of a deadline are rendered once and reused on other days: each day's page is the same as
    when it is rendered alone."""
    days = ["2011-08-01", "2014-02-28", "2019-08-02", "2023-11-30", "2026-11-30"]
    alone = {}
    for day in days:
        deadline_cells.cells.clear()
        caches["pages"].clear()
        alone[day] = client.get(path, {"as_of": day}).content
    caches["pages"].clear()
    for day in reversed(days):
        assert client.get(path, {"as_of": day}).content == alone[day], day
