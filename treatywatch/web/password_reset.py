"""A forgotten password: a link by e-mail (Django's password reset views, in the site's layout).

The link is sent to the e-mail address the account holds, through the e-mail the digests use, and built on
TREATYWATCH_SITE_URL rather than on the request's Host header. The answer is the same whether or not an account
has the address, so the form tells nobody who has an account. Each address, and each visitor's address, gets a few
e-mails an hour at most, so nobody can fill someone's inbox from the form.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.cache import caches
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from treatywatch.lib.client import client_address
from treatywatch.web.accounts import with_plain_password_rules

logger = logging.getLogger(__name__)

# At most this many reset e-mails an hour to one e-mail address, and asked from one visitor's address.
PER_EMAIL_ADDRESS = 3
PER_CLIENT = 10
HOUR = 3600


def _counted(key: str, limit: int) -> bool:
    """Count one more request under `key` for the hour; whether it is still within `limit`."""
    store = caches["default"]
    store.add(key, 0, HOUR)
    try:
        count = store.incr(key)
    except ValueError:  # expired between add and incr
        store.set(key, 1, HOUR)
        count = 1
    return count <= limit


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@method_decorator(never_cache, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-sent")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        email = form.cleaned_data["email"].casefold()
        client = client_address(self.request) or "unknown"
        within = _counted(f"tw:reset:client:{_digest(client)}", PER_CLIENT) and _counted(
            f"tw:reset:email:{_digest(email)}", PER_EMAIL_ADDRESS
        )
        if not within:
            logger.warning("password reset e-mail not sent: more than the hourly limit asked from %s", client)
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = {
            "site_url": settings.TREATYWATCH_SITE_URL.rstrip("/"),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        return super().form_valid(form)


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's: the link's token is moved out of the address before the form is shown, and works once."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-done")

    def get_form(self, form_class: Any = None) -> SetPasswordForm:
        return with_plain_password_rules(super().get_form(form_class))


class PasswordResetDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_done.html"
