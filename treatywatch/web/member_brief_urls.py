"""Routes of a campaign's briefs for every member (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.web import member_briefs

app_name = "member-briefs"
urlpatterns: list[URLPattern | URLResolver] = [
    path("campaigns/<slug:slug>/briefs/", member_briefs.member_briefs, name="list"),
    path("campaigns/<slug:slug>/briefs/members/<int:pk>.pdf", member_briefs.member_brief_download, name="download"),
]
