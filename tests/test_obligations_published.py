"""The CCM deadlines Treatywatch computes, checked against the deadlines that sources publish.

The published values come from the research notes behind data/ccm/obligations.csv (sources in
data/ccm/SOURCES.md). Section 4 of those notes, a table of default deadlines for every State that has
deposited an instrument, is copied into data/ccm/obligations-published-defaults.csv: these tests read only
files in this repository.

A published deadline and a computed one may rightly differ (an extension granted after the source was
written, an extension no source dates). Every such difference is listed with its reason below; a new
difference, or an explanation that no longer applies, fails the tests.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone

from treatywatch.core.obligations import Deadline, DeadlineStatus
from treatywatch.obligations.engine import state_deadlines, treaty_deadlines
from treatywatch.registry.models import State, Treaty
from treatywatch.registry.standings import treaty_view

DEFAULTS_CSV = Path(__file__).resolve().parent.parent / "data" / "ccm" / "obligations-published-defaults.csv"
SD, CL = "stockpile_destruction", "clearance"


@dataclass(frozen=True)
class Published:
    """A deadline as a source states it, and a day on which the statement held."""

    state: str  # ISO3
    obligation: str
    deadline: date | int  # an int when the source gives only the year
    as_of: date
    source: str
    original: bool  # the treaty's own deadline, before any extension
    recorded: bool = True  # False: no fact in data/ccm/obligations.csv produces this deadline

    @property
    def label(self) -> str:
        return str(self.deadline)

    def matches(self, computed: date | None) -> bool:
        if computed is None:
            return False
        return computed.year == self.deadline if isinstance(self.deadline, int) else computed == self.deadline


PUBLISHED = [
    Published("BGR", SD, date(2019, 10, 1), date(2019, 4, 30), "Monitor FAQ 2019: 'deadline of 1 October 2019'", True),
    Published("BGR", SD, date(2021, 4, 1), date(2019, 9, 4), "Monitor FAQ 2019: 'until 1 April 2021', 9MSP", False),
    Published(
        "BGR", SD, 2023, date(2022, 12, 31), "CMC 2022: 'the newly requested deadline in 2023'", False, recorded=False
    ),
    Published("GNB", SD, date(2019, 5, 1), date(2019, 8, 1), "Monitor FAQ 2019: 'deadline of 1 May 2019'", True),
    Published("PER", SD, date(2024, 4, 1), date(2023, 9, 12), "CMC 11MSP; ISU 2023: 'deadline of 1 April 2024'", False),
    Published("ZAF", SD, 2023, date(2022, 12, 31), "CMC 2022: 'its stockpile destruction deadline in 2023'", True),
    Published("HRV", CL, date(2020, 8, 1), date(2020, 7, 31), "ISU, 31 July 2020 (deadline 1 August 2020)", True),
    Published("MNE", CL, date(2020, 8, 1), date(2020, 7, 31), "ISU, 31 July 2020 (deadline 1 August 2020)", True),
    Published("NOR", CL, date(2020, 8, 1), date(2012, 6, 1), "Monitor Norway profile: deadline 1 Aug 2020", True),
    Published("LAO", CL, date(2020, 8, 1), date(2018, 11, 20), "ISU, 20 November 2018: deadline 1 August 2020", True),
    Published("BIH", CL, date(2021, 3, 1), date(2021, 2, 9), "BHMAC, February 2021: 'March 1, 2021'", True),
    Published("IRQ", CL, date(2023, 11, 1), date(2022, 9, 1), "ISU, 10MSP (2022): deadline 1 November 2023", True),
    Published("IRQ", CL, date(2023, 11, 1), date(2016, 5, 31), "Monitor Iraq 2016: Art. 4 deadline 1 Nov 2023", True),
    Published("LBN", CL, date(2021, 5, 1), date(2017, 12, 31), "Monitor Lebanon 2018: deadline 1 May 2021", True),
    Published("LAO", CL, date(2025, 8, 1), date(2024, 12, 31), "Mine Action Review, Lao PDR: 1 Aug 2025, 9MSP", False),
    Published("CHL", CL, date(2026, 6, 1), date(2023, 12, 31), "Mine Action Review, Chile: 1 June 2026", False),
    Published("TCD", CL, 2026, date(2024, 9, 13), "Mine Action Review, Chad: 'to October 2026' at 12MSP", False),
    Published("SSD", CL, date(2034, 2, 1), date(2024, 12, 31), "Mine Action Review, South Sudan: 1 Feb 2034", True),
]

# Differences between a published deadline and Treatywatch's deadlines as they stand today:
# (State, obligation, published deadline, computed field) -> why they differ.
EXPLAINED = {
    ("BGR", SD, "2019-10-01", "current"): "Bulgaria: extended at 9MSP (September 2019) by 18 months to 1 April 2021",
    ("BGR", SD, "2021-04-01", "original"): "Bulgaria: 1 April 2021 is the 9MSP extension of 1 October 2019",
    ("BGR", SD, "2023", "original"): "Bulgaria: a later extension, requested for 2RC (February 2021) and again "
    "(CMC 2022: 15 months, 'newly requested deadline in 2023'), whose grant and date no stored source gives",
    ("BGR", SD, "2023", "current"): "Bulgaria: the extension to a deadline in 2023 is not recorded: no stored "
    "source gives the day it was granted or the new deadline",
    ("PER", SD, "2024-04-01", "original"): "Peru: extension from 1 March 2021 granted at 2RC (silence procedure, "
    "February 2021)",
    ("GNB", SD, "2019-05-01", "current"): "Guinea-Bissau: clarified in May 2022 that it holds no cluster munitions "
    "(declaration, applies no), so no stockpile deadline runs now",
    ("LAO", CL, "2020-08-01", "current"): "Lao PDR: extended at 9MSP (September 2019) to 1 August 2025 (Mine Action "
    "Review; the Monitor 2022 says July 2025)",
    ("LAO", CL, "2025-08-01", "original"): "Lao PDR: 1 August 2025 is the 9MSP extension of 1 August 2020",
    ("CHL", CL, "2026-06-01", "original"): "Chile: 1 June 2026 extends 1 June 2021; the meeting and day of the "
    "decision are NOT FOUND",
    ("TCD", CL, "2026", "original"): "Chad: October 2026 is the second interim extension, granted at 12MSP (2024), "
    "of 1 September 2023; the first interim extension is NOT FOUND",
}

# Article 3 and 4 deadlines that Treatywatch shows today as overdue, as passed while an extension requested in
# time awaits a decision that no stored source gives ("pending"), or as completed late, although the
# sources do not say the State is in breach: extensions that were requested or granted but whose new
# deadline the stored sources do not give. (Bulgaria's Article 3 completion is dated only "by" a statement,
# and Bosnia and Herzegovina's Article 4 completion came while its timely request awaited a decision, so
# neither is called late.)
STATUS_EXPLAINED = {
    ("LAO", CL, "pending"): "Lao PDR: extended at 9MSP (2019) to 1 August 2025 (Monitor 2022: July 2025); new "
    "request at 12MSP (2024), decision NOT FOUND",
    ("DEU", CL, "pending"): "Germany: extension granted at 9MSP (2019), new deadline NOT FOUND; new request at 12MSP",
    ("IRQ", CL, "pending"): "Iraq: deadline 1 November 2023; request to November 2028 for 11MSP (2023), decision "
    "NOT FOUND",
    ("AFG", CL, "pending"): "Afghanistan: request at 13MSP (2025), which Art. 4(6) allows only before the "
    "deadline: earlier extensions NOT FOUND",
    ("CHL", CL, "pending"): "Chile: extended to 1 June 2026 (Mine Action Review); request at 13MSP (2025), decision "
    "NOT FOUND",
    ("LBN", CL, "pending"): "Lebanon: request at 13MSP (2025), which Art. 4(6) allows only before the deadline: "
    "earlier extensions NOT FOUND",
    ("SOM", CL, "pending"): "Somalia: deadline 1 March 2026; request analysed at 13MSP (2025), decision NOT FOUND",
    ("MRT", CL, "pending"): "Mauritania: contamination found after its completion (by end 2024), request at "
    "13MSP (2025), decision NOT FOUND",
}


def computed(treaty: Treaty, iso3: str, obligation: str, day: date) -> Deadline:
    state = State.objects.get(iso3=iso3)
    # The obligation as the treaty set it (cycle 0), not a run reopened after a completion.
    found = [
        d.deadline for d in state_deadlines(treaty, state, day) if d.rule.key == obligation and d.deadline.cycle == 0
    ]
    assert len(found) == 1, f"{iso3} {obligation} on {day}: {found}"
    return found[0]


@pytest.mark.parametrize("row", PUBLISHED, ids=lambda r: f"{r.state}-{r.obligation}-{r.label}")
def test_a_published_deadline_is_the_computed_one_on_a_day_it_held(db: None, row: Published) -> None:
    treaty = Treaty.objects.get(slug="ccm")
    deadline = computed(treaty, row.state, row.obligation, row.as_of)
    if not row.recorded:
        assert not row.matches(deadline.current), f"{row} is now produced by the data: set recorded=True"
        return
    assert row.matches(deadline.current), f"{row.source}: computed {deadline.current} on {row.as_of}"
    assert row.matches(deadline.original) is row.original, f"{row.source}: computed original {deadline.original}"


def test_every_difference_from_a_published_deadline_is_explained(db: None) -> None:
    treaty = Treaty.objects.get(slug="ccm")
    today = timezone.localdate()
    differences = {}
    for row in PUBLISHED:
        deadline = computed(treaty, row.state, row.obligation, today)
        for field in ("original", "current"):
            value = getattr(deadline, field)
            if not row.matches(value):
                differences[(row.state, row.obligation, row.label, field)] = value
    unexplained = [f"{key}: computed {value}" for key, value in differences.items() if key not in EXPLAINED]
    stale = [f"{key}: {reason}" for key, reason in EXPLAINED.items() if key not in differences]
    assert not unexplained, "differences with no explanation:\n" + "\n".join(unexplained)
    assert not stale, "explanations of differences that no longer exist:\n" + "\n".join(stale)


def test_overdue_or_late_article_3_and_4_deadlines_are_explained(db: None) -> None:
    treaty = Treaty.objects.get(slug="ccm")
    found = set()
    for item in treaty_deadlines(treaty, timezone.localdate()):
        if item.rule.key not in (SD, CL):
            continue
        if item.deadline.status is DeadlineStatus.OVERDUE:
            found.add((item.state.iso3, item.rule.key, "overdue"))
        elif item.deadline.status is DeadlineStatus.EXTENSION_REQUESTED:
            found.add((item.state.iso3, item.rule.key, "pending"))
        elif item.deadline.completed_late:
            found.add((item.state.iso3, item.rule.key, "completed late"))
    assert sorted(found - STATUS_EXPLAINED.keys()) == [], "overdue or late with no explanation"
    assert sorted(STATUS_EXPLAINED.keys() - found) == [], "explanations that no longer apply"


def published_defaults() -> list[dict[str, str]]:
    with DEFAULTS_CSV.open(encoding="utf-8") as file:
        return list(csv.DictReader(line for line in file if not line.startswith("#")))


def test_section_4_default_deadlines_are_the_computed_ones(db: None) -> None:
    treaty = Treaty.objects.get(slug="ccm")
    today = timezone.localdate()
    rows = published_defaults()
    standings = {r.state.iso3: r.standing for r in treaty_view(treaty, today).rows if r.standing.deposited_on}
    assert sorted(r["iso3"] for r in rows) == sorted(standings), "the table covers every State with an instrument"
    wrong = []
    for row in rows:
        standing = standings[row["iso3"]]
        got = {
            "deposit": standing.deposited_on,
            "entry_into_force": standing.entry_into_force_on,
            **{
                column: computed(treaty, row["iso3"], key, today).original
                for column, key in (
                    ("initial_report_due", "initial_report"),
                    ("stockpile_default", SD),
                    ("clearance_default", CL),
                )
            },
        }
        wrong += [
            f"{row['state']} {column}: table {row[column]}, computed {value}"
            for column, value in got.items()
            if str(value) != row[column]
        ]
    assert not wrong, "\n".join(wrong)
