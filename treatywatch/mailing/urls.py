"""Routes of the campaign call's pages (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.mailing import views

app_name = "mailing"
urlpatterns: list[URLPattern | URLResolver] = [
    path("campaigns/<slug:slug>/call/", views.call_sending, name="sending"),
    path("campaign-mail/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
