"""Members' sign-in, sign-out, account page and password change, in the site's layout (Django's auth views).

Nobody registers: site administrators and organisation administrators add accounts in the admin (a forgotten
password: password_reset.py). Sign-in goes
through `AuthenticationForm`, which passes the request to `authenticate`, so django-axes counts each failure and
answers a locked-out account or address with the site's lockout page. None of these pages is shared through the
page cache: the sign-in page says `no-store` (Django's `never_cache`), the others are a signed-in user's own.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from treatywatch.organisations.models import ApiToken, Membership, TokenPurpose
from treatywatch.organisations.visibility import reads_everything

NewPasswordForm = TypeVar("NewPasswordForm", bound=SetPasswordForm)


def with_plain_password_rules(form: NewPasswordForm) -> NewPasswordForm:
    """Django gives the password rules as an HTML list; the site's fields show a help text as one plain paragraph."""
    form.fields["new_password1"].help_text = " ".join(password_validators_help_texts())
    return form


class SignInView(auth_views.LoginView):
    """`next` is followed only to this site (LoginView's own check); otherwise to LOGIN_REDIRECT_URL."""

    template_name = "accounts/sign_in.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    """POST only (with its CSRF token): the session is flushed and its cookie removed."""


class PasswordChangeView(auth_views.PasswordChangeView):
    """Asks for the old password; the session stays signed in after the change."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def get_form(self, form_class: Any = None) -> PasswordChangeForm:
        return with_plain_password_rules(super().get_form(form_class))

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is changed."))
        return response


@require_safe
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in member's name, organisations and role in each, and where to manage feeds and the password."""
    user = request.user
    if not isinstance(user, User):  # login_required sent everyone else to sign in
        raise PermissionDenied
    memberships = Membership.objects.filter(user_id=user.pk).select_related("organisation__coalition")
    feeds = ApiToken.objects.filter(user_id=user.pk, purpose=TokenPurpose.FEED, revoked_at__isnull=True)
    context: dict[str, Any] = {
        "memberships": memberships.order_by("organisation__name"),
        "feed_count": feeds.count(),
        "reads_everything": reads_everything(user),
    }
    return render(request, "accounts/account.html", context)
