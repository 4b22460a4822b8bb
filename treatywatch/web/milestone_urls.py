"""Routes of the milestones pages (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.web import milestones

app_name = "milestones"
urlpatterns: list[URLPattern | URLResolver] = [
    path("milestones/", milestones.milestones, name="milestones"),
    path("milestones.<str:fmt>", milestones.milestones_download, name="milestones-download"),
    path("milestones/feed.ics", milestones.milestones_feed, name="milestones-feed"),
]
