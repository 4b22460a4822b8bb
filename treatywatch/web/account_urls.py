"""Routes of the members' account pages (included under the language prefix, at accounts/)."""

from django.urls import URLPattern, path

from treatywatch.web import accounts, password_reset

app_name = "accounts"
urlpatterns: list[URLPattern] = [
    path("", accounts.account, name="account"),
    path("sign-in/", accounts.SignInView.as_view(), name="sign-in"),
    path("sign-out/", accounts.SignOutView.as_view(), name="sign-out"),
    path("password/", accounts.PasswordChangeView.as_view(), name="password"),
    path("password/reset/", password_reset.PasswordResetView.as_view(), name="password-reset"),
    path("password/reset/sent/", password_reset.PasswordResetSentView.as_view(), name="password-reset-sent"),
    path(
        "password/reset/<uidb64>/<token>/",
        password_reset.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("password/reset/done/", password_reset.PasswordResetDoneView.as_view(), name="password-reset-done"),
]
