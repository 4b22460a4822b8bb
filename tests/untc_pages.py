"""Build UN Treaty Collection status pages in the layout of the saved pages in data/untc/.

Tests use them for treaties Treatywatch does not ship (CWC, CTBT, ENMOD, CCW and a CCW protocol).
The rows of a built page are test input, constructed for the test: they are not the depositary's
record. The layout is the real one: the "STATUS AS AT" line, the chapter and treaty heading, the
entry into force, "Signatories : N. Parties : N", the participant table with one cell per column
("13 Jan\t 1993 a"), bracketed rows of States that withdrew and the end notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape

# The column headings UNTC uses.
SIGNATURE = "Signature"
INSTRUMENTS = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"
CONSENT = "Consent to be bound(d)"


def cell_date(day: date, suffix: str = "") -> str:
    """A date as UNTC writes it in a table cell ('31 Oct\t 1996'), then the instrument's suffix."""
    return f"{day.day} {day.strftime('%b')}\t {day.year}" + (f" {suffix}" if suffix else "")


@dataclass(frozen=True)
class Row:
    participant: str
    cells: Sequence[str]  # one per column after "Participant"; "" for an empty cell
    note: str = ""  # the number of an end note attached to the participant


@dataclass
class StatusPage:
    chapter: str  # "XXVI"
    number: str  # "3"
    title: str
    place_and_date: str  # "Paris, 13 January 1993"
    status_as_at: date
    headings: Sequence[str]
    rows: Sequence[Row]
    entry_into_force: str = ""  # "29 April 1997, in accordance with article XXI(1)"; "" when not in force
    signatories: int | None = None
    parties: int | None = None
    notes: dict[str, str] = field(default_factory=dict)

    def html(self) -> str:
        return "\n".join(
            [
                "<!DOCTYPE html>",
                "<html>",
                '<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>',
                "<body>",
                self._header(),
                self._table(),
                self._notes(),
                "</body>",
                "</html>",
            ]
        )

    def _header(self) -> str:
        as_at = self.status_as_at.strftime("%d-%m-%Y")
        lines = [
            f'<div class="rows top-10 padd-5 heading-three">STATUS AS AT : {as_at} 10:16:18 EDT</div>',
            f'<div style="font-weight: bold; text-align: center;">CHAPTER {self.chapter}</div>',
            '<div class="tcTextCenter bold">DISARMAMENT</div>',
            f'<div style="font-weight: bold" class="treatyCenter">{self.number}. {escape(self.title)}</div>',
            f'<div class="treatyCenterSub normal">{escape(self.place_and_date)}</div>',
        ]
        if self.entry_into_force:
            lines.append(
                '<div class="tcrptEIF"><table><tr>'
                '<td><div style="font-weight: bold">Entry into force</div></td>'
                f"<td>:</td><td><div>{escape(self.entry_into_force)}.</div></td>"
                "</tr></table></div>"
            )
        counts = []
        if self.signatories is not None:
            counts.append(f"Signatories : {self.signatories}.")
        if self.parties is not None:
            counts.append(f"Parties : {self.parties}")
        lines.append(
            '<div class="tcStatus"><table><tr><td class="headStatus">Status</td>'
            f"<td>:</td><td><div>{' '.join(counts)}</div></td></tr></table></div>"
        )
        return "\n".join(lines)

    def _table(self) -> str:
        out = ['<table class="table table-striped table-bordered table-hover table-condensed">']
        out.append('<tr class="thead-one">')
        for heading in ["Participant", *self.headings]:
            out.append(f'<td valign="bottom">{escape(heading)}<br></td>')
        out.append("</tr>")
        for index, row in enumerate(self.rows):
            out.append(f'<tr class="{"trBWhite" if index % 2 == 0 else "trBGGrey"}">')
            note = ""
            if row.note:
                note = f" <SUP><A onclick='ShowNoteAll()' href='#{row.note}' class='noteIndex'>{row.note}</A> </SUP>"
            out.append(f"<td>{escape(row.participant)}{note}<br></td>")
            for value in row.cells:
                out.append(f"<td> &nbsp;{value}<br></td>" if value else "<td>&nbsp;</td>")
            out.append("</tr>")
        out.append("</table>")
        return "\n".join(out)

    def _notes(self) -> str:
        return "\n".join(
            f'<div class="divNotesAll" style="text-align: justify"><a name=\'{number}\'>{number}</a>'
            f"<index></index>{escape(text)}<br></div>"
            for number, text in self.notes.items()
        )
