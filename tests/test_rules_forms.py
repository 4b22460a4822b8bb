"""Rules files written from the articles of treaties Treatywatch does not ship give the
depositary's counts and entry-into-force dates when their UNTC pages are imported.

The pages are built in the UN Treaty Collection layout (tests/untc_pages.py). Their rows are
constructed test input, not the depositary's record; what the tests assert is each article's
arithmetic and the real entry-into-force dates (CWC 29 April 1997 with 87 States Parties that
day, as the OPCW reports; ENMOD 5 October 1978; CCW 2 December 1983; CCW Protocol IV 30 July
1998; the CTBT not in force).
"""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from treatywatch.core.status import Standing
from treatywatch.lib.actions import ActionError
from treatywatch.registry.actions import FactInput, do_create_source, do_record_fact
from treatywatch.registry.countries import all_states, match_state
from treatywatch.registry.models import DepositaryFact, FactKind, State, Treaty
from treatywatch.registry.standings import TreatyView, treaty_view

from .conftest import ROOT, UNTC_STATUS_DAY
from .untc_pages import CONSENT, INSTRUMENTS, SIGNATURE, Row, StatusPage, cell_date

FIXTURES = ROOT / "tests" / "fixtures" / "treaties"


def register(*slugs: str) -> None:
    call_command("add_treaty", *[str(FIXTURES / f"{slug}.toml") for slug in slugs], stdout=StringIO())


def import_page(tmp_path: Path, page: StatusPage, slug: str) -> str:
    path = tmp_path / f"{slug}.html"
    path.write_text(page.html(), encoding="utf-8")
    out = StringIO()
    call_command("import_untc", str(path), "--treaty", slug, "--commit", stdout=out)
    return out.getvalue()


def view(slug: str, day: date) -> TreatyView:
    return treaty_view(Treaty.objects.get(slug=slug), day)


def standing_of(slug: str, iso3: str, day: date = UNTC_STATUS_DAY) -> Standing:
    return next(r.standing for r in view(slug, day).rows if r.state.iso3 == iso3)


def name(iso3: str) -> str:
    return all_states()[iso3].name


def other_states(count: int, taken: set[str]) -> list[str]:
    """ISO3 codes of `count` States not in `taken`, whose names the importer reads back to them."""
    codes = [c for c, info in sorted(all_states().items()) if c not in taken and match_state(info.name) == c]
    return codes[:count]


def signed_and_ratified(iso3: str, signed: date, deposited: date | None, suffix: str = "") -> Row:
    return Row(name(iso3), [cell_date(signed), cell_date(deposited, suffix) if deposited else ""])


# CWC -------------------------------------------------------------------------------------------

CWC_OPENING = date(1993, 1, 13)


def cwc_page() -> StatusPage:
    """65 ratifications by Hungary's on 31 October 1996 (and one accession, which does not count),
    21 more before entry into force (the United States on 25 April 1997), Russia after it."""
    named = {"HUN", "USA", "RUS", "ISR"}
    codes = other_states(86, named)
    early, acceding, late = codes[:64], codes[64], codes[65:85]
    rows = [
        signed_and_ratified(c, CWC_OPENING, date(1994, 1, 10) + timedelta(days=10 * i)) for i, c in enumerate(early)
    ]
    rows.append(Row(name(acceding), ["", cell_date(date(1996, 6, 3), "a")]))
    rows.append(signed_and_ratified("HUN", CWC_OPENING, date(1996, 10, 31)))
    rows += [
        signed_and_ratified(c, CWC_OPENING, date(1996, 11, 15) + timedelta(days=7 * i)) for i, c in enumerate(late)
    ]
    rows.append(signed_and_ratified("USA", CWC_OPENING, date(1997, 4, 25)))
    rows.append(signed_and_ratified("RUS", CWC_OPENING, date(1997, 11, 5)))
    rows.append(signed_and_ratified("ISR", CWC_OPENING, None))
    return StatusPage(
        chapter="XXVI",
        number="3",
        title="Convention on the Prohibition of the Development, Production, Stockpiling and Use of Chemical Weapons",
        place_and_date="Paris, 13 January 1993",
        status_as_at=UNTC_STATUS_DAY,
        headings=[SIGNATURE, INSTRUMENTS],
        rows=rows,
        entry_into_force="29 April 1997, in accordance with article XXI",
        signatories=88,
        parties=88,
    )


def test_cwc_enters_into_force_180_days_after_the_65th_ratification_with_87_states_parties(
    db: None, tmp_path: Path
) -> None:
    register("cwc")
    output = import_page(tmp_path, cwc_page(), "cwc")
    assert "checked against the page on 2026-02-03: 88 signatories, 88 parties" in output
    assert "entry into force 1997-04-29" in output
    on_the_day = view("cwc", date(1997, 4, 29))
    assert on_the_day.entry_into_force_on == date(1997, 4, 29)  # Hungary's 31 October 1996 + 180 days
    # Art. XXI(2): every State that deposited before the entry into force joins on that day (OPCW: 87).
    assert (on_the_day.counts.parties, on_the_day.counts.in_force) == (87, 87)
    assert view("cwc", date(1997, 4, 28)).counts.in_force == 0
    assert standing_of("cwc", "USA").entry_into_force_on == date(1997, 4, 29)  # not 25 May 1997
    assert standing_of("cwc", "RUS").entry_into_force_on == date(1997, 12, 5)  # 30th day after 5 November


def test_counted_from_the_threshold_the_cwc_would_not_give_the_opcw_count(db: None, tmp_path: Path) -> None:
    register("cwc")
    import_page(tmp_path, cwc_page(), "cwc")
    treaty = Treaty.objects.get(slug="cwc")
    treaty.rules_data["entry_into_force"]["later_deposits"] = "after_threshold"
    treaty.save(update_fields=["rules_data"])
    treaty.bump_record_version()
    # The United States (25 April 1997) would wait 30 days, as the CCM's Art. 17(2) reads.
    assert view("cwc", date(1997, 4, 29)).counts.in_force == 86


# CTBT ------------------------------------------------------------------------------------------

CTBT_OPENING = date(1996, 9, 24)
ANNEX_2_NOT_RATIFIED = ["CHN", "EGY", "IRN", "ISR", "USA"]  # signed, constructed as not ratified
ANNEX_2_NOT_SIGNED = ["IND", "PAK", "PRK"]


def annex_2() -> list[str]:
    register("ctbt")
    return sorted(Treaty.objects.get(slug="ctbt").rules.required_states)


def ctbt_page(annex: list[str], last_ratification: date | None = None) -> StatusPage:
    """Every Annex 2 State but eight ratifies, and 20 others (constructed rows). With
    `last_ratification`, the eight sign and ratify too, the last one on that day."""
    missing = ANNEX_2_NOT_RATIFIED + ANNEX_2_NOT_SIGNED
    rows = []
    for i, code in enumerate(c for c in annex if c not in missing):
        rows.append(signed_and_ratified(code, CTBT_OPENING, date(1998, 1, 5) + timedelta(days=60 * i)))
    for i, code in enumerate(missing):
        if last_ratification:
            deposited = last_ratification - timedelta(days=len(missing) - 1 - i)
            rows.append(signed_and_ratified(code, date(2024, 1, 8), deposited))
        elif code in ANNEX_2_NOT_RATIFIED:
            rows.append(signed_and_ratified(code, CTBT_OPENING, None))
    for i, code in enumerate(other_states(20, set(annex))):
        rows.append(signed_and_ratified(code, CTBT_OPENING, date(1999, 3, 1) + timedelta(days=30 * i)))
    signatories = len(annex) + 20 - (0 if last_ratification else len(ANNEX_2_NOT_SIGNED))
    parties = len(annex) + 20 - (0 if last_ratification else len(missing))
    return StatusPage(
        chapter="XXVI",
        number="4",
        title="Comprehensive Nuclear-Test-Ban Treaty",
        place_and_date="New York, 10 September 1996",
        status_as_at=UNTC_STATUS_DAY,
        headings=[SIGNATURE, INSTRUMENTS],
        rows=rows,
        signatories=signatories,
        parties=parties,
    )


def test_the_ctbt_is_not_in_force_while_an_annex_2_state_has_not_ratified(db: None, tmp_path: Path) -> None:
    annex = annex_2()
    assert len(annex) == 44
    output = import_page(tmp_path, ctbt_page(annex), "ctbt")
    assert "checked against the page on 2026-02-03: 61 signatories, 56 parties" in output
    today = view("ctbt", UNTC_STATUS_DAY)
    assert today.entry_into_force_on is None
    assert (today.counts.parties, today.counts.in_force) == (56, 0)  # far more than 44 ratifications


def test_the_ctbt_enters_into_force_180_days_after_the_last_annex_2_ratification(db: None, tmp_path: Path) -> None:
    annex = annex_2()
    import_page(tmp_path, ctbt_page(annex, last_ratification=date(2025, 6, 2)), "ctbt")
    assert view("ctbt", UNTC_STATUS_DAY).entry_into_force_on == date(2025, 11, 29)
    assert view("ctbt", date(2025, 11, 29)).counts.in_force == 64


# ENMOD: former States and successions -----------------------------------------------------------

ENMOD_OPENING = date(1977, 5, 18)


def enmod_page() -> StatusPage:
    """19 ratifications by 30 September 1978, among them Czechoslovakia and the German Democratic
    Republic (and the USSR's, which UNTC lists on the Russian Federation's row), the 20th on
    5 October 1978; an accession in 1984; the Czech Republic and Slovakia succeed in 1993."""
    taken = {"RUS", "CZE", "SVK", "DEU"}
    codes = other_states(18, taken)
    rows = [
        signed_and_ratified(c, ENMOD_OPENING, date(1978, 1, 9) + timedelta(days=14 * i))
        for i, c in enumerate(codes[:16])
    ]
    rows.append(Row("Czechoslovakia", [cell_date(ENMOD_OPENING), cell_date(date(1978, 5, 12))]))
    rows.append(Row("German Democratic Republic", [cell_date(ENMOD_OPENING), cell_date(date(1978, 5, 25))]))
    rows.append(signed_and_ratified("RUS", ENMOD_OPENING, date(1978, 5, 30)))
    rows.append(signed_and_ratified(codes[16], ENMOD_OPENING, date(1978, 10, 5)))
    rows.append(Row(name(codes[17]), ["", cell_date(date(1984, 3, 1), "a")]))
    rows.append(Row(name("CZE"), ["", cell_date(date(1993, 2, 22), "d")]))
    rows.append(Row(name("SVK"), ["", cell_date(date(1993, 5, 28), "d")]))
    return StatusPage(
        chapter="XXVI",
        number="1",
        title="Convention on the prohibition of military or any other hostile use of environmental modification "
        "techniques",
        place_and_date="New York, 10 December 1976",
        status_as_at=UNTC_STATUS_DAY,
        headings=[SIGNATURE, INSTRUMENTS],
        rows=rows,
        entry_into_force="5 October 1978, in accordance with article IX",
        signatories=18,  # the two former States no longer count
        parties=21,
    )


def test_enmod_counts_former_states_until_they_ended_and_successors_from_their_succession(
    db: None, tmp_path: Path
) -> None:
    register("enmod")
    output = import_page(tmp_path, enmod_page(), "enmod")
    assert "checked against the page on 2026-02-03: 18 signatories, 21 parties" in output
    on_the_day = view("enmod", date(1978, 10, 5))
    assert on_the_day.entry_into_force_on == date(1978, 10, 5)  # on the 20th ratification, no delay
    assert on_the_day.counts.in_force == 20
    assert {"CSK", "DDR"} <= {r.state.iso3 for r in on_the_day.rows if r.standing.in_force}
    # The GDR counted until 3 October 1990; Czechoslovakia until 31 December 1992.
    assert "DDR" not in {r.state.iso3 for r in view("enmod", date(1990, 10, 3)).rows}
    assert standing_of("enmod", "CSK", date(1992, 12, 31)).in_force
    # The Czech Republic's succession, notified on 22 February 1993, dates back to 1 January 1993.
    after_dissolution = view("enmod", date(1993, 1, 15))
    assert "CSK" not in {r.state.iso3 for r in after_dissolution.rows}
    assert standing_of("enmod", "CZE", date(1993, 1, 15)).entry_into_force_on == date(1993, 1, 1)
    # So does Slovakia's, notified on 28 May 1993; neither was a party the day before.
    assert standing_of("enmod", "SVK", date(1993, 1, 15)).entry_into_force_on == date(1993, 1, 1)
    assert not standing_of("enmod", "CZE", date(1992, 12, 31)).is_party
    assert view("enmod", date(1992, 12, 31)).counts.parties == view("enmod", date(1993, 1, 1)).counts.parties - 1
    # The 1984 accession is in force on the day of its deposit (Art. IX(4)).
    acceding = next(r for r in view("enmod", UNTC_STATUS_DAY).rows if r.standing.deposited_on == date(1984, 3, 1))
    assert acceding.standing.entry_into_force_on == date(1984, 3, 1)


def test_a_treaty_without_a_withdrawal_clause_refuses_a_withdrawal(db: None, tmp_path: Path) -> None:
    register("enmod")
    import_page(tmp_path, enmod_page(), "enmod")
    source = do_create_source(citation="test")
    with pytest.raises(ActionError, match="ENMOD has no withdrawal clause"):
        do_record_fact(
            treaty=Treaty.objects.get(slug="enmod"),
            state=State.objects.get(iso3="RUS"),
            fact=FactInput(FactKind.WITHDRAWAL, date(2020, 1, 6)),
            source=source,
            reason="test",
        )


# CCW and a protocol ------------------------------------------------------------------------------

CCW_OPENING = date(1981, 4, 10)


def ccw_page(codes: list[str]) -> StatusPage:
    """20 ratifications, the 20th on 2 June 1983, then one in 1984 (constructed rows)."""
    rows = [
        signed_and_ratified(c, CCW_OPENING, date(1982, 1, 11) + timedelta(days=14 * i))
        for i, c in enumerate(codes[:19])
    ]
    rows.append(signed_and_ratified(codes[19], CCW_OPENING, date(1983, 6, 2)))
    rows.append(signed_and_ratified(codes[20], CCW_OPENING, date(1984, 3, 15)))
    return StatusPage(
        chapter="XXVI",
        number="2",
        title="Convention on Prohibitions or Restrictions on the Use of Certain Conventional Weapons",
        place_and_date="Geneva, 10 October 1980",
        status_as_at=UNTC_STATUS_DAY,
        headings=[SIGNATURE, INSTRUMENTS],
        rows=rows,
        entry_into_force="2 December 1983, in accordance with article 5(1) and (3)",
        signatories=21,
        parties=21,
    )


def protocol_page(codes: list[str]) -> StatusPage:
    """Consents to be bound: the 20th on 30 January 1998, one more in 1999 (constructed rows)."""
    rows = [Row(name(c), [cell_date(date(1996, 3, 4) + timedelta(days=21 * i))]) for i, c in enumerate(codes[:19])]
    rows.append(Row(name(codes[19]), [cell_date(date(1998, 1, 30))]))
    rows.append(Row(name(codes[20]), [cell_date(date(1999, 1, 11))]))
    return StatusPage(
        chapter="XXVI",
        number="2.d",
        title="Additional Protocol to the Convention on Certain Conventional Weapons "
        "(Protocol IV, entitled Protocol on Blinding Laser Weapons)",
        place_and_date="Vienna, 13 October 1995",
        status_as_at=UNTC_STATUS_DAY,
        headings=[CONSENT],
        rows=rows,
        entry_into_force="30 July 1998",
        parties=21,
    )


def test_the_ccw_enters_into_force_six_months_after_the_twentieth_instrument(db: None, tmp_path: Path) -> None:
    register("ccw")
    output = import_page(tmp_path, ccw_page(other_states(21, set())), "ccw")
    assert "checked against the page on 2026-02-03: 21 signatories, 21 parties" in output
    assert view("ccw", UNTC_STATUS_DAY).entry_into_force_on == date(1983, 12, 2)
    assert view("ccw", date(1983, 12, 2)).counts.in_force == 20
    late = next(r for r in view("ccw", UNTC_STATUS_DAY).rows if r.standing.deposited_on == date(1984, 3, 15))
    assert late.standing.entry_into_force_on == date(1984, 9, 15)  # Art. 5(2): six months after its deposit


def test_a_protocol_page_with_consents_to_be_bound_gives_the_protocols_entry_into_force(
    db: None, tmp_path: Path
) -> None:
    codes = other_states(21, set())
    register("ccw", "ccw-protocol-iv")
    import_page(tmp_path, ccw_page(codes), "ccw")
    import_page(tmp_path, protocol_page(codes), "ccw-protocol-iv")
    protocol = Treaty.objects.get(slug="ccw-protocol-iv")
    assert protocol.parent == Treaty.objects.get(slug="ccw")
    deposits = DepositaryFact.objects.filter(treaty=protocol, kind=FactKind.DEPOSIT)
    assert set(deposits.values_list("instrument", flat=True)) == {"consent_to_be_bound"}
    today = view("ccw-protocol-iv", UNTC_STATUS_DAY)
    assert today.entry_into_force_on == date(1998, 7, 30)
    assert (today.counts.parties, today.counts.signatories) == (21, 0)  # the page's "Parties : 21"
    late = next(r for r in today.rows if r.standing.deposited_on == date(1999, 1, 11))
    assert late.standing.entry_into_force_on == date(1999, 7, 11)


def test_a_protocol_page_is_checked_against_its_parties_count(db: None, tmp_path: Path) -> None:
    codes = other_states(21, set())
    register("ccw", "ccw-protocol-iv")
    import_page(tmp_path, ccw_page(codes), "ccw")
    page = protocol_page(codes)
    page.parties = 22

    with pytest.raises(CommandError, match="parties on 2026-02-03: the page counts 22, the import would give 21"):
        import_page(tmp_path, page, "ccw-protocol-iv")
    assert not DepositaryFact.objects.filter(treaty__slug="ccw-protocol-iv").exists()


def test_a_protocol_is_shown_under_its_convention(db: None, tmp_path: Path) -> None:
    register("ccw", "ccw-protocol-iv")
    client = Client()
    convention = client.get("/treaties/ccw/").content.decode()
    assert 'href="/treaties/ccw-protocol-iv/"' in convention
    protocol = client.get("/treaties/ccw-protocol-iv/").content.decode()
    assert "Protocol to" in protocol and 'href="/treaties/ccw/"' in protocol
    codes = other_states(21, set())
    import_page(tmp_path, ccw_page(codes), "ccw")
    import_page(tmp_path, protocol_page(codes), "ccw-protocol-iv")
    home = client.get("/", {"as_of": "2026-02-03"}).content.decode()
    # The protocol is listed in the CCW's card: between its heading and the next card's.
    start = home.index('<h2><a href="/treaties/ccw/')
    ccw_card = home[start : home.find("<h2>", start + 1)]
    assert 'href="/treaties/ccw-protocol-iv/?as_of=2026-02-03">CCW Protocol IV</a>' in ccw_card
    assert "21 parties" in ccw_card
    assert '<h2><a href="/treaties/ccw-protocol-iv/' not in home  # not a card of its own


# add_treaty refuses a misused form ---------------------------------------------------------------


def edited_rules_file(tmp_path: Path, slug: str, old: str, new: str) -> Path:
    text = (FIXTURES / f"{slug}.toml").read_text(encoding="utf-8")
    assert old in text  # the edit below must apply
    path = tmp_path / f"{slug}.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("slug", "old", "new", "message"),
    [
        (
            "ctbt",
            '"VNM", "COD",',
            '"VNM", "COD", "XXA",',
            "entry_into_force.required_states: no State has the code\\(s\\) XXA",
        ),
        (
            "cwc",
            "opened_for_signature_on = 1993-01-13",
            "",
            "entry_into_force.not_before counts from the opening for signature: "
            "the rules file needs opened_for_signature_on",
        ),
        ("cwc", "later_deposits = ", "later_deposit = ", "entry_into_force: unknown key\\(s\\) later_deposit"),
        (
            "cwc",
            'later_deposits = "after_entry_into_force"',
            'later_deposits = "after_deposit"',
            "later_deposits: 'after_deposit' is not one of after_threshold, after_entry_into_force",
        ),
        (
            "cwc",
            'counting_instruments = ["ratification", "acceptance", "approval"]',
            'counting_instruments = ["ratifications"]',
            "counting_instruments: 'ratifications' is not a kind of instrument",
        ),
        ("cwc", "opened_for_signature_on", "opened_on", "unknown key\\(s\\) opened_on"),
        (
            "ccw-protocol-iv",
            'parent = "ccw"',
            'parent = "ccw-typo"',
            "parent 'ccw-typo' is not registered .* Register the convention's rules file first",
        ),
    ],
)
def test_add_treaty_refuses_a_misused_form_and_registers_nothing(
    db: None, tmp_path: Path, slug: str, old: str, new: str, message: str
) -> None:
    path = edited_rules_file(tmp_path, slug, old, new)
    with pytest.raises(CommandError, match=message) as refused:
        call_command("add_treaty", str(path), stdout=StringIO())
    assert str(path) in str(refused.value)  # the message names the file
    assert not Treaty.objects.filter(slug=slug).exists()


def test_a_protocol_needs_its_convention_registered_first(db: None) -> None:
    with pytest.raises(CommandError, match="parent 'ccw' is not registered"):
        register("ccw-protocol-iv")
    register("ccw", "ccw-protocol-iv")
    assert Treaty.objects.get(slug="ccw-protocol-iv").parent == Treaty.objects.get(slug="ccw")


def test_former_states_are_in_the_register_with_their_successors(db: None) -> None:
    czechoslovakia = State.objects.get(iso3="CSK")
    assert czechoslovakia.ended_on == date(1993, 1, 1)
    assert set(czechoslovakia.successors.values_list("iso3", "succeeded_on")) == {
        ("CZE", date(1993, 1, 1)),
        ("SVK", date(1993, 1, 1)),
    }
    assert State.objects.get(iso3="DDR").ended_on == date(1990, 10, 3)
    assert set(
        State.objects.existing_on(date(1990, 1, 1))
        .filter(iso3__in=["DDR", "SUN", "CSK"])
        .values_list("iso3", flat=True)
    ) == {"DDR", "SUN", "CSK"}
    assert not State.objects.existing_on(UNTC_STATUS_DAY).filter(iso3__in=["DDR", "SUN", "CSK", "YUG"]).exists()
    states_page = Client().get("/states/").content.decode()
    assert "Czechoslovakia" not in states_page
    assert "Czechoslovakia" in Client().get("/states/", {"as_of": "1992-06-01"}).content.decode()


def test_a_csv_file_checks_a_successors_entry_into_force_from_its_date_of_succession(db: None, tmp_path: Path) -> None:
    register("enmod")
    import_page(tmp_path, enmod_page(), "enmod")
    header = "state,iso3,signature_date,ratification_date,action_type,entry_into_force_date\n"
    path = tmp_path / "enmod.csv"
    path.write_text(header + "Czechia,CZE,,1993-02-22,succession,1993-01-01\n", encoding="utf-8")
    call_command("import_csv", str(path), "--treaty", "enmod", stdout=StringIO())  # agrees: not refused
    path.write_text(header + "Czechia,CZE,,1993-02-22,succession,1993-02-22\n", encoding="utf-8")
    with pytest.raises(CommandError, match="the file says 1993-02-22 but ENMOD's rules give 1993-01-01"):
        call_command("import_csv", str(path), "--treaty", "enmod", stdout=StringIO())


def test_the_api_names_a_protocols_convention_and_a_conventions_protocols(db: None) -> None:
    register("ccw", "ccw-protocol-iv")
    client = Client()
    convention = client.get("/api/v1/treaties/ccw").json()
    protocol = client.get("/api/v1/treaties/ccw-protocol-iv").json()
    assert (convention["parent"], convention["protocols"]) == (None, ["ccw-protocol-iv"])
    assert (protocol["parent"], protocol["protocols"]) == ("ccw", [])
