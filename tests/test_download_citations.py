"""Every public download names up to when its record was checked (or the day it shows) and its licence, inside the
file where the format allows (an XLSX "About" sheet, a JSON field, a CSV's `#` lines, a calendar's description, a
picture's text chunks, a PDF's text) and in its HTTP headers.

The downloads are found from the site's own address patterns: a new download address fails this file until it is
walked here (or named as private, with the test that keeps it so)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import pypdfium2
import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from openpyxl import load_workbook

from treatywatch.lib.exports import CONTENT_TYPES
from treatywatch.registry.citing import LICENCE_URL
from treatywatch.registry.currency import checked_on
from treatywatch.registry.models import Treaty
from treatywatch.web.chart_views import CHART_FORMATS
from treatywatch.web.datasets import TABLES

DAY = "2026-02-03"
LIST_FORMATS = tuple(CONTENT_TYPES)

# Each download's address pattern (by its name) and the addresses walked for it.
PUBLIC = {
    "web:treaty-download": [f"/treaties/ccm/states.{f}?as_of={DAY}" for f in LIST_FORMATS],
    "web:treaty-compliance-download": [f"/treaties/ccm/compliance.{f}?as_of={DAY}" for f in LIST_FORMATS],
    "web:treaty-universalization-download": [f"/treaties/ccm/universalization.{f}?as_of={DAY}" for f in LIST_FORMATS],
    "positions:treaty-findings-download": [f"/treaties/apmbc/findings.{f}?as_of={DAY}" for f in LIST_FORMATS],
    "web:treaty-chart": [f"/treaties/ccm/chart.{f}?as_of={DAY}" for f in CHART_FORMATS],
    "web:data-download": [
        "/data/treatywatch-data.zip",
        "/data/dictionary.csv",
        *(f"/data/{table.name}.csv" for table in TABLES),
    ],
    "obligations:treaty-feed": ["/treaties/ccm/deadlines.ics"],
    "obligations:obligation-feed": ["/treaties/ccm/deadlines/stockpile_destruction.ics"],
    "obligations:state-feed": ["/states/IDN/deadlines.ics"],
    "outreach:activities-download": [f"/activities.{f}" for f in LIST_FORMATS],
    "outreach:activities-feed": ["/activities/feed.ics"],
    "milestones:milestones-download": [f"/milestones.{f}?as_of={DAY}" for f in LIST_FORMATS],
    "milestones:milestones-feed": ["/milestones/feed.ics"],
    "campaigns:targets-download": [f"/campaigns/oslo-10/targets.{f}?as_of={DAY}" for f in LIST_FORMATS],
    "campaign-briefs:brief-pdf": [f"/campaigns/oslo-10/briefs/IDN.pdf?as_of={DAY}"],
}
# Downloads of what an organisation keeps for itself: tests/test_private_data.py keeps them to their readers.
PRIVATE = {"contacts:contacts-download", "campaign-reports:reports-download", "member-briefs:download"}
DOWNLOAD_ROUTE = re.compile(r"(\.<str:(fmt|file)>|\.ics|\.pdf|/<str:file>)$")


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """(route, namespaced name) of every address pattern of the site."""
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _patterns(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield route, f"{namespace}{entry.name}"


def test_every_download_address_is_walked_here_or_private() -> None:
    downloads = {name for route, name in _patterns(get_resolver()) if DOWNLOAD_ROUTE.search(route)}
    assert downloads, "no download address found: the pattern above no longer matches the site's"
    assert downloads == set(PUBLIC) | PRIVATE


def _png_text(body: bytes) -> list[str]:
    """A PNG's text chunks (tEXt, iTXt): keyword and text."""
    found, at = [], 8
    while at < len(body):
        length, kind = int.from_bytes(body[at : at + 4], "big"), body[at + 4 : at + 8]
        data = body[at + 8 : at + 8 + length]
        if kind == b"tEXt":
            found.append(data.replace(b"\0", b": ").decode("latin-1"))
        elif kind == b"iTXt":
            keyword, _flags, rest = data.partition(b"\0")
            text = rest[2:].split(b"\0", 2)[-1]
            found.append(f"{keyword.decode('latin-1')}: {text.decode('utf-8')}")
        at += 12 + length
    return found


def _inside(body: bytes) -> list[str]:
    """The text a reader finds in the file itself, whatever its format."""
    if body.startswith(b"%PDF-"):
        document = pypdfium2.PdfDocument(body)
        return [page.get_textpage().get_text_range() for page in document]
    if body.startswith(b"\x89PNG"):
        return _png_text(body)
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            if "xl/workbook.xml" in archive.namelist():
                book = load_workbook(io.BytesIO(body))
                return [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
            return [f"{name}\n{archive.read(name).decode('utf-8')}" for name in archive.namelist()]
    return [body.decode("utf-8").replace("\r\n ", "")]  # a calendar's folded lines unfolded


def _walked() -> list[str]:
    return [url for urls in PUBLIC.values() for url in urls]


# A list's CSV holds only its header row and its rows, so that any CSV reader reads it: it says its day and its
# licence in its HTTP headers (`Record-Checked-On` or `As-Of`, and `Link`). Every other file says them inside.
HEADERS_ONLY = re.compile(
    r"^/(treaties/\w+/(states|compliance|universalization|findings)|activities|milestones|"
    r"campaigns/[\w-]+/targets)\.csv"
)


@pytest.mark.django_db
@pytest.mark.parametrize("url", _walked())
def test_a_public_download_names_its_as_at_day_and_its_licence(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    assert isinstance(response, HttpResponse)
    assert f'<{LICENCE_URL}>; rel="license"' in response.get("Link", ""), f"{url}: no licence in the headers"
    text = "\n".join(_inside(response.content))
    if HEADERS_ONLY.match(url):
        text = "\n".join(f"{name}: {value}" for name, value in response.items())
    assert LICENCE_URL in text, f"{url}: no licence"
    days = {day.isoformat() for day in (checked_on(t) for t in Treaty.objects.all()) if day}
    days |= {DAY, timezone.localdate().isoformat()}  # a list of activities is as at the day it is downloaded
    assert any(day in text for day in days), f"{url}: no 'as at' day"
