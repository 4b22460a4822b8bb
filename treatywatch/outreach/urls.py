"""Routes of the outreach pages (included under the language prefix)."""

from django.urls import URLPattern, URLResolver, path

from treatywatch.outreach import views

app_name = "outreach"
urlpatterns: list[URLPattern | URLResolver] = [
    path("treaties/<slug:slug>/institutions/", views.treaty_institutions, name="treaty-institutions"),
]
