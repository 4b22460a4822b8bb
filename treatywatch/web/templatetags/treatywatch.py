from datetime import date
from functools import cache
from typing import Any
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from treatywatch.core.approximate import ApproximateDate
from treatywatch.core.status import Standing
from treatywatch.lib.dates import date_words
from treatywatch.lib.exports import CONTENT_TYPES
from treatywatch.obligations.labels import obligation_title as title_in_language
from treatywatch.registry.citations import Cited, citation_of, notification_url
from treatywatch.registry.currency import record_check, record_checks, treaties_with_record
from treatywatch.registry.labels import INSTRUMENT_LABELS, REGION_LABELS, SUBREGION_LABELS, standing_text
from treatywatch.registry.models import Source, Treaty

register = template.Library()


@cache
def _state_url(language: str | None, iso3: str) -> str:
    return reverse("web:state", args=[iso3])


@register.filter
def state_url(iso3: str) -> str:
    """`{% url 'web:state' iso3 %}`, reversed once per language and State: lists and maps link every State."""
    return _state_url(get_language(), iso3)


@register.filter
def instrument_label(value: str | None) -> str:
    return str(INSTRUMENT_LABELS.get(value or "", value or ""))


@register.filter
def region_label(value: str) -> str:
    return str(REGION_LABELS.get(value, value))


@register.filter
def obligation_title(value: str) -> str:
    return title_in_language(value)


@register.filter
def subregion_label(value: str) -> str:
    return str(SUBREGION_LABELS.get(value, value))


@register.filter
def status_text(standing: Standing) -> str:
    return standing_text(standing)


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[dict[str, Any]]:
    """This page in each language: plain links, so pages hold no form and can be cached."""
    request = context["request"]
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(request.get_full_path(), code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.filter
def column(columns: tuple[tuple[str, Any], ...], key: str) -> Any:
    """A page column's heading by its field name: the `data-label` a cell shows when a table is stacked."""
    return dict(columns)[key]


@register.filter
def in_words(value: ApproximateDate | date | None) -> str:
    """A date as exactly as its source gives it ("May 2017", "by 1 August 2019", "29 May 2017")."""
    return date_words(value)


@register.simple_tag(takes_context=True)
def sign_in_next(context: dict[str, Any]) -> str:
    """`?next=` this page, for the header's "Sign in" link: back here once signed in. The page cache keys pages by
    their whole address, so every visitor of this page gets the same link. None on the account pages themselves."""
    request = context["request"]
    match = request.resolver_match
    if match is None or match.app_name == "accounts":
        return ""
    return "?" + urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})


@register.inclusion_tag("web/_downloads.html")
def download_links(url_name: str, *args: Any, query: str = "") -> dict[str, Any]:
    """The "Download this list" links of a list page: one per export format, each carrying the page's filters."""
    suffix = f"?{query}" if query else ""
    links = [(fmt.upper(), reverse(url_name, args=[*args, fmt]) + suffix) for fmt in CONTENT_TYPES]
    # The group's accessible name tells it apart from the chart's downloads on the same page.
    name = _("This list: %(formats)s") % {"formats": ", ".join(label for label, _href in links)}
    return {"links": links, "name": name}


@register.inclusion_tag("web/_record_checked.html")
def record_checked(treaty: Treaty, day: date, named: bool = False) -> dict[str, Any]:
    """Up to when the treaty's record was checked, and whether the page's day is after that (`registry.currency`).
    `named` names the treaty, where a page shows several."""
    return {"check": record_check(treaty, day), "named": named}


@register.inclusion_tag("web/_records_checked.html")
def records_checked(day: date) -> dict[str, Any]:
    """`record_checked` for every treaty with a depositary record, on a page that speaks of several."""
    return {"checks": record_checks(treaties_with_record(), day)}


@register.inclusion_tag("web/_source.html")
def source_citation(source: Source | Cited | None, badge: bool = True) -> dict[str, Any]:
    """A source as every page cites it: the short citation as the link, the date it was read, whether it is
    primary, and the provenance note apart, after it (`registry.citations`). Citations are in English: on a
    page in another language they are marked lang="en", so that a screen reader reads them as English."""
    foreign = not (get_language() or "en").startswith("en")
    return {"citation": citation_of(source) if source is not None else None, "badge": badge, "foreign": foreign}


@register.filter
def notification_link(number: str) -> str:
    """The address of a depositary notification's notice at the UN Treaty Collection ("" if not a C.N. number)."""
    return notification_url(number or "")
