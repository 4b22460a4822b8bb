"""Routes of the obligations pages and calendar feeds (included under the language prefix)."""

from django.urls import URLPattern, URLResolver

app_name = "obligations"
urlpatterns: list[URLPattern | URLResolver] = []
