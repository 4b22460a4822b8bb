"""The shipped CCM and Mine Ban Treaty records, asked about on different dates."""

from __future__ import annotations

from datetime import date

import pytest

from treatywatch.core.status import Status
from treatywatch.registry.models import Treaty
from treatywatch.registry.standings import treaty_view

from .conftest import UNTC_STATUS_DAY


def status_of(treaty: Treaty, iso3: str, day: date) -> tuple[Status, bool]:
    row = next(r for r in treaty_view(treaty, day).rows if r.state.iso3 == iso3)
    return row.standing.status, row.standing.in_force


def test_ccm_counts_match_the_depositary_on_its_status_day(ccm: Treaty) -> None:
    # UNTC, "status as at 03-02-2026": "Signatories : 107. Parties : 112".
    counts = treaty_view(ccm, UNTC_STATUS_DAY).counts
    assert (counts.signatories, counts.parties) == (107, 112)
    # Vanuatu acceded on 5 September 2025: a party, in force for it only from 1 March 2026.
    assert counts.in_force == 111
    assert counts.signatories_not_ratified == 12


def test_ccm_had_38_parties_but_was_in_force_for_30_when_it_entered_into_force(ccm: Treaty) -> None:
    # Monitor 2010: 38 States had ratified on 1 August 2010; the UNTC list gives the same.
    # Only the first 30 instruments share that date (Art. 17(1)); the 8 later ones follow
    # Art. 17(2), e.g. Comoros (28 July 2010) from 1 January 2011.
    view = treaty_view(ccm, date(2010, 8, 1))
    assert view.entry_into_force_on == date(2010, 8, 1)
    assert (view.counts.parties, view.counts.in_force) == (38, 30)


def test_ccm_had_not_entered_into_force_before_the_thirtieth_instrument(ccm: Treaty) -> None:
    view = treaty_view(ccm, date(2010, 2, 15))
    assert view.entry_into_force_on is None
    assert view.counts.parties == 28 and view.counts.in_force == 0


@pytest.mark.parametrize(
    ("day", "parties"),
    [(date(2018, 8, 1), 103), (date(2022, 8, 1), 110)],
)
def test_ccm_party_counts_match_the_monitor(ccm: Treaty, day: date, parties: int) -> None:
    # Cluster Munition Monitor 2018 and 2022 (events.md): 103 and 110 States Parties.
    assert treaty_view(ccm, day).counts.parties == parties


def test_lithuania_moves_from_signatory_to_withdrawn(ccm: Treaty) -> None:
    assert status_of(ccm, "LTU", date(2009, 1, 1)) == (Status.SIGNATORY, False)
    assert status_of(ccm, "LTU", date(2011, 4, 1)) == (Status.PARTY, False)
    assert status_of(ccm, "LTU", date(2011, 9, 1)) == (Status.PARTY, True)
    assert status_of(ccm, "LTU", date(2024, 12, 1)) == (Status.WITHDRAWAL_PENDING, True)
    assert status_of(ccm, "LTU", date(2025, 3, 6)) == (Status.WITHDRAWN, False)


def test_mine_ban_treaty_counts_match_the_depositary(apmbc: Treaty) -> None:
    # UNTC XXVI-5 "status as at 03-02-2026": "Signatories : 132. Parties : 162".
    view = treaty_view(apmbc, UNTC_STATUS_DAY)
    assert (view.counts.signatories, view.counts.parties) == (132, 162)
    assert view.entry_into_force_on == date(1999, 3, 1)
    # Poland's withdrawal was notified on 20 August 2025 and takes effect on 20 February 2026.
    assert status_of(apmbc, "POL", UNTC_STATUS_DAY) == (Status.WITHDRAWAL_PENDING, True)
    assert status_of(apmbc, "FIN", UNTC_STATUS_DAY) == (Status.WITHDRAWN, False)
