"""Routes of a campaign's briefs (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.campaigns import brief_views

app_name = "campaign-briefs"
urlpatterns: list[URLPattern | URLResolver] = [
    path("campaigns/<slug:slug>/briefs/<str:iso3>.pdf", brief_views.brief_pdf, name="brief-pdf"),
    path("campaigns/<slug:slug>/briefs/<str:iso3>/", brief_views.brief_page, name="brief"),
]
