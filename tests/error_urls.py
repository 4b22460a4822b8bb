"""The site's URLs and one that fails, to see what a visitor is shown when a view raises."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from treatywatch.urls import handler400, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler404", "handler500", "urlpatterns"]


def failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret detail of a failure")


urlpatterns = [path("failing/", failing_view), path("api/v1/failing", failing_view), *urlpatterns]
