"""The API's answer to a method it does not serve, in its error shape: {"detail": "..."}."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

API_PATH = "/api/"


class MethodNotAllowedAsJson:
    """django-ninja answers an unsupported method with a bare text body: answer it as every other API error."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or not request.path.startswith(API_PATH):
            return response
        allowed = response.get("Allow", "GET")
        answer = JsonResponse({"detail": f"Method {request.method} not allowed: use {allowed}."}, status=405)
        answer["Allow"] = allowed
        return answer
