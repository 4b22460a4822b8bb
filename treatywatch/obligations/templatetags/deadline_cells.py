"""`{% deadline_cells row treaty %}`: a deadline's cells in a table, rendered once and reused.

A treaty's compliance table repeats the same deadline, with the same facts, on every day until one of
them changes: its cells are rendered once per language and record version, not once per day asked about.
"""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from treatywatch.lib.caching import Memo
from treatywatch.obligations.presenters import DEADLINE_CELL_COLUMNS, DeadlineRow
from treatywatch.registry.models import Treaty

register = template.Library()
_TEMPLATE = "obligations/_deadline_cells.html"

# Enough for every deadline of a few treaties in every language.
cells = Memo(size=16384)


@register.simple_tag
def deadline_cells(row: DeadlineRow, treaty: Treaty) -> SafeString:
    # What the cells show: the deadline (with its status, extensions, completion and notes), the facts
    # bearing on it, the language, and the record version the facts' sources were read at.
    key = (get_language(), treaty.pk, treaty.record_version, row.item.deadline, tuple(f.pk for f in row.facts))
    found: SafeString = cells.get_or_compute(
        key, lambda: render_to_string(_TEMPLATE, {"row": row, "labels": dict(DEADLINE_CELL_COLUMNS)})
    )
    return found
