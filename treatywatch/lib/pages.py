"""The decorators public pages and feeds take: read-only, shared from the page cache, user errors answered."""

from __future__ import annotations

from collections.abc import Callable

from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from treatywatch.lib.caching import cached_response
from treatywatch.lib.errors import View, answers_user_errors
from treatywatch.lib.intervals import ChangeDaysOf, by_interval

SharedView = Callable[..., HttpResponseBase]

# The anchor of a list page's results (the count of what it found, announced): its filter form lands there.
RESULTS_ANCHOR = "results"


def shared_view(answers_errors: Callable[[View], View]) -> Callable[[View], SharedView]:
    """GET and HEAD only; the answer is cached for every visitor until the data changes (so the view must
    show nothing private or personal); user errors are answered by `answers_errors`."""

    def decorator(view: View) -> SharedView:
        return require_safe(cached_response(answers_errors(view)))

    return decorator


# A page: an unknown treaty or State is a 404, a bad parameter the site's 400 page.
public_page = shared_view(answers_user_errors)


def public_page_by_interval(change_days: ChangeDaysOf) -> Callable[[View], SharedView]:
    """A public page answered once per interval between the days its answer may change (`lib.intervals`)."""

    def decorator(view: View) -> SharedView:
        return require_safe(by_interval(change_days)(answers_user_errors(view)))

    return decorator
