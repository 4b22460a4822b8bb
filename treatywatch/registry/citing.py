"""How the register's data is cited and under which licence: one place for the pages, the chart files and the
data page, so that every download says the same."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _

from treatywatch.lib.dates import words_in
from treatywatch.lib.licence import licence_text
from treatywatch.registry.currency import checked_on
from treatywatch.registry.models import Treaty

PUBLISHER = "Treatywatch"


@dataclass(frozen=True)
class Citation:
    """What a chart or a download says about itself: its source, up to when the record was checked against it
    (`registry.currency`), how to cite it and its licence, in the page's language."""

    source: str
    checked_on: date | None
    cite: str
    licence: str

    def lines(self) -> list[str]:
        """The citation as lines of text, for a file's leading lines or a drawing's caption."""
        checked = _("Record as at: %(day)s") % {"day": self.checked_on.isoformat()} if self.checked_on else ""
        return [line for line in (_("Source: %(source)s") % {"source": self.source}, checked, self.cite) if line] + [
            self.licence
        ]


def treaty_citation(treaty: Treaty, day: date, what: str, url: str) -> Citation:
    """The citation of `what` (a chart's or a list's title) for `treaty`, as of `day`, found at `url`."""
    checked = checked_on(treaty)
    language = translation.get_language()
    source = _("UN Treaty Collection, depositary record of the %(treaty)s") % {"treaty": treaty.display_name}
    if treaty.untc_url:
        source = f"{source} ({treaty.untc_url})"
    cite = _("Cite as: %(publisher)s, “%(what)s”, as of %(day)s, %(url)s") % {
        "publisher": PUBLISHER,
        "what": what,
        "day": words_in(language, day),
        "url": url,
    }
    return Citation(source, checked, cite, licence_text())
