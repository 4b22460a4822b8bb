"""The site's own answers to errors that no view handles: an unknown address, a locked-out sign-in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404

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
