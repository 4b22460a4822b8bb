"""The data page: the register's public data in bulk, its dictionary and its licence."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from treatywatch.api.api import api
from treatywatch.api.docs import SiteSwagger
from treatywatch.lib.errors import NotFound
from treatywatch.lib.exports import csv_text
from treatywatch.lib.licence import LICENCE_NAME, LICENCE_URL, licence_text
from treatywatch.lib.pages import public_page
from treatywatch.registry.citing import PUBLISHER
from treatywatch.registry.currency import checked_on
from treatywatch.registry.models import Treaty
from treatywatch.web.datasets import TABLES, TABLES_BY_NAME, Table
from treatywatch.web.dictionary import API_OUTPUTS, DOWNLOADS, Entry, api_entries, download_entries

ZIP_NAME = "treatywatch-data.zip"


def _checked() -> list[tuple[Treaty, date | None]]:
    """Each treaty and the day its record was checked up to (`registry.currency`)."""
    return [(treaty, checked_on(treaty)) for treaty in Treaty.objects.select_related("record_checked_by")]


def _notes(request: HttpRequest, what: str) -> list[str]:
    """What a bulk file says about itself: what it is, up to when each treaty's record was checked, how to cite
    it and its licence."""
    checked = "; ".join(f"{t.display_short_name} {day.isoformat()}" for t, day in _checked() if day)
    page = request.build_absolute_uri(reverse("web:data"))
    return [
        what,
        _("Record as at: %(days)s") % {"days": checked or "-"},
        _("Cite as: %(publisher)s, “%(what)s”, %(url)s, with the day you downloaded it")
        % {"publisher": PUBLISHER, "what": what, "url": page},
        licence_text(),
    ]


def _table_csv(request: HttpRequest, table: Table) -> str:
    rows = (table.output.cells(item) for item in table.rows())
    return csv_text(table.output.columns(), rows, _notes(request, str(table.title)))


def _dictionary_rows() -> list[dict[str, str]]:
    rows = []
    for download in DOWNLOADS:
        for entry in download_entries(download.output):
            rows.append(
                {
                    "file": download.where,
                    "column": entry.name,
                    "heading": entry.heading,
                    "type": entry.kind,
                    "meaning": entry.meaning,
                }
            )
    for output in API_OUTPUTS:
        for entry in api_entries(output):
            rows.append(
                {
                    "file": f"API {output.name}",
                    "column": entry.name,
                    "heading": entry.heading,
                    "type": entry.kind,
                    "meaning": entry.meaning,
                }
            )
    return rows


def _dictionary_csv(request: HttpRequest) -> str:
    rows = _dictionary_rows()
    return csv_text(("file", "column", "heading", "type", "meaning"), rows, _notes(request, _("Data dictionary")))


def _zip(request: HttpRequest) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", "\n".join(_notes(request, _("Treatywatch: the register's public data"))) + "\n")
        for table in TABLES:
            archive.writestr(f"{table.name}.csv", _table_csv(request, table))
        archive.writestr("dictionary.csv", _dictionary_csv(request))
    return out.getvalue()


@public_page
def data_download(request: HttpRequest, file: str) -> HttpResponse:
    stem, _dot, fmt = file.rpartition(".")
    if file == ZIP_NAME:
        response = HttpResponse(_zip(request), content_type="application/zip")
    elif fmt == "csv" and (stem in TABLES_BY_NAME or stem == "dictionary"):
        text = _dictionary_csv(request) if stem == "dictionary" else _table_csv(request, TABLES_BY_NAME[stem])
        response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    else:
        files = ", ".join([ZIP_NAME, "dictionary.csv", *(f"{t.name}.csv" for t in TABLES)])
        raise NotFound(_("No data file %(name)r; the files are: %(files)s.") % {"name": file, "files": files})
    response["Content-Disposition"] = f'attachment; filename="{file}"'
    return response


def _sections(entries: list[tuple[Any, str, list[Entry]]]) -> list[dict[str, Any]]:
    return [{"title": title, "where": where, "entries": found} for title, where, found in entries]


@public_page
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's documentation in the page's language: the same page as /api/v1/docs, which the API's own
    address serves in English (it has no language prefix)."""
    return SiteSwagger().render_page(request, api)


@public_page
def data_page(request: HttpRequest) -> HttpResponse:
    context = {
        "tables": TABLES,
        "zip_name": ZIP_NAME,
        "checked": _checked(),
        "licence_name": LICENCE_NAME,
        "licence_url": LICENCE_URL,
        "downloads": _sections([(d.title, d.where, download_entries(d.output)) for d in DOWNLOADS]),
        "api": _sections([(o.name, o.doc or "", api_entries(o)) for o in API_OUTPUTS]),
    }
    return render(request, "web/data.html", context)
