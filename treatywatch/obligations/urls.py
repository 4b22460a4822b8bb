"""Routes of the obligations pages and calendar feeds (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.obligations import feeds, unsubscribe

app_name = "obligations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("treaties/<slug:slug>/deadlines.ics", feeds.treaty_feed, name="treaty-feed"),
    path("treaties/<slug:slug>/deadlines/<slug:obligation>.ics", feeds.obligation_feed, name="obligation-feed"),
    path("states/<str:iso3>/deadlines.ics", feeds.state_feed, name="state-feed"),
    path("deadlines/unsubscribe/<str:token>/", unsubscribe.unsubscribe, name="unsubscribe"),
]
