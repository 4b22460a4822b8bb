"""The iCalendar (RFC 5545) feed of planned universalization activities and the follow-up actions not yet done,
filtered as the activities page is.

Without a key the feed is everyone's: each activity's public part, shared from the page cache. With `?token=`,
a user's feed key (an `ApiToken` made for feeds, see `organisations.tokens`), it is answered for that user: a
closed activity's private part where the user may read it, never cached, and refused once the key is revoked.

The feed's events come from `EVENT_SOURCES`: each source is a small function giving the events of one kind for
a reader, the filters and the day: the activities planned, and the follow-ups due (part of an activity's private
part, so only those of activities whose private part the reader may read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, timedelta

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from icalendar import Event

from treatywatch.core.approximate import Precision
from treatywatch.lib import calendars
from treatywatch.lib.caching import cached_response
from treatywatch.lib.errors import user_errors
from treatywatch.organisations.models import TokenPurpose
from treatywatch.organisations.tokens import user_for_key
from treatywatch.organisations.visibility import Reader, Visibility
from treatywatch.outreach.activity_search import chosen_filters, filter_query
from treatywatch.outreach.models import Activity, FollowUp
from treatywatch.outreach.presenters import activity_dates
from treatywatch.outreach.queries import ActivityFilters, activities_for

PRODID = "-//Treatywatch//Universalization activities//EN"

EventSource = Callable[[Reader, ActivityFilters, date, HttpRequest], Iterable[Event]]


def _names(activity: Activity) -> str:
    organisers = [s.display_name for s in activity.organising_states.all()]
    organisers += [o.name for o in activity.organising_organisations.all()]
    return ", ".join(organisers)


def _states(activity: Activity, relation: str) -> str:
    return ", ".join(s.display_name for s in sorted(getattr(activity, relation).all(), key=lambda s: s.sort_key))


def _description(activity: Activity, page: str) -> str:
    readable = getattr(activity, "private_part_visible", False)  # marked by `with_private_part`
    lines = [activity.summary, _("When: %(dates)s") % {"dates": activity_dates(activity)}]
    if organisers := _names(activity):
        lines.append(_("Organised by: %(names)s") % {"names": organisers})
    lines.append(_("Source: %(citation)s") % {"citation": activity.source.citation})
    if activity.visibility != Visibility.PUBLIC and not readable:
        lines.append(_("A closed activity: whom it approached and who attended are not public."))
    if readable:
        for label, text in (
            (_("States approached"), _states(activity, "target_states")),
            (_("States that attended"), _states(activity, "attending_states")),
            (_("Other participants"), activity.participants),
            (_("Outcome notes"), activity.notes),
        ):
            if text:
                lines.append(f"{label}: {text}")
    lines.append(page)
    return "\n".join(line for line in lines if line)


def _activity_page(activity: Activity, request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("outreach:activity", args=[activity.pk]))


def activity_event(activity: Activity, request: HttpRequest) -> Event:
    """One all-day event over the activity's days; a rough date spans the month or year its source gives."""
    when = activity.when
    first = when.earliest if when.precision in (Precision.MONTH, Precision.YEAR) else activity.date
    page = _activity_page(activity, request)
    vevent = Event()
    vevent.add("uid", f"activity-{activity.pk}@{calendars.UID_DOMAIN}")
    vevent.add("dtstamp", activity.updated_at.astimezone(UTC).replace(microsecond=0))
    vevent.add("last-modified", activity.updated_at.astimezone(UTC).replace(microsecond=0))
    vevent.add("dtstart", first)
    vevent.add("dtend", (activity.ends_on or activity.date) + timedelta(days=1))
    vevent.add("summary", activity.title)
    vevent.add("description", _description(activity, activity.source.url or page))
    if activity.place:
        vevent.add("location", activity.place)
    if activity.source.url:
        vevent.add("url", activity.source.url)
    vevent.add("categories", [activity.get_kind_display(), activity.treaty.display_short_name])
    vevent.add("transp", "TRANSPARENT")
    return vevent


def planned_activities(reader: Reader, filters: ActivityFilters, today: date, request: HttpRequest) -> list[Event]:
    """The activities going on today or later (an activity's last day when it has one) that match `filters`."""
    planned = replace(filters, start=max(filters.start or today, today))
    return [activity_event(a, request) for a in activities_for(reader, planned).order_by("date", "pk")]


def follow_up_event(follow_up: FollowUp, request: HttpRequest) -> Event:
    """An all-day event on the day the follow-up is due, naming who is responsible for it."""
    activity = follow_up.activity
    responsible = follow_up.owner.name
    if follow_up.owner_user is not None:
        responsible += f" ({follow_up.owner_user.get_full_name() or follow_up.owner_user.get_username()})"
    lines = [
        follow_up.description,
        _("After: %(title)s (%(dates)s)") % {"title": activity.title, "dates": activity_dates(activity)},
        _("Responsible: %(names)s") % {"names": responsible},
        _activity_page(activity, request),
    ]
    vevent = Event()
    vevent.add("uid", f"follow-up-{follow_up.pk}@{calendars.UID_DOMAIN}")
    vevent.add("dtstamp", activity.updated_at.astimezone(UTC).replace(microsecond=0))
    vevent.add("dtstart", follow_up.due_on)
    vevent.add("dtend", follow_up.due_on + timedelta(days=1))
    vevent.add("summary", _("Follow-up due: %(what)s") % {"what": follow_up.description.splitlines()[0][:120]})
    vevent.add("description", "\n".join(lines))
    vevent.add("url", _activity_page(activity, request))
    vevent.add("categories", [_("follow-up action"), activity.treaty.display_short_name])
    vevent.add("transp", "TRANSPARENT")
    return vevent


def follow_ups_due(reader: Reader, filters: ActivityFilters, today: date, request: HttpRequest) -> list[Event]:
    """The follow-ups not yet done, overdue ones included (still to do), of the activities matching `filters`
    whose private part the reader may read; the filters' dates, when given, are read as the due dates."""
    undated = replace(filters, start=None, end=None)
    readable = activities_for(reader, undated).filter(Q(private_part_visible=True)).values("pk")
    open_ones = FollowUp.objects.filter(activity__in=readable, done_on__isnull=True)
    if filters.start is not None:
        open_ones = open_ones.filter(due_on__gte=filters.start)
    if filters.end is not None:
        open_ones = open_ones.filter(due_on__lte=filters.end)
    chosen = open_ones.select_related("activity__treaty", "owner", "owner_user").order_by("due_on", "pk")
    return [follow_up_event(follow_up, request) for follow_up in chosen]


EVENT_SOURCES: tuple[EventSource, ...] = (planned_activities, follow_ups_due)


def _feed(request: HttpRequest, reader: Reader) -> HttpResponse:
    filters = chosen_filters(request)
    today = timezone.localdate()
    events = [event for source in EVENT_SOURCES for event in source(reader, filters, today, request)]
    name = _("Treatywatch: planned universalization activities")
    description = _(
        "Universalization activities planned from %(day)s on, and the follow-up actions not yet done, with the "
        "filters of the activities page%(query)s."
    ) % {"day": today.isoformat(), "query": f" ({filter_query(request)})" if filter_query(request) else ""}
    return calendars.calendar_response(PRODID, name, description, events, "activities.ics")


answers_errors = user_errors(calendars.plain_bad_request)


@cached_response
@answers_errors
def _shared_feed(request: HttpRequest) -> HttpResponse:
    return _feed(request, request.user)


REFUSED_KEY = (
    "token: this feed address is not valid: its key is unknown or was revoked, or its user is no longer active. "
    "Make a new private feed address on the activities page, or drop ?token= for the public feed."
)


@answers_errors
def _private_feed(request: HttpRequest, key: str) -> HttpResponse:
    user = user_for_key(key, TokenPurpose.FEED)
    if user is None:
        return HttpResponse(f"{REFUSED_KEY}\n", status=403, content_type="text/plain; charset=utf-8")
    response = _feed(request, user)
    # Answered for the key's user: no cache keeps it, whatever its address.
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def activities_feed(request: HttpRequest) -> HttpResponseBase:
    """Everyone's feed, or with `?token=` a user's private one (never read from or written to the page cache)."""
    key = request.GET.get("token")
    return _shared_feed(request) if key is None else _private_feed(request, key)
