"""Routes of the members' account pages (included under the language prefix, at accounts/)."""

from django.urls import URLPattern, path

from treatywatch.web import accounts

app_name = "accounts"
urlpatterns: list[URLPattern] = [
    path("", accounts.account, name="account"),
    path("sign-in/", accounts.SignInView.as_view(), name="sign-in"),
    path("sign-out/", accounts.SignOutView.as_view(), name="sign-out"),
    path("password/", accounts.PasswordChangeView.as_view(), name="password"),
]
