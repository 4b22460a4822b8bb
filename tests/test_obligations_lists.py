"""The obligations record reproduces the complete lists that sources publish, and the facts issue 11 names.

The Monitor and Mine Action Review publish complete lists of the States contaminated by cluster munition
remnants on given dates, and the CMC named the States Parties that still held stockpiles. A State Party on
such a list has an obligation that applies and is not completed on that date; a State Party absent from it
has completed (or never had the obligation). So on each list's date, the States Parties whose obligation
Treatywatch computes as applying and not completed are exactly the list's States Parties.

The members are read from data/ccm/monitor-findings.csv (a copy of the research notes' findings table),
except for Mine Action Review's 1 July 2019 list, which the notes give in prose only.
"""

from __future__ import annotations

import calendar
import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from treatywatch.core.obligations import Deadline, DeadlineStatus
from treatywatch.obligations.engine import treaty_deadlines
from treatywatch.registry.models import Treaty
from treatywatch.registry.standings import treaty_view

FINDINGS_CSV = Path(__file__).resolve().parent.parent / "data" / "ccm" / "monitor-findings.csv"
SD, CL = "stockpile_destruction", "clearance"
# Applies and is not completed: running, passed, or reopened without a deadline yet.
OPEN = {
    DeadlineStatus.DUE,
    DeadlineStatus.OVERDUE,
    DeadlineStatus.EXTENSION_REQUESTED,
    DeadlineStatus.NO_DEADLINE_RECORDED,
}


def findings() -> list[dict[str, str]]:
    with FINDINGS_CSV.open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def latest_day(as_of: str) -> date:
    """'2017-08-01', '2022-08' or '2023': the latest day the finding's date can be."""
    parts = [int(p) for p in as_of.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], 12, 31)


def rows_where(topic: str, tag: str, starts: str) -> list[dict[str, str]]:
    found = [
        r
        for r in findings()
        if r["topic"] == topic and tag in r["source_tags"].split(";") and r["finding"].startswith(starts)
    ]
    assert found, f"no {topic} finding of {tag} starting {starts!r} in {FINDINGS_CSV.name}"
    return found


def states_parties_count(tag: str, starts: str) -> int:
    """The number of States Parties a source's global row gives, e.g. '(12 States Parties, ...'."""
    (row,) = rows_where("contamination", tag, starts)
    match = re.search(r"(\d+) (?:are )?States Parties", row["finding"])
    return int(match.group(1)) if match else int(row["value"])


@dataclass(frozen=True)
class PublishedList:
    name: str
    obligation: str
    on: date
    members: frozenset[str]  # ISO3 codes the source names, States Parties or not
    states_parties: int  # how many of them the source itself counts as States Parties


def monitor_2017() -> PublishedList:
    rows = rows_where("contamination", "CMM17-CC", "Listed as contaminated")
    (as_of,) = {r["as_of"] for r in rows}
    members = frozenset(r["iso3"] for r in rows if r["iso3"])
    count = states_parties_count("CMM17-CC", "States contaminated by cluster munition remnants")
    return PublishedList("Monitor 2017, contaminated", CL, latest_day(as_of), members, count)


def mine_action_review_2019() -> PublishedList:
    # monitor-findings.md, "MAR 2019 | 1 Jul 2019": "States Parties: Afghanistan, BiH, Chad, Chile, Croatia,
    # Germany, Iraq, Lao PDR, Lebanon, Montenegro, Somalia, UK" (the CSV holds only the global count).
    members = frozenset(["AFG", "BIH", "TCD", "CHL", "HRV", "DEU", "IRQ", "LAO", "LBN", "MNE", "SOM", "GBR"])
    count = states_parties_count("MAR-2019-GLOBAL", "Mine Action Review: states confirmed")
    return PublishedList("Mine Action Review, 1 July 2019, contaminated", CL, date(2019, 7, 1), members, count)


def mine_action_review_2025() -> PublishedList:
    rows = rows_where("contamination", "MAR-2025", "Listed by Mine Action Review 2025")
    count = states_parties_count("MAR-2025", "Mine Action Review: States (+2 other areas)")
    # The 2025 edition reports the situation at the end of 2024 (monitor-findings.md: "MAR 2025 | end 2024").
    members = frozenset(r["iso3"] for r in rows)
    return PublishedList("Mine Action Review 2025, contaminated at end 2024", CL, date(2024, 12, 31), members, count)


def cmc_10msp_stockpiles() -> PublishedList:
    rows = rows_where("stockpile", "CMC-2022-STMT", "One of 4 States Parties with stocks left to destroy")
    (as_of,) = {r["as_of"] for r in rows}
    members = frozenset(r["iso3"] for r in rows)
    return PublishedList("CMC at 10MSP, States Parties with stocks", SD, latest_day(as_of), members, 4)


def monitor_2024_no_stockpiles() -> PublishedList:
    (row,) = rows_where("stockpile", "CMM24-WOM", "All declared States Parties' stocks destroyed")
    return PublishedList("Monitor 2024, all stocks destroyed", SD, latest_day(row["as_of"]), frozenset(), 0)


LISTS: list[Callable[[], PublishedList]] = [
    monitor_2017,
    mine_action_review_2019,
    mine_action_review_2025,
    cmc_10msp_stockpiles,
    monitor_2024_no_stockpiles,
]


def open_obligations(treaty: Treaty, obligation: str, day: date, also: set[DeadlineStatus] | None = None) -> set[str]:
    statuses = OPEN | (also or set())

    def still_open(deadline: Deadline) -> bool:
        # "Not known" only because an extension is missing from the record: certainly not completed.
        missing_decision = deadline.status is DeadlineStatus.NOT_KNOWN and deadline.possible_completion is None
        return deadline.status in statuses or missing_decision

    return {
        item.state.iso3
        for item in treaty_deadlines(treaty, day)
        if item.rule.key == obligation and still_open(item.deadline)
    }


def parties_on(treaty: Treaty, day: date) -> set[str]:
    return {row.state.iso3 for row in treaty_view(treaty, day).rows if row.standing.is_party}


@pytest.mark.parametrize("published", LISTS, ids=lambda f: f.__name__)
def test_the_record_reproduces_each_published_list_on_its_date(
    ccm: Treaty, published: Callable[[], PublishedList]
) -> None:
    listed = published()
    listed_parties = listed.members & parties_on(ccm, listed.on)
    assert len(listed_parties) == listed.states_parties, f"{listed.name}: the source counts {listed.states_parties}"
    computed = open_obligations(ccm, listed.obligation, listed.on)
    assert computed == listed_parties, (
        f"{listed.name} on {listed.on}: not on the list but open {sorted(computed - listed_parties)}, "
        f"on the list but not open {sorted(listed_parties - computed)}"
    )


@pytest.mark.parametrize(
    ("tag", "starts"),
    [
        ("CMM18-CC", "States contaminated ("),
        ("CMM20-IMP", "States Parties that remain contaminated"),
    ],
)
def test_the_record_gives_the_monitors_count_of_contaminated_states_parties(ccm: Treaty, tag: str, starts: str) -> None:
    (row,) = rows_where("contamination", tag, starts)
    count = states_parties_count(tag, starts)
    day = latest_day(row["as_of"])
    # A count names no State: one whose completion is dated only "by" a later day may still be open then.
    computed = open_obligations(ccm, CL, day, {DeadlineStatus.NOT_KNOWN})
    assert len(computed) == count, f"{tag} counts {count} on {day}; computed {sorted(computed)}"


# The named facts of issue 11, as the compliance API shows them.


@pytest.fixture
def client(db: None) -> Client:
    return Client()


def rows_of(client: Client, iso3: str, as_of: str, obligation: str = CL) -> list[dict[str, Any]]:
    response = client.get("/api/v1/treaties/ccm/compliance", {"as_of": as_of, "obligation": obligation})
    assert response.status_code == 200, response.content
    return [r for r in response.json()["deadlines"] if r["iso3"] == iso3]


def row_of(client: Client, iso3: str, as_of: str, obligation: str = CL) -> dict[str, Any]:
    rows = rows_of(client, iso3, as_of, obligation)
    assert len(rows) == 1, rows
    return rows[0]


def facts_of(row: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [f for f in row["facts"] if f["kind"] == kind]


def test_lao_pdr_extension_granted_at_9msp_keeps_both_published_deadlines(client: Client) -> None:
    before = row_of(client, "LAO", "2019-09-03")
    assert before["current_deadline"] == "2020-08-01"
    row = row_of(client, "LAO", "2024-12-31")
    granted = facts_of(row, "extension_granted")
    assert {(f["new_deadline"], f["new_deadline_precision"], f["decided_by"]) for f in granted} == {
        ("2025-08-01", "day", "9MSP"),
        ("2025-07-31", "month", "9MSP"),
    }
    assert len({f["source"]["citation"] for f in granted}) == 2, "each value keeps its own source"
    assert row["status"] == "due"
    # The Monitor's "July 2025" stays a month wherever the conflict is shown.
    (conflict,) = row["conflicts"]
    assert "July 2025 (" in conflict and "1 August 2025 (" in conflict and "31 July" not in conflict


def test_chad_second_interim_extension_to_october_2026_at_12msp(client: Client) -> None:
    row = row_of(client, "TCD", "2025-01-01")
    assert (row["current_deadline"], row["current_deadline_precision"]) == ("2026-10", "month")
    assert [e["decided_by"] for e in row["extensions"]] == ["12MSP"]
    assert row["status"] == "due"


def test_chile_extended_clearance_deadline_is_1_june_2026(client: Client) -> None:
    row = row_of(client, "CHL", "2025-01-01")
    assert (row["original_deadline"], row["current_deadline"], row["status"]) == ("2021-06-01", "2026-06-01", "due")


def test_iraq_requested_an_extension_to_november_2028_for_11msp(client: Client) -> None:
    row = row_of(client, "IRQ", "2024-01-01")
    requested = facts_of(row, "extension_requested")
    assert [(f["new_deadline"], f["new_deadline_precision"]) for f in requested] == [("2028-11-30", "month")]
    assert row["extension_pending"] is True
    assert row["current_deadline"] == "2023-11-01", "a request does not move the deadline"


def test_chad_deadline_passed_after_the_last_day_the_record_speaks_of_is_not_known(client: Client) -> None:
    # October 2026 passed after the record's latest source (13MSP, September 2025; UNTC read 3 February
    # 2026): nothing says whether Chad asked 14MSP for more time, so it is not called overdue.
    row = row_of(client, "TCD", "2026-11-30")
    assert row["status"] == "not_known"
    assert row["notes"] == ["The record holds no source later than 3 February 2026, before this deadline passed."]


def test_south_sudan_clearance_deadline_is_1_february_2034(client: Client) -> None:
    row = row_of(client, "SSD", "2024-12-31")
    assert (row["original_deadline"], row["current_deadline"], row["status"]) == ("2034-02-01", "2034-02-01", "due")


def test_united_kingdom_contaminated_in_2017_and_2019_and_completed_by_end_2024(client: Client) -> None:
    assert row_of(client, "GBR", "2017-07-31")["status"] == "not_declared"
    for day in ("2017-08-01", "2019-07-01"):
        assert row_of(client, "GBR", day)["status"] == "due", day
    done = row_of(client, "GBR", "2025-01-01")
    assert (done["status"], done["completed_on"], done["completed_late"]) == ("completed", "2024-12-31", False)
    assert done["completed_on_precision"] == "by"


def test_a_passed_deadline_whose_completion_is_dated_only_by_a_later_list_is_not_known_not_overdue(
    client: Client,
) -> None:
    # The UK's Article 4 deadline was 1 November 2020; it completed on or before 31 December 2024.
    between = row_of(client, "GBR", "2021-06-01")
    assert between["status"] == "not_known"
    assert between["notes"] == ["Completed by 31 December 2024: it may already have happened on this date."]
    overdue = client.get("/api/v1/treaties/ccm/compliance", {"as_of": "2021-06-01", "status": "overdue"}).json()
    assert "GBR" not in {r["iso3"] for r in overdue["deadlines"]}
    page = client.get("/treaties/ccm/compliance/", {"as_of": "2021-06-01", "obligation": CL}).content.decode()
    assert "Not known on this date" in page and "it may already have happened on this date" in page


@pytest.mark.parametrize(
    ("iso3", "running_on", "done_on", "completed_on"),
    [("NLD", "2012-01-31", "2012-02-29", "2012-02"), ("CHL", "2013-06-30", "2013-07-31", "2013-07")],
)
def test_stockpile_destruction_completed_netherlands_and_chile(
    client: Client, iso3: str, running_on: str, done_on: str, completed_on: str
) -> None:
    assert row_of(client, iso3, running_on, SD)["status"] == "due"
    done = row_of(client, iso3, done_on, SD)
    # Known to the month only: the month, with its precision, never a made-up day.
    assert (done["status"], done["completed_on"], done["completed_on_precision"]) == (
        "completed",
        completed_on,
        "month",
    )


def test_mauritania_reopened_by_contamination_found_after_completion(client: Client) -> None:
    assert [r["status"] for r in rows_of(client, "MRT", "2020-01-01")] == ["completed"]
    reopened = rows_of(client, "MRT", "2025-01-01")
    assert any(r["status"] != "completed" for r in reopened), reopened
    # Contamination found "by" the end of 2024 (absent from no list, on Mine Action Review's): the "by" stays.
    (run,) = [r for r in reopened if r["cycle"] == 1]
    assert (run["reopened_on"], run["reopened_on_precision"]) == ("2024-12-31", "by")
    page = client.get("/treaties/ccm/compliance/", {"as_of": "2025-01-01", "obligation": CL}).content.decode()
    assert re.search(r"reopened on\s*<time[^>]*>by 31 December 2024</time>", page)
    requested = rows_of(client, "MRT", "2025-09-20")
    assert any(r["extension_pending"] for r in requested), "the 13MSP request is on the reopened obligation"


@pytest.mark.parametrize("iso3", ["AFG", "LBN"])
def test_a_request_at_13msp_long_after_the_default_deadline_shows_an_extension_the_record_lacks(
    client: Client, iso3: str
) -> None:
    # Art. 4(6) allows a request only before the deadline: a 2025 request means an earlier extension moved it.
    # Before the request, the record does not know the deadline that extension set: not known, never overdue.
    for day, status in (
        ("2023-01-01", "not_known"),
        ("2025-09-01", "not_known"),
        ("2025-10-01", "extension_requested"),
    ):
        row = row_of(client, iso3, day)
        assert row["status"] == status, day
        assert any("an earlier extension is not recorded" in note for note in row["notes"]), day
