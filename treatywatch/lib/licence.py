"""The register's data licence, which every page, download and feed names: the words, and the HTTP header."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _

# The compiled data (facts, sources, derived standings) is offered under CC BY 4.0; the sources keep their own
# terms, and the code its AGPL (LICENSE).
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
PUBLISHER = "Treatywatch"


def licence_text() -> str:
    return _(
        "Compiled data: %(licence)s (%(url)s), credit Treatywatch. The UN Treaty Collection and the other sources "
        "keep their own terms."
    ) % {"licence": LICENCE_NAME, "url": LICENCE_URL}


def licensed(response: HttpResponse) -> HttpResponse:
    """The download's licence in its HTTP headers too (RFC 8288's `license` relation), beside what the file says."""
    link = f'<{LICENCE_URL}>; rel="license"'
    response["Link"] = f"{response['Link']}, {link}" if response.has_header("Link") else link
    return response
