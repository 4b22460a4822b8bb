"""A brief as a PDF (WeasyPrint), from the same presenter and the same template as its page.

Nothing is fetched while rendering: the fetcher accepts only `data:` addresses, the style sheet is inlined and
the fonts are the system's (DejaVu Sans, through fontconfig), so a PDF renders the same with no network."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from treatywatch.campaigns.briefs import Brief
from treatywatch.registry.citing import licence_text


def brief_filename(brief: Brief, language: str) -> str:
    return f"{brief.campaign.slug}-{brief.state.iso3.lower()}-{language}.pdf"


def render_brief_pdf(brief: Brief) -> bytes:
    """The brief in the active language, as PDF bytes."""
    html = render_to_string(
        "campaigns/brief_pdf.html", {"brief": brief, "language": get_language() or "en", "licence": licence_text()}
    )
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=["data"]))
    pdf = document.write_pdf()
    assert pdf is not None  # no target given: the bytes are returned
    return pdf
