"""How current a treaty's record is: the day up to which its sources were checked.

The day is never typed: it is the date retrieved of the depositary status page the whole record was last
checked against (`Treaty.record_checked_by`, set by each UN Treaty Collection page import). A page shown
for a later day says that later changes are not in the record; an unknown day is said as unknown.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from treatywatch.lib.dates import date_words
from treatywatch.registry.models import Source, Treaty


@dataclass(frozen=True)
class RecordCheck:
    """A treaty's record seen from `day`: checked up to `checked_on` (None: not known)."""

    treaty: Treaty
    checked_on: date | None
    source: Source | None
    day: date

    @property
    def after_check(self) -> bool:
        """The page answers for a day after the last check: changes since then are not in the record."""
        return self.checked_on is not None and self.day > self.checked_on


def checked_on(treaty: Treaty) -> date | None:
    source = treaty.record_checked_by
    return source.retrieved_on if source is not None else None


def record_check(treaty: Treaty, day: date) -> RecordCheck:
    return RecordCheck(treaty, checked_on(treaty), treaty.record_checked_by, day)


def record_checks(treaties: Iterable[Treaty], day: date) -> list[RecordCheck]:
    return [record_check(treaty, day) for treaty in treaties]


def treaties_with_record() -> list[Treaty]:
    """The treaties whose depositary record holds facts, in the register's order."""
    with_facts = Treaty.objects.filter(facts__isnull=False).distinct().select_related("record_checked_by")
    return list(with_facts.order_by("pk"))


def checked_meta(treaties: Iterable[Treaty]) -> dict[str, date | None]:
    """What a download or an API answer says: each treaty's slug and the day its record was checked up to."""
    return {treaty.slug: checked_on(treaty) for treaty in treaties}


def check_change_days(treaty: Treaty) -> set[date]:
    """The day after the check: from then on a page says that later changes are not in the record."""
    day = checked_on(treaty)
    return {day + timedelta(days=1)} if day is not None else set()


def checked_sentences(checks: Iterable[RecordCheck]) -> str:
    """What a feed's description says of each record, as the pages say it (`web/_record_checked.html`)."""
    sentences = []
    for check in checks:
        values = {"name": check.treaty.short_name, "checked": date_words(check.checked_on)}
        if check.after_check:
            text = _("%(name)s: the record was last checked on %(checked)s; later changes are not in it.")
        elif check.checked_on:
            text = _("%(name)s: record checked up to %(checked)s.")
        else:
            text = _("%(name)s: the day its sources were checked up to is not recorded.")
        sentences.append(text % values)
    return " ".join(sentences)
