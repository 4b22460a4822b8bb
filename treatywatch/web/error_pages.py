"""The site's own answers to errors that no view handles: an unknown address, a request Django refuses, an
error in the site itself (never Django's debug page outside development), a locked-out sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import Resolver404
from django.utils.translation import gettext as _

# Everything under this path is the JSON API, which answers errors as {"detail": "..."}.
API_PATH = "/api/"


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: the message a view gave (e.g. which treaties the register knows), never Django's
    list of URL patterns; the API's shape for an address under /api/."""
    message = _views_message(exception)
    if request.path.startswith(API_PATH):
        detail = message or f"No API endpoint at {request.path}: the endpoints are listed at /api/v1/docs."
        return JsonResponse({"detail": detail}, status=404)
    return render(request, "web/not_found.html", {"message": message}, status=404)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a request Django refuses before any view (a bad Host, a malformed cookie)."""
    if request.path.startswith(API_PATH):
        return JsonResponse({"detail": "Bad request."}, status=400)
    message = _("The request could not be read. Check the address, or start again from the links below.")
    return render(request, "web/error.html", {"message": message}, status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the site's page in its layout, without the error's details. Should the layout itself fail
    (the database is down, say), a plain page: the user still learns it was the site's fault."""
    if request.path.startswith(API_PATH):
        return JsonResponse({"detail": "Internal error: the error has been logged."}, status=500)
    try:
        return HttpResponseServerError(render_to_string("web/server_error.html", request=request))
    except Exception:  # anything may be broken here; the answer must still be sent
        return HttpResponseServerError(_PLAIN_SERVER_ERROR, content_type="text/html; charset=utf-8")


_PLAIN_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>Server error · Treatywatch</title>'
    '<h1>Something went wrong on our side</h1><p>Please try again later. <a href="/">Treatywatch</a></p></html>'
)


def _views_message(exception: Exception | None) -> str:
    if isinstance(exception, Http404) and not isinstance(exception, Resolver404) and exception.args:
        return str(exception.args[0])
    return ""


def locked_out(request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: how many failures lock, and for how long."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "web/locked_out.html", context, status=429)
