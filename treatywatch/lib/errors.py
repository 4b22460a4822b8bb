"""Errors a user can meet on a page, a feed or the API, and the view decorator that answers them.

An unknown treaty or State is a 404; a bad parameter is a 400 that says what is wrong. Views raise
these and never build the error answer themselves."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

View = Callable[..., HttpResponse]


class NotFound(LookupError):
    pass


class BadParameter(ValueError):
    pass


def _bad_request_page(request: HttpRequest, message: str) -> HttpResponse:
    # A bad date is answered with the date form again, holding what was typed, so it can be put right.
    context = {"message": message, "date_form": message.split(":")[0].strip() == "as_of"}
    response = render(request, "web/error.html", context, status=400)
    return HttpResponseBadRequest(response.content)


def user_errors(bad_request: Callable[[HttpRequest, str], HttpResponse]) -> Callable[[View], View]:
    """A view decorator: an unknown treaty or State is a 404; a bad parameter is `bad_request`'s answer."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return view(request, *args, **kwargs)
            except NotFound as error:
                raise Http404(str(error)) from None
            except BadParameter as error:
                return bad_request(request, str(error))

        return wrapper

    return decorator


# Pages answer a bad parameter with the site's error page (the `web/error.html` template).
answers_user_errors = user_errors(_bad_request_page)
