"""Stopping a deadline digest from the link in its e-mails.

The link carries the watch's secret token. Opening it shows a button; the button (or a mail
client's one-click unsubscribe, RFC 8058, which posts to the same address) turns the watch off.
Nothing changes on a plain GET, so link checkers and previews cannot unsubscribe anyone. The
token is the only credential, so the form needs no CSRF token.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from treatywatch.lib.mail import private_answer
from treatywatch.obligations.models import Watch


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    watch = get_object_or_404(Watch.objects.select_related("treaty", "state"), unsubscribe_token=token)
    if request.method == "POST" and watch.active:
        watch.active = False
        watch.save(update_fields=["active"])
    return private_answer(render(request, "obligations/unsubscribe.html", {"watch": watch}))
