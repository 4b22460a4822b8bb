"""The data licence: the compiled data (facts, sources, derived standings) is offered under CC BY 4.0; the
sources keep their own terms, and the code its AGPL (LICENSE). Here, below the registry, so that every download
(`lib.exports`) can name it; `registry.citing` gives it to the pages, the chart files and the data page."""

from __future__ import annotations

from django.utils.translation import gettext as _

LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"


def licence_text() -> str:
    return _(
        "Compiled data: %(licence)s (%(url)s), credit Treatywatch. The UN Treaty Collection and the other sources "
        "keep their own terms."
    ) % {"licence": LICENCE_NAME, "url": LICENCE_URL}
