"""iCalendar (RFC 5545) feeds of deadlines: per treaty, per State, per obligation of a treaty.

One all-day event per announced deadline (see announced.py): due, overdue, extension requested
(decision not recorded) or completed. The
UID names the treaty, the State, the obligation and the year covered or the deadline the treaty
first set, so a calendar that subscribes keeps the same event when an extension moves it or a
completion is recorded. `?as_of=YYYY-MM-DD` gives the feed as it stood on that day.
"""

from __future__ import annotations

from datetime import UTC, date, timedelta

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from treatywatch.core.obligations import DeadlineStatus
from treatywatch.lib import calendars
from treatywatch.lib.dates import as_of
from treatywatch.lib.errors import NotFound, user_errors
from treatywatch.lib.pages import shared_view
from treatywatch.obligations.announced import Announced, announced, upcoming
from treatywatch.obligations.labels import status_in_sentence
from treatywatch.obligations.rules import obligation_rules
from treatywatch.registry.currency import checked_sentences, record_checks, treaties_with_record
from treatywatch.registry.models import Treaty
from treatywatch.registry.queries import get_state, get_treaty

PRODID = "-//Treatywatch//Treaty deadlines//EN"


# An unknown treaty, State or obligation is a 404; a bad `as_of` a plain-text 400 that says why.
public_feed = shared_view(user_errors(calendars.plain_bad_request))


def event(item: Announced, request: HttpRequest) -> Event:
    page = request.build_absolute_uri(reverse("web:state", kwargs={"iso3": item.state.iso3}))
    summary = item.title()
    if item.status == DeadlineStatus.COMPLETED:
        summary = _("%(title)s: completed") % {"title": summary}
    elif item.status == DeadlineStatus.EXTENSION_REQUESTED:
        summary = _("%(title)s: extension requested, decision not recorded") % {"title": summary}
    changed = item.changed_at()
    vevent = Event()
    vevent.add("uid", f"{item.key}@{calendars.UID_DOMAIN}")
    # Without a METHOD, DTSTAMP is when the event was last revised: the latest of its facts.
    vevent.add("dtstamp", (changed or timezone.now()).astimezone(UTC).replace(microsecond=0))
    if changed:
        vevent.add("last-modified", changed.astimezone(UTC).replace(microsecond=0))
    vevent.add("dtstart", item.on)
    vevent.add("dtend", item.on + timedelta(days=1))
    vevent.add("summary", summary)
    vevent.add("description", "\n".join([*item.details(), page]))
    vevent.add("url", page)
    vevent.add("categories", [status_in_sentence(item.status), item.treaty.short_name])
    vevent.add("status", "CONFIRMED")
    vevent.add("transp", "TRANSPARENT")
    # Each extension moves the event: calendars that compare SEQUENCE take the newer version.
    vevent.add("sequence", len(item.deadline.extensions))
    return vevent


def calendar_response(
    name: str, items: list[Announced], day: date, request: HttpRequest, filename: str, treaties: list[Treaty]
) -> HttpResponse:
    description = _(
        "Deadlines due, overdue, awaiting a decision on an extension requested in time, or completed, on %(day)s. "
        "Reporting obligations appear once reports are recorded."
    ) % {"day": day.isoformat()}
    # A calendar that shows nothing ahead says why, so a subscriber knows the feed works.
    if not items:
        description += " " + _(
            "There is no deadline to show: none was due, overdue, awaiting a decision or completed on %(day)s. "
            "Deadlines are added here as the record sets them."
        ) % {"day": day.isoformat()}
    elif not upcoming(items, day):
        description += " " + _("No upcoming deadline after %(day)s: the deadlines shown are past.") % {
            "day": day.isoformat()
        }
    description = f"{description} {checked_sentences(record_checks(treaties, day))}".strip()
    return calendars.calendar_response(PRODID, name, description, (event(i, request) for i in items), filename)


@public_feed
def treaty_feed(request: HttpRequest, slug: str) -> HttpResponse:
    treaty = get_treaty(slug)
    day = as_of(request)
    name = _("Treatywatch: %(treaty)s deadlines") % {"treaty": treaty.short_name}
    items = announced(day, treaties=[treaty])
    return calendar_response(name, items, day, request, f"{treaty.slug}-deadlines.ics", [treaty])


@public_feed
def obligation_feed(request: HttpRequest, slug: str, obligation: str) -> HttpResponse:
    treaty = get_treaty(slug)
    rules = obligation_rules(treaty)
    if obligation not in rules:
        raise NotFound(f"{treaty.short_name} has no obligation {obligation!r} (its rules name {', '.join(rules)}).")
    day = as_of(request)
    values = {"treaty": treaty.short_name, "obligation": rules[obligation].title}
    name = _("Treatywatch: %(treaty)s, %(obligation)s") % values
    items = announced(day, treaties=[treaty], obligation=obligation)
    return calendar_response(name, items, day, request, f"{treaty.slug}-{obligation}.ics", [treaty])


@public_feed
def state_feed(request: HttpRequest, iso3: str) -> HttpResponse:
    state = get_state(iso3)
    day = as_of(request)
    name = _("Treatywatch: deadlines of %(state)s") % {"state": state.display_name}
    items = announced(day, state=state)
    filename = f"{state.iso3.lower()}-deadlines.ics"
    return calendar_response(name, items, day, request, filename, treaties_with_record())
