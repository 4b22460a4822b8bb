"""How contacts are read: always through `visible_to(user)`, here and in every page, download and brief."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from treatywatch.contacts.models import Contact, ContactKind
from treatywatch.lib.errors import BadParameter
from treatywatch.organisations.models import Organisation
from treatywatch.organisations.visibility import Reader
from treatywatch.registry.models import State


@dataclass(frozen=True)
class ContactFilters:
    state: State | None = None
    kind: str | None = None


def parse_contact_filters(state: str | None, kind: str | None) -> ContactFilters:
    """The list's filters as the page and its downloads send them; an unknown value is a clear 400."""
    found = None
    if state:
        found = State.objects.filter(iso3=state.upper()).first()
        if found is None:
            raise BadParameter(f"state: {state!r} is not the ISO 3166 alpha-3 code of a State in the register")
    if kind and kind not in ContactKind.values:
        raise BadParameter(f"kind: {kind!r} is not a kind of contact; one of {', '.join(ContactKind.values)}")
    return ContactFilters(state=found, kind=kind or None)


def readable_contacts(user: Reader, filters: ContactFilters = ContactFilters()) -> QuerySet[Contact]:
    """The contacts `user` may read (those of the user's organisations and those shared with them), filtered."""
    found = Contact.objects.visible_to(user)
    if filters.state is not None:
        found = found.filter(state=filters.state)
    if filters.kind is not None:
        found = found.filter(kind=filters.kind)
    return found.select_related("owner", "state").prefetch_related("shared_with").order_by("name", "pk")


def contacts_for_state(user: Reader, state: State, member: Organisation | None = None) -> QuerySet[Contact]:
    """For a brief: the contacts `user` may read that relate to `state`; with `member`, only those `member` keeps
    or that are shared with it (a member's brief lists its own contacts, never another member's)."""
    found = readable_contacts(user, ContactFilters(state=state))
    if member is not None:
        found = found.filter(Q(owner=member) | Q(shared_with=member)).distinct()
    return found
