"""Importer for a UN Treaty Collection status page, saved from the site as HTML.

Reads the participant table (dates with suffixes: a accession, A acceptance, AA approval,
d succession, n provisional application; bracketed rows are States that withdrew), the
end notes (withdrawals, territorial applications, provisional application texts), the
declarations section, and the page's own header (status date, counts, entry into force),
which are checked against what Treatywatch computes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import lxml.html
from lxml.etree import ParserError

from treatywatch.core.status import Instrument
from treatywatch.registry.actions import FactInput
from treatywatch.registry.countries import match_state
from treatywatch.registry.importers.dates import DateProblem, parse_day_month_year
from treatywatch.registry.importers.plan import ImportRefused, ParsedFact, SourceInput
from treatywatch.registry.models import FactKind

_SUFFIX_INSTRUMENT = {
    "": Instrument.RATIFICATION,
    "A": Instrument.ACCEPTANCE,
    "AA": Instrument.APPROVAL,
    "a": Instrument.ACCESSION,
    "d": Instrument.SUCCESSION,
}
_CELL_DATE = re.compile(r"^(\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4})\s*(AA|A|a|d|n)?$")
_TEXT_DATE = (
    r"(\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})"
)
_STATUS_AS_AT = re.compile(r"STATUS AS AT\s*:\s*(\d{2})-(\d{2})-(\d{4})")
# A protocol's page gives parties only: its States consent to be bound, they do not sign.
_COUNTS = re.compile(r"(?:Signatories\s*:\s*(\d+)\s*\.?\s*)?Parties\s*:\s*(\d+)")
_ENTRY_INTO_FORCE = re.compile(r"Entry into force\s*:\s*" + _TEXT_DATE)
_WITHDRAWAL = re.compile(
    r"On\s+"
    + _TEXT_DATE
    + r",\s+the Government of[^.]*?deposited with the Secretary-General a notification of withdrawal"
)
_TAKES_EFFECT = re.compile(r"withdrawal (?:took|will take) effect for [^.]*? on " + _TEXT_DATE)
_NOTIFICATION = re.compile(r"C\.N\.\s?\d+\.\d{4}(?:\s*\.?\s*TREATIES-[\dIVXLC.-]+)?")
_TERRITORIAL = re.compile(
    r"apply to|not apply to|extend(?:ed)? to|Extension to|Territorial Application|not extend to|European part",
    re.IGNORECASE,
)


@dataclass
class PageNote:
    number: str
    text: str


@dataclass
class UntcPage:
    status_as_at: date | None
    signatories: int | None
    parties: int | None
    entry_into_force_on: date | None
    facts: list[ParsedFact] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    withdrawn: set[str] = field(default_factory=set)
    stated_withdrawal_effective: dict[str, date] = field(default_factory=dict)
    skipped_notes: list[str] = field(default_factory=list)
    # Which treaty the page is about: its MTDSG chapter ("XXVI-6") and its title, as the page gives them.
    chapter: str = ""
    title: str = ""
    # The page as a source: every fact it gives cites it, and the record is checked up to its date.
    source: SourceInput | None = None


def _text(element: lxml.html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", element.text_content().replace("\xa0", " ")).strip()


def parse_untc_page(content: bytes, file_label: str, source_url: str = "") -> UntcPage:
    """Read a saved status page; refuse it with every problem found, naming the row."""
    try:
        document = lxml.html.fromstring(content)
    except (ParserError, ValueError) as error:
        raise ImportRefused([f"{file_label}: not an HTML page ({error})"]) from None
    page_text = _text(document)
    as_at = _STATUS_AS_AT.search(page_text)
    status_day = date(int(as_at[3]), int(as_at[2]), int(as_at[1])) if as_at else None
    counts = _COUNTS.search(page_text)
    eif = _ENTRY_INTO_FORCE.search(page_text)
    header = page_text[as_at.end() :] if as_at else page_text
    chapter, title = page_identity(document, header)
    citation = "UN Treaty Collection status page"
    if chapter:
        citation += f", MTDSG chapter {chapter}"
    if status_day:
        citation += f", status as at {status_day.isoformat()}"
    source = SourceInput(citation, source_url, status_day, True)
    page = UntcPage(
        status_as_at=status_day,
        signatories=int(counts[1]) if counts and counts[1] else None,
        parties=int(counts[2]) if counts else None,
        entry_into_force_on=parse_day_month_year(eif[1]) if eif else None,
        chapter=chapter,
        title=title,
        source=source,
    )
    table = _participant_table(document)
    if table is None:
        raise ImportRefused([f"{file_label}: no participant table (a table whose first heading is 'Participant')"])
    notes = _end_notes(document)
    problems: list[str] = []
    rows = table.findall(".//tr")
    columns = _columns([_text(c) for c in rows[0].findall("td") + rows[0].findall("th")], file_label, problems)
    if problems:
        raise ImportRefused(problems)
    for number, row in enumerate(rows[1:], start=1):
        cells = row.findall("td")
        if len(cells) != len(columns):
            problems.append(f"{file_label}, participant row {number}: {len(cells)} cells, expected {len(columns)}")
            continue
        _read_row(page, cells, columns, notes, source, f"{file_label}, participant row {number}", problems)
    _read_declarations(page, document, source, file_label, problems)
    if not page.facts and not problems:
        problems.append(f"{file_label}: the participant table has no rows")
    if problems and not notes and any("no end note" in p for p in problems):
        problems.append(
            f"{file_label}: the page has no end notes at all: was it saved before it finished loading, or cut "
            "short? Save the whole page again from the UN Treaty Collection"
        )
    if problems:
        raise ImportRefused(problems)
    return page


def page_identity(document: lxml.html.HtmlElement, header: str) -> tuple[str, str]:
    """The page's MTDSG chapter ("XXVI-6") and treaty title ("" when the page does not give them).

    The header reads "CHAPTER XXVI", the chapter's name, then "6. Convention on Cluster Munitions"
    in the page's `treatyCenter` block."""
    numbered = next((_text(e) for e in document.find_class("treatyCenter")), "")
    # A protocol's number carries its letter: "2.d. Additional Protocol ..." is chapter XXVI-2-d.
    title_match = re.match(r"(\d+(?:\s*\.\s*[a-z](?![a-z]))?)\s*\.\s*(.+)", numbered)
    chapter_match = re.search(r"CHAPTER\s+([IVXLC]+)\b", header)
    if title_match:
        number, title = re.sub(r"\s*\.\s*", "-", title_match[1]), title_match[2].strip()
    else:
        # A page saved without its classes: the number still follows the chapter's name; the title's end is unclear.
        number_match = re.search(r"CHAPTER\s+[IVXLC]+\s+\D*?\s(\d+)\.\s", header)
        number, title = (number_match[1] if number_match else ""), ""
    chapter = f"{chapter_match[1]}-{number}" if chapter_match and number else ""
    return chapter, title


def _participant_table(document: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    for table in document.iter("table"):
        first = table.find(".//tr")
        if first is not None:
            cells = first.findall("td") + first.findall("th")
            if cells and _text(cells[0]) == "Participant":
                return table
    return None


def _columns(headings: list[str], file_label: str, problems: list[str]) -> list[str]:
    columns = []
    for heading in headings:
        lowered = heading.lower()
        if lowered == "participant":
            columns.append("participant")
        elif lowered.startswith("signature"):
            columns.append("signature")
        elif lowered.startswith("provisional application"):
            columns.append("provisional")
        elif "ratification" in lowered or "accession" in lowered:
            columns.append("instrument")
        elif _is_consent_column(lowered):
            columns.append("consent")
        else:
            problems.append(f"{file_label}: unknown participant table column {heading!r}")
    if "participant" not in columns or not {"instrument", "consent"} & set(columns):
        problems.append(
            f"{file_label}: the participant table needs Participant and Ratification (or Consent to be bound) columns"
        )
    return columns


def _is_consent_column(lowered: str) -> bool:
    """A protocol's page (CCW Protocols): "Consent to be bound" instead of signature and ratification."""
    return lowered.startswith("consent to be bound")


def _consent_fact(day: date, suffix: str) -> FactInput | None:
    """A notification of consent to be bound is the protocol's deposit; `d` marks a succession."""
    if suffix == "d":
        return FactInput(FactKind.DEPOSIT, day, Instrument.SUCCESSION.value)
    if suffix == "":
        return FactInput(FactKind.DEPOSIT, day, Instrument.CONSENT_TO_BE_BOUND.value)
    return None


def _end_notes(document: lxml.html.HtmlElement) -> dict[str, PageNote]:
    notes = {}
    for div in document.find_class("divNotesAll"):
        anchor = div.find(".//a[@name]")
        if anchor is not None:
            number = anchor.get("name", "")
            text = _text(div)
            notes[number] = PageNote(number, text[len(number) :].strip() if text.startswith(number) else text)
    return notes


def _read_row(
    page: UntcPage,
    cells: list[lxml.html.HtmlElement],
    columns: list[str],
    notes: dict[str, PageNote],
    source: SourceInput,
    where: str,
    problems: list[str],
) -> None:
    values = dict(zip(columns, cells, strict=True))
    participant = values["participant"]
    note_numbers = [a.text_content().strip() for a in participant.iter("a") if a.get("class") == "noteIndex"]
    for sup in participant.findall(".//sup"):
        sup.drop_tree()
    label = _text(participant)
    iso3 = match_state(label)
    if iso3 is None:
        problems.append(f"{where}: unknown State {label!r}")
        return
    page.names[iso3] = label
    dates: dict[str, tuple[date, str]] = {}
    withdrawn = False
    for column in ("signature", "provisional", "instrument", "consent"):
        if column not in values:
            continue
        raw = _text(values[column])
        if raw.startswith("[") and raw.endswith("]"):
            withdrawn = True
            raw = raw[1:-1].strip()
        if not raw:
            continue
        match = _CELL_DATE.match(raw)
        if not match:
            problems.append(f"{where} ({label}), column {column}: {raw!r} is not a date like '3 Dec 2008 a'")
            continue
        try:
            dates[column] = (parse_day_month_year(match[1]), match[2] or "")
        except DateProblem as error:
            problems.append(f"{where} ({label}), column {column}: {error}")
    own_notes = [notes[n] for n in note_numbers if n in notes]
    if "signature" in dates:
        page.facts.append(
            ParsedFact(
                iso3, FactInput(FactKind.SIGNATURE, dates["signature"][0]), f"{where} ({label}), signature", source
            )
        )
    if "instrument" in dates:
        day, suffix = dates["instrument"]
        if suffix not in _SUFFIX_INSTRUMENT:
            problems.append(f"{where} ({label}): suffix {suffix!r} is not an instrument (a, A, AA, d or none)")
            return
        fact = FactInput(FactKind.DEPOSIT, day, _SUFFIX_INSTRUMENT[suffix].value)
        page.facts.append(ParsedFact(iso3, fact, f"{where} ({label}), instrument", source))
    if "consent" in dates:
        consent = _consent_fact(*dates["consent"])
        if consent is None:
            problems.append(
                f"{where} ({label}): suffix {dates['consent'][1]!r} is not a consent to be bound (d or none)"
            )
            return
        page.facts.append(ParsedFact(iso3, consent, f"{where} ({label}), consent to be bound", source))
    if "provisional" in dates:
        text = next((n.text for n in own_notes if "provisional application" in n.text), "")
        provisional = FactInput(FactKind.PROVISIONAL_APPLICATION, dates["provisional"][0], text=_first_paragraph(text))
        page.facts.append(ParsedFact(iso3, provisional, f"{where} ({label}), provisional application", source))
    for note in own_notes:
        _read_note(page, iso3, label, note, dates, source, where)
    if withdrawn:
        page.withdrawn.add(iso3)
        if not any(f.iso3 == iso3 and f.fact.kind == FactKind.WITHDRAWAL for f in page.facts):
            problems.append(f"{where} ({label}): the row is bracketed (withdrawn) but no end note gives the withdrawal")


def _first_paragraph(text: str) -> str:
    """The provisional-application statement, without later events told in the same note."""
    return re.split(r"(?<=[.\"”])\s*On\s+\d", text, maxsplit=1)[0].strip()


def _read_note(
    page: UntcPage,
    iso3: str,
    label: str,
    note: PageNote,
    dates: dict[str, tuple[date, str]],
    source: SourceInput,
    where: str,
) -> None:
    withdrawal = _WITHDRAWAL.search(note.text)
    reference = _NOTIFICATION.search(note.text)
    notification = re.sub(r"\s+", "", reference[0]) if reference else ""
    if withdrawal:
        fact = FactInput(
            FactKind.WITHDRAWAL,
            parse_day_month_year(withdrawal[1]),
            depositary_notification=notification,
            text=note.text[withdrawal.start() :],
        )
        page.facts.append(ParsedFact(iso3, fact, f"{where} ({label}), end note {note.number}", source))
        effective = _TAKES_EFFECT.search(note.text)
        if effective:
            page.stated_withdrawal_effective[iso3] = parse_day_month_year(effective[1])
        return
    if _TERRITORIAL.search(note.text):
        mentioned = [parse_day_month_year(d) for d in re.findall(_TEXT_DATE, note.text)]
        deposit = dates.get("instrument")
        day = max(mentioned) if mentioned else (deposit[0] if deposit else None)
        if day is not None:
            fact = FactInput(
                FactKind.TERRITORIAL_APPLICATION, day, depositary_notification=notification, text=note.text
            )
            page.facts.append(ParsedFact(iso3, fact, f"{where} ({label}), end note {note.number}", source))
            return
    if "provisional application" not in note.text:
        page.skipped_notes.append(f"end note {note.number} ({label}): {note.text[:100]}")


def _read_declarations(
    page: UntcPage, document: lxml.html.HtmlElement, source: SourceInput, file_label: str, problems: list[str]
) -> None:
    for heading in document.find_class("heading-two"):
        label = _text(heading)
        body = heading.getnext()
        if body is None or "content-two" not in (body.get("class") or ""):
            continue
        iso3 = match_state(label)
        if iso3 is None:
            problems.append(f"{file_label}, declarations: unknown State {label!r}")
            continue
        text = _text(body)
        text = text[len(label) :].strip() if text.startswith(label) else text
        own = {f.fact.kind: f.fact.date for f in page.facts if f.iso3 == iso3}
        upon_signature = "upon signature" in text[:80].lower()
        day = own.get(FactKind.SIGNATURE) if upon_signature else own.get(FactKind.DEPOSIT, own.get(FactKind.SIGNATURE))
        if day is None:
            problems.append(f"{file_label}, declarations of {label}: no signature or deposit to date them by")
            continue
        fact = FactInput(FactKind.DECLARATION, day, text=text)
        page.facts.append(ParsedFact(iso3, fact, f"{file_label}, declarations ({label})", source))
