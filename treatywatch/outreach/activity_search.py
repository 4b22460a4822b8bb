"""The activities page: every universalization activity, searched and filtered (the API's filters), a page at a
time, with downloads of the filtered list, its calendar feed, and a signed-in reader's private feed addresses.

Each activity's private part is read through `with_private_part(user)` (see `queries.activities_for`): shown
where the reader may read it, never matched by a filter where the reader may not. An anonymous visitor's page is
shared from the page cache; a signed-in reader's is rendered for that reader alone and marked private."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from treatywatch.lib.actions import ActionError
from treatywatch.lib.errors import BadParameter, answers_user_errors
from treatywatch.lib.exports import render_export, require_format
from treatywatch.lib.pages import public_page
from treatywatch.organisations.actions import do_create_api_token, do_revoke_api_token
from treatywatch.organisations.models import ApiToken, Organisation, TokenPurpose
from treatywatch.outreach.models import Activity, ActivityKind
from treatywatch.outreach.presenters import ACTIVITY, activity_rows
from treatywatch.outreach.queries import ActivityFilters, activities_for, parse_activity_filters
from treatywatch.registry.countries import region_names
from treatywatch.registry.labels import REGION_LABELS
from treatywatch.registry.models import State, Treaty

PER_PAGE = 50

# The page's query parameters, by the name `parse_activity_filters` gives each (the API's names, and `q`).
FILTER_PARAMETERS = {
    "treaty": "treaty",
    "state": "state",
    "region": "region",
    "kind": "kind",
    "organiser": "organiser",
    "start": "from",
    "end": "to",
    "text": "q",
}

PUBLIC_COLUMNS = ACTIVITY.page_columns("date", "kind", "title", "place", "organising_states", "source")
PRIVATE_COLUMNS = ACTIVITY.page_columns("target_states", "attending_states", "notes")


def chosen_filters(request: HttpRequest) -> ActivityFilters:
    """The filters of the page's form: a field left empty does not filter (the form sends every field)."""
    given = {name: request.GET.get(parameter, "").strip() or None for name, parameter in FILTER_PARAMETERS.items()}
    return parse_activity_filters(**given)


def filter_query(request: HttpRequest) -> str:
    """The request's filters as a query string, for the downloads, the feed and the other pages of the list."""
    kept = QueryDict(mutable=True)
    for parameter in FILTER_PARAMETERS.values():
        value = request.GET.get(parameter, "").strip()
        if value:
            kept[parameter] = value
    return kept.urlencode()


def _page(request: HttpRequest, found: QuerySet[Activity]) -> Page[Activity]:
    raw = request.GET.get("page", "1")
    try:
        return Paginator(found, PER_PAGE).page(raw)
    except InvalidPage:
        raise BadParameter(f"page: {raw!r} is not a page of this list") from None


def _choices() -> dict[str, Any]:
    """The form's choices; who organised an activity is public, so are its organisers."""
    # Asked per State and per organisation of its links' index, rather than by joining every activity's links
    # and removing the duplicates (50 ms with 100,000 activities).
    organised_by_state = Activity.organising_states.through.objects.filter(state_id=OuterRef("pk"))
    organised_by = Activity.organising_organisations.through.objects.filter(organisation_id=OuterRef("pk"))
    organising_states = State.objects.filter(Exists(organised_by_state))
    organisations = Organisation.objects.filter(Exists(organised_by))
    return {
        "treaty_choices": Treaty.objects.order_by("short_name"),
        "state_choices": sorted(State.objects.all(), key=lambda s: s.sort_key),
        "region_choices": [(r, REGION_LABELS.get(r, r)) for r in region_names()],
        "kind_choices": ActivityKind.choices,
        "organiser_states": sorted(organising_states, key=lambda s: s.sort_key),
        "organiser_organisations": organisations.order_by("name"),
    }


def _feed_tokens(request: HttpRequest) -> list[ApiToken]:
    if not request.user.is_authenticated:
        return []
    tokens = ApiToken.objects.filter(user_id=request.user.pk, purpose=TokenPurpose.FEED, revoked_at__isnull=True)
    return list(tokens.order_by("-created_at"))


@public_page
def activities(request: HttpRequest) -> HttpResponse:
    page = _page(request, activities_for(request.user, chosen_filters(request)))
    rows = activity_rows(page.object_list)
    query = filter_query(request)
    context: dict[str, Any] = {
        **_choices(),
        "filters": {parameter: request.GET.get(parameter, "").strip() for parameter in FILTER_PARAMETERS.values()},
        "page": page,
        "rows": rows,
        "count": page.paginator.count,
        "query": query,
        "columns": PUBLIC_COLUMNS,
        "private_columns": PRIVATE_COLUMNS if any(r.private_part_visible for r in rows) else (),
        "feed_tokens": _feed_tokens(request),
    }
    return render(request, "outreach/activities.html", context)


@public_page
def activities_download(request: HttpRequest, fmt: str) -> HttpResponse:
    require_format(fmt)
    filters = chosen_filters(request)
    cells = [ACTIVITY.cells(a) for a in activities_for(request.user, filters)]
    meta: dict[str, Any] = {p: request.GET.get(p, "").strip() or None for p in FILTER_PARAMETERS.values()}
    meta["as_of"] = timezone.localdate()  # the activities as recorded on the day of the download
    return render_export(fmt, cells, meta, "activities", ACTIVITY.columns(), items="activities")


def _feed_address(request: HttpRequest, key: str) -> str:
    """The private feed's address: the filters chosen on the page, and the key."""
    query = QueryDict(request.POST.get("query", ""))
    kept = QueryDict(mutable=True)
    for parameter in FILTER_PARAMETERS.values():
        value = query.get(parameter, "")
        if isinstance(value, str) and value:
            kept[parameter] = value
    kept["token"] = key
    return request.build_absolute_uri(reverse("outreach:activities-feed")) + "?" + kept.urlencode()


@require_POST
@answers_user_errors
def feed_addresses(request: HttpRequest) -> HttpResponse:
    """Make a private feed address for the signed-in reader (shown once: only its key's hash is kept), or revoke
    one; each through the audited token actions."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        return render(request, "web/error.html", {"message": _("Sign in to have a private feed address.")}, status=403)
    revoke = request.POST.get("revoke")
    try:
        if revoke is not None:
            token = ApiToken.objects.filter(pk=revoke if revoke.isdigit() else 0, purpose=TokenPurpose.FEED).first()
            if token is None or token.user_id != user.pk:
                raise BadParameter(f"revoke: {revoke!r} is not one of your feed addresses")
            do_revoke_api_token(token, actor=user, reason="Revoked on the activities page")
            return HttpResponseRedirect(reverse("outreach:activities") + "#private-feed")
        name = request.POST.get("name", "").strip()[:100] or _("Calendar feed")
        _token, key = do_create_api_token(
            user, name, actor=user, reason="Made on the activities page", purpose=TokenPurpose.FEED
        )
    except ActionError as error:
        raise BadParameter(str(error)) from None
    context = {"address": _feed_address(request, key), "name": name}
    return render(request, "outreach/feed_address.html", context)
