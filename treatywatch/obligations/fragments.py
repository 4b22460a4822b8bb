"""A treaty's compliance table rows, built in Python and reused (see `web.fragments` for the treaty page's).

The table lists every deadline of every State Party (hundreds): written through the template, its loop, a `{% url %}`
and the title's filters for each row took most of the page. A row's heading depends only on the language, the
State and the obligation, and its cells are kept per deadline (`deadline_cells`), so a row is joined from parts
built once; only the State link's query (`?as_of=…` or nothing) differs between requests.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from treatywatch.obligations.labels import obligation_title
from treatywatch.obligations.presenters import COMPLIANCE_PAGE_COLUMNS, DeadlineRow
from treatywatch.obligations.templatetags.deadline_cells import deadline_cells
from treatywatch.registry.models import Treaty


@lru_cache(maxsize=8192)  # every State and obligation of a few treaties in every language
def _heading(
    language: str | None, iso3: str, name: str, title: str, period: str, article: str
) -> tuple[SafeString, SafeString]:
    state_url = reverse("web:state", args=[iso3])  # in `language`, which this is kept under
    head = format_html('\n                <tr>\n                  <th scope="row"><a href="{}', state_url)
    what = format_html(", {}", period) if period else ""
    tail = format_html(
        '">{}</a></th>\n'
        '                  <td data-label="{}">{}{} <span class="muted">({})</span></td>\n'
        "                  ",
        name,
        dict(COMPLIANCE_PAGE_COLUMNS)["title"],
        obligation_title(title),
        what,
        article,
    )
    return head, tail


def deadline_rows_html(rows: list[DeadlineRow], treaty: Treaty, query: str) -> SafeString:
    """Every row's `<tr>`; `query` ends each State link."""
    language, query = get_language(), conditional_escape(query)
    joined = []
    for row in rows:
        state, period = row.state, row.deadline.period
        head, tail = _heading(
            language, state.iso3, state.display_name, row.rule.title, str(period) if period else "", row.rule.article
        )
        joined.append(head + query + tail + deadline_cells(row, treaty) + "\n                </tr>\n              ")
    return mark_safe("".join(joined))  # each part is escaped
