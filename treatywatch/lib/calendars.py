"""What every iCalendar (RFC 5545) feed shares: the calendar around its events, its answer, and its refusals
(plain text, which a calendar application shows or logs as it is)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from icalendar import Calendar, Event, vText

from treatywatch.lib.licence import licence_text, licensed

UID_DOMAIN = "treatywatch"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def plain_bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return HttpResponseBadRequest(f"{message}\n", content_type="text/plain; charset=utf-8")


def calendar_response(prodid: str, name: str, description: str, events: Iterable[Event], filename: str) -> HttpResponse:
    """A calendar named `name` holding `events`, which subscribers refresh daily. Its description ends with the
    data's licence."""
    description = f"{description} {licence_text()}"
    cal = Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("name", name)
    cal.add("x-wr-calname", vText(name))
    cal.add("description", description)
    cal.add("x-wr-caldesc", vText(description))
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    for event in events:
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return licensed(response)
