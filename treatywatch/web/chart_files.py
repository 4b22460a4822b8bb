"""The chart of parties over time as files to cite: a standalone SVG, a PNG drawn from it, and its data as CSV.
Each file names its source, the day its record was checked, how to cite it and its licence."""

from __future__ import annotations

import textwrap
import zlib
from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from treatywatch.core.status import Counts
from treatywatch.lib.exports import csv_text
from treatywatch.lib.fields import Output, OutputField
from treatywatch.lib.licence import LICENCE_URL
from treatywatch.registry.citing import Citation
from treatywatch.web.chart import Chart, chart_drawing

# The page's stylesheet does not travel with a downloaded file: the drawing carries its own colours.
_STYLE = (
    "text { font-family: 'DejaVu Sans', Arial, sans-serif; fill: #1b1f24; }"
    " .grid { stroke: #c9d1db; stroke-width: 1; } .tick { font-size: 12px; fill: #4a5361; }"
    " .line-parties { fill: none; stroke: #0b5394; stroke-width: 2.5; }"
    " .line-in-force { fill: none; stroke: #0b6e3f; stroke-width: 2; stroke-dasharray: 6 3; }"
    " .title { font-size: 15px; font-weight: bold; } .note { font-size: 10px; fill: #4a5361; }"
)
_TITLE_SPACE = 28
_LINE = 14
_WRAP = 125  # characters of a 10px note line across the drawing's width


def chart_svg_document(chart: Chart, title: str, citation: Citation) -> str:
    """A standalone SVG: the title, the drawing, a key, then the citation lines, also kept in <desc> and
    <metadata> for programs that read them."""
    notes = [part for line in citation.lines() for part in textwrap.wrap(line, _WRAP)]
    top = _TITLE_SPACE
    key_y = top + chart.height + 8
    notes_y = key_y + _LINE + 8
    height = notes_y + _LINE * len(notes) + 8
    key = format_html(
        '<path class="line-parties" d="M{},{}h24" /><text class="tick" x="{}" y="{}">{}</text>'
        '<path class="line-in-force" d="M{},{}h24" /><text class="tick" x="{}" y="{}">{}</text>',
        chart.left,
        key_y,
        chart.left + 30,
        key_y + 4,
        _("Parties"),
        chart.left + 160,
        key_y,
        chart.left + 190,
        key_y + 4,
        _("In force for"),
    )
    note_lines = format_html_join(
        "", '\n  <text class="note" x="8" y="{}">{}</text>', ((notes_y + _LINE * i, n) for i, n in enumerate(notes))
    )
    checked = citation.checked_on.isoformat() if citation.checked_on else ""
    return str(
        format_html(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">\n'
            "  <title>{title}</title>\n"
            "  <desc>{desc}</desc>\n"
            "  <metadata>\n"
            '    <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#">\n'
            '      <cc:Work rdf:about=""><dc:title>{title}</dc:title><dc:source>{source}</dc:source>'
            "<dc:date>{checked}</dc:date><dc:bibliographicCitation>{cite}</dc:bibliographicCitation>"
            '<cc:license rdf:resource="{licence_url}" /></cc:Work>\n'
            "    </rdf:RDF>\n"
            "  </metadata>\n"
            "  <style>{style}</style>\n"
            '  <rect width="100%" height="100%" fill="#ffffff" />\n'
            '  <text class="title" x="8" y="20">{title}</text>\n'
            '  <g transform="translate(0,{top})">{drawing}\n  </g>\n'
            "  {key}{notes}\n"
            "</svg>\n",
            w=chart.width,
            h=height,
            title=title,
            desc=" ".join(citation.lines()),
            source=citation.source,
            checked=checked,
            cite=citation.cite,
            licence_url=LICENCE_URL,
            style=_STYLE,
            top=top,
            drawing=chart_drawing(chart),
            key=key,
            notes=note_lines,
        )
    )


# The chart's data: one row per day a count changed, from the (day, counts) pairs of the timeline.
CHART_ROW = Output(
    "ChartRow",
    (
        OutputField(
            "date", date, lambda p: p[0], gettext_noop("A day on which a count changed."), label=gettext_lazy("Date")
        ),
        OutputField(
            "signatories",
            int,
            lambda p: p[1].signatories,
            gettext_noop("States that had signed by that day (including those that later became parties)."),
            label=gettext_lazy("Signatories"),
        ),
        OutputField(
            "parties",
            int,
            lambda p: p[1].parties,
            gettext_noop(
                "States Parties: instrument deposited, as the depositary counts; a withdrawal deducted once effective."
            ),
            label=gettext_lazy("Parties"),
        ),
        OutputField(
            "in_force",
            int,
            lambda p: p[1].in_force,
            gettext_noop("States for which the treaty was in force on that day."),
            label=gettext_lazy("In force for"),
        ),
        OutputField(
            "withdrawn",
            int,
            lambda p: p[1].withdrawn,
            gettext_noop("States whose withdrawal had taken effect."),
            label=gettext_lazy("Withdrawn"),
        ),
    ),
)


def chart_png(svg: str, citation: Citation) -> bytes:
    """The SVG drawn as a PNG twice its size (sharp on a slide or in print), offline with cairo. The picture also
    carries its citation as text chunks (PNG's iTXt: `Source`, `Description`, `Copyright`), as the SVG's metadata
    does."""
    import cairosvg  # imported here: only the PNG download needs cairo

    png: bytes = cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2)
    chunks = b"".join(
        _png_text_chunk(keyword, text)
        for keyword, text in (
            ("Source", citation.source),
            ("Description", "\n".join(citation.lines())),
            ("Copyright", citation.licence),
        )
    )
    end = png.rindex(b"IEND") - 4  # the IEND chunk, from its length field
    return png[:end] + chunks + png[end:]


def _png_text_chunk(keyword: str, text: str) -> bytes:
    """An uncompressed iTXt chunk (PNG specification, 11.3.4.5): UTF-8 text under a Latin-1 keyword."""
    data = keyword.encode("latin-1") + b"\0\0\0" + b"\0" + b"\0" + text.encode("utf-8")
    body = b"iTXt" + data
    return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")


def chart_csv(timeline: list[tuple[date, Counts]], citation: Citation) -> str:
    """The chart's data: one row per day a count changed, after the citation as leading `#` lines."""
    return csv_text(CHART_ROW.columns(), (CHART_ROW.cells(point) for point in timeline), citation.lines())
