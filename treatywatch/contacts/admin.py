"""Contacts in the admin: listed read-only for site administrators, who read every private record; every other
account, staff or not, has no page of them (403), members of the owning organisation included: they keep their
contacts on the contacts pages, through the actions. The list is read through `visible_to` all the same."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from treatywatch.contacts.models import Contact, ContactErasure
from treatywatch.organisations.admin import ReadersOnlyAdmin
from treatywatch.organisations.visibility import reads_everything


class SiteAdministratorsRead(admin.ModelAdmin):
    def has_module_permission(self, request: HttpRequest) -> bool:
        return reads_everything(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return reads_everything(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # erasure goes through its action (the contact's erase page, or `manage.py erase_contact`)


@admin.register(Contact)
class ContactAdmin(SiteAdministratorsRead, ReadersOnlyAdmin):
    list_display = ["name", "kind", "state", "owner", "visibility", "consent_given", "updated_at"]
    list_filter = ["kind", "consent_given", ("owner", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "institution", "owner__name"]
    fields = readonly_fields = (
        "owner", "name", "kind", "state", "institution", "position", "email", "phone", "languages", "notes",
        "consent_given", "consent_on", "consent_method", "consent_details", "visibility", "shared_with", "version",
    )  # fmt: skip
    history_list_display = ["version"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Contact]:
        readable = Contact.objects.visible_to(request.user)
        return super().get_queryset(request).filter(pk__in=readable.values("pk")).select_related("owner", "state")


@admin.register(ContactErasure)
class ContactErasureAdmin(SiteAdministratorsRead):
    """Holds nothing about the person: what an erasure leaves (who erased a contact of which organisation, when,
    on what ground)."""

    list_display = ["erased_at", "organisation", "contact_number", "ground", "erased_by", "versions_erased"]
    list_filter = ["ground", ("organisation", admin.RelatedOnlyFieldListFilter)]
    fields = readonly_fields = (
        "organisation", "contact_number", "erased_by", "erased_at", "ground", "versions_erased",
    )  # fmt: skip
