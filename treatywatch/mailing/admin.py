"""The campaign call's deliveries and opt-outs, read-only in the admin: they are written by the sending job and
the unsubscribe link only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from treatywatch.mailing.models import CallDelivery, CallOptOut


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(CallDelivery)
class CallDeliveryAdmin(ReadOnly):
    list_display = ["campaign", "organisation", "user", "language", "status", "attempts", "sent_at"]
    list_filter = ["campaign", "status", "language"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    list_select_related = ["campaign", "organisation", "user"]


@admin.register(CallOptOut)
class CallOptOutAdmin(ReadOnly):
    list_display = ["user", "created_at"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
