"""Whether a treaty existed on a day: before its adoption (or, without one, its opening for signature)
every count is zero because there was no treaty to count under, and the pages and the API say so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.utils.translation import gettext as _

from treatywatch.registry.models import Treaty


def first_day(treaty: Treaty) -> date | None:
    """The day the treaty came to exist: its adoption, else its opening for signature (None when unknown)."""
    return treaty.adopted_on or treaty.opened_for_signature_on


def not_yet_note(treaty: Treaty, day: date, day_text: str, write: Callable[[date], str]) -> str:
    """ "" when the treaty existed on `day`; otherwise a sentence saying when it came to exist.
    `day_text` is `day` as the answer writes it; `write` writes the treaty's first day the same way."""
    began = first_day(treaty)
    if began is None or day >= began:
        return ""
    values = {"treaty": treaty.name, "began": write(began), "day": day_text}
    if treaty.adopted_on:
        return _("The %(treaty)s was adopted on %(began)s; on %(day)s it did not exist yet.") % values
    return _("The %(treaty)s was opened for signature on %(began)s; on %(day)s it did not exist yet.") % values
