"""Routes of the outreach pages (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.outreach import activity_views, feeds, views

app_name = "outreach"
urlpatterns: list[URLPattern | URLResolver] = [
    path("treaties/<slug:slug>/institutions/", views.treaty_institutions, name="treaty-institutions"),
    path("activities/", activity_views.activities, name="activities"),
    path("activities.<str:fmt>", activity_views.activities_download, name="activities-download"),
    path("activities/feed.ics", feeds.activities_feed, name="activities-feed"),
    path("activities/feed-addresses/", activity_views.feed_addresses, name="feed-addresses"),
]
