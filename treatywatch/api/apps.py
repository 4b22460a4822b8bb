from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Installed so that its management command (export_openapi) is found; it has no models."""

    name = "treatywatch.api"
