"""The API's documentation page: Swagger UI (served from ninja's own static files, no CDN) inside the site's
layout, with the site's header, a word on the API in the reader's language, the data page and the licence."""

from __future__ import annotations

from ninja.openapi.docs import Swagger


class SiteSwagger(Swagger):
    template = "web/api_docs.html"
