"""Routes of the findings pages (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.positions import views

app_name = "positions"
urlpatterns: list[URLPattern | URLResolver] = [
    path("treaties/<slug:slug>/findings/", views.treaty_findings_page, name="treaty-findings"),
    path("treaties/<slug:slug>/findings.<str:fmt>", views.treaty_findings_download, name="treaty-findings-download"),
]
