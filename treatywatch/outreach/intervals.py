"""Change days of the pages that show activities (see `lib.intervals`): an activity shows from its date on."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest

from treatywatch.lib.intervals import ChangeDays
from treatywatch.obligations import intervals
from treatywatch.outreach.models import Activity, ApprovalStep
from treatywatch.registry.queries import get_state


def of_state(request: HttpRequest, iso3: str) -> ChangeDays:
    """A State's page: where it stands, its deadlines, its published approval steps, and the activities anyone
    may see it in (those it organised, and public ones that approached it or that it attended). Only anonymous
    answers are stored: a signed-in reader's page, which may show private parts, is rendered each time."""
    found = intervals.of_state(request, iso3)
    state = get_state(iso3)
    public = Q(target_states=state) | Q(attending_states=state)
    shown = Activity.objects.filter(Q(organising_states=state) | Q(Q(visibility="public"), public))
    steps = ApprovalStep.objects.published().filter(state=state)
    days = set(found.days) | set(shown.values_list("date", flat=True)) | set(steps.values_list("date", flat=True))
    return ChangeDays(tuple(sorted(days)), found.valid_until)
