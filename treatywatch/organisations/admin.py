"""The admin for organisations and their members.

Organisations are added by site administrators (superusers) and corrected by their own administrators.
An organisation's administrators see and manage its members, and no other organisation's; site
administrators manage every organisation's. Every change goes through the actions, with a reason.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from treatywatch.organisations.actions import (
    do_end_membership,
    do_revoke_api_token,
    do_save_organisation,
    do_set_membership,
    may_manage,
    may_manage_tokens,
)
from treatywatch.organisations.languages import LanguageCodesField
from treatywatch.organisations.models import ApiToken, Membership, Organisation, Role
from treatywatch.organisations.visibility import organisations_of, reads_everything
from treatywatch.registry.admin import ReasonForm, ReasonToDeleteAdmin, RefusalOnTheFormAdmin


class ReadersOnlyAdmin(RefusalOnTheFormAdmin):
    """A record outside the user's `get_queryset` does not exist for them: its change, delete and history
    pages and its earlier versions answer 404. Site administrators also read the history of removed records."""

    def _require_readable(self, request: HttpRequest, object_id: str, *, removed_too: bool = False) -> None:
        if self.get_object(request, unquote(object_id)) is not None:
            return
        if removed_too and reads_everything(request.user):
            return
        raise Http404(_("There is no such record."))

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        if object_id is not None:
            self._require_readable(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        self._require_readable(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context: Any = None) -> Any:
        self._require_readable(request, object_id, removed_too=True)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        self._require_readable(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class OrganisationForm(ReasonForm):
    website = forms.URLField(label=_("website"), max_length=500, required=False, assume_scheme="https")
    languages = LanguageCodesField(label=_("languages"))

    class Meta:
        model = Organisation
        fields = ["name", "slug", "kind", "state", "coalition", "languages", "website"]


@admin.register(Organisation)
class OrganisationAdmin(ReadersOnlyAdmin):
    """Every organisation is listed (names and kinds are public); its members are listed on its page for
    those who manage them."""

    form = OrganisationForm
    list_display = ["name", "kind", "state", "coalition", "website"]
    list_filter = ["kind", ("coalition", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["state"]
    prepopulated_fields = {"slug": ["name"]}
    history_list_display = ["name", "kind", "coalition"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["members"] if obj is not None and may_manage(request.user, obj) else []

    @admin.display(description=_("members"))
    def members(self, organisation: Organisation) -> SafeString:
        memberships = organisation.memberships.select_related("user").order_by("user__username")
        listed = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (reverse("admin:organisations_membership_change", args=[m.pk]), m.user, m.get_role_display())
                for m in memberships
            ),
        )
        add = reverse("admin:organisations_membership_add") + f"?organisation={organisation.pk}"
        return format_html('<ul>{}</ul><a href="{}">{}</a>', listed, add, _("Add a member"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and reads_everything(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # records point at their organisation: it is never removed in the admin

    def save_model(self, request: HttpRequest, obj: Organisation, form: forms.ModelForm, change: bool) -> None:
        do_save_organisation(obj, actor=request.user, reason=form.cleaned_data["change_reason"])


class MembershipForm(ReasonForm):
    class Meta:
        model = Membership
        fields = ["organisation", "user", "role"]


@admin.register(Membership)
class MembershipAdmin(ReasonToDeleteAdmin, ReadersOnlyAdmin):
    form = MembershipForm
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", ("organisation", admin.RelatedOnlyFieldListFilter)]  # only the managed ones
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    history_list_display = ["role"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Membership]:
        managed = organisations_of(request.user, Role.ADMINISTRATOR)
        return super().get_queryset(request).filter(organisation__in=managed).select_related("user", "organisation")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        # A member's role changes; moving the membership to another person or organisation is a new one.
        return ["organisation", "user"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "organisation":
            kwargs["queryset"] = organisations_of(request.user, Role.ADMINISTRATOR)
        elif db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        manages_some = organisations_of(request.user, Role.ADMINISTRATOR).exists()
        return super().has_add_permission(request) and manages_some

    def save_model(self, request: HttpRequest, obj: Membership, form: forms.ModelForm, change: bool) -> None:
        saved = do_set_membership(
            obj.organisation, obj.user, obj.role, actor=request.user, reason=form.cleaned_data["change_reason"]
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        do_end_membership(obj, actor=request.user, reason=self.delete_reason(request))


class ApiTokenForm(ReasonForm):
    revoke = forms.BooleanField(
        label=_("Revoke this token"), required=False, help_text=_("Requests that carry it are refused from now on.")
    )

    class Meta:
        model = ApiToken
        fields: list[str] = []


@admin.register(ApiToken)
class ApiTokenAdmin(ReadersOnlyAdmin):
    """Each user sees and revokes their own API tokens, site administrators everyone's. A token's key is never
    shown (only its hash is kept); API tokens are created with `manage.py create_api_token`, which prints the key, and
    a user's calendar feed tokens on the activities page, which shows the feed's address once."""

    form = ApiTokenForm
    list_display = ["name", "user", "purpose", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["purpose", "revoked_at"]
    readonly_fields = ["user", "name", "purpose", "created_at", "last_used_at", "revoked_at"]
    history_list_display = ["revoked_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ApiToken]:
        tokens = super().get_queryset(request).select_related("user")
        return tokens if reads_everything(request.user) else tokens.filter(user_id=request.user.pk)

    def _may_manage(self, request: HttpRequest, obj: ApiToken | None) -> bool:
        return request.user.is_active and (obj is None or may_manage_tokens(request.user, obj.user))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_manage(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may_manage(request, obj) and (obj is None or obj.revoked_at is None)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a revoked token stays listed, with when it was revoked

    def save_model(self, request: HttpRequest, obj: ApiToken, form: forms.ModelForm, change: bool) -> None:
        if form.cleaned_data["revoke"]:
            do_revoke_api_token(obj, actor=request.user, reason=form.cleaned_data["change_reason"])
