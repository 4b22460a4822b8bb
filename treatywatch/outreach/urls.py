"""Routes of the outreach pages (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.outreach import activity_search, activity_views, feeds, views

app_name = "outreach"
urlpatterns: list[URLPattern | URLResolver] = [
    path("treaties/<slug:slug>/institutions/", views.treaty_institutions, name="treaty-institutions"),
    path("activities/", activity_search.activities, name="activities"),
    path("activities.<str:fmt>", activity_search.activities_download, name="activities-download"),
    path("activities/feed.ics", feeds.activities_feed, name="activities-feed"),
    path("activities/feed-addresses/", activity_search.feed_addresses, name="feed-addresses"),
    path("activities/new/", activity_views.activity_new, name="activity-new"),
    path("activities/<int:pk>/", activity_views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", activity_views.activity_edit, name="activity-edit"),
    path(
        "activities/<int:pk>/documents/<int:doc_id>",
        activity_views.document_download,
        name="activity-document",
    ),
    path("activities/<int:pk>/follow-ups/new/", activity_views.follow_up_new, name="follow-up-new"),
    path(
        "activities/<int:pk>/follow-ups/<int:follow_up_id>/done/",
        activity_views.follow_up_done,
        name="follow-up-done",
    ),
]
