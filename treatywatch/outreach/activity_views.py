"""An activity's page, and the forms an organisation's editors log and correct activities with.

The page shows every activity's public part to everyone, and its private part (the States approached and
that attended, other participants, notes, documents and follow-ups) only to those `with_private_part` allows.
A document is downloaded only by them too: to anyone else it does not exist (404). Every write goes through
the actions, with who made it and why."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from treatywatch.lib.actions import ActionError, Actor
from treatywatch.lib.pages import public_page
from treatywatch.organisations.models import Organisation, Role
from treatywatch.organisations.visibility import Visibility, organisations_of
from treatywatch.outreach.actions import (
    ActivityInput,
    FollowUpInput,
    do_add_follow_up,
    do_delete_document,
    do_mark_follow_up_done,
    do_save_activity,
    follow_up_owners,
    may_change_follow_ups,
    may_mark_done,
    may_record_for,
)
from treatywatch.outreach.forms import ActivityForm, DoneForm, FollowUpForm
from treatywatch.outreach.models import Activity, FollowUp
from treatywatch.registry.actions import do_create_source
from treatywatch.registry.models import Source, Treaty

# The reason kept in the history when an activity is first logged from the form.
LOGGED = "logged from the activity form"


def own_account(owner: Organisation) -> str:
    """The citation of an activity that no published record gives: the organisation's own account of it, which
    is what the log is (never a primary source)."""
    return f"Recorded by {owner.name} (the organisation's own account, logged in Treatywatch)"


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "web/error.html", {"message": message}, status=403)


def _readable(request: HttpRequest, pk: int) -> Activity:
    """The activity, if the reader may read its private part; otherwise it does not exist for them."""
    found = Activity.objects.visible_to(request.user).filter(pk=pk).select_related("treaty", "owner").first()
    if found is None:
        raise Http404(_("There is no such activity."))
    return found


@public_page
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = (
        Activity.objects.with_private_part(request.user)
        .select_related("treaty", "owner", "source")
        .prefetch_related("organising_states", "organising_organisations")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404(_("There is no such activity."))
    private = bool(activity.private_part_visible)
    context: dict[str, Any] = {
        "activity": activity,
        "private": private,
        "closed": activity.visibility != Visibility.PUBLIC,
        "may_edit": may_record_for(request.user, activity.owner) and request.user.is_authenticated,
    }
    if private:
        context |= {
            "target_states": activity.target_states.order_by("name"),
            "attending_states": activity.attending_states.order_by("name"),
            "shared_with": activity.shared_with.order_by("name"),
            "documents": activity.documents.select_related("uploaded_by"),
            "follow_ups": [
                (f, may_mark_done(request.user, f))
                for f in activity.follow_ups.select_related("owner", "owner_user", "activity__owner")
            ],
        }
    return render(request, "outreach/activity.html", context)


def _source(form: ActivityForm, owner: Organisation | None, existing: Activity | None, actor: Actor) -> Source:
    """The activity's source: the published record the editor cites, or else the organisation's own account.
    An unchanged citation keeps the source; a changed one is a new source (others may cite the old one)."""
    citation, url = form.cleaned_data["source_citation"].strip(), form.cleaned_data["source_url"]
    if not citation:
        if owner is None:
            raise ActionError(_("Cite the source of an activity no organisation recorded."))
        citation, url = own_account(owner), ""
    if existing is not None and (existing.source.citation, existing.source.url) == (citation, url):
        return existing.source
    retrieved = datetime.date.today() if url else None
    return do_create_source(citation=citation, url=url, retrieved_on=retrieved, primary=False, actor=actor)


def _activity_input(form: ActivityForm, source: Source) -> ActivityInput:
    data = form.cleaned_data
    names = (
        "treaty", "kind", "title", "date", "date_precision", "ends_on", "place", "summary", "participants", "notes",
        "visibility", "owner",
    )  # fmt: skip
    given: dict[str, Any] = {name: data[name] for name in names}
    for name in ("organising_states", "organising_organisations", "target_states", "attending_states", "shared_with"):
        given[name] = tuple(data[name])
    return ActivityInput(source=source, **given)


_FIELDS = (
    "owner", "treaty", "kind", "title", "date", "date_precision", "ends_on", "place", "summary", "visibility",
    "participants", "notes", "version",
)  # fmt: skip


def _initial(activity: Activity) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(activity, name) for name in _FIELDS}
    for name in ("organising_states", "organising_organisations", "target_states", "attending_states", "shared_with"):
        initial[name] = list(getattr(activity, name).all())
    initial["source_citation"], initial["source_url"] = activity.source.citation, activity.source.url
    return initial


def _save(request: HttpRequest, form: ActivityForm, existing: Activity | None) -> Activity | None:
    """Save the form through the actions, all or nothing; a refusal is put on the form."""
    data = form.cleaned_data
    try:
        with transaction.atomic():
            source = _source(form, data["owner"], existing, request.user)
            reason = data.get("reason") or LOGGED
            activity = do_save_activity(
                existing,
                _activity_input(form, source),
                actor=request.user,
                reason=reason,
                expected_version=data.get("version"),
                documents=data["documents"],
            )
            for document in data.get("remove_documents", ()):
                do_delete_document(document, actor=request.user, reason=reason)
            return activity
    except ActionError as error:
        form.refuse(error)
        return None


def _form_page(request: HttpRequest, form: ActivityForm, activity: Activity | None) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "outreach/activity_form.html", {"form": form, "activity": activity}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_new(request: HttpRequest) -> HttpResponse:
    owners = organisations_of(request.user, Role.EDITOR).order_by("name")
    if not owners.exists():
        return _refused(request, _("Only the editors of an organisation can log its activities."))
    initial: dict[str, Any] = {"owner": owners.first(), "visibility": Visibility.ORGANISATION}
    initial["date"] = datetime.date.today()
    # A link from a treaty's board names the treaty (?treaty=ccm).
    initial["treaty"] = Treaty.objects.filter(slug=request.GET.get("treaty", "")).first()
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, owners=owners, correcting=None)
        if form.is_valid() and (activity := _save(request, form, None)) is not None:
            messages.success(request, _("The activity is logged."))
            return redirect("outreach:activity", pk=activity.pk)
    else:
        form = ActivityForm(owners=owners, correcting=None, initial=initial)
    return _form_page(request, form, None)


def _editable(request: HttpRequest, pk: int) -> Activity | HttpResponse:
    activity = _readable(request, pk)
    if not may_record_for(request.user, activity.owner):
        return _refused(request, _("Only the editors of the organisation that recorded this activity can change it."))
    return activity


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _editable(request, pk)
    if isinstance(activity, HttpResponse):
        return activity
    owners = organisations_of(request.user, Role.EDITOR).order_by("name")
    if request.method == "POST":
        form = _edit_form(activity, owners, request.POST, request.FILES)
        if form.is_valid() and _save(request, form, activity) is not None:
            messages.success(request, _("The activity is saved."))
            return redirect("outreach:activity", pk=activity.pk)
    else:
        form = _edit_form(activity, owners, initial=_initial(activity))
    return _form_page(request, form, activity)


def _edit_form(activity: Activity, owners: QuerySet[Organisation], *args: Any, **kwargs: Any) -> ActivityForm:
    form = ActivityForm(*args, owners=owners, correcting=activity, **kwargs)
    if activity.owner is None:  # a public record no organisation recorded (the shipped data): site administrators
        owner = form.fields["owner"]
        owner.required = False
        owner.empty_label = _("no organisation (a public record)")  # type: ignore[attr-defined]
    return form


@require_safe
def document_download(request: HttpRequest, pk: int, doc_id: int) -> FileResponse:
    """A document, to those who read the activity's private part; for anyone else it does not exist."""
    activity = _readable(request, pk)
    document = activity.documents.filter(pk=doc_id).first()
    if document is None:
        raise Http404(_("There is no such document."))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("There is no such document.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


def _people(activity: Activity) -> QuerySet[Any]:
    """Whom a follow-up may name: the members of the organisations that share the activity, never the member
    lists of others (which even a public activity does not make public)."""
    sharing = [o for o in (activity.owner, *activity.shared_with.all()) if o is not None]
    return get_user_model().objects.filter(memberships__organisation__in=sharing, is_active=True).distinct()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up_new(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _readable(request, pk)
    if not may_change_follow_ups(request.user, activity):
        return _refused(request, _("Only the editors of the organisation that recorded this activity add follow-ups."))
    owners = follow_up_owners(activity)
    people = _people(activity).order_by("username")
    form = FollowUpForm(request.POST or None, owners=owners, people=people, initial={"owner": activity.owner})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        given = FollowUpInput(data["description"], data["due_on"], data["owner"], data["owner_user"])
        try:
            do_add_follow_up(activity, given, actor=request.user, reason="follow-up added")
        except ActionError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The follow-up is added."))
            return redirect("outreach:activity", pk=activity.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "outreach/follow_up_form.html", {"form": form, "activity": activity}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def follow_up_done(request: HttpRequest, pk: int, follow_up_id: int) -> HttpResponse:
    activity = _readable(request, pk)
    follow_up: FollowUp | None = (
        activity.follow_ups.select_related("activity__owner", "owner").filter(pk=follow_up_id).first()
    )
    if follow_up is None:
        raise Http404(_("There is no such follow-up."))
    if not may_mark_done(request.user, follow_up):
        return _refused(request, _("Only the activity's editors and the person responsible mark a follow-up done."))
    form = DoneForm(request.POST or None, initial={"done_on": datetime.date.today()})
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"].strip()
        reason = "marked done" + (f": {note}" if note else "")
        try:
            do_mark_follow_up_done(follow_up, form.cleaned_data["done_on"], actor=request.user, reason=reason)
        except ActionError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The follow-up is marked done."))
            return redirect("outreach:activity", pk=activity.pk)
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "activity": activity, "follow_up": follow_up}
    return render(request, "outreach/follow_up_done.html", context, status=status)
