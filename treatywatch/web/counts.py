"""The count boxes of the home and treaty pages: each number links to the list of the States it counts,
filtered by the status of the same name (see `registry.labels.FILTER_LABELS`)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.functional import Promise

from treatywatch.core.status import Counts
from treatywatch.lib.pages import RESULTS_ANCHOR
from treatywatch.registry.labels import FILTER_LABELS
from treatywatch.registry.models import Treaty

# Each box: the count's name (as `Counts` and the API call it), and the status filter that lists exactly it.
BOXES = (
    ("parties", "party"),
    ("signatories", "signed"),
    ("in_force", "in_force"),
    ("signatories_not_ratified", "signatory"),
)


@dataclass(frozen=True)
class CountBox:
    key: str
    label: Promise
    value: int
    url: str


def count_boxes(treaty: Treaty, counts: Counts, as_of_iso: str | None, first: int = len(BOXES)) -> list[CountBox]:
    """The first `first` boxes; `as_of_iso` is carried into the links when the page was asked for a date."""
    found = []
    for key, status in BOXES[:first]:
        query = {"status": status, **({"as_of": as_of_iso} if as_of_iso else {})}
        url = f"{reverse('web:treaty', args=[treaty.slug])}?{urlencode(query)}#{RESULTS_ANCHOR}"
        found.append(CountBox(key, FILTER_LABELS[status], getattr(counts, key), url))
    return found
