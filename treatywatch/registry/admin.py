"""The editors' admin: every save goes through the action functions, with a reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from treatywatch.lib.versions import ConflictError, check_version
from treatywatch.registry.actions import (
    ActionError,
    FactInput,
    check_fact,
    deletion_problem,
    do_correct_fact,
    do_delete_fact,
    do_record_fact,
    do_save_source,
)
from treatywatch.registry.models import DepositaryFact, Source, State, Treaty
from treatywatch.registry.roles import ADMINISTRATOR

admin.site.site_header = _("Treatywatch editors")
admin.site.site_title = _("Treatywatch editors")


class ReasonForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for this change"),
        max_length=100,
        help_text=_("Kept in the history with your name, e.g. 'UNTC C.N.347.2024 received'."),
    )


class VersionedReasonForm(ReasonForm):
    """A correction carries, hidden, the version of the record the editor was shown: if another editor
    saved it since, the form comes back with what they changed instead of overwriting it."""

    # Not named `version`: the admin would take it for the model's field, which no form may edit.
    seen_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": _("The form's version is not a number: reload the page.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The version stored now: a revert from the history starts from an old copy of the record.
            self.fields["seen_version"].initial = self._stored_version()

    def _stored_version(self) -> int | None:
        model = type(self.instance)
        return model._default_manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()

    def expected_version(self) -> int | None:
        return self.cleaned_data.get("seen_version") if self.instance.pk else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.instance.pk or "seen_version" in self.errors:
            return data
        if data.get("seen_version") is None:
            raise ValidationError(
                _("This form has no version of the record: reload the page and make your change again.")
            )
        stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if stored is None:
            raise ValidationError(_("Another editor removed this record while you were editing it."))
        try:
            check_version(stored, data["seen_version"])
        except ConflictError as conflict:
            # Shown again with the editor's input and the version now stored: a second save is made knowingly.
            resubmitted = QueryDict(mutable=True)
            resubmitted.update(self.data)
            resubmitted[self.add_prefix("seen_version")] = str(stored.version)
            self.data = resubmitted
            raise ValidationError(str(conflict)) from None
        return data


class ConflictAwareAdmin(SimpleHistoryAdmin):
    """A conflict found only as the change is written (two saves in the same instant) is told to the editor,
    who is sent back to the record as it is now; nothing of their change is kept."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ConflictError as conflict:
            return self._back_with(request, conflict)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """Reverting to an earlier version from the history is a correction too."""
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except ConflictError as conflict:
            return self._back_with(request, conflict)

    def _back_with(self, request: HttpRequest, conflict: ConflictError) -> HttpResponse:
        messages.error(request, str(conflict))
        return HttpResponseRedirect(request.get_full_path())


REASON_FIELD = "change_reason"
_DELETE_REASON = "_treatywatch_delete_reason"
_REFUSAL = "_treatywatch_refusal"


class OnlyForThoseWhoMayRecord(admin.ModelAdmin):
    """A record kept by those a rule names (`may_record(user)`): nobody else sees it in the admin, not even to
    read it there (the site's pages show it)."""

    @staticmethod
    def may_record(actor: Any, /) -> bool:
        raise NotImplementedError("each admin says who may record its records")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.may_record(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_record(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.may_record(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_record(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.may_record(request.user)


class ReasonToDeleteAdmin(admin.ModelAdmin):
    """Removing a record asks why on its confirmation page: without a reason the page comes back and nothing
    is removed. Removing several at once is not offered, so that each removal has its reason."""

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        context = dict(extra_context or {})
        if request.method == "POST":
            reason = request.POST.get(REASON_FIELD, "").strip()
            if not reason:
                context["reason_missing"] = True
            else:
                setattr(request, _DELETE_REASON, reason)
                try:
                    return super().delete_view(request, object_id, context)
                except ActionError as refusal:  # the admin's transaction is rolled back: nothing is removed
                    context["refusal"] = str(refusal)
            # Django deletes on any POST with data: answer as to a GET, with the confirmation again.
            request.method, request.POST = "GET", QueryDict()
        return super().delete_view(request, object_id, context)

    def delete_reason(self, request: HttpRequest) -> str:
        """The reason given on the confirmation page (the delete_* actions refuse an empty one)."""
        return str(getattr(request, _DELETE_REASON, ""))


class RefusalOnTheFormAdmin(SimpleHistoryAdmin):
    """When a `do_*` action refuses a save (ActionError), the admin's transaction is rolled back and the
    form comes back with the editor's input and the refusal as its error: nothing of the change is kept."""

    def changeform_view(
        self, request: HttpRequest, object_id: str | None = None, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ActionError as refusal:
            setattr(request, _REFUSAL, str(refusal))
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """Reverting to an earlier version is a change like any other."""
        try:
            with transaction.atomic():
                return super().history_form_view(request, object_id, version_id, extra_context)
        except ActionError as refusal:
            setattr(request, _REFUSAL, str(refusal))
            return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, _REFUSAL, None)
        return form if refusal is None else _refused(form, refusal)


def _refused(form: type[forms.ModelForm], refusal: str) -> type[forms.ModelForm]:
    """The same form, bound to fail with the action's refusal."""

    class Refused(form):  # type: ignore[valid-type,misc]
        def clean(self) -> dict[str, Any]:
            super().clean()
            raise ValidationError(refusal)

    return Refused


class FactForm(VersionedReasonForm):
    class Meta:
        model = DepositaryFact
        fields = [
            "treaty",
            "state",
            "kind",
            "instrument",
            "date",
            "depositary_notification",
            "text",
            "source",
            "published",
        ]

    def fact_input(self) -> FactInput:
        data = self.cleaned_data
        return FactInput(
            kind=data["kind"],
            date=data["date"],
            instrument=data.get("instrument") or "",
            depositary_notification=data.get("depositary_notification") or "",
            text=data.get("text") or "",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or not all(data.get(k) for k in ("treaty", "state", "kind", "date")):
            return data
        others = DepositaryFact.objects.filter(treaty=data["treaty"], state=data["state"])
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        try:
            check_fact(data["treaty"], data["state"], self.fact_input(), others)
        except ActionError as error:
            raise ValidationError(str(error)) from None
        return data


@admin.register(DepositaryFact)
class DepositaryFactAdmin(ConflictAwareAdmin):
    form = FactForm
    list_display = ["state", "treaty", "kind", "instrument", "date", "depositary_notification", "published"]
    list_filter = ["treaty", "kind", "published", "state__region"]
    search_fields = ["state__name", "state__iso3", "depositary_notification", "text"]
    autocomplete_fields = ["state", "source"]
    date_hierarchy = "date"
    history_list_display = ["date", "kind", "published"]

    def save_model(self, request: HttpRequest, obj: DepositaryFact, form: forms.ModelForm, change: bool) -> None:
        if not isinstance(form, FactForm):  # the admin builds its form from `form = FactForm`
            raise TypeError(f"{type(self).__name__} saves facts only from a FactForm, not {type(form).__name__}")
        reason = form.cleaned_data["change_reason"]
        fact = form.fact_input()
        if change:
            saved = do_correct_fact(
                obj,
                fact=fact,
                source=obj.source,
                published=obj.published,
                actor=request.user,
                reason=reason,
                expected_version=form.expected_version(),
            )
        else:
            saved = do_record_fact(
                treaty=obj.treaty,
                state=obj.state,
                fact=fact,
                source=obj.source,
                published=obj.published,
                actor=request.user,
                reason=reason,
            )
        obj.pk = saved.pk

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, Any, Any]:
        """List facts whose removal would leave an impossible record as protected: the admin then refuses."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        chosen = {fact.pk for fact in objs}
        for fact in objs:
            if problem := deletion_problem(fact, excluding=chosen):
                protected = [*protected, f"{fact}: {problem}"]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request: HttpRequest, obj: DepositaryFact) -> None:
        do_delete_fact(obj, actor=request.user, reason="deleted in the admin")

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DepositaryFact]) -> None:
        with transaction.atomic():
            for fact in queryset.order_by("-date"):
                do_delete_fact(fact, actor=request.user, reason="deleted in the admin")


class SourceForm(ReasonForm):
    url = forms.URLField(label=_("URL"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Source
        fields = ["citation", "url", "retrieved_on", "primary"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    form = SourceForm
    list_display = ["citation", "retrieved_on", "primary"]
    list_filter = ["primary"]
    search_fields = ["citation", "url"]

    def save_model(self, request: HttpRequest, obj: Source, form: forms.ModelForm, change: bool) -> None:
        do_save_source(obj, actor=request.user, reason=form.cleaned_data["change_reason"])


@admin.register(Treaty)
class TreatyAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "slug", "depositary_chapter", "adopted_on"]
    readonly_fields = ["rules_data", "record_version"]
    # Addresses typed without a scheme are https ones (Django 6's default, asked for now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # treaties come from their rules files (manage.py add_treaty)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # pages, facts and obligations hang on a treaty: it is never removed in the admin


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "iso3", "region", "subregion", "ended_on"]
    list_filter = ["region"]
    search_fields = ["name", "iso3", "iso2"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def manages_accounts(user: User) -> bool:
    """A superuser, or an account that may add, change or delete accounts (an administrator)."""
    return (
        user.is_superuser
        or user.groups.filter(name=ADMINISTRATOR).exists()
        or user.user_permissions.filter(
            content_type__app_label="auth", codename__in=["add_user", "change_user", "delete_user"]
        ).exists()
    )


class TreatywatchUserAdmin(UserAdmin):
    """Administrators manage viewers' and editors' accounts and roles; only a superuser can make a
    superuser, or change (password, active flag, groups, permissions) or delete a superuser or
    another administrator."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if not getattr(request.user, "is_superuser", False):
            fields += ("is_superuser", "user_permissions")
        return fields

    def _may_manage(self, request: HttpRequest, obj: Any) -> bool:
        if obj is None or getattr(request.user, "is_superuser", False) or obj.pk == request.user.pk:
            return True
        return not manages_accounts(obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_manage(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_manage(request, obj)


admin.site.unregister(User)
admin.site.register(User, TreatywatchUserAdmin)
