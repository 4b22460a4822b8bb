"""Routes of the campaign pages (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.campaigns import views

app_name = "campaigns"
urlpatterns: list[URLPattern | URLResolver] = [
    path("campaigns/", views.campaign_list, name="list"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="detail"),
    path("campaigns/<slug:slug>/targets.<str:fmt>", views.campaign_targets_download, name="targets-download"),
]
