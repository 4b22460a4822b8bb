"""The contacts pages, in the members' area: the list (filtered by State and kind, downloaded as CSV, XLSX or
JSON), a contact's page (as it stands, or as it stood on a day), the forms to record and correct one, and the
person's data on request: a copy of everything recorded (JSON) and erasure.

Every contact is read through `visible_to(user)`: one the reader may not read does not exist for them (404).
None of these pages is shared from the page cache: each is a signed-in reader's own."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import InvalidPage, Page, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from treatywatch.contacts.actions import (
    contact_keepers,
    do_erase_contact,
    do_save_contact,
    may_answer_for,
    may_keep_contacts_of,
)
from treatywatch.contacts.forms import ContactForm, EraseForm
from treatywatch.contacts.models import Contact, ContactKind
from treatywatch.contacts.person_data import person_data
from treatywatch.contacts.presenters import CONTACT
from treatywatch.contacts.queries import parse_contact_filters, readable_contacts
from treatywatch.lib.actions import ActionError
from treatywatch.lib.dates import as_of_context, parse_as_of
from treatywatch.lib.errors import BadParameter, answers_user_errors
from treatywatch.lib.exports import render_export, require_format
from treatywatch.organisations.visibility import Visibility
from treatywatch.registry.models import State

PER_PAGE = 50
FILTER_PARAMETERS = ("state", "kind")
COLUMNS = CONTACT.page_columns("name", "kind", "state", "institution", "email", "consent_given")

# The reason kept in the history when a contact is first recorded from the form.
RECORDED = "recorded from the contact form"


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "web/error.html", {"message": message}, status=403)


def _filters(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip() for name in FILTER_PARAMETERS}


def _query(filters: dict[str, str]) -> str:
    kept = QueryDict(mutable=True)
    for name, value in filters.items():
        if value:
            kept[name] = value
    return kept.urlencode()


def _page(request: HttpRequest, found: QuerySet[Contact]) -> Page[Contact]:
    raw = request.GET.get("page", "1")
    try:
        return Paginator(found, PER_PAGE).page(raw)
    except InvalidPage:
        raise BadParameter(f"page: {raw!r} is not a page of this list") from None


@require_safe
@login_required
@answers_user_errors
def contact_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = _page(request, readable_contacts(request.user, parse_contact_filters(**filters)))
    context: dict[str, Any] = {
        "page": page,
        "count": page.paginator.count,
        "filters": filters,
        "query": _query(filters),
        "columns": COLUMNS,
        "state_choices": sorted(State.objects.all(), key=lambda s: s.sort_key),
        "kind_choices": ContactKind.choices,
        "may_add": contact_keepers(request.user).exists(),
    }
    return render(request, "contacts/contacts.html", context)


@require_safe
@login_required
@answers_user_errors
def contacts_download(request: HttpRequest, fmt: str) -> HttpResponse:
    require_format(fmt)
    filters = _filters(request)
    cells = [CONTACT.cells(c) for c in readable_contacts(request.user, parse_contact_filters(**filters))]
    meta = {"exported_at": timezone.now().isoformat(timespec="seconds"), **{k: v or None for k, v in filters.items()}}
    return render_export(fmt, cells, meta, "contacts", CONTACT.columns(), items="contacts")


def _readable(request: HttpRequest, pk: int) -> Contact:
    """The contact, if the reader may read it; otherwise it does not exist for them."""
    found = Contact.objects.visible_to(request.user).filter(pk=pk).select_related("owner", "state").first()
    if found is None:
        raise Http404(_("There is no such contact."))
    return found


def _as_it_stood(contact: Contact, day: datetime.date) -> Any:
    """The version of `contact` at the end of `day`, from its history; None before it was recorded."""
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    history = contact.history.filter(history_date__lt=end)
    return history.select_related("state").order_by("-history_date", "-history_id").first()


def _history(contact: Contact) -> list[Any]:
    history = contact.history.select_related("history_user")
    return list(history.order_by("-history_date", "-history_id"))


@require_safe
@login_required
@answers_user_errors
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _readable(request, pk)
    day = parse_as_of(request.GET.get("as_of"))
    shown: Any = contact
    shared_with = list(contact.shared_with.order_by("name"))
    if "as_of" in request.GET and day < timezone.localdate():
        shown = _as_it_stood(contact, day)
        if shown is not None:
            shared_with = sorted((row.organisation for row in shown.shared_with.all()), key=lambda o: o.name)
    context: dict[str, Any] = {
        **as_of_context(request, day),
        "contact": contact,
        "shown": shown,
        "shared_with": shared_with,
        "history": _history(contact),
        "may_edit": may_keep_contacts_of(request.user, contact.owner),
        "may_answer": may_answer_for(request.user, contact),
    }
    return render(request, "contacts/contact.html", context)


def _form_page(request: HttpRequest, form: ContactForm, contact: Contact | None) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "contacts/contact_form.html", {"form": form, "contact": contact}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_new(request: HttpRequest) -> HttpResponse:
    owners = contact_keepers(request.user)
    if not owners.exists():
        return _refused(request, _("Only the editors of an organisation record its contacts."))
    initial: dict[str, Any] = {"owner": owners.first(), "visibility": Visibility.ORGANISATION}
    if request.method == "POST":
        form = ContactForm(request.POST, owners=owners)
        if form.is_valid():
            try:
                contact = do_save_contact(
                    None, form.contact_input(), owner=form.cleaned_data["owner"], actor=request.user, reason=RECORDED
                )
            except ActionError as error:
                form.refuse(error)
            else:
                messages.success(request, _("The contact is recorded."))
                return redirect("contacts:contact", pk=contact.pk)
    else:
        form = ContactForm(owners=owners, initial=initial)
    return _form_page(request, form, None)


def _initial(contact: Contact) -> dict[str, Any]:
    names = (
        "name", "kind", "state", "institution", "position", "email", "phone", "languages", "notes", "consent_given",
        "consent_on", "consent_method", "consent_details", "visibility", "version",
    )  # fmt: skip
    return {name: getattr(contact, name) for name in names} | {"shared_with": list(contact.shared_with.all())}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _readable(request, pk)
    if not may_keep_contacts_of(request.user, contact.owner):
        return _refused(request, _("Only the editors of the organisation that keeps this contact change it."))
    if request.method == "POST":
        form = ContactForm(request.POST, owners=None)
        if form.is_valid():
            try:
                do_save_contact(
                    contact,
                    form.contact_input(),
                    owner=contact.owner,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    expected_version=form.cleaned_data["version"],
                )
            except ActionError as error:
                form.refuse(error)
            else:
                messages.success(request, _("The contact is saved."))
                return redirect("contacts:contact", pk=contact.pk)
    else:
        form = ContactForm(owners=None, initial=_initial(contact))
    return _form_page(request, form, contact)


def _answerable(request: HttpRequest, pk: int) -> Contact | HttpResponse:
    contact = _readable(request, pk)
    if not may_answer_for(request.user, contact):
        return _refused(
            request,
            _("Only the editors of the organisation that keeps this contact, or a site administrator, do this."),
        )
    return contact


@require_safe
@login_required
def contact_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything recorded about the person, history included, for their request for a copy."""
    contact = _answerable(request, pk)
    if isinstance(contact, HttpResponse):
        return contact
    data = person_data(contact, exported_by=request.user.get_username())
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _answerable(request, pk)
    if isinstance(contact, HttpResponse):
        return contact
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_erase_contact(contact, ground=form.cleaned_data["ground"], actor=request.user)
        except ActionError as error:
            form.refuse(error)
        else:
            messages.success(request, _("The contact and its history are erased."))
            return redirect("contacts:contacts")
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "contacts/contact_erase.html", {"form": form, "contact": contact}, status=status)
